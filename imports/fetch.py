"""Fetching an image that an imported post points to, without lending our network to whoever wrote the export.

Every address in an export was chosen by the person who uploaded it, so each fetch is a request made on
someone else's behalf from inside our network (server-side request forgery). The rules: http and https
only; the name is looked up once and every address it has must be public; the connection goes to that
checked address, never to the name again, so a second DNS answer (rebinding) cannot lead it to 127.0.0.1.
Redirects are followed here, one by one, under the same rules. One deadline covers the whole fetch, so a
server that answers a byte at a time is cut off, and no more than the upload cap is ever read.

What arrives is judged as an image by blognet.images, by its content: the Content-Type the server names is
passed on, never trusted.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.template.defaultfilters import filesizeformat, floatformat
from django.utils.translation import gettext as _

MAX_URL_LENGTH = 2000
MAX_REDIRECTS = 3
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK_BYTES = 64 * 1024
# Characters that keep their meaning in a path or query; anything else (spaces, accents) is percent-encoded.
URL_SAFE = ":/?[]@!$&'()*+,;=%~"

# Where an intranet (or a test's own server) lives: fetched from only with
# BLOGNET_IMPORT_ALLOW_PRIVATE_ADDRESSES. Everything else that is not public stays refused even then:
# link-local (the cloud metadata service at 169.254.169.254), carrier-grade NAT (Alibaba's at
# 100.100.100.200), multicast, reserved, 0.0.0.0.
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "fc00::/7")
)
# AWS's metadata service over IPv6 sits inside the unique-local fc00::/7 above.
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("fd00:ec2::254")})
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchRefused(Exception):
    """The image was not fetched; str() of it is the reason, in Dutch, for the import report."""


@dataclass(frozen=True)
class Fetched:
    data: bytes
    final_url: str  # after redirects
    content_type: str  # as the server named it: informative only


def is_forbidden(address, *, allow_private=False):
    """Whether an import may not fetch from this IP address (a string): true for anything but a public
    internet address, except that allow_private lets the networks in PRIVATE_NETWORKS through."""
    try:
        # "fe80::1%eth0": the zone after % names an interface, not another address.
        ip = _leads_to(ipaddress.ip_address(address.partition("%")[0]))
    except ValueError:
        return True
    if ip in METADATA_ADDRESSES:
        return True
    if allow_private and any(ip in network for network in PRIVATE_NETWORKS):
        return False
    # Python 3.11's is_global still says yes to multicast, reserved IPv6 (::2) and site-local IPv6.
    return not ip.is_global or ip.is_multicast or ip.is_reserved or (ip.version == 6 and ip.is_site_local)


def _leads_to(ip):
    """The IPv4 address an IPv6 one carries (mapped, NAT64, 6to4), since that is where a connection ends up."""
    if ip.version == 6:
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip in NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if ip.sixtofour:
            return ip.sixtofour
    return ip


def fetch(url):
    """The body of a 200 answer for url, or FetchRefused with the reason; see the module's rules."""
    timeout = settings.BLOGNET_IMPORT_FETCH_TIMEOUT
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": f"Blognet-import/1 (+{settings.BLOGNET_SITE_URL})", "Accept": "image/*"}
    try:
        for _redirect in range(MAX_REDIRECTS + 1):
            connection = _connection_for(url, deadline)
            try:
                connection.request("GET", _request_target(url), headers=headers)
                response = connection.getresponse()
                if response.status in REDIRECT_STATUSES:
                    location = response.getheader("Location")
                    if not location:
                        raise FetchRefused(_("doorverwijzing zonder adres"))
                    url = urljoin(url, location)
                    continue
                if response.status != 200:
                    raise FetchRefused(_("de server antwoordde %(status)s") % {"status": response.status})
                return Fetched(_read_capped(response), url, response.getheader("Content-Type", ""))
            finally:
                connection.close()
        raise FetchRefused(_("te veel doorverwijzingen"))
    except TimeoutError as error:
        raise FetchRefused(
            _("geen antwoord binnen %(seconds)s seconden") % {"seconds": floatformat(timeout)}
        ) from error
    except ssl.SSLCertVerificationError as error:
        raise FetchRefused(_("het certificaat van de server klopt niet")) from error
    except ssl.SSLError as error:
        raise FetchRefused(_("geen beveiligde verbinding met de server")) from error
    except http.client.HTTPException as error:
        raise FetchRefused(_("de server gaf geen geldig antwoord")) from error
    except OSError as error:
        raise FetchRefused(_("de server is niet bereikbaar")) from error


def _connection_for(url, deadline):
    """A connection, not yet opened, to the server of url at addresses that passed the rules."""
    if len(url) > MAX_URL_LENGTH:
        raise FetchRefused(_("adres langer dan %(max)s tekens") % {"max": MAX_URL_LENGTH})
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(_("alleen http- en https-adressen"))
    if "@" in parts.netloc:
        raise FetchRefused(_("geen gebruikersnaam of wachtwoord in het adres"))
    if not parts.hostname:
        raise FetchRefused(_("geen servernaam in het adres"))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchRefused(_("ongeldig poortnummer in het adres")) from None
    connection_class = _CheckedHTTPSConnection if parts.scheme == "https" else _CheckedConnection
    return connection_class(parts.hostname, port, addresses=_checked_addresses(parts.hostname, port), deadline=deadline)


def _checked_addresses(host, port):
    """All addresses of host (getaddrinfo's tuples), or FetchRefused when any of them is not allowed."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        if error.errno == socket.EAI_NONAME:
            raise FetchRefused(_("de naam %(host)s bestaat niet") % {"host": host}) from error
        raise FetchRefused(_("de naam %(host)s kon niet worden opgezocht") % {"host": host}) from error
    except UnicodeError as error:  # a label the IDNA codec cannot encode, such as one over 63 characters
        raise FetchRefused(_("de naam %(host)s bestaat niet") % {"host": host}) from error
    # Every address counts, not only the first: the connection may end up at any of them.
    for address in addresses:
        ip = address[4][0]
        if is_forbidden(ip, allow_private=settings.BLOGNET_IMPORT_ALLOW_PRIVATE_ADDRESSES):
            raise FetchRefused(_("adres in een eigen netwerk (%(address)s)") % {"address": ip})
    return addresses


def _request_target(url):
    parts = urlsplit(url)
    target = quote(parts.path or "/", safe=URL_SAFE)
    return f"{target}?{quote(parts.query, safe=URL_SAFE)}" if parts.query else target


def _read_capped(response):
    """The body, read in chunks and given up as soon as it passes the upload cap."""
    cap = settings.BLOGNET_MAX_UPLOAD_BYTES
    too_large = _("groter dan %(max)s") % {"max": filesizeformat(cap)}
    if response.length is not None and response.length > cap:
        raise FetchRefused(too_large)  # said so up front: none of it is read
    data = bytearray()
    while len(data) <= cap and (chunk := response.read(CHUNK_BYTES)):
        data += chunk
    if len(data) > cap:
        raise FetchRefused(too_large)
    return bytes(data)


def _time_left(deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


class _DeadlineReads:
    """Gives each read on a socket only the time left until the fetch's deadline.

    A socket timeout counts per read, so a server sending a byte every second would never run into it;
    this turns it into one budget for the whole answer, headers included.
    """

    deadline = 0.0

    def recv_into(self, *args, **kwargs):
        self.settimeout(_time_left(self.deadline))
        return super().recv_into(*args, **kwargs)


class _DeadlineSocket(_DeadlineReads, socket.socket):
    pass


class _DeadlineSSLSocket(_DeadlineReads, ssl.SSLSocket):
    pass


class _CheckedConnection(http.client.HTTPConnection):
    """An HTTP connection to addresses checked beforehand: the host name only travels in the Host header."""

    def __init__(self, host, port, *, addresses, deadline):
        super().__init__(host, port)
        self.addresses = addresses
        self.deadline = deadline

    def connect(self):
        self.sock = self._open_socket()

    def _open_socket(self):
        """A socket connected to the first checked address that answers, as socket.create_connection would."""
        for family, kind, proto, _canonname, sockaddr in self.addresses:
            sock = _DeadlineSocket(family, kind, proto)
            sock.deadline = self.deadline
            try:
                sock.settimeout(_time_left(self.deadline))
                sock.connect(sockaddr)
                return sock
            except OSError as error:
                sock.close()
                last_error = error
        raise last_error


class _CheckedHTTPSConnection(_CheckedConnection):
    default_port = 443  # so the Host header leaves out :443, as for http.client's own HTTPS

    def connect(self):
        sock = self._open_socket()
        context = ssl.create_default_context()
        context.sslsocket_class = _DeadlineSSLSocket
        sock.settimeout(_time_left(self.deadline))  # the handshake runs within what is left, too
        # The certificate is checked against the name in the address, as a browser would.
        self.sock = context.wrap_socket(sock, server_hostname=self.host)
        self.sock.deadline = self.deadline
