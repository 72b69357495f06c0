"""The SQLite files of ``data/cache/``: opened with their table, and started afresh when damaged."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

DAMAGED = ("SQLITE_NOTADB", "SQLITE_CORRUPT")  # a cache in this state is rebuilt, not repaired

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
