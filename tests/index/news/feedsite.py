"""A loopback news site with feeds: RSS and Atom documents and the article pages they link to, on 127.0.0.1.

Built on the tests' `NewsSite` (tests/index/ingest/site.py): the same server, with feeds that answer a
conditional request (If-None-Match / If-Modified-Since) with 304 when unchanged, and the bad feeds the poller
must survive (404, 500, a web page, malformed XML, a 10 MB document, redirects to private addresses).
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape

from tests.index.ingest.site import NewsSite

ARTICLES = {
    "unison-backs-starmer": (
        "Unison backs Keir Starmer for Labour leader",
        "2020-01-14",
        [
            "The public service union Unison has backed Keir Starmer to be the next leader of the Labour Party.",
            "Its general secretary said members wanted a leader who could win back the trust of voters in every "
            "part of the country, and that the decision had been taken after a long consultation.",
            "The endorsement is a boost for the Holborn and St Pancras MP ahead of the first ballot.",
        ],
    ),
    "gmb-backs-nandy": (
        "GMB union nominates Lisa Nandy",
        "2020-01-15",
        [
            "The GMB union has nominated Lisa Nandy for the Labour leadership after a vote of its executive.",
            "The union's leaders praised her work on towns and said she understood the places the party had lost.",
            "Her campaign welcomed the decision and said more nominations would follow in the coming days.",
        ],
    ),
    "cwu-backs-long-bailey": (
        "CWU endorses Rebecca Long-Bailey",
        "2020-01-16",
        [
            "The Communication Workers Union has endorsed Rebecca Long-Bailey for the Labour leadership.",
            "Its executive said her programme for public ownership of the Royal Mail won the support of members.",
            "The union's general secretary will appear with her at a rally in Manchester next week.",
        ],
    ),
    "tssa-backs-starmer": (
        "TSSA backs Keir Starmer",
        "2020-01-20",
        [
            "The transport union TSSA has backed Keir Starmer in the Labour leadership contest.",
            "The union said its members had chosen the candidate best placed to defeat the government.",
            "It is the latest union to declare, with the deadline for nominations at the end of the month.",
        ],
    ),
    "unison-withdraws": (
        "Unison withdraws its endorsement",
        "2020-02-10",
        [
            "Unison has withdrawn its endorsement of Keir Starmer.",
            "The union's executive met on Monday after a row over the candidate's plans for public services.",
            "A spokesperson said the union would announce its next step within days.",
        ],
    ),
    "unison-nominates-nandy": (
        "Unison turns to Lisa Nandy",
        "2020-02-12",
        [
            "Unison has nominated Lisa Nandy for the Labour leadership.",
            "Its general secretary said the decision followed a second consultation of the union's branches.",
            "The move leaves the contest more open than it looked a month ago.",
        ],
    ),
}
FIRST_THREE = ["unison-backs-starmer", "gmb-backs-nandy", "cwu-backs-long-bailey"]
FOURTH = "tssa-backs-starmer"
CHANGES = ["unison-withdraws", "unison-nominates-nandy"]  # a withdrawal, then a switch
MODIFIED = format_datetime(datetime(2020, 1, 20, 9, 0, tzinfo=UTC), usegmt=True)


def article_page(slug: str) -> bytes:
    title, date, paragraphs = ARTICLES[slug]
    body = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)} | The Loopback Labour News</title>"
        f"<meta property='og:title' content='{escape(title)}'>"
        "<meta property='og:site_name' content='The Loopback Labour News'>"
        f"<meta property='article:published_time' content='{date}T09:00:00+00:00'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/politics'>Politics</a></nav>"
        f"<article><h1>{escape(title)}</h1>\n{body}</article>"
        "<footer><p>Copyright 2020 The Loopback Labour News.</p></footer></body></html>"
    ).encode()


def rss(site: NewsSite, slugs: list[str], title: str = "Loopback Labour News") -> bytes:
    items = "".join(
        f"<item><title>{escape(ARTICLES[s][0])}</title><link>{site.url('/politics/' + s)}</link>"
        f"<guid isPermaLink='false'>labour-news-{s}</guid>"
        f"<description>{escape(ARTICLES[s][2][0])}</description></item>"
        for s in reversed(slugs)  # newest first, as feeds list them
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>{escape(title)}</title><link>{site.url('/')}</link><description>Politics</description>"
        f"{items}</channel></rss>"
    ).encode()


def atom(site: NewsSite, slugs: list[str], title: str = "Loopback Labour Atom") -> bytes:
    entries = "".join(
        f"<entry><title>{escape(ARTICLES[s][0])}</title><link href='{site.url('/politics/' + s)}'/>"
        f"<id>urn:labour-news:{s}</id><updated>{ARTICLES[s][1]}T09:00:00Z</updated>"
        f"<summary>{escape(ARTICLES[s][2][0])}</summary></entry>"
        for s in reversed(slugs)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>{escape(title)}</title><id>urn:labour-news</id><updated>2020-01-20T09:00:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


class FeedSite(NewsSite):
    """The news site plus its feeds and the article pages they link to."""

    def __init__(self) -> None:
        super().__init__()
        html = {"Content-Type": "text/html; charset=utf-8"}
        for slug in ARTICLES:
            self.add(f"/politics/{slug}", 200, html, article_page(slug))
        self.add("/bad/not-found.xml", 404, html, b"<p>gone</p>")
        self.add("/bad/error.xml", 500, html, b"<p>oops</p>")
        self.add("/bad/web-page.xml", 200, html, b"<!doctype html><html><body><p>A home page.</p></body></html>")
        self.add("/bad/malformed.xml", 200, {"Content-Type": "application/rss+xml"}, b"<?xml version='1.0'?><<<rss>>")
        self.add("/bad/huge.xml", 200, {"Content-Type": "application/rss+xml"}, b"<rss>" + b" " * (10 * 1024 * 1024))
        self.add("/bad/to-metadata.xml", 302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"")

    def serve_rss(self, path: str, slugs: list[str], etag: str = "", modified: str = "") -> None:
        """An RSS feed of these articles; with etag or modified it answers conditional requests with 304."""
        headers = {"Content-Type": "application/rss+xml; charset=utf-8"}
        if etag:
            headers["ETag"] = etag
        if modified:
            headers["Last-Modified"] = modified
        self.add(path, 200, headers, rss(self, slugs))

    def serve_atom(self, path: str, slugs: list[str], etag: str = "") -> None:
        headers = {"Content-Type": "application/atom+xml", **({"ETag": etag} if etag else {})}
        self.add(path, 200, headers, atom(self, slugs))

    def conditional(self, path: str) -> list[dict[str, str]]:
        """The conditional headers each request of path carried."""
        return [h for p, h in self.conditions if p == path]
