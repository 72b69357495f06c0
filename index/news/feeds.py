"""Read one RSS (0.9x, 1.0, 2.0) or Atom document with feedparser: its title and its entries, oldest first.

The document is fetched by the caller through the safe fetcher (index/ingest/fetch.py) and handed over as
bytes, so feedparser never opens a link itself.
"""

from __future__ import annotations

import io
import re
import xml.sax
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import feedparser

from index.errors import WhobackedError
from index.ingest.fetch import Page, Wanted

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "text/html",  # feeds served with the wrong type are common; feedparser decides what the document is
    "text/plain",
)
FEEDS = Wanted(
    "application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,application/xml;q=0.8,text/xml;q=0.8,*/*;q=0.1",
    FEED_TYPES,
    "not an RSS or Atom feed: give the feed's own link (often ending in /feed, /rss or .xml).",
)
TAGS = re.compile(r"<[^>]+>")
HTML = re.compile(rb"<!doctype\s+html|<html[\s>]", re.I)


class FeedError(WhobackedError):
    """A document is not a feed that can be read; the message says what happened."""


@dataclass(frozen=True)
class Entry:
    """One item of a feed: a key that stays the same across polls, its link, title and summary (plain text)."""

    key: str
    link: str
    title: str
    summary: str

    def matches(self, words: list[str]) -> bool:
        """True when no words are given or the title or summary contains one of them (any case)."""
        if not words:
            return True
        text = f"{self.title} {self.summary}".casefold()
        return any(word.casefold() in text for word in words)


@dataclass(frozen=True)
class Feed:
    """A feed document's title and entries, oldest first (feeds list the newest first)."""

    title: str
    entries: list[Entry]


def read_feed(page: Page) -> Feed:
    """The feed in a fetched document; FeedError when it is not RSS or Atom or is too broken to read."""
    parsed = feedparser.parse(
        io.BytesIO(page.body),
        response_headers={"content-type": page.content_type + (f"; charset={page.charset}" if page.charset else "")},
        resolve_relative_uris=False,
        sanitize_html=True,
    )
    where = urlsplit(page.url).hostname or "the site"
    if not parsed.get("version"):
        if HTML.search(page.body[:4096]) or not parsed.get("bozo"):
            raise FeedError(
                f"The document at {where} is a web page, not an RSS or Atom feed: give the feed's own link."
            )
        reason = _reason(parsed.get("bozo_exception"))
        raise FeedError(f"The feed at {where} is not well-formed XML ({reason}): its site has to fix it.")
    entries = [entry for item in parsed.entries if (entry := _entry(item, page.url)) is not None]
    broken = parsed.get("bozo_exception")
    if not entries and isinstance(broken, xml.sax.SAXException):  # what a lenient parse saved is nothing
        raise FeedError(f"The feed at {where} is not well-formed XML ({_reason(broken)}): its site has to fix it.")
    title = " ".join(str(parsed.feed.get("title") or "").split()) or where
    return Feed(title, entries[::-1])


def _entry(item: feedparser.FeedParserDict, base: str) -> Entry | None:
    link = str(item.get("link") or "").strip()
    if not link:
        return None
    link = urljoin(base, link)
    if urlsplit(link).scheme not in ("http", "https"):
        return None
    key = str(item.get("id") or "").strip() or link
    return Entry(key, link, _plain(item.get("title")), _plain(item.get("summary")))


def _plain(value: object) -> str:
    return " ".join(TAGS.sub(" ", str(value or "")).split())


def _reason(error: object) -> str:
    text = str(error or "").strip()
    return text.split("\n", 1)[0][:120] or "unreadable"
