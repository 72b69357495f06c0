"""The followed feeds, the entries already taken from them, the tracker channels and what each was sent.

All of it lives in tables of the state database (data/state.sqlite3, WAL mode), so a restart neither adds an
entry twice nor skips one, and never posts a record twice. Every method is short and thread-safe.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from index.errors import WhobackedError

SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY, title TEXT, match TEXT, every_minutes REAL, added_at REAL, added_by TEXT,
    etag TEXT DEFAULT '', last_modified TEXT DEFAULT '', last_poll REAL, last_new REAL, next_due REAL DEFAULT 0,
    failures INTEGER DEFAULT 0, last_error TEXT DEFAULT ''
);
CREATE TABLE IF NOT EXISTS feed_entries (
    feed_url TEXT, entry TEXT, link TEXT, article TEXT, outcome TEXT, at REAL, announced INTEGER DEFAULT 0,
    attempts INTEGER DEFAULT 0, PRIMARY KEY (feed_url, entry)
);
CREATE TABLE IF NOT EXISTS trackers (channel_id INTEGER PRIMARY KEY, guild_id INTEGER, name TEXT, set_by INTEGER, at REAL);
CREATE TABLE IF NOT EXISTS tracker_posts (channel_id INTEGER, record TEXT, at REAL, PRIMARY KEY (channel_id, record));
"""
PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700
ADDED = "added"
FAILED = "failed"
ENTRY_ATTEMPTS = 3  # polls in which an entry whose article cannot be read is tried before it is given up


class FeedBookError(WhobackedError):
    """The feeds' tables cannot be opened; the message says what to do."""


@dataclass(frozen=True)
class FollowedFeed:
    """One followed feed and how its polls went."""

    url: str
    title: str
    match: list[str]
    every_minutes: float
    etag: str
    last_modified: str
    last_poll: float | None
    last_new: float | None
    next_due: float
    failures: int
    last_error: str

    @property
    def state(self) -> str:
        """'ok', 'never polled' or 'failing (N): why'."""
        if self.failures:
            return f"failing ({self.failures} in a row): {self.last_error}"
        return "ok" if self.last_poll is not None else "never polled"


@dataclass(frozen=True)
class Tracker:
    """A channel that is sent each new endorsement record (all of them, or those naming one name)."""

    channel_id: int
    guild_id: int
    name: str


