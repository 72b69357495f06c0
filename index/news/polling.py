"""One round of polling: fetch every due feed (conditionally), add its new entries' articles, schedule the next poll.

Feed documents come through the safe fetcher (same address checks, redirects, size cap, deadline and user agent
as `whobacked add URL`), and each new entry's link is added exactly as `whobacked add URL` adds one
(index/ingest/adding.py: trafilatura, htmldate, dedupe by link and text). An entry is remembered only after its
article is stored, and a link already in the corpus is never fetched again, so a crash mid-round neither loses
an entry nor adds one twice. A feed that fails gets one sentence and a backoff; the other feeds go on.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from index.errors import WhobackedError
from index.ingest.adding import Added, fetch_policy, prepare_url, store
from index.ingest.dedupe import CorpusFingerprints, DuplicateArticleError, url_key
from index.ingest.fetch import Fetcher, Page, Validators
from index.news.book import ADDED, ENTRY_ATTEMPTS, FeedBook, FollowedFeed
from index.news.feeds import FEEDS, Entry, read_feed
from index.settings import Settings

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 24 * 3600
JITTER = 0.1  # each next poll is moved by up to 10% of its interval, so feeds followed together spread out
FEED_FETCHERS = 4  # feed documents fetched at once; articles are added one at a time


@dataclass(frozen=True)
class FeedPoll:
    """How one feed's poll went: the articles it added, entries it could not add, or why it failed."""

    url: str
    title: str
    added: list[Added] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unchanged: bool = False
    error: str = ""

    def describe(self) -> str:
        """One line for the operator: what this poll did."""
        if self.error:
            return f"{self.title}: {self.error}"
        if self.unchanged:
            return f"{self.title}: unchanged."
        added = f"{len(self.added)} new article(s)" if self.added else "nothing new"
        problems = "".join(f" {p}" for p in self.problems)
        return f"{self.title}: {added}.{problems}"


@dataclass(frozen=True)
class Round:
    """Every feed polled in one round."""

    polls: list[FeedPoll]

    @property
    def added(self) -> list[Added]:
        return [article for poll in self.polls for article in poll.added]


class Poller:
    """Polls the book's feeds into the corpus folder; the fetcher, clock and randomness can be replaced in tests."""

    def __init__(
        self,
        settings: Settings,
        book: FeedBook,
        fetcher: Fetcher | None = None,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self.book = book
        self.fetcher = fetcher or Fetcher(fetch_policy(settings))
        self.clock = clock
        self.rng = rng or random.Random()

    def due(self, everything: bool = False) -> list[FollowedFeed]:
        """The feeds whose next poll has come (or all of them)."""
        now = self.clock()
        return [f for f in self.book.feeds() if everything or f.next_due <= now]

    def run(self, everything: bool = False) -> Round:
        """Poll every due feed once; at most settings.feed_max_new articles are added in all."""
        feeds = self.due(everything)
        if not feeds:
            return Round([])
        with ThreadPoolExecutor(min(FEED_FETCHERS, len(feeds)), thread_name_prefix="whobacked-feed") as pool:
            documents = list(pool.map(self._document, feeds))
        fingerprints = CorpusFingerprints.of(self.settings.corpus_dir)
        budget = self.settings.feed_max_new
        polls: list[FeedPoll] = []
        for feed, document in zip(feeds, documents, strict=True):
            poll = self._take(feed, document, fingerprints, budget)
            budget -= len(poll.added)
            polls.append(poll)
            log.info("Feed %s", poll.describe())
        return Round(polls)

    def _document(self, feed: FollowedFeed) -> Page | WhobackedError:
        try:
            return self.fetcher.fetch(feed.url, FEEDS, Validators(feed.etag, feed.last_modified))
        except WhobackedError as error:
            return error

    def _take(
        self, feed: FollowedFeed, document: Page | WhobackedError, fingerprints: CorpusFingerprints, budget: int
    ) -> FeedPoll:
        title = feed.title or feed.url
        try:
            if isinstance(document, WhobackedError):
                raise document
            if document.not_modified:
                self._schedule(feed, document.validators, "", new=False)
                return FeedPoll(feed.url, title, unchanged=True)
            parsed = read_feed(document)
        except WhobackedError as error:
            self._schedule(feed, Validators(), str(error), new=False)
            return FeedPoll(feed.url, title, error=str(error))
        seen = self.book.seen(feed.url)
        added: list[Added] = []
        problems: list[str] = []
        waiting = 0
        for entry in parsed.entries:
            if entry.key in seen:
                continue
            if not entry.matches(feed.match):
                self.book.took(feed.url, entry.key, entry.link, "", "not matched")
                continue
            have = fingerprints.urls.get(url_key(entry.link))
            if have:
                self.book.took(feed.url, entry.key, entry.link, have, "in corpus")
                continue
            if len(added) >= budget:
                waiting += 1
                continue
            article, problem, retry = self._add(feed, entry, fingerprints)
            if article is not None:
                added.append(article)
            if problem:
                problems.append(problem)
            waiting += retry
        if waiting:
            problems.append(f"{waiting} entr{'y waits' if waiting == 1 else 'ies wait'} for the next poll.")
        # Validators are kept only when nothing waits: otherwise the next poll must see the whole document again.
        validators = Validators() if waiting else document.validators
        self._schedule(feed, validators, "", new=bool(added), title=parsed.title)
        return FeedPoll(feed.url, parsed.title, added, problems)

    def _add(
        self, feed: FollowedFeed, entry: Entry, fingerprints: CorpusFingerprints
    ) -> tuple[Added | None, str, bool]:
        """Add one entry's article as `whobacked add URL` does: (the article, a problem to report, retry later)."""
        try:
            prepared = prepare_url(entry.link, self.fetcher)
            article = store(self.settings.corpus_dir, [prepared])[0]
        except DuplicateArticleError as error:
            self.book.took(feed.url, entry.key, entry.link, "", f"duplicate: {error}")
            return None, "", False
        except WhobackedError as error:
            if self.book.failed(feed.url, entry.key, entry.link) >= ENTRY_ATTEMPTS:
                return None, f"Gave up on {entry.link} after {ENTRY_ATTEMPTS} polls: {error}", False
            return None, f"{entry.link} could not be added yet: {error}", True
        self.book.took(feed.url, entry.key, entry.link, article.file.name, ADDED)
        fingerprints.remember(article.file.name, prepared.urls, prepared.text)
        return article, "", False

    def _schedule(self, feed: FollowedFeed, validators: Validators, error: str, new: bool, title: str = "") -> None:
        """The next poll at the feed's interval, doubled for each failure in a row (at most a day), with jitter."""
        failures = feed.failures + 1 if error else 0
        wait = min(feed.every_minutes * 60 * 2**failures, MAX_BACKOFF_SECONDS)
        next_due = self.clock() + wait * (1 + self.rng.uniform(-JITTER, JITTER))
        self.book.polled(
            feed.url,
            etag=validators.etag,
            last_modified=validators.last_modified,
            title=title,
            new=new,
            next_due=next_due,
            error=error,
        )
