"""Logging in with the directory (people/ldap_login.py), against a real slapd started for each test."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from blogs.models import Blog
from people.ldap_settings import authentication_backends, ldap_settings
from people.models import User
from tests.ldap_server import GROUPS, PEOPLE, SERVICE_DN, SERVICE_PASSWORD, Slapd, person, slapd_programs

DIRECTORY_PEOPLE = [
    person("dirk", "Dirk de Boer", "dirk-geheim", "Jeugd", "dirk@bibliotheek.example"),
    person("marieke", "Marieke Smit", "marieke-geheim", "Collectie", "marieke@bibliotheek.example"),
    person("anouk", "Anouk Visser", "anouk-geheim", "ICT", "anouk@bibliotheek.example"),
    person("hans", "Hans Bakker", "hans-geheim", "Vestiging Noord", "hans@bibliotheek.example"),
    person("gast", "Gerrit Gast", "gast-geheim", "Extern", "gast@extern.example"),
]
DIRECTORY_GROUPS = {
    "medewerkers": ["dirk", "marieke", "anouk", "hans"],  # gast is not staff
    "teamleiders": ["hans"],
    "leidinggevenden": ["marieke", "cn=teamleiders"],  # teamleiders, a nested group, are managers too
    "beheerders": ["anouk"],
}
LOGIN_ERROR = "Voer een juiste gebruikersnaam en wachtwoord in."


def environment(uri):
    """What an OpenLDAP organisation puts in Blognet's environment."""
    return {
        "LDAP_SERVER_URI": uri,
        "LDAP_BIND_DN": SERVICE_DN,
        "LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
        "LDAP_USER_SEARCH_BASE": PEOPLE,
        "LDAP_USER_FILTER": "(uid=%(user)s)",
        "LDAP_GROUP_SEARCH_BASE": GROUPS,
        "LDAP_REQUIRE_GROUP": f"cn=medewerkers,{GROUPS}",
        "LDAP_MANAGER_GROUP": f"cn=leidinggevenden,{GROUPS}",
        "LDAP_SITE_ADMIN_GROUP": f"cn=beheerders,{GROUPS}",
        "LDAP_DEPARTMENT_ATTR": "departmentNumber",
    }


@pytest.fixture(scope="session")
def programs():
    return slapd_programs()


def use_directory(settings, environ):
    """What blognet/settings.py does with these variables at start-up, for this test only."""
    config = ldap_settings(environ)
    for name, value in config.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = authentication_backends(settings.AUTHENTICATION_BACKENDS, config)


@pytest.fixture
def directory(programs, settings, tmp_path, db):
    server = Slapd(programs, tmp_path / "slapd", DIRECTORY_PEOPLE, DIRECTORY_GROUPS)
    server.start()
    use_directory(settings, environment(server.uri))
    yield server
    server.stop()


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def logged_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return user_id and User.objects.get(pk=user_id)


def test_a_colleague_from_the_directory_logs_in_and_gets_an_account_and_a_blog(client, directory):
    response = log_in(client, "dirk", "dirk-geheim")
    assert response.status_code == 302
    dirk = logged_in_as(client)
    assert (dirk.username, dirk.display_name, dirk.email, dirk.department) == (
        "dirk",
        "Dirk de Boer",
        "dirk@bibliotheek.example",
        "Jeugd",
    )
    assert not dirk.has_usable_password()  # only the directory lets them in
    assert not dirk.is_manager and not dirk.is_site_admin
    assert Blog.objects.get(owner=dirk, kind=Blog.Kind.PERSONAL).title == "Blog van Dirk de Boer"
    assert client.get(reverse("blogs:front_page")).status_code == 200


def test_directory_groups_make_managers_and_site_admins(client, directory):
    log_in(client, "marieke", "marieke-geheim")
    marieke = logged_in_as(client)
    assert marieke.is_manager and not marieke.is_site_admin
    assert marieke.groups.filter(name="Leidinggevenden").exists()

    client.logout()
    log_in(client, "hans", "hans-geheim")
    assert logged_in_as(client).is_manager  # through the nested group teamleiders

    client.logout()
    log_in(client, "anouk", "anouk-geheim")
    anouk = logged_in_as(client)
    assert anouk.is_site_admin and anouk.is_staff and not anouk.groups.exists()
    assert client.get(reverse("manage:colleague_list")).status_code == 200


