"""Polling followed feeds from the loopback feed site: new entries become articles once, bad feeds one sentence each."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.ingest import fetch
from index.ingest.fetch import Fetcher, FetchPolicy
from index.news.book import FeedBook
from index.news.following import FollowError, follow, unfollow
from index.news.polling import Poller
from index.settings import Settings
from tests.index.ingest.site import guard_loopback, loopback_only
from tests.index.news.feedsite import FIRST_THREE, FOURTH, MODIFIED, FeedSite

STARMER_FILE = "2020-01-14-unison-backs-keir-starmer-for-labour-leader.md"


@pytest.fixture
def local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings over an empty corpus that may fetch from 127.0.0.1 (and nowhere else)."""
    guard_loopback(monkeypatch)
    (tmp_path / "corpus").mkdir()
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        corpus_dir=tmp_path / "corpus",
        data_dir=tmp_path / "data",
        fetch_allow_private=True,
    )


@pytest.fixture
def book(local: Settings) -> Iterator[FeedBook]:
    opened = FeedBook(local.data_dir / "state.sqlite3")
    yield opened
    opened.close()


def corpus(settings: Settings) -> list[str]:
    return sorted(p.name for p in settings.corpus_dir.iterdir())


def test_three_items_then_nothing_new_then_a_fourth(feeds: FeedSite, local: Settings, book: FeedBook) -> None:
    """Three entries → three articles; an unchanged feed costs one conditional request; a new entry → one article."""
    feeds.serve_rss("/three.xml", FIRST_THREE, etag='"three"')
    followed = follow(local, book, feeds.url("/three.xml"))
    assert (followed.title, followed.entries) == ("Loopback Labour News", 3)
    assert corpus(local) == []  # following adds nothing by itself

    first = Poller(local, book).run()
    assert [a.title for a in first.added] == [
        "Unison backs Keir Starmer for Labour leader",
        "GMB union nominates Lisa Nandy",
        "CWU endorses Rebecca Long-Bailey",
    ]
    assert len(corpus(local)) == 3 and STARMER_FILE in corpus(local)
    assert "date: 2020-01-14" in (local.corpus_dir / STARMER_FILE).read_text(encoding="utf-8")

    assert Poller(local, book).run().polls == []  # not due again for 30 minutes
    before = len(feeds.requests)
    again = Poller(local, book).run(everything=True)
    assert again.added == [] and again.polls[0].unchanged
    assert feeds.requests[before:] == [("/three.xml", fetch.USER_AGENT)]  # one small request, nothing else
    assert feeds.conditional("/three.xml")[-1] == {"If-None-Match": '"three"'}

    feeds.serve_rss("/three.xml", [*FIRST_THREE, FOURTH], etag='"four"')
    fourth = Poller(local, book).run(everything=True)
    assert [a.title for a in fourth.added] == ["TSSA backs Keir Starmer"]
    assert len(corpus(local)) == 4
    state = book.feed(feeds.url("/three.xml"))
    assert state is not None and state.etag == '"four"' and state.last_new and state.state == "ok"


def test_atom_last_modified_and_match(feeds: FeedSite, local: Settings, book: FeedBook) -> None:
    """An Atom feed, Last-Modified as the validator, and --match keeping only entries that mention a word."""
    feeds.serve_atom("/atom.xml", [*FIRST_THREE, FOURTH])
    feeds.serve_rss("/modified.xml", FIRST_THREE, modified=MODIFIED)
    follow(local, book, feeds.url("/atom.xml"), match="starmer")
    follow(local, book, feeds.url("/modified.xml"), match="Nandy, Long-Bailey")
    polled = Poller(local, book).run()
    assert sorted(a.title for a in polled.added) == [
        "CWU endorses Rebecca Long-Bailey",
        "GMB union nominates Lisa Nandy",
        "TSSA backs Keir Starmer",
        "Unison backs Keir Starmer for Labour leader",
    ]
    Poller(local, book).run(everything=True)
    assert feeds.conditional("/modified.xml")[-1] == {"If-Modified-Since": MODIFIED}


def test_the_same_article_in_two_feeds_is_added_once(feeds: FeedSite, local: Settings, book: FeedBook) -> None:
    feeds.serve_rss("/one.xml", FIRST_THREE)
    feeds.serve_atom("/same.xml", FIRST_THREE)
    follow(local, book, feeds.url("/one.xml"))
    follow(local, book, feeds.url("/same.xml"))
    polled = Poller(local, book).run()
    assert len(polled.added) == 3 and len(corpus(local)) == 3


def test_at_most_max_new_articles_per_poll_the_rest_next_time(feeds: FeedSite, local: Settings, book: FeedBook) -> None:
    feeds.serve_rss("/budget.xml", [*FIRST_THREE, FOURTH], etag='"b"')
    follow(local, book, feeds.url("/budget.xml"))
    settings = local.model_copy(update={"feed_max_new": 3})
    first = Poller(settings, book).run()
    assert len(first.added) == 3 and "1 entry waits for the next poll." in first.polls[0].describe()
    second = Poller(settings, book).run(everything=True)  # not a 304: the validator was not kept
    assert [a.title for a in second.added] == ["TSSA backs Keir Starmer"]


