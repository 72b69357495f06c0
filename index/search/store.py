"""The SQLite database of one index snapshot: articles, paragraphs (by FAISS id) and endorsement records."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from index.errors import WhobackedError
from index.ingest.corpus import Article, Paragraph, Sentence
from index.models import Endorsement, Entity
from index.search.cache_db import rows_in

SCHEMA = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY, title TEXT, source TEXT, date TEXT, url TEXT, hash TEXT, paragraphs INTEGER
);
CREATE TABLE paragraphs (
    id INTEGER PRIMARY KEY, article_id TEXT REFERENCES articles(id), position INTEGER, text TEXT,
    is_caption INTEGER, sentences TEXT
);
CREATE INDEX paragraphs_by_article ON paragraphs(article_id, position);
CREATE TABLE endorsements (
    id INTEGER PRIMARY KEY, backer TEXT, backer_kind TEXT, backed TEXT, stance TEXT, "when" TEXT,
    votes TEXT, article_id TEXT, paragraph INTEGER, quote TEXT, year TEXT, contest TEXT, confidence REAL
);
CREATE TABLE entities (name TEXT, kind TEXT, alias TEXT);
"""


class StoreError(WhobackedError):
    """The snapshot database is missing, locked or damaged; the message says what to do."""


@dataclass(frozen=True)
class ArticleInfo:
    """What a citation needs to know about an article."""

    id: str
    title: str
    source: str
    date: str
    url: str
    paragraphs: int


def write_store(
    path: Path,
    articles: Sequence[Article],
    endorsements: Iterable[Endorsement] = (),
    entities: Iterable[Entity] = (),
) -> list[Paragraph]:
    """Write a new database; paragraphs get ids 0..n-1 in the order returned (the FAISS order)."""
    connection = sqlite3.connect(path)
    try:
        connection.executescript(SCHEMA)
        paragraphs: list[Paragraph] = []
        for article in articles:
            connection.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.title,
                    article.source,
                    article.date,
                    article.url,
                    article.content_hash,
                    len(article.paragraphs),
                ),
            )
            for paragraph in article.paragraphs:
                connection.execute(
                    "INSERT INTO paragraphs VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        len(paragraphs),
                        article.id,
                        paragraph.position,
                        paragraph.text,
                        int(paragraph.is_caption),
                        json.dumps([[s.start, s.end] for s in paragraph.sentences]),
                    ),
                )
                paragraphs.append(paragraph)
        connection.executemany(
            'INSERT INTO endorsements (backer, backer_kind, backed, stance, "when", votes, article_id, paragraph, quote, '
            "year, contest, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (e.backer, e.backer_kind, e.backed, e.stance, e.when, e.votes, e.article, e.paragraph, e.quote)
                + (e.year, e.contest, e.confidence)
                for e in endorsements
            ],
        )
        connection.executemany("INSERT INTO entities VALUES (?, ?, ?)", [(e.name, e.kind, e.alias) for e in entities])
        connection.commit()
    finally:
        connection.close()
    return paragraphs


class Store:
    """Read-only access to a snapshot database, safe to share between threads."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise StoreError(f"The index database {path} is missing: run `whobacked build` to rebuild it.")
        self._lock = threading.Lock()
        try:
            self._connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=5)
            self._connection.execute("SELECT count(*) FROM articles").fetchone()
        except sqlite3.DatabaseError as error:
            raise StoreError(
                f"The index database {path.name} cannot be read ({error}): run `whobacked build` to rebuild it."
            ) from error

    def _rows(self, query: str, parameters: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._connection.execute(query, parameters).fetchall()
            except sqlite3.DatabaseError as error:
                raise StoreError(f"The index database cannot be read ({error}): run `whobacked build`.") from error

    def articles(self) -> list[ArticleInfo]:
        return [
            ArticleInfo(*row)
            for row in self._rows("SELECT id, title, source, date, url, paragraphs FROM articles ORDER BY id")
        ]

    def paragraphs(self, ids: Sequence[int]) -> dict[int, Paragraph]:
        """Paragraphs by FAISS id."""
        query = "SELECT id, article_id, position, text, is_caption, sentences FROM paragraphs WHERE id IN ({marks})"
        return {row[0]: _paragraph(row[1:]) for row in rows_in(self._rows, query, ids)}

    def article_paragraphs(self, article_id: str) -> list[Paragraph]:
        return [
            _paragraph(row)
            for row in self._rows(
                "SELECT article_id, position, text, is_caption, sentences FROM paragraphs WHERE article_id = ? "
                "ORDER BY position",
                (article_id,),
            )
        ]

    def endorsements(self) -> list[Endorsement]:
        return [
            Endorsement(*row)
            for row in self._rows(
                'SELECT backer, backer_kind, backed, stance, "when", votes, article_id, paragraph, quote, year, contest, '
                "confidence FROM endorsements ORDER BY id"
            )
        ]

    def entities(self) -> list[Entity]:
        return [Entity(*row) for row in self._rows("SELECT name, kind, alias FROM entities")]

    def close(self) -> None:
        with self._lock:
            self._connection.close()


def _paragraph(row: Sequence) -> Paragraph:
    article_id, position, text, is_caption, sentences = row
    return Paragraph(article_id, position, text, bool(is_caption), [Sentence(a, b) for a, b in json.loads(sentences)])
