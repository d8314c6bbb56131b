"""A redis-server of the tests' own on a free loopback port (never the machine's 6379), that a test can
kill and start again on the same port. Debian's redis-server: apt-get installed when root and missing;
in CI (CI=true) its absence fails the test, elsewhere the test is skipped and says why."""

import os
import shutil
import socket
import subprocess
import time

import pytest

from tests.object_store import free_port


def redis_program():
    found = shutil.which("redis-server") or shutil.which("redis-server", path="/usr/bin:/usr/sbin")
    if not found and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "redis-server"], env=env, check=False, stdout=subprocess.DEVNULL
        )
        found = shutil.which("redis-server", path="/usr/bin:/usr/sbin")
    if not found:
        reason = "Debian's redis-server is not installed (apt-get install redis-server, or run the tests as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


class RedisServer:
    """redis-server without persistence: a restart starts empty, as Blognet's cache should (README)."""

    def __init__(self, program, folder):
        self.program = program
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        command = [self.program, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        with open(self.folder / f"redis-{self.port}.log", "ab") as log:
            self.process = subprocess.Popen([*command, "--dir", str(self.folder)], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((self.folder / f"redis-{self.port}.log").read_text())
            time.sleep(0.05)

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self):
        """kill -9: gone at once, as a crashed Redis or a cut network."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def keys(self, pattern="*"):
        import redis

        return redis.Redis.from_url(self.url).keys(pattern)


def started_redis(folder):
    """A RedisServer started in `folder`; kill() it when done."""
    server = RedisServer(redis_program(), folder)
    server.start()
    return server
