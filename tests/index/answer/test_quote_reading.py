"""Question-time reading: when no record answers, the lead states what the shown quote proves, read by the relation
model, and otherwise says only what the quotes are about (never a bare "From X:")."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.answer.answering import answer_question
from index.answer.quote_reading import QuoteReader
from index.engine import Engine, Snapshot, open_snapshot
from index.knowledge.learned import load_relation_model
from index.search.embedder import Embedder
from index.search.snapshot import DataLayout
from index.settings import Settings

ARTICLE = """title: Harbour Party race opens
source: Harbour Gazette
date: 2026-03-02
---
Oren Vasquez and Ida Brannock are the two candidates to lead the Harbour Party.

Marta Quellin put her name on Oren Vasquez's nomination papers on Monday.

Ida Brannock spent the weekend touring the northern towns.
"""


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> tuple[Snapshot, Snapshot, Snapshot]:
    """The same index, read by rules alone (the rules miss the nomination), opened without quote reading, with it
    at the default threshold, and with it at a threshold low enough for this find (0.4)."""
    root = tmp_path_factory.mktemp("quote-reading")
    (root / "corpus").mkdir()
    (root / "corpus" / "harbour.md").write_text(ARTICLE, encoding="utf-8")
    settings = Settings(corpus_dir=root / "corpus", data_dir=root / "data", model="", reader="rules")
    Engine.open(settings, embedder)
    folder = DataLayout(settings.data_dir).current()
    assert folder is not None
    model = load_relation_model()
    default, lowered = QuoteReader(model, settings.confidence_threshold), QuoteReader(model, 0.4)
    return (
        open_snapshot(folder, embedder),
        open_snapshot(folder, embedder, quote_reader=default),
        open_snapshot(folder, embedder, quote_reader=lowered),
    )


def test_the_rules_miss_the_nomination(snapshots: tuple[Snapshot, Snapshot, Snapshot]) -> None:
    plain, _, _ = snapshots
    assert not [r for r in plain.knowledge.records if r.backed == "Oren Vasquez"]


def test_a_lead_states_what_the_quote_proves_when_the_model_is_sure_enough(
    snapshots: tuple[Snapshot, Snapshot, Snapshot],
) -> None:
    _, unsure, reading = snapshots
    assert "Marta Quellin" not in answer_question(unsure.knowledge, unsure.retriever, "Who backed Oren Vasquez?").lead
    answer = answer_question(reading.knowledge, reading.retriever, "Who backed Oren Vasquez?")
    assert "Marta Quellin" in answer.lead
    assert "Ida Brannock" not in answer.lead
    assert any("put her name on Oren Vasquez's nomination papers" in q.text for q in answer.quotes)


def test_without_the_model_the_lead_claims_nothing(snapshots: tuple[Snapshot, Snapshot, Snapshot]) -> None:
    plain, _, _ = snapshots
    answer = answer_question(plain.knowledge, plain.retriever, "Who backed Oren Vasquez?")
    assert "Marta Quellin" not in answer.lead
    assert not answer.lead.startswith("From ")


def test_the_model_never_turns_a_quote_into_a_relation_it_does_not_state(
    snapshots: tuple[Snapshot, Snapshot, Snapshot],
) -> None:
    _, _, reading = snapshots
    answer = answer_question(reading.knowledge, reading.retriever, "Who is Ida Brannock backing?")
    assert "Oren Vasquez" not in answer.lead and "Marta Quellin" not in answer.lead


def test_reading_quotes_is_off_with_the_rules_reader(tmp_path: Path, embedder: Embedder) -> None:
    settings = Settings(corpus_dir=tmp_path / "c", data_dir=tmp_path / "d", model="", reader="rules")
    assert Engine(settings, embedder)._quote_reader() is None
