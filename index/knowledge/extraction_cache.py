"""Each article's extracted records, kept between builds in one SQLite file next to the embedding cache.

The caller keys an entry by everything the records depend on (see index.knowledge.extract.article_key), so an entry
found is exactly what a fresh extraction would give, and a build extracts only new or affected articles again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from index.models import Endorsement
from index.search.cache_db import compact, open_cache, rows_in

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleReading:
    """What one article says: its records, and the full names of the people it names."""

    records: list[Endorsement]
    people: list[str]
    branches: list[str]  # the constituency parties it names ("Holborn and St Pancras CLP")
    roles: list[
        tuple[str, str]
    ]  # ("the former foreign secretary", "Margaret Beckett"): roles the article ties to names


class ExtractionCache:
    """Article records keyed by article key, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.connection = open_cache(
            path, "CREATE TABLE IF NOT EXISTS articles (key TEXT PRIMARY KEY, value TEXT)", "extraction cache"
        )

    def get_many(self, keys: Sequence[str]) -> dict[str, ArticleReading]:
        found: dict[str, ArticleReading] = {}
        for key, value in rows_in(
            self.connection.execute, "SELECT key, value FROM articles WHERE key IN ({marks})", keys
        ):
            stored = json.loads(value)
            found[key] = ArticleReading(
                [Endorsement(**r) for r in stored["records"]],
                stored["people"],
                stored["branches"],
                [(alias, name) for alias, name in stored["roles"]],
            )
        return found

    def put_many(self, items: dict[str, ArticleReading]) -> None:
        rows = [
            (
                key,
                json.dumps(
                    {
                        "records": [asdict(r) for r in reading.records],
                        "people": reading.people,
                        "branches": reading.branches,
                        "roles": reading.roles,
                    }
                ),
            )
            for key, reading in items.items()
        ]
        with self.connection:
            self.connection.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?)", rows)

    def keep_only(self, keys: Sequence[str]) -> None:
        """Drop the entries of articles no longer in the corpus or no longer as they were."""
        stale = {key for (key,) in self.connection.execute("SELECT key FROM articles")} - set(keys)
        with self.connection:
            self.connection.executemany("DELETE FROM articles WHERE key = ?", [(key,) for key in stale])
        if stale:
            compact(self.connection)
            log.info("Deleted %d cached article readings that no article uses.", len(stale))

    def close(self) -> None:
        self.connection.close()
