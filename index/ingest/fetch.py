"""Fetch one web page safely: http(s) only, public addresses only, few redirects, a size cap and a timeout.

Every host is resolved first and every address it resolves to is checked; the connection then goes to the
checked address itself (the name is only sent as Host and TLS server name), so a second DNS answer cannot
swap in a private address. Redirects are followed by hand and each hop is checked again.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from index.errors import WhobackedError

USER_AGENT = "whobacked/0.1 (news article fetcher)"
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
TOO_SLOW = "The page took too long to fetch: try again later, or save it and add the file."
REDIRECTS = frozenset({301, 302, 303, 307, 308})
NOT_MODIFIED = 304
CHUNK = 64 * 1024

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[IPAddress]]
Opener = Callable[[IPAddress, int, float], socket.socket]

# Cloud metadata services: refused even when private addresses are allowed.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "169.254.169.253", "100.100.100.200", "192.0.0.192", "fd00:ec2::254")
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
METADATA_NAMES = frozenset({"metadata", "metadata.google.internal", "metadata.goog", "instance-data"})


class FetchError(WhobackedError):
    """A page could not be fetched; the message says why and what to do."""


class UnsafeURLError(FetchError):
    """The URL, or a redirect, points somewhere whobacked must not fetch from."""


@dataclass(frozen=True)
class FetchPolicy:
    """What a fetch may do: private addresses, size, time and redirects."""

    allow_private: bool = False
    max_bytes: int = 5 * 1024 * 1024
    timeout: float = 15.0
    max_redirects: int = 5


@dataclass(frozen=True)
class Wanted:
    """What a fetch accepts: the Accept header sent, the content types taken, and what a refusal calls it."""

    accept: str
    types: tuple[str, ...]
    refusal: str  # "not a web page: give the link of the article's page."


PAGES = Wanted(
    "text/html,application/xhtml+xml,text/plain;q=0.9",
    ACCEPTED_TYPES,
    "not a web page: give the link of the article's page.",
)


@dataclass(frozen=True)
class Validators:
    """What a server said identifies its document (ETag, Last-Modified), sent back to ask whether it changed."""

    etag: str = ""
    last_modified: str = ""

    def headers(self) -> dict[str, str]:
        sent = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {key: value for key, value in sent.items() if value}


@dataclass(frozen=True)
class Page:
    """A fetched page: where it was asked for, where it ended up, its type and its bytes.

    ``not_modified`` is a conditional request's 304: the document is unchanged and ``body`` is empty."""

    requested_url: str
    url: str
    content_type: str
    charset: str | None
    body: bytes
    validators: Validators = Validators()
    not_modified: bool = False

    @property
    def is_html(self) -> bool:
        return self.content_type != "text/plain"


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address host resolves to (IPv4 and IPv6), in the resolver's order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"The name {host} could not be resolved: check the link for typos.") from None
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def open_socket(address: IPAddress, port: int, timeout: float) -> socket.socket:
    """A TCP connection to exactly this address."""
    return socket.create_connection((str(address), port), timeout=timeout)


def unsafe_reason(address: IPAddress, allow_private: bool) -> str | None:
    """Why whobacked must not connect to address, or None when it may."""
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return unsafe_reason(embedded, allow_private)
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_loopback:
        return None if allow_private else "a loopback address"
    if address.is_unspecified or address.is_reserved:
        return "a reserved address"
    if allow_private:
        return None
    if address.is_link_local:
        return "a link-local address"
    if address.is_private or not address.is_global:
        return "a private address"
    return None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4 or NAT64), which is where it really leads."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