class FeedBook:
    """The feed and tracker tables of one state database."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
            os.close(os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE_FILE))
            self._db = sqlite3.connect(path, check_same_thread=False, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.DatabaseError) as error:
            raise FeedBookError(
                f"The state database {path} cannot be opened ({error}): check the data folder's permissions, "
                "or move the damaged file away."
            ) from error

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ---- feeds --------------------------------------------------------------------------------------------

    def follow(self, url: str, title: str, match: Iterable[str], every_minutes: float, added_by: str) -> bool:
        """Start following a feed (due at once); False when it is followed already."""
        with self._lock, self._db:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO feeds (url, title, match, every_minutes, added_at, added_by) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (url, title, "\n".join(match), every_minutes, time.time(), added_by),
            )
            return cursor.rowcount == 1

    def unfollow(self, url: str) -> bool:
        """Stop following a feed (its entries stay remembered, so following it again adds nothing twice)."""
        with self._lock, self._db:
            return self._db.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount == 1

    def feeds(self) -> list[FollowedFeed]:
        with self._lock:
            rows = self._db.execute(
                "SELECT url, title, match, every_minutes, etag, last_modified, last_poll, last_new, next_due, "
                "failures, last_error FROM feeds ORDER BY added_at, url"
            ).fetchall()
        return [FollowedFeed(r[0], r[1], [w for w in (r[2] or "").split("\n") if w], *r[3:]) for r in rows]

    def feed(self, url: str) -> FollowedFeed | None:
        return next((f for f in self.feeds() if f.url == url), None)

    def polled(
        self, url: str, *, etag: str, last_modified: str, title: str, new: bool, next_due: float, error: str = ""
    ) -> None:
        """Record one poll: validators to send next time, when it is due again, and the failure if any."""
        now = time.time()
        with self._lock, self._db:
            if error:
                self._db.execute(
                    "UPDATE feeds SET last_poll = ?, next_due = ?, failures = failures + 1, last_error = ? "
                    "WHERE url = ?",
                    (now, next_due, error, url),
                )
                return
            self._db.execute(
                "UPDATE feeds SET last_poll = ?, next_due = ?, failures = 0, last_error = '', etag = ?, "
                "last_modified = ?, title = coalesce(nullif(?, ''), title), "
                "last_new = CASE WHEN ? THEN ? ELSE last_new END WHERE url = ?",
                (now, next_due, etag, last_modified, title, int(new), now, url),
            )

    # ---- entries ------------------------------------------------------------------------------------------

    def seen(self, url: str) -> set[str]:
        """The keys of a feed's entries that are done with: added, found in the corpus, left out, or given up."""
        with self._lock:
            rows = self._db.execute(
                "SELECT entry FROM feed_entries WHERE feed_url = ? AND (outcome != ? OR attempts >= ?)",
                (url, FAILED, ENTRY_ATTEMPTS),
            ).fetchall()
        return {row[0] for row in rows}

    def failed(self, url: str, entry: str, link: str) -> int:
        """Count one more poll in which an entry's article could not be read; returns how many so far."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO feed_entries (feed_url, entry, link, article, outcome, at, attempts) "
                "VALUES (?, ?, ?, '', ?, ?, 1) ON CONFLICT (feed_url, entry) DO UPDATE SET attempts = attempts + 1",
                (url, entry, link, FAILED, time.time()),
            )
            row = self._db.execute(
                "SELECT attempts FROM feed_entries WHERE feed_url = ? AND entry = ?", (url, entry)
            ).fetchone()
        return int(row[0])

    def took(self, url: str, entry: str, link: str, article: str, outcome: str) -> None:
        """Remember one entry: the article it became (outcome 'added'), or why none was added."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO feed_entries (feed_url, entry, link, article, outcome, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (url, entry, link, article, outcome, time.time()),
            )

    def unannounced(self) -> list[str]:
        """Articles added from feeds whose records the trackers have not been sent yet, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT article FROM feed_entries WHERE outcome = ? AND NOT announced ORDER BY at", (ADDED,)
            ).fetchall()
        return list(dict.fromkeys(row[0] for row in rows))

    def announced(self, articles: Iterable[str]) -> None:
        with self._lock, self._db:
            self._db.executemany("UPDATE feed_entries SET announced = 1 WHERE article = ?", [(a,) for a in articles])

    # ---- trackers -----------------------------------------------------------------------------------------

    def set_tracker(self, channel_id: int, guild_id: int, name: str, set_by: int) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO trackers VALUES (?, ?, ?, ?, ?)",
                (channel_id, guild_id, name, set_by, time.time()),
            )

    def trackers(self, guild_id: int | None = None) -> list[Tracker]:
        where, args = ("WHERE guild_id = ?", (guild_id,)) if guild_id is not None else ("", ())
        with self._lock:
            rows = self._db.execute(f"SELECT channel_id, guild_id, name FROM trackers {where} ORDER BY at", args)
            return [Tracker(*row) for row in rows.fetchall()]

    def tracker_off(self, guild_id: int, channel_id: int | None = None) -> int:
        """Switch off one channel's tracker, or every tracker of a server; returns how many."""
        with self._lock, self._db:
            if channel_id is None:
                return self._db.execute("DELETE FROM trackers WHERE guild_id = ?", (guild_id,)).rowcount
            return self._db.execute(
                "DELETE FROM trackers WHERE guild_id = ? AND channel_id = ?", (guild_id, channel_id)
            ).rowcount

    def posted(self, channel_id: int) -> set[str]:
        """The keys of the records already sent to a channel."""
        with self._lock:
            rows = self._db.execute("SELECT record FROM tracker_posts WHERE channel_id = ?", (channel_id,))
            return {row[0] for row in rows.fetchall()}

    def mark_posted(self, channel_id: int, records: Iterable[str]) -> None:
        now = time.time()
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR IGNORE INTO tracker_posts VALUES (?, ?, ?)", [(channel_id, r, now) for r in records]
            )
