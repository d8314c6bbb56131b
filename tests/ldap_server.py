"""A real OpenLDAP server (Debian's slapd) for the LDAP login tests, on 127.0.0.1 on a free port.

Each test gets a fresh one: its own slapd.conf and mdb database in a temporary folder, filled from
an LDIF with slapadd before it starts (a few milliseconds), so no test sees another's changes.
"""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import ldap
import pytest

SUFFIX = "dc=bibliotheek,dc=example"
PEOPLE = f"ou=mensen,{SUFFIX}"
GROUPS = f"ou=groepen,{SUFFIX}"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PASSWORD = "root-geheim"
SERVICE_DN = f"cn=blognet,ou=diensten,{SUFFIX}"
SERVICE_PASSWORD = "dienst-geheim"
SCHEMAS = ["core", "cosine", "inetorgperson", "nis"]
# Not on a normal user's PATH on Debian.
SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"])

CONFIG = """\
{includes}
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
argsfile {folder}/slapd.args

database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "{root_dn}"
rootpw {root_password}
directory {folder}/data
# As in a real directory: passwords only to check a bind; everything else to whoever has bound.
access to attrs=userPassword by anonymous auth by * none
access to * by users read by * none
"""


def person(uid, name, password, department, mail=None):
    return {"uid": uid, "cn": name, "userPassword": password, "departmentNumber": department, "mail": mail}


def member_dn(member):
    """A group's member: a person by uid, or another group as "cn=name"."""
    return f"{member},{GROUPS}" if member.startswith("cn=") else f"uid={member},{PEOPLE}"


def seed_ldif(people, groups):
    """LDIF for the tree: people under ou=mensen, groupOfNames under ou=groepen."""
    entries = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Bibliotheek\ndc: bibliotheek",
        f"dn: ou=mensen,{SUFFIX}\nobjectClass: organizationalUnit\nou: mensen",
        f"dn: ou=groepen,{SUFFIX}\nobjectClass: organizationalUnit\nou: groepen",
        f"dn: ou=diensten,{SUFFIX}\nobjectClass: organizationalUnit\nou: diensten",
        f"dn: {SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\n"
        f"cn: blognet\nuserPassword: {SERVICE_PASSWORD}",
    ]
    for entry in people:
        lines = [f"dn: uid={entry['uid']},{PEOPLE}", "objectClass: inetOrgPerson"]
        lines += [f"{key}: {value}" for key, value in entry.items() if value]
        lines.append(f"sn: {entry['cn'].split()[-1]}")
        entries.append("\n".join(lines))
    for name, members in groups.items():
        lines = [f"dn: cn={name},{GROUPS}", "objectClass: groupOfNames", f"cn: {name}"]
        lines += [f"member: {member_dn(member)}" for member in members]
        entries.append("\n".join(lines))
    return "\n\n".join(entries) + "\n"


def slapd_programs():
    """slapd and slapadd, apt-get installed when root and missing; in CI their absence fails the test."""
    found = shutil.which("slapd", path=SEARCH_PATH), shutil.which("slapadd", path=SEARCH_PATH)
    if not all(found) and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "slapd", "ldap-utils"], env=env, check=False, stdout=subprocess.DEVNULL
        )
        found = shutil.which("slapd", path=SEARCH_PATH), shutil.which("slapadd", path=SEARCH_PATH)
    if not all(found):
        reason = "Debian's slapd is not installed (apt-get install slapd ldap-utils, or run the tests as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Slapd:
    def __init__(self, programs, folder, people, groups):
        self.slapd, slapadd = programs
        self.folder = Path(folder)
        (self.folder / "data").mkdir(parents=True)
        self.config = self.folder / "slapd.conf"
        includes = "\n".join(f"include /etc/ldap/schema/{name}.schema" for name in SCHEMAS)
        self.config.write_text(
            CONFIG.format(
                includes=includes, folder=self.folder, suffix=SUFFIX, root_dn=ROOT_DN, root_password=ROOT_PASSWORD
            )
        )
        seed = self.folder / "seed.ldif"
        seed.write_text(seed_ldif(people, groups))
        subprocess.run([slapadd, "-q", "-f", self.config, "-l", seed], check=True, capture_output=True)
        self.port = free_port()
        self.uri = f"ldap://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        self._log = open(self.folder / "slapd.log", "ab")  # closed in stop()
        # -d 0: in the foreground, so that this object owns the process and can stop it.
        self.process = subprocess.Popen(
            [self.slapd, "-f", self.config, "-h", f"{self.uri}/", "-d", "0"], stdout=self._log, stderr=self._log
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"slapd stopped: {(self.folder / 'slapd.log').read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("slapd did not start listening within 10 seconds")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self._log.close()
        self.process = None

    def modify(self, uid, **attributes):
        """Change a person's attributes as the directory's administrator would."""
        changes = [(ldap.MOD_REPLACE, name, [value.encode()]) for name, value in attributes.items()]
        self._modify(f"uid={uid},{PEOPLE}", changes)

    def modify_group(self, name, *, members):
        self._modify(f"cn={name},{GROUPS}", [(ldap.MOD_REPLACE, "member", [member_dn(m).encode() for m in members])])

    def _modify(self, dn, changes):
        connection = ldap.initialize(self.uri)
        connection.simple_bind_s(ROOT_DN, ROOT_PASSWORD)
        connection.modify_s(dn, changes)
        connection.unbind_s()
