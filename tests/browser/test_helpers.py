"""The browser tests' helpers prove where they are, so a test cannot pass on the wrong page."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError


def test_log_in_fails_when_the_login_does_not_succeed(page, log_in, alice):
    # The login page answers a wrong password with itself, at an address ending in "/".
    alice.set_password("een ander wachtwoord")
    alice.save()
    page.set_default_timeout(3_000)
    with pytest.raises((AssertionError, PlaywrightTimeoutError)):
        log_in(alice)
    assert page.url.endswith("/accounts/login/")


def test_log_in_as_someone_else_proves_the_switch(page, log_in, alice, bob):
    log_in(bob)
    log_in(alice)
    assert page.get_by_role("navigation", name="Hoofdmenu").get_by_role("button", name="Alice de Vries").count() == 1
