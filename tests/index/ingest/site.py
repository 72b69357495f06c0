"""A loopback news site on 127.0.0.1: pages written for the tests, redirects, a huge body, a PDF.

`NewsSite` runs `http.server` in a thread; every test that fetches talks only to it. `loopback_only`
is an opener for `Fetcher` that sends any checked address to this server, so a test can make a public-
looking name "resolve" to a public address and still never leave 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ISLINGTON = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Islington North branch backs Corbyn | The Test Gazette</title>
<meta property="og:title" content="Islington North branch backs Corbyn">
<meta property="og:site_name" content="The Test Gazette">
<meta property="article:published_time" content="2016-08-09T10:00:00+01:00">
<link rel="canonical" href="https://gazette.example.com/news/islington-north-backs-corbyn">
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience on our site.
Accept all cookies to continue reading.</p><button>Accept</button></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Islington North branch backs Corbyn</h1>
<p class="byline">By <span class="author">Ada Quill</span>, Political Reporter</p>
<p>The Islington North branch gave its backing to Jeremy Corbyn by 300 votes to 12 on Tuesday night,
in a meeting that ran late into the evening.</p>
<p>Its secretary, Bea Moss, said the result was never in doubt and that members had turned out in
record numbers to show their support.</p>
<p>Owen Smith's campaign said it respected the result but expected to win nominations elsewhere in
London over the coming weeks.</p>
</article>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Great news for the party, I always knew he would win this one easily!</p></div></section>
<aside class="related"><h3>Related articles</h3><ul><li><a href="/a">Hampstead backs Smith</a></li>
<li><a href="/b">Camden votes tonight</a></li></ul></aside>
<footer><p>Copyright 2016 The Test Gazette. All rights reserved.</p></footer>
</body></html>
"""

# No meta date: the date is only in the byline's text; comments carry a later date that must not win.
HAMPSTEAD = """<!doctype html><html><head><meta charset="utf-8">
<title>Hampstead members nominate Smith - Camden Courier</title></head><body>
<div class="cookies"><p>This website uses cookies. By continuing to browse you agree to our use of cookies.</p></div>
<header><a href="/">Camden Courier</a> <a href="/politics">Politics</a></header>
<div class="article-body">
<h1>Hampstead members nominate Smith</h1>
<div class="byline">By Tom Reed &middot; Published 12 August 2016</div>
<p>Members of the Hampstead branch voted on Thursday to nominate Owen Smith for the Labour leadership,
by 88 votes to 80, in a meeting described as tense.</p>
<p>The chair, Mary Fell, said the branch would respect whoever won. "It was close, but the members
have spoken," she said.</p>
<p>Across the borough most branches have so far backed Jeremy Corbyn, with three more meetings due
next week.</p>
</div>
<div id="disqus_thread" class="comments-area"><div class="comment"><p>Posted 1 January 2019: this is a
disgrace, Smith will never win anything at all.</p></div></div>
<div class="related-links"><a href="/c">Corbyn rally draws thousands</a></div>
</body></html>
"""

NO_ARTICLE = """<!doctype html><html><head><title>Page not found | The Test Gazette</title></head><body>
<div class="cookie-banner"><p>We use cookies to improve your experience on our website.</p></div>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<h1>Sorry, we could not find that page</h1>
<footer><p>Copyright 2016 The Test Gazette. All rights reserved.</p></footer>
</body></html>
"""

PLAIN = "Kentish Town branch backs Smith\n\nThe Kentish Town branch nominated Owen Smith by 40 votes to 38.\n"

HUGE = b"<html><body><p>" + b"Padding words for a very long page. " * 40_000 + b"</p></body></html>"

ISLINGTON_TEXT = (
    "The Islington North branch gave its backing to Jeremy Corbyn by 300 votes to 12 on Tuesday night, "
    "in a meeting that ran late into the evening."
)


VALIDATOR = {"If-None-Match": "ETag", "If-Modified-Since": "Last-Modified"}


