"""`whobacked follow`, `unfollow`, `feeds` and `poll`: the feeds that keep the corpus current, from the terminal."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from cli.terminal import printable
from index import Settings
from index.news.book import FeedBook
from index.news.tracker import ArticleNews

Add = Callable[[str, Callable[[Settings, argparse.Namespace], int], str], argparse.ArgumentParser]
Build = Callable[[Settings, argparse.Namespace], int]
REPORTED = 10  # records one round reports, as the tracker channel gets them


def open_book(settings: Settings) -> FeedBook:
    from index.search.snapshot import DataLayout

    return FeedBook(DataLayout(settings.data_dir).state_db)


def command_follow(settings: Settings, args: argparse.Namespace) -> int:
    from cli.trash import cli_note
    from index.news.following import follow

    book = open_book(settings)
    try:
        followed = follow(
            settings, book, args.url, args.match, args.every, f"{cli_note('follow')['by']} (command line)"
        )
    finally:
        book.close()
    print(printable(followed.describe()))
    print("Run `whobacked poll` to add its entries now (the bot polls by itself while it runs).")
    return 0


def command_unfollow(settings: Settings, args: argparse.Namespace) -> int:
    from index.news.following import unfollow

    book = open_book(settings)
    try:
        print(unfollow(book, args.url))
    finally:
        book.close()
    return 0


def command_feeds(settings: Settings, args: argparse.Namespace) -> int:
    book = open_book(settings)
    try:
        feeds = book.feeds()
    finally:
        book.close()
    if not feeds:
        print("No feeds are followed: `whobacked follow URL` follows one.")
        return 0
    for feed in feeds:
        matching = f"; only entries mentioning {', '.join(feed.match)}" if feed.match else ""
        print(printable(f"{feed.title} — {feed.url}"))
        print(
            printable(
                f"    every {feed.every_minutes:g} min{matching}; last poll {_when(feed.last_poll)}; "
                f"last new entry {_when(feed.last_new)}; next poll {_when(feed.next_due) if feed.next_due else 'now'}; "
                f"{feed.state}"
            )
        )
    return 0


def command_poll(settings: Settings, args: argparse.Namespace, build: Build) -> int:
    """Poll every due feed once, add what is new, build incrementally, then exit (for cron and for tests)."""
    from index.news.polling import Poller

    book = open_book(settings)
    try:
        polled = Poller(settings, book).run(everything=args.all)
    finally:
        book.close()
    if not polled.polls:
        print("No feed is due: `whobacked feeds` shows when each is polled next (`--all` polls them now).")
        return 0
    for poll in polled.polls:
        print(printable(poll.describe()))
    failed = any(poll.error for poll in polled.polls)
    if not polled.added:
        return 1 if failed else 0
    if args.no_build:
        print("Not built (--no-build): run `whobacked build` to index the new articles.")
        return 1 if failed else 0
    build(settings, argparse.Namespace(wait=True))
    if args.report:
        print_report(settings, [a.file.name.rsplit(".", 1)[0] for a in polled.added])
    return 1 if failed else 0


def print_report(settings: Settings, articles: list[str]) -> None:
    """The new endorsements of these articles, as the tracker channel would be sent them."""
    from index.news.tracker import capped, news_of
    from index.search.snapshot import STORE, DataLayout
    from index.search.store import Store

    folder = DataLayout(settings.data_dir).current()
    assert folder is not None  # just built
    store = Store(folder / STORE)
    try:
        told, more = capped(
            news_of(store.endorsements(), store.articles(), articles, settings.confidence_threshold), REPORTED
        )
    finally:
        store.close()
    if not told:
        print("No new endorsements in the new articles.")
        return
    print("New endorsements:")
    for article in told:
        print(printable(f"  {describe_article(article)}"))
        for item in article.items:
            print(printable(f"    {item.lead}"))
            print(printable(f"      “{item.record.quote}” (¶{item.record.paragraph})"))
    if more:
        print(f"  and {more} more: `whobacked backers`")


def describe_article(article: ArticleNews) -> str:
    """'“Title” — Source, 2020-01-14, https://…'."""
    info = article.article
    return ", ".join(part for part in (f"“{info.title}” — {info.source}".rstrip(" —"), info.date, info.url) if part)


def _when(at: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(at)) if at else "never"


def add_feed_commands(add: Add, build: Build) -> None:
    """The feed commands, added to the `whobacked` parser."""
    follow = add("follow", command_follow, "Follow an RSS or Atom feed: its new entries' articles are added.")
    follow.add_argument("url", help="the feed's http(s) link")
    follow.add_argument(
        "--match", metavar="WORDS", help="keep only entries whose title or summary has one of these (comma-separated)"
    )
    follow.add_argument("--every", type=float, metavar="MINUTES", help="how often to poll it (default 30, at least 5)")
    unfollow = add("unfollow", command_unfollow, "Stop following a feed (its articles stay).")
    unfollow.add_argument("url", help="the feed's link as `whobacked feeds` lists it")
    add("feeds", command_feeds, "List the followed feeds: title, last poll, last new entry, state.")
    poll = add(
        "poll", lambda s, a: command_poll(s, a, build), "Poll every due feed once, add what is new, build, exit."
    )
    poll.add_argument("--all", action="store_true", help="poll every feed now, due or not")
    poll.add_argument("--report", action="store_true", help="print the new endorsements, as the tracker posts them")
    poll.add_argument("--no-build", action="store_true", help="add the articles without building")
