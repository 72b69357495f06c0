"""`whobacked follow`, `feeds`, `poll --report` and `unfollow` against the loopback feed site, and a poll killed -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from cli.main import main
from index.news.book import FeedBook
from index.settings import Settings
from tests.conftest import REPO
from tests.index.ingest.site import guard_loopback
from tests.index.news.feedsite import CHANGES, FIRST_THREE, FOURTH, FeedSite, article_page


@pytest.fixture
def local(workspace: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """`whobacked` over the test's folders, allowed to fetch from 127.0.0.1 (where only the test site is)."""
    guard_loopback(monkeypatch)
    monkeypatch.setenv("WHOBACKED_FETCH_ALLOW_PRIVATE", "true")
    return workspace


def test_follow_poll_report_then_nothing_new_then_a_fourth(
    feeds: FeedSite, local: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    feeds.serve_rss("/cli.xml", FIRST_THREE, etag='"cli-3"')
    url = feeds.url("/cli.xml")
    assert main(["follow", url]) == 0
    assert (
        f"Following “Loopback Labour News” ({url}): 3 entries now; polled every 30 minutes." in capsys.readouterr().out
    )

    assert main(["feeds"]) == 0
    listed = capsys.readouterr().out
    assert f"Loopback Labour News — {url}" in listed and "last poll never" in listed and "never polled" in listed

    assert main(["poll", "--report"]) == 0
    out = capsys.readouterr().out
    assert "Loopback Labour News: 3 new article(s)." in out and "Built the index: 5 articles" in out
    assert "New endorsements:" in out
    assert "    Unison backs Keir Starmer\n" in out
    assert (
        "“The public service union Unison has backed Keir Starmer to be the next leader of the Labour Party.” (¶1)"
        in out
    )
    assert "“Unison backs Keir Starmer for Labour leader” — The Loopback Labour News, 2020-01-14, " in out

    assert main(["poll"]) == 0
    assert "No feed is due" in capsys.readouterr().out
    assert main(["poll", "--all", "--report"]) == 0
    assert capsys.readouterr().out == "Loopback Labour News: unchanged.\n"
    assert feeds.conditional("/cli.xml")[-1] == {"If-None-Match": '"cli-3"'}

    feeds.serve_rss("/cli.xml", [*FIRST_THREE, FOURTH], etag='"cli-4"')
    assert main(["poll", "--all", "--report"]) == 0
    out = capsys.readouterr().out
    assert "Loopback Labour News: 1 new article(s)." in out and "Built the index: 6 articles" in out
    assert "    TSSA backs Keir Starmer\n" in out and "Unison" not in out

    feeds.serve_rss("/cli.xml", [*FIRST_THREE, FOURTH, *CHANGES], etag='"cli-6"')
    assert main(["poll", "--all", "--report"]) == 0
    out = capsys.readouterr().out
    assert "Loopback Labour News: 2 new article(s)." in out
    assert "    Unison no longer backs Keir Starmer; earlier Unison backed Keir Starmer\n" in out
    assert "    Unison now backs Lisa Nandy; earlier Unison backed Keir Starmer\n" in out

    assert main(["feeds"]) == 0
    assert "last new entry 2" in capsys.readouterr().out
    assert main(["unfollow", url]) == 0
    assert main(["feeds"]) == 0
    assert "No feeds are followed" in capsys.readouterr().out


def test_a_bad_feed_is_one_sentence_and_exit_1(
    feeds: FeedSite, local: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["follow", feeds.url("/bad/web-page.xml")]) == 1
    assert capsys.readouterr().err == (
        "whobacked: The document at 127.0.0.1 is a web page, not an RSS or Atom feed: give the feed's own link.\n"
    )
    assert main(["follow", feeds.url("/feed.xml"), "--every", "1"]) == 1
    assert "at most every 5 minutes" in capsys.readouterr().err


def test_a_poll_killed_mid_way_neither_loses_nor_repeats_an_entry(feeds: FeedSite, settings: Settings) -> None:
    """kill -9 while the second article downloads; the next poll adds the rest, each article once."""
    feeds.serve_rss("/crash.xml", FIRST_THREE)
    slow = "/politics/" + FIRST_THREE[1]
    feeds.add(slow, 200, {"Content-Type": "text/html; charset=utf-8", "X-Drip": "1"}, article_page(FIRST_THREE[1]))
    book = FeedBook(settings.data_dir / "state.sqlite3")
    book.follow(feeds.url("/crash.xml"), "", [], 30, "test")
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "WHOBACKED_CORPUS_DIR": str(settings.corpus_dir),
        "WHOBACKED_DATA_DIR": str(settings.data_dir),
        "WHOBACKED_FETCH_ALLOW_PRIVATE": "true",
    }
    command = [sys.executable, "-m", "cli.main", "poll", "--no-build"]
    before, asked = set(os.listdir(settings.corpus_dir)), len(feeds.requests)
    poll = subprocess.Popen(command, env=env, cwd=settings.data_dir.parent, stdout=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not any(path == slow for path, _ in feeds.requests[asked:]) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # the first article is stored, the second is arriving a byte at a time
    os.kill(poll.pid, signal.SIGKILL)
    poll.wait()
    added = set(os.listdir(settings.corpus_dir)) - before
    assert len(added) == 1, added

    feeds.add(slow, 200, {"Content-Type": "text/html; charset=utf-8"}, article_page(FIRST_THREE[1]))
    again = subprocess.run(command, env=env, cwd=settings.data_dir.parent, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "2 new article(s)" in again.stdout
    added = set(os.listdir(settings.corpus_dir)) - before
    assert len(added) == 3 and all(not name.startswith(".") for name in added)
    entries = book.seen(feeds.url("/crash.xml"))
    assert entries == {f"labour-news-{slug}" for slug in FIRST_THREE}
    assert len(book.unannounced()) == 3
    book.close()
