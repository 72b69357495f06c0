"""The relation model: the shipped weights are the ones the model card names, and they read our own sentences
(written for these tests, never taken from an article) as a reader would."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from index.errors import WhobackedError
from index.ingest.corpus import parse_article
from index.knowledge.extract import Reader, read_article
from index.knowledge.learned import load_relation_model, weights_hash
from index.knowledge.nlp import load_nlp
from index.knowledge.relation_model import BUNDLED_WEIGHTS, READER_DIR, Passage, RelationModel
from index.models import Stance, When

WEIGHTS_SHA256 = "8e5cbfa789ae38df97cbbf517024b8fb949328383a3b965db997860758d4773b"


def test_the_shipped_weights_are_the_ones_the_model_card_names() -> None:
    digest = hashlib.sha256(BUNDLED_WEIGHTS.read_bytes()).hexdigest()
    assert digest == WEIGHTS_SHA256 == weights_hash()
    assert digest in (READER_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_the_weights_carry_their_calibration_and_validation_figures() -> None:
    model = load_relation_model()
    assert 0.5 <= model.temperature <= 5.0
    figures = model.figures
    assert figures["precision"] > 0.7 and figures["recall"] > 0.5
    assert len(figures["families"]) == len(list((READER_DIR / "templates").glob("*.jsonl")))


def _pair(sentence: str, backer: str, backed: str, previous: str = "") -> tuple[str, float, str]:
    a, b = sentence.index(backer), sentence.index(backed)
    passage = Passage("", previous, sentence, ((1, a, a + len(backer)), (1, b, b + len(backed))), ((0, 1),))
    reading = load_relation_model().read([passage])[0][0]
    return reading.stance, reading.confidence, reading.when


@pytest.mark.parametrize(
    ("sentence", "backer", "backed", "stance"),
    [
        (
            "Marta Quellin has endorsed Oren Vasquez for the party leadership.",
            "Marta Quellin",
            "Oren Vasquez",
            "supports",
        ),
        ("Oren Vasquez was endorsed by Marta Quellin on Tuesday.", "Marta Quellin", "Oren Vasquez", "supports"),
        pytest.param(
            "Oren Vasquez won the backing of Marta Quellin on Tuesday.",
            "Marta Quellin",
            "Oren Vasquez",
            "supports",
            marks=pytest.mark.xfail(strict=True, reason="a known miss of the shipped model (MODEL_CARD.md, Limits)"),
        ),
        (
            "Marta Quellin said she had not yet decided whether to back Oren Vasquez.",
            "Marta Quellin",
            "Oren Vasquez",
            "undeclared",
        ),
        (
            "Marta Quellin urged members to reject Oren Vasquez at the ballot.",
            "Marta Quellin",
            "Oren Vasquez",
            "opposes",
        ),
        ("Marta Quellin praised Oren Vasquez's work on housing.", "Marta Quellin", "Oren Vasquez", "none"),
        ("Marta Quellin is expected to back Oren Vasquez next week.", "Marta Quellin", "Oren Vasquez", "none"),
    ],
)
def test_the_model_reads_the_stance_of_a_pair(sentence: str, backer: str, backed: str, stance: str) -> None:
    assert _pair(sentence, backer, backed)[0] == stance


def test_direction_matters() -> None:
    """The one backed does not back the one who backs them."""
    assert _pair("Marta Quellin has endorsed Oren Vasquez.", "Oren Vasquez", "Marta Quellin")[0] == "none"


def test_support_for_an_earlier_contest_is_past() -> None:
    sentence = "Marta Quellin, who backed Oren Vasquez in 2019, now supports Ida Brannock."
    assert _pair(sentence, "Marta Quellin", "Oren Vasquez")[::2] == ("supports", "past")
    assert _pair(sentence, "Marta Quellin", "Ida Brannock")[::2] == ("supports", "current")


ARTICLE = """title: Quellin backs Vasquez
date: 2026-03-02
---
Marta Quellin has endorsed Oren Vasquez for the leadership of the Harbour Party.

Ida Brannock praised Vasquez's record but said she would not endorse anyone before the hustings.
"""


def test_the_default_reader_gives_each_record_the_models_confidence() -> None:
    records = read_article(parse_article("quellin", ARTICLE), load_nlp(""), Reader()).records
    stated = {(r.backer, r.backed, r.stance, r.when) for r in records if r.confidence >= 0.5}
    assert ("Marta Quellin", "Oren Vasquez", Stance.SUPPORTS, When.CURRENT) in stated
    assert not any(r.backer == "Ida Brannock" and r.stance is Stance.SUPPORTS for r in records if r.confidence >= 0.5)
    assert all(0.0 <= r.confidence <= 1.0 for r in records)


def test_a_missing_or_broken_weights_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WhobackedError, match="does not exist"):
        RelationModel(tmp_path / "nothing.safetensors")
    broken = tmp_path / "broken.safetensors"
    broken.write_bytes(b"not weights")
    with pytest.raises(WhobackedError, match="could not be loaded"):
        RelationModel(broken)