class NewsSite:
    """The test pages on 127.0.0.1 at a free port; `url(path)` gives a page's address."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        self.conditions: list[tuple[str, dict[str, str]]] = []  # each request's If-None-Match / If-Modified-Since
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        html = {"Content-Type": "text/html; charset=utf-8"}
        self.add("/news/islington-north-backs-corbyn", 200, html, ISLINGTON.encode())
        self.add("/politics/hampstead-nominates-smith", 200, html, HAMPSTEAD.encode())
        self.add("/missing-article", 200, html, NO_ARTICLE.encode())
        self.add("/notes/kentish-town.txt", 200, {"Content-Type": "text/plain; charset=utf-8"}, PLAIN.encode())
        self.add("/huge", 200, html, HUGE)
        self.add("/huge-unannounced", 200, {**html, "X-No-Length": "1"}, HUGE)
        self.add("/minutes.pdf", 200, {"Content-Type": "application/pdf"}, b"%PDF-1.7 not a page")
        self.add("/untyped", 200, {}, b"<p>no type</p>")
        for hop in range(1, 8):
            self.add(f"/hop/{hop}", 302, {"Location": f"/hop/{hop + 1}"}, b"")
        self.add("/hop/8", 200, html, ISLINGTON.encode())
        self.add("/short-chain", 301, {"Location": "/hop/5"}, b"")
        self.add("/gone", 404, html, b"<p>Not here</p>")
        self.add("/slow", 200, {**html, "X-Drip": "1"}, ISLINGTON.encode())
        gzipped = {**html, "Content-Encoding": "gzip"}
        self.add("/gzipped", 200, gzipped, gzip.compress(ISLINGTON.encode()))
        self.add("/gzip-bomb", 200, gzipped, gzip.compress(b" " * 20_000_000))
        latin = {"Content-Type": "text/html; charset=windows-1252"}
        self.add(
            "/latin",
            200,
            latin,
            ISLINGTON.replace("Ada Quill", "Zoë Café").replace("Bea Moss", "Zoë Café").encode("cp1252"),
        )
        self._server: ThreadingHTTPServer | None = None

    def add(self, path: str, status: int, headers: dict[str, str], body: bytes) -> None:
        self.routes[path] = (status, headers, body)

    def redirect(self, path: str, location: str) -> None:
        self.add(path, 302, {"Location": location}, b"")

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def start(self) -> None:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                site.requests.append((self.path, self.headers.get("User-Agent", "")))
                status, headers, body = site.routes.get(self.path, (404, {}, b"not found"))
                asked = {k: v for k in ("If-None-Match", "If-Modified-Since") if (v := self.headers.get(k))}
                site.conditions.append((self.path, asked))
                if "X-Delay" in headers:  # a slow server: answers after this many seconds
                    time.sleep(float(headers["X-Delay"]))
                if status == 200 and asked and all(headers.get(VALIDATOR[k]) == v for k, v in asked.items()):
                    self.send_response(304)  # unchanged: what a conditional request is for
                    self.end_headers()
                    return
                self.send_response(status)
                for key, value in headers.items():
                    if not key.startswith("X-"):
                        self.send_header(key, value)
                if "X-No-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    if "X-Drip" in headers:  # one byte every 50 ms: each read is quick, the whole is slow
                        for byte in body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(0.05)
                    else:
                        self.wfile.write(body)  # a client refusing a huge body stops reading it

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@contextmanager
def news_site() -> Iterator[NewsSite]:
    site = NewsSite()
    site.start()
    try:
        yield site
    finally:
        site.stop()


def loopback_only(address: object, port: int, timeout: float) -> socket.socket:
    """An opener that connects every checked address to the same port on 127.0.0.1, never elsewhere."""
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def guard_loopback(monkeypatch: object) -> None:
    """Make every default fetch fail loudly if it tries to connect anywhere but 127.0.0.1."""
    import ipaddress

    import pytest

    from index.ingest import fetch

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    real = fetch.open_socket

    def only_loopback(address: fetch.IPAddress, port: int, timeout: float) -> socket.socket:
        assert address == ipaddress.ip_address("127.0.0.1"), f"a test tried to reach {address}"
        return real(address, port, timeout)

    monkeypatch.setattr(fetch, "open_socket", only_loopback)
