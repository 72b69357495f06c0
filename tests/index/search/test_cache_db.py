"""Cache databases: a damaged one is replaced by an empty one with a warning; a healthy one keeps its rows."""

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from index.search.cache_db import IN_CHUNK, open_cache, rows_in

TABLE = "CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, value TEXT)"


def test_damaged_cache_is_started_empty_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A file that is not a database is deleted, named in a warning, and an empty cache works in its place."""
    path = tmp_path / "cache" / "items.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"this is not an SQLite database" * 100)
    connection = open_cache(path, TABLE, "test cache")
    connection.execute("INSERT INTO items VALUES ('a', '1')")
    assert connection.execute("SELECT count(*) FROM items").fetchone() == (1,)
    assert "test cache" in caplog.text and "damaged" in caplog.text


def test_healthy_cache_keeps_its_rows(tmp_path: Path) -> None:
    """Reopening a cache finds what was stored, and creates its folder the first time."""
    path = tmp_path / "new" / "items.sqlite3"
    with open_cache(path, TABLE, "test cache") as connection:
        connection.execute("INSERT INTO items VALUES ('a', '1')")
    assert open_cache(path, TABLE, "test cache").execute("SELECT value FROM items").fetchall() == [("1",)]


def test_rows_in_asks_for_many_keys_in_chunks(tmp_path: Path) -> None:
    """More keys than one IN (...) takes, repeated keys and leading parameters all give each row once."""
    connection = sqlite3.connect(tmp_path / "rows.sqlite3")
    connection.execute("CREATE TABLE items (kind TEXT, key INTEGER, value TEXT)")
    connection.executemany("INSERT INTO items VALUES (?, ?, ?)", [(k, n, f"{k}{n}") for k in "ab" for n in range(2000)])
    asked: list[int] = []

    def run(query: str, parameters: Sequence[object]) -> list[tuple[object, ...]]:
        asked.append(len(parameters))
        return connection.execute(query, parameters).fetchall()

    keys = [*range(0, 1500, 2), *range(0, 1500, 2), 1999]
    rows = list(rows_in(run, "SELECT key, value FROM items WHERE kind = ? AND key IN ({marks})", keys, ["b"]))
    assert sorted(rows) == [(n, f"b{n}") for n in [*range(0, 1500, 2), 1999]]
    assert max(asked) <= IN_CHUNK + 1 and len(asked) == 2
