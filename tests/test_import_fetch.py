"""Fetching an imported post's images: what a real server on 127.0.0.1 answers, and what is never asked.

The server runs in a thread of the test. It is on a loopback address, so the tests that talk to it
allow private addresses; the others leave the setting off, as in production, and check that the
fetch is refused before any connection is made.
"""

import io
import shutil
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from imports.fetch import FetchRefused, fetch, is_forbidden


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "teal").save(buffer, "PNG")
    return buffer.getvalue()


PNG = png_bytes()
TEN_MB = 10 * 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    routes = {
        "/logo.png": "route_logo",
        "/keten/1": "route_keten_1",
        "/keten/2": "route_keten_2",
        "/keten/3": "route_keten_3",
        "/rondje": "route_rondje",
        "/naar-metadata": "route_naar_metadata",
        "/naar-bestand": "route_naar_bestand",
        "/druppel": "route_druppel",
        "/druppel-kop": "route_druppel_kop",
        "/groot-met-lengte": "route_groot_met_lengte",
        "/groot-zonder-lengte": "route_groot_zonder_lengte",
    }

    def do_GET(self):
        self.server.requests.append((self.path, dict(self.headers)))
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404)
        else:
            getattr(self, route)()

    def answer(self, body, content_type="image/png"):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location, status=302):
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_logo(self):
        self.answer(PNG)

    def route_keten_1(self):
        self.redirect("/keten/2")

    def route_keten_2(self):
        self.redirect("3", status=301)  # relative to /keten/2

    def route_keten_3(self):
        self.redirect(f"http://127.0.0.1:{self.server.server_port}/logo.png", status=307)

    def route_rondje(self):
        self.redirect("/rondje")

    def route_naar_metadata(self):
        self.redirect("http://169.254.169.254/latest/meta-data/")

    def route_naar_bestand(self):
        self.redirect("file:///etc/passwd")

    def route_druppel(self):
        """Headers at once, then the body a byte every 0.1 s: no single read ever waits long."""
        self.send_response(200)
        self.send_header("Content-Length", "60")
        self.end_headers()
        self.trickle(b"x" * 60)

    def route_druppel_kop(self):
        """Even the status line and the headers a byte at a time."""
        self.trickle(b"HTTP/1.0 200 OK\r\n" + b"X-Vulling: " + b"x" * 60 + b"\r\n\r\n")

    def trickle(self, data):
        for byte in data:
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return
            if self.server.released.wait(0.1):
                return

    def route_groot_met_lengte(self):
        """Says it is too large, then sends a little and waits: reading on would hang until the deadline."""
        self.send_response(200)
        self.send_header("Content-Length", str(TEN_MB + 1))
        self.end_headers()
        self.wfile.write(PNG)
        self.wfile.flush()
        self.server.released.wait(5)

    def route_groot_zonder_lengte(self):
        """No length, more than the cap, then silence: only a reader that stops at the cap gets an answer."""
        self.send_response(200)
        self.end_headers()
        try:
            for _megabyte in range(11):
                self.wfile.write(b"\0" * (1024 * 1024))
            self.wfile.flush()
        except OSError:
            return
        self.server.released.wait(5)

    def log_message(self, format, *args):
        pass  # keeps the test output quiet


class Server(ThreadingHTTPServer):
    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests = []
        self.connections = 0
        self.released = threading.Event()

    def verify_request(self, request, client_address):
        self.connections += 1  # counted when accepted, before a request line has even arrived
        return True

    def url(self, path):
        return f"http://127.0.0.1:{self.server_port}{path}"


def running(server):
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.released.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def server():
    yield from running(Server())


