"""SQLite helpers: the files of ``data/cache/`` (opened with their table, started afresh when damaged, compacted
after large deletions) and lookups of many keys at once (``IN (...)`` in chunks)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

DAMAGED = ("SQLITE_NOTADB", "SQLITE_CORRUPT")  # a cache in this state is rebuilt, not repaired
IN_CHUNK = 500  # keys per `IN (...)`, well below SQLite's limit on bound parameters

log = logging.getLogger(__name__)


def open_cache(path: Path, table: str, what: str) -> sqlite3.Connection:
    """Open (or create) a cache database with its table; a damaged one is deleted with a warning and begun empty.

    A cache only saves work, so losing one costs time, never data.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect(path, table)
    except sqlite3.DatabaseError as error:
        if error.sqlite_errorname not in DAMAGED:
            raise
        log.warning("The %s %s is damaged (%s): starting an empty one.", what, path, error)
        for damaged in (path, path.with_name(path.name + "-journal")):
            damaged.unlink(missing_ok=True)
        return _connect(path, table)


def _connect(path: Path, table: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=30)
    try:
        connection.execute(table)
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def compact(connection: sqlite3.Connection) -> None:
    """Give the file's free pages back to the disk when they are more than half of it (after a large deletion)."""
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    free = connection.execute("PRAGMA freelist_count").fetchone()[0]
    if free * 2 > pages:
        connection.execute("VACUUM")


def rows_in(
    run: Callable[[str, Sequence[Any]], Iterable[tuple[Any, ...]]],
    query: str,
    keys: Sequence[Any],
    before: Sequence[Any] = (),
) -> Iterator[tuple[Any, ...]]:
    """The rows QUERY gives for every one of KEYS, asked IN_CHUNK distinct keys at a time.

    QUERY holds one ``IN ({marks})``; RUN executes a query with its parameters (``connection.execute`` or a
    wrapper); BEFORE are the parameters that come ahead of the keys.
    """
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), IN_CHUNK):
        chunk = unique[start : start + IN_CHUNK]
        yield from run(query.format(marks=",".join("?" * len(chunk))), [*before, *chunk])
