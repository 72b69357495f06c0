"""The bot's own SQLite database in the data folder: questions asked, latency, abstentions, feedback, settings,
and the audit log of moderators' library actions."""

from __future__ import annotations

import json
import os
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
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY, at REAL, guild_id INTEGER, channel_id INTEGER, user_id INTEGER, user_name TEXT,
    action TEXT, article TEXT, outcome TEXT
);
"""
MIGRATIONS = ("ALTER TABLE questions ADD COLUMN message_id INTEGER",)
PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700


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
    guild_id: int | None = None
    message_id: int | None = None


@dataclass(frozen=True)
class Kept:
    """What the state database keeps about one member (shown by /privacy)."""

    questions: list[tuple[float, str]]  # (asked at, question), newest first
    votes: int


@dataclass(frozen=True)
class Action:
    """One moderator's library action in the audit log: who, when, where, what and how its rebuild ended."""

    at: float
    guild_id: int | None
    channel_id: int | None
    user_id: int
    user_name: str
    action: str
    article: str | None
    outcome: str


class State:
    """Thread-safe access to the state database; every method is quick and may run in a worker thread."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
            os.chmod(path.parent, PRIVATE_FOLDER)
            os.close(os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE_FILE))
            self._connection = sqlite3.connect(path, check_same_thread=False, timeout=10)
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.executescript(SCHEMA)
            columns = {row[1] for row in self._connection.execute("PRAGMA table_info(questions)")}
            if "message_id" not in columns:
                for statement in MIGRATIONS:
                    self._connection.execute(statement)
            self._make_private()
        except (OSError, sqlite3.DatabaseError) as error:
            raise StateError(
                f"The bot's state database {path} cannot be opened ({error}): check the data folder's permissions, "
                "or move the damaged file away."
            ) from error

    def _make_private(self) -> None:
        """The database and its journal files readable by the bot's user only."""
        for suffix in ("", "-wal", "-shm"):
            file = self.path.with_name(self.path.name + suffix)
            if file.exists():
                os.chmod(file, PRIVATE_FILE)

    def record_answer(
        self, answer: Answer, latency_ms: float, user_id: int, channel_id: int | None, guild_id: int | None
    ) -> int:
        """Store one answered question (the asker's id kept until the retention limit); returns its id."""
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

    def link_message(self, question_id: int, message_id: int) -> None:
        """Remember which message shows the answer, so its buttons work on that message only."""
        with self._lock, self._connection:
            self._connection.execute("UPDATE questions SET message_id = ? WHERE id = ?", (message_id, question_id))

    def asked(self, question_id: int) -> Asked | None:
        with self._lock:
            row = self._connection.execute(
                "SELECT id, user_id, question, citations, guild_id, message_id FROM questions WHERE id = ?",
                (question_id,),
            ).fetchone()
        if row is None:
            return None
        citations = [(c, t) for c, t in json.loads(row[3] or "[]")]
        return Asked(row[0], row[1], row[2], citations, row[4], row[5])

    def kept_about(self, user_id: int, limit: int = 10) -> tuple[int, Kept]:
        """How many questions of user_id are kept, the newest few, and their votes."""
        with self._lock:
            count = self._connection.execute("SELECT count(*) FROM questions WHERE user_id = ?", (user_id,)).fetchone()
            rows = self._connection.execute(
                "SELECT asked_at, question FROM questions WHERE user_id = ? ORDER BY asked_at DESC LIMIT ?",
                (user_id, limit),
            ).fetchall()
            votes = self._connection.execute("SELECT count(*) FROM feedback WHERE user_id = ?", (user_id,)).fetchone()
        return int(count[0]), Kept([(float(a), str(q)) for a, q in rows], int(votes[0]))

    def forget_user(self, user_id: int) -> tuple[int, int]:
        """Delete every question and vote of user_id (and the votes on their questions); returns both counts."""
        with self._lock, self._connection:
            ids = "SELECT id FROM questions WHERE user_id = ?"
            self._connection.execute(f"DELETE FROM feedback WHERE question_id IN ({ids})", (user_id,))
            votes = self._connection.execute("DELETE FROM feedback WHERE user_id = ?", (user_id,)).rowcount
            questions = self._connection.execute("DELETE FROM questions WHERE user_id = ?", (user_id,)).rowcount
        return questions, votes

    def purge_older_than(self, days: float) -> int:
        """Delete questions (and their votes) asked more than days ago; returns how many went."""
        cutoff = time.time() - days * 86400
        with self._lock, self._connection:
            old = "SELECT id FROM questions WHERE asked_at < ?"
            self._connection.execute(f"DELETE FROM feedback WHERE question_id IN ({old})", (cutoff,))
            return self._connection.execute("DELETE FROM questions WHERE asked_at < ?", (cutoff,)).rowcount

    def record_feedback(self, question_id: int, user_id: int, helpful: bool) -> bool:
        """Store (or change) one user's vote on an answer; False when the question is unknown."""
        with self._lock, self._connection:
            if self._connection.execute("SELECT 1 FROM questions WHERE id = ?", (question_id,)).fetchone() is None:
                return False
            self._connection.execute(
                "INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?)", (question_id, user_id, int(helpful), time.time())
            )
            return True

    def stats(self, guild_id: int | None = None) -> Stats:
        """Statistics of all servers, or of one server's questions only."""
        where, args = ("WHERE guild_id = ?", (guild_id,)) if guild_id is not None else ("", ())
        with self._lock:
            answered, abstained = self._connection.execute(
                f"SELECT count(*), coalesce(sum(abstained), 0) FROM questions {where}", args
            ).fetchone()
            helpful, unhelpful = self._connection.execute(
                "SELECT coalesce(sum(vote), 0), coalesce(sum(1 - vote), 0) FROM feedback "
                f"WHERE question_id IN (SELECT id FROM questions {where})",
                args,
            ).fetchone()
            latencies = [
                row[0] for row in self._connection.execute(f"SELECT latency_ms FROM questions {where} ORDER BY 1", args)
            ]
        return Stats(answered, abstained, helpful, unhelpful, _percentile(latencies, 50), _percentile(latencies, 95))

    def log_action(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        user_name: str,
        action: str,
        article: str | None,
        outcome: str = "rebuilding",
    ) -> int:
        """Add one moderator action to the audit log (kept: operational records, not members' questions)."""
        with self._lock, self._connection:
            cursor = self._connection.execute(
                "INSERT INTO audit (at, guild_id, channel_id, user_id, user_name, action, article, outcome) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (time.time(), guild_id, channel_id, user_id, user_name, action, article, outcome),
            )
            return int(cursor.lastrowid or 0)

    def set_outcome(self, action_id: int, outcome: str) -> None:
        """Record how an action's rebuild ended."""
        with self._lock, self._connection:
            self._connection.execute("UPDATE audit SET outcome = ? WHERE id = ?", (outcome, action_id))

    def history(self, limit: int) -> list[Action]:
        """The newest actions of the audit log, newest first."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT at, guild_id, channel_id, user_id, user_name, action, article, outcome FROM audit "
                "ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [Action(*row) for row in rows]

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        with self._lock, self._connection:
            self._connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def keys(self, prefix: str) -> list[str]:
        """The settings keys that start with prefix."""
        with self._lock:
            rows = self._connection.execute("SELECT key FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))
            return [row[0] for row in rows]

    def delete(self, key: str) -> None:
        with self._lock, self._connection:
            self._connection.execute("DELETE FROM meta WHERE key = ?", (key,))

    def close(self) -> None:
        with self._lock:
            self._connection.close()


def _percentile(sorted_values: list[float], percent: int) -> float:
    """The nearest-rank percentile of sorted values; 0 when there are none."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-percent * len(sorted_values) // 100))
    return float(sorted_values[rank - 1])
