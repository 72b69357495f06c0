"""Following and unfollowing a feed, for the command line and Discord alike: checked once before it is followed."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from index.errors import WhobackedError
from index.ingest.adding import fetch_policy
from index.ingest.fetch import Fetcher
from index.news.book import FeedBook
from index.news.feeds import FEEDS, read_feed
from index.settings import Settings

MIN_EVERY_MINUTES = 5.0


class FollowError(WhobackedError):
    """A feed cannot be followed or unfollowed as asked; the message says why."""


@dataclass(frozen=True)
class Followed:
    """A feed just followed: its title, how many entries it lists now, and its schedule."""

    url: str
    title: str
    entries: int
    every_minutes: float
    match: list[str]

    def describe(self) -> str:
        matching = f", keeping entries that mention {', '.join(self.match)}" if self.match else ""
        return (
            f"Following “{self.title}” ({self.url}): {self.entries} entries now{matching}; "
            f"polled every {self.every_minutes:g} minutes."
        )


def match_words(text: str | None) -> list[str]:
    """'Starmer, Unison' → ['Starmer', 'Unison']: words or phrases separated by commas."""
    return [word.strip() for word in (text or "").split(",") if word.strip()]


def follow(
    settings: Settings,
    book: FeedBook,
    url: str,
    match: str | None = None,
    every_minutes: float | None = None,
    added_by: str = "",
    fetcher: Fetcher | None = None,
) -> Followed:
    """Fetch and read the feed once, then follow it; its current entries are added by the next poll."""
    url = url.strip()
    every = settings.feed_every_minutes if every_minutes is None else every_minutes
    if every < MIN_EVERY_MINUTES:
        raise FollowError(f"A feed is polled at most every {MIN_EVERY_MINUTES:g} minutes: give 5 or more.")
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FollowError("Give the feed's http or https link, such as https://example.com/feed.xml.")
    if book.feed(url) is not None:
        raise FollowError(f"{url} is followed already: `whobacked feeds` (or /feeds list) shows how it is doing.")
    feed = read_feed((fetcher or Fetcher(fetch_policy(settings))).fetch(url, FEEDS))
    words = match_words(match)
    if not book.follow(url, feed.title, words, every, added_by):
        raise FollowError(f"{url} is followed already: `whobacked feeds` (or /feeds list) shows how it is doing.")
    return Followed(url, feed.title, len(feed.entries), every, words)


def unfollow(book: FeedBook, url: str) -> str:
    """Stop following a feed; the message to show."""
    url = url.strip()
    if not book.unfollow(url):
        raise FollowError(f"No feed {url} is followed: `whobacked feeds` (or /feeds list) lists them.")
    return f"No longer following {url}; the articles it added stay in the corpus."