def test_follow_refuses_what_it_cannot_follow(feeds: FeedSite, local: Settings, book: FeedBook) -> None:
    with pytest.raises(FollowError, match="at most every 5 minutes"):
        follow(local, book, feeds.url("/three.xml"), every_minutes=2)
    with pytest.raises(FollowError, match="http or https"):
        follow(local, book, "ftp://example.com/feed")
    with pytest.raises(Exception, match="not an RSS or Atom feed"):
        follow(local, book, feeds.url("/bad/web-page.xml"))
    feeds.serve_rss("/twice.xml", FIRST_THREE)
    follow(local, book, feeds.url("/twice.xml"))
    with pytest.raises(FollowError, match="followed already"):
        follow(local, book, feeds.url("/twice.xml"))
    assert "No longer following" in unfollow(book, feeds.url("/twice.xml"))
    with pytest.raises(FollowError, match="No feed"):
        unfollow(book, feeds.url("/twice.xml"))
    assert [f.url for f in book.feeds()] == []


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


BAD_FEEDS = {
    "/bad/not-found.xml": "answered 404 Not Found",
    "/bad/error.xml": "answered 500 Internal Server Error",
    "/bad/web-page.xml": "is a web page, not an RSS or Atom feed",
    "/bad/malformed.xml": "is not well-formed XML",
    "/bad/huge.xml": "larger than 5 MB",
    "/bad/to-metadata.xml": "resolves to a cloud metadata address (169.254.169.254)",
}


def test_every_bad_feed_gets_its_sentence_and_the_others_are_still_polled(
    feeds: FeedSite, local: Settings, book: FeedBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS, refused, 404, 500, not a feed, malformed XML, 10 MB, a redirect to a metadata address: one sentence each."""
    real = socket.getaddrinfo

    def no_such_name(host: str, *args: object, **kwargs: object) -> object:
        if str(host).endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    feeds.serve_rss("/good.xml", FIRST_THREE)
    bad = {feeds.url(path): sentence for path, sentence in BAD_FEEDS.items()}
    bad["http://news.invalid/feed.xml"] = "The name news.invalid could not be resolved"
    bad[f"http://127.0.0.1:{closed_port()}/feed.xml"] = "could not be reached"
    for url in bad:
        book.follow(url, "", [], 30, "test")
    book.follow(feeds.url("/good.xml"), "", [], 30, "test")

    polled = Poller(local, book).run()
    assert len(polled.added) == 3  # the good feed, whatever the others did
    errors = {p.url: p.error for p in polled.polls if p.error}
    assert set(errors) == set(bad)
    for url, sentence in bad.items():
        assert sentence in errors[url], url
        assert "\n" not in errors[url] and "Traceback" not in errors[url]
        feed = book.feed(url)
        assert feed is not None and feed.failures == 1 and feed.last_error == errors[url]
        assert feed.state.startswith("failing (1 in a row): ")

    good = book.feed(feeds.url("/good.xml"))
    assert good is not None and good.failures == 0


def test_failures_back_off_exponentially_and_recover(feeds: FeedSite, local: Settings, book: FeedBook) -> None:
    now = [1_000_000.0]
    url = feeds.url("/flaky.xml")
    feeds.add("/flaky.xml", 500, {}, b"")
    book.follow(url, "Flaky", [], 10, "test")
    waits = []
    for _ in range(3):
        Poller(local, book, clock=lambda: now[0]).run(everything=True)
        feed = book.feed(url)
        assert feed is not None
        waits.append(feed.next_due - now[0])
    assert 1080 <= waits[0] <= 1320 and 2160 <= waits[1] <= 2640 and 4320 <= waits[2] <= 5280  # 20, 40, 80 min ±10%
    feeds.serve_rss("/flaky.xml", FIRST_THREE)
    Poller(local, book, clock=lambda: now[0]).run(everything=True)
    feed = book.feed(url)
    assert feed is not None and feed.failures == 0 and 540 <= feed.next_due - now[0] <= 660


def test_a_redirect_to_a_private_address_is_refused_when_private_addresses_are(
    feeds: FeedSite, local: Settings, book: FeedBook
) -> None:
    """A public-looking feed (resolved to a public address, connected to the loopback site) redirecting inward."""
    feeds.add("/inward.xml", 302, {"Location": "http://10.1.2.3/admin/feed.xml"}, b"")

    def resolver(
        host: str, port: int
    ) -> list[fetch.IPAddress]:  # the site's name looks public; literals are themselves
        return [ipaddress.ip_address("93.184.216.34" if host == "news.example.com" else host)]

    fetcher = Fetcher(FetchPolicy(allow_private=False), resolver=resolver, opener=loopback_only)
    url = f"http://news.example.com:{feeds.port}/inward.xml"
    book.follow(url, "", [], 30, "test")
    polled = Poller(local.model_copy(update={"fetch_allow_private": False}), book, fetcher).run()
    assert "resolves to a private address (10.1.2.3)" in polled.polls[0].error


def test_an_entry_whose_article_fails_is_tried_again_then_given_up(
    feeds: FeedSite, local: Settings, book: FeedBook
) -> None:
    feeds.serve_rss("/broken-link.xml", ["unison-backs-starmer"], etag='"x"')
    feeds.add("/politics/unison-backs-starmer-copy", 404, {}, b"")
    url = feeds.url("/broken-link.xml")
    document = feeds.routes["/broken-link.xml"]
    feeds.add("/broken-link.xml", 200, document[1], document[2].replace(b"unison-backs-starmer<", b"gone<"))
    follow(local, book, url)
    outcomes = [Poller(local, book).run(everything=True).polls[0].describe() for _ in range(4)]
    assert "could not be added yet" in outcomes[0] and "could not be added yet" in outcomes[1]
    assert "Gave up on" in outcomes[2]
    assert outcomes[3] == "Loopback Labour News: unchanged."  # given up: the validator is kept again
