"""The bot's own SQLite database in the data folder: questions asked, latency, abstentions, feedback, settings."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from index import Answer, WhobackedError

SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY, asked_at REAL, guild_id INTEGER, channel_id INTEGER, user_id INTEGER,
    question TEXT, latency_ms REAL, abstained INTEGER, citations TEXT
);
CREATE TABLE IF NOT EXISTS feedback (
    question_id INTEGER REFERENCES questions(id), user_id INTEGER, vote INTEGER, at REAL,
    PRIMARY KEY (question_id, user_id)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


class StateError(WhobackedError):
    """The bot's state database cannot be opened; the message says what to do."""


@dataclass(frozen=True)
class Stats:
    """What /stats reports about the questions answered so far."""

    answered: int
    abstained: int
    helpful: int
    unhelpful: int
    p50_ms: float
    p95_ms: float


@dataclass(frozen=True)
class Asked:
    """One recorded question with the citations of its quotes."""

    id: int
    user_id: int
    question: str
    citations: list[tuple[str, str]]  # (citation, quote text)


class State:
    """Thread-safe access to the state database; every method is quick and may run in a worker thread."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(path, check_same_thread=False, timeout=10)
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.executescript(SCHEMA)
        except (OSError, sqlite3.DatabaseError) as error:
            raise StateError(
                f"The bot's state database {path} cannot be opened ({error}): check the data folder's permissions, "
                "or move the damaged file away."
            ) from error

    def record_answer(
        self, answer: Answer, latency_ms: float, user_id: int, channel_id: int | None, guild_id: int | None
    ) -> int:
        """Store one answered question; returns its id (used by the feedback buttons)."""
        citations = json.dumps([[q.citation, q.text] for q in answer.quotes], ensure_ascii=False)
        with self._lock, self._connection:
            cursor = self._connection.execute(
                "INSERT INTO questions (asked_at, guild_id, channel_id, user_id, question, latency_ms, abstained, "
                "citations) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time(),
                    guild_id,
                    channel_id,
                    user_id,
                    answer.question,
                    latency_ms,
                    int(answer.abstained),
                    citations,
                ),
            )
            return int(cursor.lastrowid or 0)

    def asked(self, question_id: int) -> Asked | None:
        with self._lock:
            row = self._connection.execute(
                "SELECT id, user_id, question, citations FROM questions WHERE id = ?", (question_id,)
            ).fetchone()
        if row is None:
            return None
        return Asked(row[0], row[1], row[2], [(c, t) for c, t in json.loads(row[3] or "[]")])

    def record_feedback(self, question_id: int, user_id: int, helpful: bool) -> bool:
        """Store (or change) one user's vote on an answer; False when the question is unknown."""
        with self._lock, self._connection:
            if self._connection.execute("SELECT 1 FROM questions WHERE id = ?", (question_id,)).fetchone() is None:
                return False
            self._connection.execute(
                "INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?)", (question_id, user_id, int(helpful), time.time())
            )
            return True

    def stats(self) -> Stats:
        with self._lock:
            answered, abstained = self._connection.execute(
                "SELECT count(*), coalesce(sum(abstained), 0) FROM questions"
            ).fetchone()
            helpful, unhelpful = self._connection.execute(
                "SELECT coalesce(sum(vote), 0), coalesce(sum(1 - vote), 0) FROM feedback"
            ).fetchone()
            latencies = [row[0] for row in self._connection.execute("SELECT latency_ms FROM questions ORDER BY 1")]
        return Stats(answered, abstained, helpful, unhelpful, _percentile(latencies, 50), _percentile(latencies, 95))

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        with self._lock, self._connection:
            self._connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def close(self) -> None:
        with self._lock:
            self._connection.close()


def _percentile(sorted_values: list[float], percent: int) -> float:
    """The nearest-rank percentile of sorted values; 0 when there are none."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-percent * len(sorted_values) // 100))
    return float(sorted_values[rank - 1])