class Fetcher:
    """Fetches pages under one policy; resolve and open_socket can be replaced (tests stay on 127.0.0.1)."""

    def __init__(
        self, policy: FetchPolicy | None = None, resolver: Resolver | None = None, opener: Opener | None = None
    ) -> None:
        self.policy = policy or FetchPolicy()
        self.resolver = resolver or resolve
        self.opener = opener or open_socket

    def fetch(self, url: str, wanted: Wanted = PAGES, validators: Validators | None = None) -> Page:
        """The page at url after at most max_redirects checked redirects; raises FetchError otherwise.

        With validators the request is conditional: an unchanged document comes back as a 304 (not_modified)."""
        deadline = _Deadline(time.monotonic() + self.policy.timeout)
        try:
            return self._follow(url.strip(), deadline, wanted, validators or Validators())
        finally:
            deadline.cancel()

    def _follow(self, url: str, deadline: _Deadline, wanted: Wanted, validators: Validators) -> Page:
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            response, connection = self._request(current, deadline, wanted.accept, validators.headers())
            try:
                if response.status == NOT_MODIFIED and validators.headers():
                    return Page(url, current, "", None, b"", validators, not_modified=True)
                if response.status in REDIRECTS:
                    location = response.getheader("Location")
                    if not location:
                        raise FetchError(f"{_site(current)} answered with a redirect to nowhere: try another link.")
                    current = urljoin(current, location.strip())
                    continue
                if response.status != 200:
                    raise FetchError(
                        f"{_site(current)} answered {response.status} {response.reason}: "
                        "check the link opens in a browser, or save the page and add the file."
                    )
                content_type, charset = _content_type(response.getheader("Content-Type", ""))
                if content_type not in wanted.types:
                    raise FetchError(f"That link is {content_type or 'of no stated type'}, {wanted.refusal}")
                body = self._read(response, deadline)
                served = Validators(response.getheader("ETag", ""), response.getheader("Last-Modified", ""))
                return Page(url, current, content_type, charset, body, served)
            finally:
                connection.close()
        raise FetchError(
            f"That link redirects more than {self.policy.max_redirects} times: open it in a browser and "
            "give the address it ends at."
        )

    def _request(
        self, url: str, deadline: _Deadline, accept: str, conditions: dict[str, str]
    ) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection]:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise UnsafeURLError(f"Only http and https links can be fetched, not {scheme or 'this'}: give a web link.")
        if parts.username or parts.password:
            raise UnsafeURLError("Links with a user name or password cannot be fetched: give the plain link.")
        host = (parts.hostname or "").rstrip(".")
        if not host:
            raise UnsafeURLError("That link has no host name: give a full link such as https://example.com/article.")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise UnsafeURLError("That link has an invalid port: check the link.") from None
        if host.lower() in METADATA_NAMES:
            raise UnsafeURLError(f"{host} is a cloud metadata service and is never fetched: give an article's link.")
        addresses = self.resolver(host, port)
        if not addresses:
            raise FetchError(f"The name {host} could not be resolved: check the link for typos.")
        for address in addresses:
            reason = unsafe_reason(address, self.policy.allow_private)
            if reason:
                raise UnsafeURLError(
                    f"{host} resolves to {reason} ({address}), which whobacked does not fetch from: "
                    "give a public article's link."
                )
        connection = _connection(scheme, host, port, addresses, deadline, self.opener)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            connection.request(
                "GET",
                path,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": accept,
                    "Accept-Encoding": "gzip, deflate",
                    "Connection": "close",
                    **conditions,
                },
            )
            return connection.getresponse(), connection
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            if isinstance(error, TimeoutError) or deadline.passed:
                raise FetchError(f"{host} did not answer in time: try again later.") from None
            if isinstance(error, ssl.SSLError):
                raise FetchError(f"{host}'s secure connection could not be verified: check the link.") from None
            raise FetchError(f"{host} could not be reached ({_why(error)}): check the link and try again.") from None

    def _read(self, response: http.client.HTTPResponse, deadline: _Deadline) -> bytes:
        limit = self.policy.max_bytes
        too_large = FetchError(f"That page is larger than {_size(limit)}: save the article's text and add the file.")
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise too_large
        decoder = _decoder(response.getheader("Content-Encoding", ""))
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                raw = response.read(CHUNK)
            except (OSError, http.client.HTTPException) as error:
                if isinstance(error, TimeoutError) or deadline.passed:
                    raise FetchError(TOO_SLOW) from None
                raise FetchError(f"The page could not be read ({_why(error)}): try again later.") from None
            if deadline.passed:
                raise FetchError(TOO_SLOW)
            if not raw:
                break
            try:
                data = decoder.decompress(raw, limit + 1 - size) if decoder else raw
            except zlib.error:
                raise FetchError("The page arrived damaged (bad compression): try again later.") from None
            size += len(data)
            if size > limit or (decoder is not None and decoder.unconsumed_tail):
                raise too_large
            chunks.append(data)
        return b"".join(chunks)


class _Deadline:
    """The end of a fetch: sockets are shut down when it passes, so no slow server holds a fetch longer."""

    def __init__(self, at: float) -> None:
        self.at = at
        self._timers: list[threading.Timer] = []

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            raise FetchError(TOO_SLOW)
        return left

    def guard(self, sock: socket.socket) -> socket.socket:
        timer = threading.Timer(max(0.0, self.at - time.monotonic()), _shut, (sock,))
        timer.daemon = True
        timer.start()
        self._timers.append(timer)
        return sock

    def cancel(self) -> None:
        for timer in self._timers:
            timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _connection(
    scheme: str, host: str, port: int, addresses: list[IPAddress], deadline: _Deadline, opener: Opener
) -> http.client.HTTPConnection:
    timeout = deadline.remaining()

    def connect() -> socket.socket:
        error: OSError | None = None
        for address in addresses:
            try:
                return deadline.guard(opener(address, port, deadline.remaining()))
            except OSError as failure:
                error = failure
        raise error or OSError("no address")

    if scheme == "https":
        return _PinnedHTTPS(host, port, timeout, connect)
    return _PinnedHTTP(host, port, timeout, connect)


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection whose socket comes from connect (to an address checked beforehand)."""

    def __init__(self, host: str, port: int, timeout: float, connect: Callable[[], socket.socket]) -> None:
        super().__init__(host, port, timeout=timeout)
        self._connect = connect

    def connect(self) -> None:
        self.sock = self._connect()


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to a checked address, verifying the certificate for the host name."""

    def __init__(self, host: str, port: int, timeout: float, connect: Callable[[], socket.socket]) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._connect = connect

    def connect(self) -> None:
        self.sock = self._context.wrap_socket(self._connect(), server_hostname=self.host)  # type: ignore[attr-defined]


def _content_type(header: str) -> tuple[str, str | None]:
    message = Message()
    message["Content-Type"] = header
    if not header:
        return "", None
    charset = message.get_param("charset")
    return message.get_content_type().lower(), charset if isinstance(charset, str) else None


def _decoder(encoding: str) -> zlib._Decompress | None:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    raise FetchError(f"The page came compressed as {encoding}, which whobacked cannot read: save it and add the file.")


def _site(url: str) -> str:
    return urlsplit(url).hostname or "The site"


def _why(error: BaseException) -> str:
    return getattr(error, "strerror", None) or type(error).__name__


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{max(1, limit // 1024)} KB"