def test_someone_outside_the_staff_group_is_refused_with_the_normal_message(client, directory):
    response = log_in(client, "gast", "gast-geheim")
    assert response.status_code == 200
    assert LOGIN_ERROR in response.content.decode()
    assert not User.objects.filter(username="gast").exists()


def test_a_wrong_directory_password_is_refused_and_counted_until_the_lockout(client, directory, settings):
    from axes.models import AccessAttempt

    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        response = log_in(client, "dirk", "fout")
        assert LOGIN_ERROR in response.content.decode()
    assert AccessAttempt.objects.get(username="dirk").failures_since_start == 2
    assert log_in(client, "dirk", "dirk-geheim").status_code == 302  # below the limit; and it starts again
    client.logout()

    for _ in range(3):
        log_in(client, "dirk", "fout")
    response = log_in(client, "dirk", "dirk-geheim")
    assert response.status_code == 429
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert not logged_in_as(client)


def test_other_spellings_of_a_name_count_as_the_same_person(client, directory, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for spelling in ["Dirk", "DIRK", " dirk"]:
        log_in(client, spelling, "fout")
    assert log_in(client, "dIrK", "dirk-geheim").status_code == 429
    assert not logged_in_as(client)


def test_a_changed_name_or_department_is_taken_at_the_next_login(client, directory):
    log_in(client, "dirk", "dirk-geheim")
    client.logout()
    directory.modify(
        "dirk", cn="Dirk van den Boer", departmentNumber="Vestiging Zuid", mail="d.boer@bibliotheek.example"
    )
    log_in(client, "dirk", "dirk-geheim")
    dirk = logged_in_as(client)
    assert (dirk.display_name, dirk.department, dirk.email) == (
        "Dirk van den Boer",
        "Vestiging Zuid",
        "d.boer@bibliotheek.example",
    )
    assert User.objects.filter(username="dirk").count() == 1


def test_leaving_the_managers_group_takes_the_role_away_at_the_next_login(client, directory):
    log_in(client, "marieke", "marieke-geheim")
    assert logged_in_as(client).is_manager
    client.logout()
    directory.modify_group("leidinggevenden", members=["cn=teamleiders"])
    log_in(client, "marieke", "marieke-geheim")
    assert not logged_in_as(client).is_manager


def test_a_colleague_switched_off_in_beheer_cannot_log_in_with_the_directory(client, directory):
    log_in(client, "dirk", "dirk-geheim")
    client.logout()
    User.objects.filter(username="dirk").update(is_active=False)
    response = log_in(client, "dirk", "dirk-geheim")
    assert LOGIN_ERROR in response.content.decode()
    assert not logged_in_as(client)


def test_a_local_account_still_logs_in_with_its_own_password(client, directory, alice):
    assert log_in(client, "alice", "wachtwoord-123").status_code == 302
    assert logged_in_as(client) == alice


def test_without_the_directory_local_login_works_and_directory_login_is_refused(client, directory, alice):
    assert log_in(client, "dirk", "dirk-geheim").status_code == 302  # an account without a local password
    client.logout()
    directory.stop()

    response = log_in(client, "dirk", "dirk-geheim")
    assert response.status_code == 200
    assert LOGIN_ERROR in response.content.decode()
    assert log_in(client, "alice", "wachtwoord-123").status_code == 302
    assert logged_in_as(client) == alice


def test_a_directory_that_never_answers_holds_a_login_only_for_ldap_timeout(client, db, settings, alice):
    import socket
    import time

    with socket.socket() as silent:  # connections are taken, nothing is ever answered
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        use_directory(settings, {**environment(f"ldap://127.0.0.1:{silent.getsockname()[1]}"), "LDAP_TIMEOUT": "1"})

        started = time.monotonic()
        response = log_in(client, "dirk", "dirk-geheim")
        assert time.monotonic() - started < 5
        assert LOGIN_ERROR in response.content.decode()
        assert log_in(client, "alice", "wachtwoord-123").status_code == 302


def test_settings_take_the_directory_from_the_environment():
    assert ldap_settings({}) == {}
    assert authentication_backends(["a", "b"], {}) == ["a", "b"]

    config = ldap_settings(
        {
            "LDAP_SERVER_URI": "ldaps://ad.bibliotheek.example",
            "LDAP_BIND_DN": "CN=blognet,OU=Diensten,DC=bibliotheek,DC=example",
            "LDAP_BIND_PASSWORD": "geheim",
            "LDAP_USER_SEARCH_BASE": "OU=Medewerkers,DC=bibliotheek,DC=example",
            "LDAP_GROUP_SEARCH_BASE": "OU=Groepen,DC=bibliotheek,DC=example",
            "LDAP_REQUIRE_GROUP": "CN=Blognet,OU=Groepen,DC=bibliotheek,DC=example",
            "LDAP_MANAGER_GROUP": "CN=Leidinggevenden,OU=Groepen,DC=bibliotheek,DC=example",
            "LDAP_START_TLS": "true",
        }
    )
    assert config["AUTH_LDAP_SERVER_URI"] == "ldaps://ad.bibliotheek.example"
    assert config["AUTH_LDAP_START_TLS"] is True
    assert config["AUTH_LDAP_BIND_PASSWORD"] == "geheim"
    assert config["AUTH_LDAP_USER_SEARCH"].base_dn == "OU=Medewerkers,DC=bibliotheek,DC=example"
    assert config["AUTH_LDAP_USER_SEARCH"].filterstr == "(sAMAccountName=%(user)s)"  # Active Directory's
    assert config["AUTH_LDAP_USER_ATTR_MAP"] == {"display_name": "cn", "email": "mail", "department": "department"}
    assert config["AUTH_LDAP_REQUIRE_GROUP"] == "CN=Blognet,OU=Groepen,DC=bibliotheek,DC=example"
    assert config["BLOGNET_LDAP_MANAGER_GROUP"] == "CN=Leidinggevenden,OU=Groepen,DC=bibliotheek,DC=example"
    assert "AUTH_LDAP_USER_FLAGS_BY_GROUP" not in config  # no site admin group: roles stay Blognet's
    assert authentication_backends(["axes", "model"], config) == ["axes", "model", "people.ldap_login.LDAPBackend"]


@pytest.mark.parametrize(
    "environ",
    [
        {"LDAP_SERVER_URI": "ldap://ad"},
        {"LDAP_SERVER_URI": "ldap://ad", "LDAP_USER_SEARCH_BASE": "dc=x", "LDAP_REQUIRE_GROUP": "cn=staff,dc=x"},
    ],
)
def test_an_incomplete_directory_configuration_stops_the_start(environ):
    with pytest.raises(ImproperlyConfigured):
        ldap_settings(environ)


def settings_of_a_fresh_process(environ, *names):
    """These settings as blognet/settings.py makes them at start-up, in a process of their own."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("LDAP_")}
    env.pop("DATABASE_URL", None)
    code = (
        "import json, sys; from django.conf import settings;"
        "print(json.dumps({name: getattr(settings, name, None) for name in sys.argv[1:]}, default=str))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code, *names],
        env={**env, **environ, "DJANGO_SETTINGS_MODULE": "blognet.settings"},
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


def test_blognet_settings_read_the_directory_from_the_environment():
    names = ["AUTHENTICATION_BACKENDS", "AUTH_LDAP_SERVER_URI", "AUTH_LDAP_USER_SEARCH", "AUTH_LDAP_REQUIRE_GROUP"]
    names += ["AUTH_LDAP_USER_ATTR_MAP", "AUTH_LDAP_USER_FLAGS_BY_GROUP", "AXES_USERNAME_CALLABLE"]
    without = settings_of_a_fresh_process({}, *names)
    found = settings_of_a_fresh_process(environment("ldap://127.0.0.1:389"), *names)

    assert without == {"AUTHENTICATION_BACKENDS": without["AUTHENTICATION_BACKENDS"]} | dict.fromkeys(names[1:])
    assert without["AUTHENTICATION_BACKENDS"][:2] == [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    # After all the others: django-axes' first, local passwords before the directory.
    assert found["AUTHENTICATION_BACKENDS"] == [*without["AUTHENTICATION_BACKENDS"], "people.ldap_login.LDAPBackend"]
    assert found["AUTH_LDAP_SERVER_URI"] == "ldap://127.0.0.1:389"
    assert found["AUTH_LDAP_USER_SEARCH"] == f"<LDAPSearch: {PEOPLE}>"
    assert found["AUTH_LDAP_REQUIRE_GROUP"] == f"cn=medewerkers,{GROUPS}"
    assert found["AUTH_LDAP_USER_ATTR_MAP"] == {"display_name": "cn", "email": "mail", "department": "departmentNumber"}
    admins = f"cn=beheerders,{GROUPS}"
    assert found["AUTH_LDAP_USER_FLAGS_BY_GROUP"] == {"is_superuser": admins, "is_staff": admins}
    assert found["AXES_USERNAME_CALLABLE"] == "people.ldap_login.axes_username"
