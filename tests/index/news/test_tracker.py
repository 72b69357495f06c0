"""What the tracker tells: the stated records of new articles, as leads, switches and withdrawals, at most ten."""

from __future__ import annotations

from index.models import Endorsement
from index.news.tracker import capped, news_of, record_key
from index.search.store import ArticleInfo


def record(backer: str, backed: str, article: str, when: str = "current", stance: str = "supports", **more: object):
    values: dict[str, object] = {
        "backer": backer,
        "backer_kind": "group",
        "backed": backed,
        "stance": stance,
        "when": when,
        "votes": "",
        "article": article,
        "paragraph": 1,
        "quote": f"{backer} and {backed} in {article}.",
    }
    values.update(more)
    return Endorsement(**values)  # type: ignore[arg-type]


def info(article: str) -> ArticleInfo:
    return ArticleInfo(
        article, f"Title of {article}", "The Loopback Labour News", "2020-01-20", f"https://x/{article}", 3
    )


ARTICLES = [info(a) for a in ("old", "new", "other")]


def leads(records: list[Endorsement], new: list[str], threshold: float = 0.5, names: set[str] | None = None):
    return [
        (a.article.id, [(n.lead, n.kind) for n in a.items]) for a in news_of(records, ARTICLES, new, threshold, names)
    ]


def test_new_records_are_told_as_leads_grouped_by_article() -> None:
    records = [record("Unison", "Keir Starmer", "new"), record("GMB", "Lisa Nandy", "other"), record("A", "B", "old")]
    assert leads(records, ["new", "other"]) == [
        ("new", [("Unison backs Keir Starmer", "new")]),
        ("other", [("GMB backs Lisa Nandy", "new")]),
    ]


def test_only_records_at_or_above_the_threshold() -> None:
    records = [
        record("Unison", "Keir Starmer", "new", confidence=0.5),
        record("GMB", "Lisa Nandy", "new", confidence=0.49, paragraph=2),
    ]
    assert leads(records, ["new"]) == [("new", [("Unison backs Keir Starmer", "new")])]
    assert leads(records, ["new"], threshold=0.9) == []


def test_a_switch_and_a_withdrawal() -> None:
    records = [
        record("Unite", "Rebecca Long-Bailey", "old"),
        record("Unite", "Keir Starmer", "new"),
        record("TSSA", "Lisa Nandy", "old"),
        record("TSSA", "Lisa Nandy", "new", when="past", paragraph=2),
    ]
    assert leads(records, ["new"]) == [
        (
            "new",
            [
                ("Unite now backs Keir Starmer; earlier Unite backed Rebecca Long-Bailey", "switch"),
                ("TSSA no longer backs Lisa Nandy; earlier TSSA backed Lisa Nandy", "withdrawal"),
            ],
        )
    ]


def test_one_name_only() -> None:
    records = [record("Unison", "Keir Starmer", "new"), record("GMB", "Lisa Nandy", "new", paragraph=2)]
    assert leads(records, ["new"], names={"Lisa Nandy"}) == [("new", [("GMB backs Lisa Nandy", "new")])]


def test_at_most_ten_then_how_many_more() -> None:
    records = [record(f"Branch {i}", "Keir Starmer", "new" if i < 8 else "other", paragraph=i) for i in range(14)]
    kept, more = capped(news_of(records, ARTICLES, ["new", "other"], 0.5), 10)
    assert [len(a.items) for a in kept] == [8, 2] and more == 4


def test_a_record_keeps_its_key_across_rebuilds() -> None:
    assert record_key(record("Unison", "Keir Starmer", "new")) == record_key(record("Unison", "Keir Starmer", "new"))
    assert record_key(record("Unison", "Keir Starmer", "new")) != record_key(record("Unison", "Keir Starmer", "old"))
