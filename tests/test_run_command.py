"""`python3 dev.py run`: what someone trying Blognet sees in the terminal, where the demo's e-mail
goes, and the address its links carry."""

import os
import signal
import subprocess
import sys
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path

from django.core.mail import EmailMultiAlternatives

from .conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
BANNER = "Blognet runs at"


def site_url(**environ):
    """BLOGNET_SITE_URL as blognet/settings.py reads it from this environment."""
    env = {key: value for key, value in os.environ.items() if key not in ("HOST", "PORT", "BLOGNET_SITE_URL")}
    code = "from blognet import settings; print(settings.BLOGNET_SITE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**env, **environ}, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_host_and_port_make_the_address_in_e_mail_links_unless_it_is_given():
    assert site_url() == "http://127.0.0.1:8000"
    assert site_url(PORT="8080") == "http://127.0.0.1:8080"
    assert site_url(HOST="blognet.local", PORT="9000") == "http://blognet.local:9000"
    assert site_url(HOST="0.0.0.0", PORT="8080") == "http://127.0.0.1:8080"  # every address: this machine's
    assert site_url(HOST="::1") == "http://[::1]:8000"
    given = "https://blognet.bibliotheek.example"
    assert site_url(HOST="0.0.0.0", PORT="8080", BLOGNET_SITE_URL=f"{given}/") == given


def test_mail_into_files_is_one_line_in_the_terminal_and_a_whole_message_in_a_file(settings, tmp_path, capsys):
    settings.EMAIL_BACKEND = "blognet.mailfiles.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "sent-mail"
    message = EmailMultiAlternatives("Bob reageerde op je bericht", "Lees", to=["wilma@bibliotheek.example"])
    message.attach_alternative("<p>Lees</p>", "text/html")
    message.send()
    line = capsys.readouterr().out
    assert line.startswith("Mail aan wilma@bibliotheek.example: Bob reageerde op je bericht (")
    assert line.count("\n") == 1 and "Content-Type" not in line
    [saved] = (tmp_path / "sent-mail").glob("*.eml")
    assert str(saved) in line
    stored = message_from_bytes(saved.read_bytes(), policy=policy.default)
    assert stored["To"] == "wilma@bibliotheek.example"
    assert stored.get_body(("html",)).get_content() == "<p>Lees</p>"


def test_dev_run_says_where_and_who_last_and_puts_the_demos_mail_in_files(tmp_path):
    port = str(free_port())
    mail = tmp_path / "sent-mail"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_FILE_PATH": str(mail),
        "HOST": "127.0.0.1",
        "PORT": port,
        "PYTHONUNBUFFERED": "1",
    }
    for unset in ("EMAIL_HOST", "BLOGNET_SITE_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(unset, None)
    run = subprocess.Popen(
        [sys.executable, "dev.py", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, to send it Ctrl+C as a terminal would
    )
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(run.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not any(BANNER in line for line in lines) and run.poll() is None:
            time.sleep(0.5)
        time.sleep(3)  # what comes right after the banner
    finally:
        os.killpg(run.pid, signal.SIGINT)
        run.wait(timeout=60)
        reader.join(timeout=10)
    output = "".join(lines)
    assert BANNER in output, output[-3000:]
    banner = output.index(BANNER)
    # Last: after the server's start-up lines and the worker's, and after the demo's e-mail.
    assert output.rindex("Starting development server at") < banner
    assert output.rindex("Starting worker") < banner
    assert "Mail aan " in output[:banner]
    after = output[banner:]
    assert f"http://127.0.0.1:{port}/" in after.splitlines()[0]
    assert "'demo'" in after and "'wilma'" in after and "'beheerder'" in after and "blognet-demo" in after
    assert f"E-mail goes into {mail}/" in after
    # One line per mail, never the whole message; the messages are files whose links carry PORT.
    assert "Content-Type:" not in output and "MIME-Version" not in output
    assert "state=SUCCESSFUL" not in output
    saved = list(mail.glob("*.eml"))
    assert len(saved) == output.count("Mail aan ")
    texts = [message_from_bytes(path.read_bytes(), policy=policy.default).get_body(("plain",)) for path in saved]
    assert any(f"http://127.0.0.1:{port}/blogs/" in text.get_content() for text in texts)
