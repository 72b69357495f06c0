"""Safe fetching against the loopback news site: what is fetched, and every unsafe link refused in a sentence."""

from __future__ import annotations

import ipaddress
import socket
import time

import pytest

from index.ingest.fetch import USER_AGENT, Fetcher, FetchError, FetchPolicy, UnsafeURLError, unsafe_reason
from tests.index.ingest.site import NewsSite, guard_loopback, loopback_only

ALLOWED = FetchPolicy(allow_private=True, timeout=10)
PUBLIC = ipaddress.ip_address("93.184.215.14")


@pytest.fixture(autouse=True)
def only_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    guard_loopback(monkeypatch)


def public_name(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """A resolver for which every name is a public address (the opener still connects to 127.0.0.1)."""
    if host == "127.0.0.1":
        return [ipaddress.ip_address(host)]
    return [PUBLIC]


def one_sentence(error: BaseException) -> str:
    text = str(error)
    assert text.endswith(".") and "\n" not in text and ":" in text, text
    return text


def test_fetches_an_html_page_with_a_clear_user_agent(site: NewsSite) -> None:
    """A page on the allowed loopback comes back whole, typed, sent with whobacked's user agent."""
    page = Fetcher(ALLOWED).fetch(site.url("/news/islington-north-backs-corbyn"))
    assert page.is_html and page.content_type == "text/html" and page.charset == "utf-8"
    assert b"Islington North branch gave its backing" in page.body
    assert site.requests[-1] == ("/news/islington-north-backs-corbyn", USER_AGENT)
    assert "whobacked" in USER_AGENT


def test_a_slow_drip_cannot_hold_a_fetch_past_its_timeout(site: NewsSite) -> None:
    """Bytes arrive every 50 ms, so no single read times out; the whole fetch still ends at its timeout."""
    started = time.monotonic()
    with pytest.raises(FetchError, match="took too long") as refused:
        Fetcher(FetchPolicy(allow_private=True, timeout=1.0)).fetch(site.url("/slow"))
    assert time.monotonic() - started < 3
    one_sentence(refused.value)


def test_gzip_is_read_and_a_gzip_bomb_stops_at_the_cap(site: NewsSite) -> None:
    page = Fetcher(ALLOWED).fetch(site.url("/gzipped"))
    assert b"Islington North branch gave its backing" in page.body
    policy = FetchPolicy(allow_private=True, max_bytes=1024 * 1024, timeout=10)
    with pytest.raises(FetchError, match="larger than 1 MB"):
        Fetcher(policy).fetch(site.url("/gzip-bomb"))


def test_plain_text_is_accepted(site: NewsSite) -> None:
    page = Fetcher(ALLOWED).fetch(site.url("/notes/kentish-town.txt"))
    assert not page.is_html and page.body.startswith(b"Kentish Town")


def test_follows_up_to_five_redirects_and_reports_where_it_ended(site: NewsSite) -> None:
    """/short-chain → /hop/5 … /hop/8 is four more hops: five redirects in all, which is allowed."""
    page = Fetcher(ALLOWED).fetch(site.url("/short-chain"))
    assert page.url == site.url("/hop/8") and page.requested_url == site.url("/short-chain")


def test_a_longer_redirect_chain_is_refused(site: NewsSite) -> None:
    with pytest.raises(FetchError, match="redirects more than 5 times") as refused:
        Fetcher(ALLOWED).fetch(site.url("/hop/1"))
    one_sentence(refused.value)


@pytest.mark.parametrize("path", ["/huge", "/huge-unannounced"], ids=["announced", "streamed"])
def test_a_body_over_the_cap_is_refused(site: NewsSite, path: str) -> None:
    """Over the size cap, whether the length is announced or only found while streaming."""
    policy = FetchPolicy(allow_private=True, max_bytes=256 * 1024, timeout=10)
    with pytest.raises(FetchError, match="larger than 256 KB") as refused:
        Fetcher(policy).fetch(site.url(path))
    one_sentence(refused.value)


@pytest.mark.parametrize(
    "path, expected",
    [("/minutes.pdf", "application/pdf, not a web page"), ("/untyped", "of no stated type"), ("/gone", "404")],
)
def test_other_content_types_and_errors_are_refused(site: NewsSite, path: str, expected: str) -> None:
    with pytest.raises(FetchError, match=expected) as refused:
        Fetcher(ALLOWED).fetch(site.url(path))
    one_sentence(refused.value)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("ftp://127.0.0.1/file.html", "Only http and https"),
        ("file:///etc/passwd", "Only http and https"),
        ("javascript:alert(1)", "Only http and https"),
        ("http://user:secret@127.0.0.1/", "user name or password"),
        ("http:///no-host", "no host name"),
        ("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata"),
    ],
)
def test_unsafe_links_are_refused_before_any_connection(site: NewsSite, url: str, expected: str) -> None:
    before = len(site.requests)
    with pytest.raises(UnsafeURLError, match=expected) as refused:
        Fetcher(ALLOWED).fetch(url)
    one_sentence(refused.value)
    assert len(site.requests) == before


