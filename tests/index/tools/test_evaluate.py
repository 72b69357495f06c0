"""`whobacked eval`: the development questions and follow-up conversations all pass, and scoring is strict."""

from pathlib import Path

import pytest

from index.engine import Engine
from index.models import Answer, Quote
from index.tools.evaluate import EvalFileError, read_cases, run_eval, score

DATA = Path(__file__).parents[1] / "data"


@pytest.mark.parametrize("name", ["dev.jsonl", "followups.jsonl"])
def test_every_development_question_passes(engine: Engine, name: str) -> None:
    """Each question (a copy of shared/eval) gets the facts it needs, or declines when it must."""
    results = run_eval(engine, read_cases(DATA / name))
    assert [r.id for r in results if not r.passed] == []


def test_scoring_needs_every_group_and_no_abstention() -> None:
    """A group with none of its strings fails the case; so does an abstention where facts were wanted."""
    quote = Quote("by 96 votes to 54", "a", "A", "", "", "", 3, 1.0)
    case = {"all_of": [["96"], ["54"]]}
    assert score(case, Answer("q", "The vote was close.", [quote])) == (True, [])
    assert score({"all_of": [["96"], ["70"]]}, Answer("q", "lead", [quote])) == (False, [["70"]])
    assert score(case, Answer("q", "96 54", [], abstained=True))[0] is False
    assert score({"abstain": True}, Answer("q", "The articles do not say.", [], abstained=True))[0] is True


def test_bad_question_file_is_one_clear_error(tmp_path: Path) -> None:
    """A line that is not JSON is named with its number."""
    path = tmp_path / "bad.jsonl"
    path.write_text('{"question": "ok?"}\nnot json\n', encoding="utf-8")
    with pytest.raises(EvalFileError, match="Line 2"):
        read_cases(path)
