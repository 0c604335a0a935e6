"""A throwaway OpenLDAP server for the directory tests (the same idea as tests/tools/with_postgres.sh).

``Slapd`` creates a temporary directory with a self-signed test CA and a server certificate (openssl), a
slapd.conf (MDB database, the ppolicy overlay so a locked entry is refused as a real server would refuse it),
loads ``directory.ldif`` with slapadd, starts /usr/sbin/slapd on a free loopback port and removes it all
on ``stop()``. Each pytest-xdist worker starts its own.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SLAPD = os.environ.get("SLAPD_PATH", "/usr/sbin/slapd")
SLAPADD = os.environ.get("SLAPADD_PATH", "/usr/sbin/slapadd")
SCHEMA_DIR = Path("/etc/ldap/schema")
LDIF = Path(__file__).with_name("directory.ldif")
SUFFIX = "dc=bank,dc=test"
SERVICE_DN = f"cn=portal-service,{SUFFIX}"
SERVICE_PASSWORD = "service-secret"

CONF = """\
include {schema}/core.schema
include {schema}/cosine.schema
include {schema}/inetorgperson.schema
include {schema}/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile {tmp}/slapd.pid
argsfile {tmp}/slapd.args
TLSCACertificateFile {tmp}/ca.pem
TLSCertificateFile {tmp}/server.pem
TLSCertificateKeyFile {tmp}/server.key
database mdb
maxsize 10485760
suffix "{suffix}"
rootdn "cn=admin,{suffix}"
rootpw admin-secret
directory {tmp}/data
overlay ppolicy
ppolicy_default "cn=default,ou=policies,{suffix}"
access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="{service}" read by self read by * none
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(*args: str, cwd: Path | None = None) -> None:
    subprocess.run(args, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_test_ca(tmp: Path) -> None:
    """A self-signed CA and a server certificate for 127.0.0.1 / localhost, valid for a day."""
    _run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=Portal test CA", "-keyout", "ca.key", "-out", "ca.pem", cwd=tmp)
    (tmp / "server.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    _run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
         "-keyout", "server.key", "-out", "server.csr", cwd=tmp)
    _run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
         "-CAcreateserial", "-days", "1", "-extfile", "server.ext", "-out", "server.pem", cwd=tmp)


class Slapd:
    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="portal-slapd."))
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"ldap://127.0.0.1:{self.port}"

    @property
    def ca_file(self) -> str:
        return str(self.tmp / "ca.pem")

    def start(self) -> Slapd:
        tmp = self.tmp
        (tmp / "data").mkdir()
        make_test_ca(tmp)
        conf = tmp / "slapd.conf"
        conf.write_text(CONF.format(schema=SCHEMA_DIR, tmp=tmp, suffix=SUFFIX, service=SERVICE_DN))
        _run(SLAPADD, "-f", str(conf), "-l", str(LDIF))
        self.port = free_port()
        log = open(tmp / "slapd.log", "wb")  # noqa: SIM115 - kept open while slapd runs
        # -d 0: stay in the foreground (we own the process), log nothing but fatal errors.
        self.process = subprocess.Popen(
            [SLAPD, "-f", str(conf), "-h", self.uri, "-d", "0"], stdout=log, stderr=log
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"slapd exited: {(tmp / 'slapd.log').read_text(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("slapd did not start listening within 20 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)
