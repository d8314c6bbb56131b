"""Real `manage.py db_worker` processes and a hand-driven SMTP server, for the tests that hang or kill a worker.

The worker runs as its own process against the test database (a file on SQLite, see conftest.py), so
it holds its own locks and connection exactly as in production, and `kill -9` really kills it.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url():
    """The test database, as DATABASE_URL for another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = f"{quote(db['USER'])}:{quote(db['PASSWORD'])}@"
    return f"postgres://{credentials}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


class WorkerProcess:
    """`manage.py db_worker` against the test database and the mail server on `smtp_port`."""

    def __init__(self, smtp_port, log_path, **environ):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "blognet.settings",
            "DATABASE_URL": database_url(),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            **environ,
        }
        self.log_path = log_path
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(
                # --no-reload: with DEBUG on the worker would otherwise run in a child process that kill misses.
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def log(self):
        return Path(self.log_path).read_text(errors="replace")

    def kill(self):
        """kill -9: no handler runs, nothing is cleaned up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        """As systemd stops it: SIGTERM, and SIGKILL if it does not go."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            self.kill()


class ScriptedSmtp:
    """Just enough SMTP, answered by hand on 127.0.0.1, to stop a client at any step.

    `hold` names the step whose answer waits until `release()`: "greeting" (a server that accepts the
    connection and never answers), "rcpt", or "dot" (the whole message arrived; the final answer waits).
    `reached[step]` is set when a client gets there; `data_started` when message data has arrived.
    `accepted` counts the messages answered with a 2xx to their final dot, `discarded` the SMTP
    transactions whose client hung up before the dot (a server throws those away).
    """

    STEPS = ("greeting", "rcpt", "dot")

    def __init__(self, hold=None, final_reply=b"250 OK"):
        self.hold = hold
        self.final_reply = final_reply
        self.reached = {step: threading.Event() for step in self.STEPS}
        self.data_started = threading.Event()
        self.released = threading.Event()
        self.accepted = 0
        self.discarded = 0
        self.connections = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def release(self):
        self.released.set()

    def close(self):
        self.released.set()
        self.listener.close()
        for conn in self.connections:
            conn.close()

    def accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(conn)
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def step(self, name):
        self.reached[name].set()
        if name == self.hold:
            self.released.wait()

    def serve(self, conn):
        try:
            lines = conn.makefile("rb")
            self.step("greeting")
            conn.sendall(b"220 scripted ESMTP\r\n")
            for line in lines:
                verb = line[:4].upper()
                if verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                if verb == b"RCPT":
                    self.step("rcpt")
                if verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    if not self.read_data(lines):
                        self.discarded += 1
                        return
                    self.step("dot")
                    self.accepted += self.final_reply.startswith(b"2")
                    conn.sendall(self.final_reply + b"\r\n")
                else:
                    conn.sendall(b"250 OK\r\n")
        except OSError:
            return

    def read_data(self, lines):
        """Read message data up to the final dot; False when the client hung up before it."""
        for line in lines:
            self.data_started.set()
            if line == b".\r\n":
                return True
        return False