@pytest.fixture
def tls_server(tmp_path):
    """The same server speaking TLS, with a certificate for localhost that nobody vouches for."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl makes the certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost"]
        + ["-addext", "subjectAltName=DNS:localhost"],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = Server()
    server.names_asked = []
    context.sni_callback = lambda _sock, name, _context: server.names_asked.append(name)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    yield from running(server)


@pytest.fixture
def private_allowed(settings):
    settings.BLOGNET_IMPORT_ALLOW_PRIVATE_ADDRESSES = True


def refusal(url):
    with pytest.raises(FetchRefused) as refused:
        fetch(url)
    return str(refused.value)


def test_an_image_is_fetched_with_the_headers_blognet_sends(server, private_allowed, settings):
    settings.BLOGNET_SITE_URL = "https://blognet.bibliotheek.example"
    fetched = fetch(server.url("/logo.png"))

    assert fetched.data == PNG
    assert fetched.final_url == server.url("/logo.png")
    assert fetched.content_type == "image/png"
    [(path, headers)] = server.requests
    assert headers["User-Agent"] == "Blognet-import/1 (+https://blognet.bibliotheek.example)"
    assert headers["Accept"] == "image/*"
    assert headers["Host"] == f"127.0.0.1:{server.server_port}"


def test_three_redirects_are_followed_relative_ones_included(server, private_allowed):
    fetched = fetch(server.url("/keten/1"))

    assert fetched.data == PNG
    assert fetched.final_url == server.url("/logo.png")
    assert [path for path, _headers in server.requests] == ["/keten/1", "/keten/2", "/keten/3", "/logo.png"]


def test_a_fourth_redirect_is_refused(server, private_allowed):
    assert refusal(server.url("/rondje")) == "te veel doorverwijzingen"
    assert len(server.requests) == 4


def test_a_missing_image_is_refused_with_the_status(server, private_allowed):
    assert refusal(server.url("/weg.png")) == "de server antwoordde 404"


def test_a_redirect_to_the_metadata_service_is_refused_even_with_private_addresses_allowed(server, private_allowed):
    assert refusal(server.url("/naar-metadata")) == "adres in een eigen netwerk (169.254.169.254)"


def test_a_redirect_to_a_file_is_refused(server, private_allowed):
    assert refusal(server.url("/naar-bestand")) == "alleen http- en https-adressen"


def test_a_length_above_the_cap_is_refused_without_reading_the_body(server, private_allowed, settings):
    settings.BLOGNET_IMPORT_FETCH_TIMEOUT = 3  # a reader that went on would hang until this, and fail the test
    assert refusal(server.url("/groot-met-lengte")) == "groter dan 10,0\xa0MB"


def test_a_body_without_length_is_cut_off_once_past_the_cap(server, private_allowed, settings):
    settings.BLOGNET_IMPORT_FETCH_TIMEOUT = 3
    assert refusal(server.url("/groot-zonder-lengte")) == "groter dan 10,0\xa0MB"


@pytest.mark.parametrize("path", ["/druppel", "/druppel-kop"])
def test_a_server_that_trickles_is_cut_off_at_one_deadline_for_the_whole_fetch(server, private_allowed, settings, path):
    settings.BLOGNET_IMPORT_FETCH_TIMEOUT = 0.5
    started = time.monotonic()

    assert refusal(server.url(path)) == "geen antwoord binnen 0,5 seconden"
    assert time.monotonic() - started < 1.5


def test_https_is_spoken_as_tls_and_a_server_without_it_is_refused(server, private_allowed):
    assert refusal(f"https://127.0.0.1:{server.server_port}/logo.png") == "geen beveiligde verbinding met de server"


def test_https_checks_the_certificate_against_the_name_in_the_address(tls_server, private_allowed):
    url = f"https://localhost:{tls_server.server_port}/logo.png"

    assert refusal(url) == "het certificaat van de server klopt niet"
    assert tls_server.names_asked == ["localhost"]


def test_the_own_server_is_refused_before_any_connection_when_private_addresses_are_not_allowed(server, settings):
    assert refusal(server.url("/logo.png")) == "adres in een eigen netwerk (127.0.0.1)"

    # The server accepts connections one by one: once this allowed fetch is answered, an earlier
    # connection would have been counted too.
    settings.BLOGNET_IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    fetch(server.url("/logo.png"))
    assert server.connections == 1
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://10.0.0.1/logo.png", "adres in een eigen netwerk (10.0.0.1)"),
        ("http://192.168.1.1/logo.png", "adres in een eigen netwerk (192.168.1.1)"),
        ("http://169.254.169.254/latest/meta-data/", "adres in een eigen netwerk (169.254.169.254)"),
        ("http://[::1]/logo.png", "adres in een eigen netwerk (::1)"),
        ("http://[fe80::1]/logo.png", "adres in een eigen netwerk (fe80::1)"),
        ("http://[::ffff:127.0.0.1]/logo.png", "adres in een eigen netwerk (::ffff:127.0.0.1)"),
        ("http://2130706433/logo.png", "adres in een eigen netwerk (127.0.0.1)"),
        ("http://0x7f.1/logo.png", "adres in een eigen netwerk (127.0.0.1)"),
        ("http://0177.0.0.1/logo.png", "adres in een eigen netwerk (127.0.0.1)"),
        ("http://0/logo.png", "adres in een eigen netwerk (0.0.0.0)"),
        ("http://localhost/logo.png", "adres in een eigen netwerk (127.0.0.1)"),
        ("HTTP://LOCALHOST/logo.png", "adres in een eigen netwerk (127.0.0.1)"),
        ("file:///etc/passwd", "alleen http- en https-adressen"),
        ("ftp://ftp.bibliotheek.example/logo.png", "alleen http- en https-adressen"),
        ("gopher://bibliotheek.example:70/_stats", "alleen http- en https-adressen"),
        ("//bibliotheek.example/logo.png", "alleen http- en https-adressen"),
        ("http://user:pw@bibliotheek.example/logo.png", "geen gebruikersnaam of wachtwoord in het adres"),
        ("http://bibliotheek.example@127.0.0.1/logo.png", "geen gebruikersnaam of wachtwoord in het adres"),
        ("http:///logo.png", "geen servernaam in het adres"),
        ("http://bibliotheek.example:99999/logo.png", "ongeldig poortnummer in het adres"),
        ("http://bibliotheek.example/" + "a" * 2000, "adres langer dan 2000 tekens"),
        ("http://bestaat-niet.invalid/logo.png", "de naam bestaat-niet.invalid bestaat niet"),
    ],
)
def test_addresses_outside_the_rules_are_refused(settings, url, reason):
    settings.BLOGNET_IMPORT_FETCH_TIMEOUT = 1  # were one of them really tried, the test would notice
    assert refusal(url) == reason


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.100.100.200",  # carrier-grade NAT, Alibaba's metadata service
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "240.0.0.1",
        "::",
        "::1",
        "::2",
        "fe80::1",
        "fe80::1%eth0",
        "fec0::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "::ffff:10.0.0.1",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b:1::1",
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "2001:db8::1",
        "niet-een-adres",
    ],
)
def test_anything_but_a_public_address_is_forbidden(address):
    assert is_forbidden(address)


@pytest.mark.parametrize(
    "address", ["145.97.39.155", "8.8.8.8", "2a00:1450:400e:80c::2004", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_public_addresses_are_allowed(address):
    assert not is_forbidden(address)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.31.255.1", "192.168.1.1", "::1", "fd12::1"])
def test_allowing_private_addresses_lets_own_networks_through(address):
    assert not is_forbidden(address, allow_private=True)


@pytest.mark.parametrize(
    "address", ["169.254.169.254", "100.100.100.200", "fd00:ec2::254", "0.0.0.0", "224.0.0.1", "fe80::1"]
)
def test_allowing_private_addresses_still_keeps_metadata_services_and_the_like_out(address):
    assert is_forbidden(address, allow_private=True)