@pytest.mark.parametrize(
    "host, reason",
    [
        ("127.0.0.1", "loopback"),
        ("localhost", "loopback"),
        ("[::1]", "loopback"),
        ("2130706433", "loopback"),
        ("[::ffff:127.0.0.1]", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("100.64.0.1", "private"),
        ("169.254.169.254", "cloud metadata"),
        ("169.254.10.10", "link-local"),
        ("[fe80::1]", "link-local"),
        ("[fd00:ec2::254]", "cloud metadata"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "reserved"),
        ("240.0.0.1", "reserved"),
    ],
)
def test_private_addresses_are_refused_with_the_allowance_off(site: NewsSite, host: str, reason: str) -> None:
    """Loopback (also by name, decimal and mapped forms), private, link-local, metadata, multicast, reserved."""
    before = len(site.requests)
    url = f"http://{host}:{site.port}/news/islington-north-backs-corbyn"
    with pytest.raises(UnsafeURLError, match=f"resolves to an? {reason}") as refused:
        Fetcher(FetchPolicy(allow_private=False)).fetch(url)
    assert "does not fetch from" in one_sentence(refused.value)
    assert len(site.requests) == before


def test_metadata_addresses_stay_refused_with_the_allowance_on() -> None:
    assert unsafe_reason(ipaddress.ip_address("169.254.169.254"), allow_private=True) == "a cloud metadata address"
    assert unsafe_reason(ipaddress.ip_address("10.0.0.1"), allow_private=True) is None
    assert unsafe_reason(ipaddress.ip_address("2002:7f00:1::"), allow_private=False) == "a loopback address"
    assert unsafe_reason(PUBLIC, allow_private=False) is None


def test_a_redirect_from_a_public_name_to_loopback_is_refused(site: NewsSite) -> None:
    """news.example.com 'resolves' to a public address and redirects to 127.0.0.1: the hop is refused."""
    site.redirect("/to-loopback", site.url("/news/islington-north-backs-corbyn"))
    fetcher = Fetcher(FetchPolicy(allow_private=False, timeout=10), resolver=public_name, opener=loopback_only)
    before = len(site.requests)
    with pytest.raises(UnsafeURLError, match="127.0.0.1 resolves to a loopback address"):
        fetcher.fetch(site.url("/to-loopback", host="news.example.com"))
    assert [path for path, _ in site.requests[before:]] == ["/to-loopback"]


def test_a_redirect_to_localhost_is_refused(site: NewsSite) -> None:
    """A redirect to a name that resolves to 127.0.0.1 (localhost, looked up for real) is refused."""
    from index.ingest.fetch import resolve

    site.redirect("/to-localhost", f"http://localhost:{site.port}/news/islington-north-backs-corbyn")

    def resolver(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        return resolve(host, port) if host == "localhost" else [PUBLIC]

    fetcher = Fetcher(FetchPolicy(allow_private=False, timeout=10), resolver=resolver, opener=loopback_only)
    with pytest.raises(UnsafeURLError, match="localhost resolves to a loopback address"):
        fetcher.fetch(site.url("/to-localhost", host="news.example.com"))


def test_a_redirect_to_another_scheme_is_refused(site: NewsSite) -> None:
    site.redirect("/to-file", "file:///etc/passwd")
    with pytest.raises(UnsafeURLError, match="Only http and https"):
        Fetcher(ALLOWED).fetch(site.url("/to-file"))


def test_a_public_name_is_fetched_through_its_checked_address(site: NewsSite) -> None:
    """A public-looking name passes the check; the connection goes to the address checked (here, the loopback)."""
    fetcher = Fetcher(FetchPolicy(allow_private=False, timeout=10), resolver=public_name, opener=loopback_only)
    page = fetcher.fetch(site.url("/politics/hampstead-nominates-smith", host="news.example.com"))
    assert b"Hampstead branch voted" in page.body


def test_an_unresolvable_name_is_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    """The resolver's failure (simulated: no test asks a real DNS server) becomes one sentence."""

    def no_such_name(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    with pytest.raises(FetchError, match="could not be resolved") as refused:
        Fetcher(ALLOWED).fetch("http://no-such-host.invalid/article")
    one_sentence(refused.value)
