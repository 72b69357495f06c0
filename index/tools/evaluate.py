"""Run a question file (``dev.jsonl`` format) through the engine and score each answer.

Each line is ``{"id", "question", "all_of": [[...], ...]}`` (every group needs one of its strings in the
answer or its quotes), ``{"id", "question", "abstain": true}`` (the answer must decline), or
``{"id", "turns": [...], "all_of": ...}`` (a conversation; only the last turn is scored).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from index.answer.conversation import Conversation
from index.engine import Engine
from index.errors import WhobackedError
from index.models import Answer


class EvalFileError(WhobackedError):
    """The question file cannot be read."""


@dataclass
class EvalResult:
    """One scored question."""

    id: str
    question: str
    passed: bool
    missing: list[list[str]]
    answer: Answer

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "question": self.question,
            "passed": self.passed,
            "missing": self.missing,
            "answer": self.answer.to_json(),
        }


def read_cases(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EvalFileError(f"Cannot read {path}: give a UTF-8 JSON-lines question file.") from error
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except ValueError as error:
            raise EvalFileError(f"Line {number} of {path} is not JSON: fix it and run again.") from error
        if not isinstance(case, dict) or not (case.get("question") or case.get("turns")):
            raise EvalFileError(f'Line {number} of {path} has no "question" or "turns": fix it and run again.')
        cases.append(case)
    return cases


def score(case: dict, answer: Answer) -> tuple[bool, list[list[str]]]:
    """Whether the answer passes the case, and the groups of strings it lacks."""
    if case.get("abstain"):
        return answer.abstained, [] if answer.abstained else [["(should abstain)"]]
    shown = " ".join([answer.lead, *(q.text for q in answer.quotes)]).lower()
    missing = [group for group in case.get("all_of", []) if not any(s.lower() in shown for s in group)]
    return not missing and not answer.abstained, missing


def run_eval(engine: Engine, cases: list[dict]) -> list[EvalResult]:
    results = []
    for number, case in enumerate(cases, start=1):
        turns = case.get("turns") or [case["question"]]
        conversation = Conversation()
        for turn in turns:
            answer = engine.ask(turn, conversation)
        passed, missing = score(case, answer)
        results.append(EvalResult(str(case.get("id", number)), turns[-1], passed, missing, answer))
    return results
