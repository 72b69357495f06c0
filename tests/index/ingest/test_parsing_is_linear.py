"""Parsing an upload-sized worst case (512 KB of "Mr. ", stops, spaces) takes seconds, not the quadratic minutes."""

import subprocess
import sys

import pytest

from index.ingest.corpus import caption_body, split_sentences

WORST_CASES = {
    "titles": '"Mr. " * 131_072',
    "stops and spaces": '". " * 262_144 + "A"',
    "dashes before a stop": '"- " * 262_144 + ". A"',
    "caption with a long gap": '"Ham & High: x" + " \\t" * 262_144 + "(Image: y) z"',
    "run of stops": '"." * 524_288 + " A"',
}


@pytest.mark.parametrize("expression", WORST_CASES.values(), ids=WORST_CASES.keys())
def test_a_512_kb_worst_case_parses_within_seconds(expression: str) -> None:
    """Each case runs in a fresh interpreter that must finish parsing within a generous 60 s (it takes < 1 s)."""
    code = f"from index.ingest.corpus import parse_article; parse_article('worst', {expression})"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_titles_still_do_not_end_sentences() -> None:
    """The linear splitter keeps the old behaviour: "Mr." and "Cllr." never end a sentence; real stops do."""
    text = "Mr. Smith met Cllr. Jones. They agreed! Summr. Next."
    assert [text[s.start : s.end] for s in split_sentences(text)] == [
        "Mr. Smith met Cllr. Jones.",
        "They agreed!",
        "Summr.",
        "Next.",
    ]


def test_caption_found_without_backtracking() -> None:
    """A doubled scraped caption with its credit gives one copy; body text is not a caption."""
    assert caption_body("Ham & High: Tom at the hustingsTom at the hustings (Image: Archant)") == "Tom at the hustings"
    assert caption_body("Ham & High: Tom spoke (and won) at the hustings.") is None
    assert caption_body("A very long outlet name that cannot be an outlet at all: x (Image: y)") is None
