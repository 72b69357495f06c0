"""The feeds polled in the background and the tracker channels told what changed, off the event loop.

Each round polls the due feeds on a worker of its own, joins one rebuild for every article the round added
(merged with any other pending rebuild), then sends each tracker channel the new records it has not been sent
yet. What was added, announced and posted is in the state database, so a restart neither repeats nor skips.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from index import Engine
from index.news.book import FeedBook, Tracker
from index.news.polling import Poller, Round
from index.news.tracker import ArticleNews, capped, news_of

log = logging.getLogger(__name__)

POSTED_PER_ROUND = 10
Send = Callable[[Tracker, list[ArticleNews], int], Awaitable[bool]]  # (tracker, news, how many more) → sent


class Newsroom:
    """Rounds of polling and telling; one round at a time."""

    def __init__(self, engine: Engine, book: FeedBook, rebuild: Callable[[], Awaitable[object]], send: Send) -> None:
        self.engine = engine
        self.book = book
        self._rebuild = rebuild
        self._send = send
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="whobacked-feeds")
        self._one_at_a_time = asyncio.Lock()
        self.rounds = 0

    def close(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)

    async def round(self, everything: bool = False) -> Round:
        """Poll the due feeds (or all), rebuild once if anything was added, then tell the tracker channels."""
        async with self._one_at_a_time:
            poller = Poller(self.engine.settings, self.book)  # the engine's settings as they are now
            polled = await asyncio.get_running_loop().run_in_executor(self._worker, poller.run, everything)
            self.rounds += 1
            if polled.added:
                try:
                    await self._rebuild()
                except Exception:
                    log.exception("The rebuild after polling the feeds failed; their articles wait for the next one")
            await self.announce()
            return polled

    async def announce(self) -> None:
        """Send every tracker the stated records of the indexed feed articles not announced yet."""
        pending, posts = await asyncio.to_thread(self._posts)
        for tracker, told, more in posts:
            if await self._send(tracker, told, more):
                keys = [item.key for article in told for item in article.items]
                await asyncio.to_thread(self.book.mark_posted, tracker.channel_id, keys)
        if pending:
            await asyncio.to_thread(self.book.announced, pending)

    def _posts(self) -> tuple[list[str], list[tuple[Tracker, list[ArticleNews], int]]]:
        """(the articles announced now, what each tracker is sent: its news and how many more); in a thread."""
        indexed = self.engine.snapshot.manifest.articles
        pending = [name for name in self.book.unannounced() if Path(name).stem in indexed]
        if not pending:
            return [], []
        ready = [Path(name).stem for name in pending]
        records = self.engine.endorsements(tentative=True)  # every record; news_of applies the threshold
        articles = self.engine.articles()
        threshold = self.engine.settings.confidence_threshold
        posts = []
        for tracker in self.book.trackers():
            names = set(self.engine.resolve(tracker.name)) | {tracker.name} if tracker.name else None
            posted = self.book.posted(tracker.channel_id)
            told = [
                ArticleNews(a.article, [item for item in a.items if item.key not in posted])
                for a in news_of(records, articles, ready, threshold, names)
            ]
            kept, more = capped([a for a in told if a.items], POSTED_PER_ROUND)
            if kept:
                posts.append((tracker, kept, more))
        return pending, posts

    async def run_forever(self, tick_seconds: float) -> None:
        """A round every tick (each feed is polled when it is due); a failing round is logged, never fatal."""
        while True:
            try:
                await self.round()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("A round of polling the feeds failed")
            await asyncio.sleep(tick_seconds)
