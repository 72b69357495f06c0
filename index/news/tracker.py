"""What is worth telling after new articles arrive: their endorsement records, with switches and withdrawals.

A record is told when its confidence is at least the threshold (however that confidence was computed). It
reads as a lead ("Unison backs Keir Starmer"); a backer seen backing someone else before reads as a switch
("X now backs B; earlier X backed A"), and past backing of someone an earlier article had as current reads as a
withdrawal ("X no longer backs B; earlier X backed B").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.models import Endorsement, Stance, When
from index.search.store import ArticleInfo


@dataclass(frozen=True)
class News:
    """One record to tell: its lead, what kind of change it is, and a key that stays the same across rebuilds."""

    record: Endorsement
    lead: str
    kind: str  # "new", "switch" or "withdrawal"
    key: str


@dataclass(frozen=True)
class ArticleNews:
    """The records of one new article, in the order the article gives them."""

    article: ArticleInfo
    items: list[News]


def record_key(record: Endorsement) -> str:
    """A stable name of one record: who, whom, stance, time, and the sentence that proves it."""
    parts = (record.backer, record.backed, record.stance, record.when, record.article, str(record.paragraph))
    return hashlib.sha256("\x1f".join((*parts, record.quote)).encode("utf-8")).hexdigest()[:32]


def news_of(
    records: Sequence[Endorsement],
    articles: Iterable[ArticleInfo],
    new_articles: Sequence[str],
    threshold: float,
    names: set[str] | None = None,
) -> list[ArticleNews]:
    """The stated records of the new articles (those naming one of names, when given), grouped by article."""
    stated = [r for r in records if r.confidence >= threshold]
    fresh = set(new_articles)
    info = {a.id: a for a in articles}
    told: list[ArticleNews] = []
    for article_id in dict.fromkeys(new_articles):
        if article_id not in info:
            continue
        mine = sorted((r for r in stated if r.article == article_id), key=lambda r: r.paragraph)
        if names is not None:
            mine = [r for r in mine if r.backer in names or r.backed in names]
        items = [_news(r, stated, fresh) for r in dict.fromkeys(mine)]
        if items:
            told.append(ArticleNews(info[article_id], items))
    return told


def _news(record: Endorsement, stated: list[Endorsement], fresh: set[str]) -> News:
    key = record_key(record)
    backer, backed = record.backer, record.backed
    if record.stance == Stance.SUPPORTS and record.when == When.CURRENT:
        earlier = _distinct(
            r.backed
            for r in stated
            if r.backer == backer
            and r.stance == Stance.SUPPORTS
            and r.backed not in ("", backed)
            and (r.when == When.PAST or r.article not in fresh)
        )
        if earlier:
            return News(record, f"{backer} now backs {backed}; earlier {backer} backed {_join(earlier)}", "switch", key)
        return News(record, f"{backer} backs {backed}", "new", key)
    if record.stance == Stance.SUPPORTS:
        was_current = any(
            r.backer == backer and r.backed == backed and r.when == When.CURRENT and r.article not in fresh
            for r in stated
        )
        still = any(
            r.backer == backer and r.backed == backed and r.when == When.CURRENT and r.article in fresh for r in stated
        )
        if was_current and not still:
            return News(
                record, f"{backer} no longer backs {backed}; earlier {backer} backed {backed}", "withdrawal", key
            )
        return News(record, f"{backer} backed {backed}", "new", key)
    if record.stance == Stance.OPPOSES:
        return News(record, f"{backer} opposes {backed}", "new", key)
    return News(record, f"{backer} has not declared" + (f" for {backed}" if backed else " yet"), "new", key)


def _distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def capped(told: list[ArticleNews], limit: int = 10) -> tuple[list[ArticleNews], int]:
    """At most limit records in all (whole articles first, in order), and how many were left out."""
    kept: list[ArticleNews] = []
    room = limit
    for article in told:
        if room <= 0:
            break
        kept.append(ArticleNews(article.article, article.items[:room]))
        room -= len(kept[-1].items)
    return kept, sum(len(a.items) for a in told) - sum(len(a.items) for a in kept)
