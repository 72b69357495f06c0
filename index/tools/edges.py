"""Score endorsement records against gold edges (``endorsements.jsonl``) and sentences that state none.

A record matches a gold edge of the same article when backer and backed match by alias (case, titles and a
possessive aside; a one-word name matches the last word of a full one), and stance and time agree; for
``undeclared`` an empty side matches anything. A record contradicts a gold edge when it names the same two
ends (either way round) with another stance or time, and no gold edge matches it. A record whose quote overlaps
a negative sentence is counted against the negatives.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index.errors import WhobackedError
from index.lexicon import HONORIFICS
from index.models import Endorsement

STOP = frozenset({"the", "of", "and", "a", "an"})
ORG_TAIL = frozenset({"constituency", "labour", "party", "clp", "branch", "local"})


class GoldFileError(WhobackedError):
    """The gold file cannot be read."""


@dataclass
class EdgeScore:
    """Recall of the gold edges, precision of the records, contradictions and negatives hit."""

    gold: int = 0
    found: int = 0
    records: int = 0
    matching: int = 0
    contradictions: list[tuple[Endorsement, dict]] = field(default_factory=list)
    negatives: list[tuple[Endorsement, str]] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    unmatched: list[Endorsement] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.matching / self.records if self.records else 1.0

    def to_json(self) -> dict[str, object]:
        return {
            "gold": self.gold,
            "found": self.found,
            "recall": round(self.recall, 3),
            "records": self.records,
            "matching": self.matching,
            "precision": round(self.precision, 3),
            "contradictions": [[r.to_json(), g] for r, g in self.contradictions],
            "negatives": [[r.to_json(), s] for r, s in self.negatives],
            "missed": self.missed,
            "unmatched": [r.to_json() for r in self.unmatched],
        }


def read_jsonl(path: Path) -> list[dict]:
    try:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise GoldFileError(f"Cannot read {path}: give a UTF-8 JSON-lines file of gold edges.") from error


def _words(name: str) -> list[str]:
    name = re.sub(r"[’']s\b", "", name.lower())
    words = [w for w in re.findall(r"[\w-]+", name) if w not in STOP and w.strip(".") not in HONORIFICS]
    return words


def names_match(record_name: str, gold_names: Sequence[str]) -> bool:
    """Whether a record's name is one of the gold names, by words without titles; a surname matches a full name."""
    mine = _words(record_name)
    if not mine:
        return False
    for gold in gold_names:
        theirs = _words(gold)
        if not theirs:
            continue
        if mine == theirs or mine[-1] == theirs[-1] and (set(mine) <= set(theirs) or set(theirs) <= set(mine)):
            return True
        places = [w for w in mine if w not in ORG_TAIL], [w for w in theirs if w not in ORG_TAIL]
        if places[0] and places[0] == places[1]:  # "Makerfield CLP" is the Makerfield constituency Labour Party
            return True
    return False


def _same_article(record: Endorsement, gold: dict) -> bool:
    return Path(gold["article"]).stem == record.article


def _ends_match(record: Endorsement, gold: dict) -> bool:
    backers = [gold["backer"], *gold.get("backer_aliases", [])]
    backed = [gold["backed"], *gold.get("backed_aliases", [])] if gold["backed"] else []
    if not names_match(record.backer, backers):
        return False
    if gold["stance"] == "undeclared" and (not gold["backed"] or not record.backed):
        return True
    return bool(backed) and bool(record.backed) and names_match(record.backed, backed)


def _matches(record: Endorsement, gold: dict) -> bool:
    return (
        _same_article(record, gold)
        and record.stance == gold["stance"]
        and record.when == gold["when"]
        and _ends_match(record, gold)
    )


def _contradicts(record: Endorsement, gold: dict) -> bool:
    if not _same_article(record, gold) or not record.backed or not gold["backed"]:
        return False
    backers = [gold["backer"], *gold.get("backer_aliases", [])]
    backed = [gold["backed"], *gold.get("backed_aliases", [])]
    same = names_match(record.backer, backers) and names_match(record.backed, backed)
    reversed_ = names_match(record.backer, backed) and names_match(record.backed, backers)
    return reversed_ or same and (record.stance != gold["stance"] or record.when != gold["when"])


def score_edges(records: Sequence[Endorsement], gold: Sequence[dict], negatives: Sequence[dict] = ()) -> EdgeScore:
    """Recall, precision, contradictions and negatives hit, over the articles the gold file covers."""
    articles = {Path(g["article"]).stem for g in gold} | {Path(n["article"]).stem for n in negatives}
    mine = [r for r in records if r.article in articles]
    relations: dict[tuple[str, ...], list[dict]] = {}
    for edge in gold:  # one relation may have several pieces of evidence, each with its own aliases
        relations.setdefault(_relation_key(edge), []).append(edge)
    found = {key for key, edges in relations.items() if any(_matches(r, g) for r in mine for g in edges)}
    result = EdgeScore(gold=len(relations), found=len(found), records=len(mine))
    result.missed = [edges[0] for key, edges in relations.items() if key not in found]
    for record in mine:
        if any(_matches(record, g) for g in gold):
            result.matching += 1
            continue
        result.unmatched.append(record)
        clash = next((g for g in gold if _contradicts(record, g)), None)
        if clash is not None:
            result.contradictions.append((record, clash))
    for negative in negatives:
        sentence = negative["sentence"].strip()
        for record in mine:
            if record.article == Path(negative["article"]).stem and (
                sentence in record.quote or record.quote in sentence
            ):
                result.negatives.append((record, sentence))
    return result


def _relation_key(gold: dict) -> tuple[str, ...]:
    return (gold["article"], gold["backer"], gold["backed"], gold["stance"], gold["when"], gold.get("contest", ""))


def format_score(score: EdgeScore, verbose: bool = False) -> str:
    lines = [
        f"gold relations found: {score.found}/{score.gold} (recall {score.recall:.3f})",
        f"records matching a gold relation: {score.matching}/{score.records} (precision {score.precision:.3f})",
        f"records contradicting a gold relation: {len(score.contradictions)}",
        f"records from negative sentences: {len(score.negatives)}",
    ]
    if verbose:
        lines += ["", "contradictions:"]
        lines += [
            f"  {_line(r)}  vs gold {g['backer']} -> {g['backed']} {g['stance']}" for r, g in score.contradictions
        ]
        lines += ["negatives:"] + [f"  {_line(r)}" for r, _ in score.negatives]
        lines += ["unmatched records:"] + [f"  {_line(r)}" for r in score.unmatched]
        lines += ["missed gold:"] + [
            f"  {g['article'][:2]} {g['backer']} -> {g['backed']} {g['stance']} {g['when']}" for g in score.missed
        ]
    return "\n".join(lines)


def _line(record: Endorsement) -> str:
    return f"{record.article[:2]} {record.backer} -{record.stance}/{record.when}-> {record.backed or '?'} | {record.quote[:90]}"
