"""The labelled passages: templates are checked, filled with invented names, and every ordered pair labelled."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from index.tools.passages import (
    FILLERS_FILE,
    PASSAGES_FILE,
    TEMPLATES_DIR,
    TemplateError,
    check_template,
    coverage,
    fill,
    generate,
    read_templates,
)

WORDS = json.loads(FILLERS_FILE.read_text(encoding="utf-8"))


def template(**changes: object) -> dict:
    base = {
        "id": "t-01",
        "family": "test",
        "style": "uk",
        "sentences": ["{P1} met {P2} in {place}.", "{P1.He} later endorsed {P3} for {office}."],
        "relations": [["P1", "P3", "supports", "current"]],
    }
    return {**base, **changes}


def test_a_passage_names_each_slot_and_place_where_the_text_says_it_and_labels_every_ordered_pair() -> None:
    passage = fill(template(genders={"P1": "f"}), WORDS, random.Random(1))
    for mention in passage["mentions"]:
        for part, start, end in mention["spans"]:
            text = passage["heading"] if part == -1 else passage["sentences"][part]
            assert mention["name"].endswith(text[start:end])
    assert len(passage["pairs"]) == 4 * 3  # three people and the place, each way round
    stated = [(p["backer"], p["backed"], p["stance"], p["sentence"]) for p in passage["pairs"] if p["stance"] != "none"]
    assert stated == [("P1", "P3", "supports", 1)]
    assert passage["sentences"][1].startswith("She later endorsed")


def test_filling_is_seeded_so_the_same_templates_give_the_same_passages() -> None:
    first = list(generate([template()], WORDS, seed=5))
    assert first == list(generate([template()], WORDS, seed=5))
    assert first != list(generate([template()], WORDS, seed=6))


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"relations": [["P1", "P9", "supports", "current"]]}, "does not name"),
        ({"relations": [["P1", "P3", "likes", "current"]]}, "stance in"),
        ({"sentences": ["{P1} met {X1}."]}, "unknown placeholder"),
        ({"sentences": ["{U1.he} backs {P1}."]}, "is not a form"),
        ({"style": "fr"}, "style"),
        ({"genders": {"P1": "x"}}, "genders"),
    ],
)
def test_a_malformed_template_is_refused_with_what_is_wrong(changes: dict, complaint: str) -> None:
    with pytest.raises(TemplateError, match=complaint):
        check_template(template(**changes), "test.jsonl:1")


def test_the_shipped_templates_are_valid_and_the_shipped_passages_are_what_they_generate() -> None:
    templates = read_templates(TEMPLATES_DIR)
    shipped = [json.loads(line) for line in PASSAGES_FILE.read_text(encoding="utf-8").splitlines()]
    assert shipped == [json.loads(json.dumps(p)) for p in generate(templates, WORDS)]  # as written: lists, not tuples


def test_the_labelled_corpus_is_as_large_and_varied_as_its_readme_says() -> None:
    passages = [json.loads(line) for line in PASSAGES_FILE.read_text(encoding="utf-8").splitlines()]
    table = coverage(passages)
    assert len(passages) >= 4000
    assert sum(len(p["pairs"]) for p in passages) >= 20000
    assert len(table) >= 20
    assert {p["style"] for p in passages} == {"uk", "us", "ca", "au", "ie"}
    assert {"validation", "train"} == {p["split"] for p in passages}


def test_no_passage_copies_a_sentence_of_the_shared_real_articles() -> None:
    real = Path(__file__).resolve().parents[4] / "shared" / "eval" / "real" / "articles"
    if not real.is_dir():
        pytest.skip("../shared/eval/real is not beside this checkout")
    texts = " ".join(path.read_text(encoding="utf-8") for path in real.glob("*.md"))
    templates = read_templates(TEMPLATES_DIR)
    for passage in generate(templates, WORDS, fills=1):
        for sentence in passage["sentences"]:
            assert len(sentence) < 60 or sentence not in texts
