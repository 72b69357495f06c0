"""Figures for "how many" questions: a number with the thing it counts, taken whole from one clause.

"Smith won 53 nominations, while Corbyn took 285 constituency Labour parties" holds two figures, each in its
own clause and each with its own subject: a question about Corbyn gets "285 constituency Labour parties",
never "285 constituency Labour and 53 nominations". A figure belongs to the entity its clause names (or, when
the clause names nobody, to the one its sentence names alone).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred dozen"
).split()
NUMBER = re.compile(
    r"\b(?:\d+(?:[,.]\d+)*\s+votes?\s+to\s+\d+(?:[,.]\d+)*|\d+(?:[,.]\d+)*(?:\s?(?:%|per ?cent|percent))?|"
    rf"(?:{'|'.join(NUMBER_WORDS)})(?:[- ](?:{'|'.join(NUMBER_WORDS)}))?)(?!\w)",
    re.I,
)
NEXT_WORD = re.compile(r"\s+([A-Za-z0-9][\w&'’-]*)")
OF_TOTAL = re.compile(r"\s+(?:out of|of)(?:\s+the)?\s+\d[\d,.]*|\s+of(?:\s+the)?(?=\s+[a-z])", re.I)
NOT_COUNTED = frozenset(
    "and or to in for from at on by with who that which were was is are have has had be been backed back backs "
    "backing support supported supporting supports nominated nominate endorsed endorse voted against "
    "than over as of the a an after before since when did do does not can will would could".split()
)
MAX_COUNTED_WORDS = 4
MONTHS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun jul "
    "aug sep sept oct nov dec".split()
)
CLAUSE_BREAK = re.compile(r";|,\s*(?:and|but|while|whereas|with|compared with)\b|\s(?:while|whereas|compared with)\s")
YEAR_ONLY = re.compile(r"\b(?:19|20)\d\d\b")
WHOLE_BEFORE = re.compile(r"\b(?:among(?:st)?(?: the| its| their| all)?|out of(?: the)?|of the)\s+$", re.I)
GENERIC_COUNTED = frozenset({"nomination", "vote", "backer", "supporter", "backing", "endorsement", "member"})
KINDS_COUNTED = {  # what a counting noun counts: "CLPs", "constituency parties" and "local branches" alike
    **{w: "branch" for w in ("clp", "constituency", "constituencie", "party", "partie", "branch", "branche", "ward")},
    **{w: "union" for w in ("union", "affiliate")},
    **{w: w for w in ("mp", "msp", "mep", "mla", "mpp", "senator", "lawmaker", "councillor", "peer", "delegate")},
}
VOTE_WORDS = frozenset({"vote", "%", "per", "percent", "majority", "margin", "point", "more"})


@dataclass(frozen=True)
class Figure:
    """A number with what it counts ("147 MPs"), and the clause it stands in."""

    text: str
    clause: str


CLOCK_TIME = re.compile(r"(?:[.:]\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)(?![a-z])", re.I)


def figures(sentence: str) -> list[Figure]:
    """The sentence's figures, each whole from one clause (years on their own are not figures)."""
    found: list[Figure] = []
    for clause in _clauses(sentence):
        taken = 0
        for match in NUMBER.finditer(clause):
            number = match.group()
            if (
                match.start() < taken
                or YEAR_ONLY.fullmatch(number)
                or clause[match.end() : match.end() + 1] in (":", "/")
                or CLOCK_TIME.match(clause, match.end())  # "by Monday's 2.30pm deadline": a time
                or WHOLE_BEFORE.search(clause[: match.start()])  # "among the 97 MPs": the whole, not a count
                or _last_word(clause[: match.start()]) in MONTHS  # "on March 2": a date
            ):
                continue
            counted, at = _counted(clause, match.end())
            if (number[0].isalpha() and not counted) or counted.split(" ")[0].lower() in MONTHS:
                continue
            found.append(Figure(clause[match.start() : at].strip(" ,.;:"), clause))
            taken = at
    return found


def _last_word(text: str) -> str:
    words = re.findall(r"[A-Za-z]+", text[-12:])
    return words[-1].lower() if words else ""


def _counted(clause: str, at: int) -> tuple[str, int]:
    """The words after a number that say what it counts ("of the 357 Tory MPs"), and where they end."""
    words: list[str] = []
    of = OF_TOTAL.match(clause, at)
    if of:
        at = of.end()
    while len(words) < MAX_COUNTED_WORDS:
        word = NEXT_WORD.match(clause, at)
        if not word or word.group(1).lower() in NOT_COUNTED or YEAR_ONLY.fullmatch(word.group(1)):
            if (
                word
                and word.group(1).lower() in ("from", "of")
                and words
                and words[-1].lower().rstrip("s") in GENERIC_COUNTED
            ):
                at = word.end()  # "102 nominations from Conservative MPs"
                continue
            break
        words.append(word.group(1))
        at = word.end()
    return " ".join(words), at


def _clauses(sentence: str) -> list[str]:
    parts, start = [], 0
    for found in CLAUSE_BREAK.finditer(sentence):
        parts.append(sentence[start : found.start()])
        start = found.end()
    parts.append(sentence[start:])
    return [p for p in parts if p.strip()]


def counted_nouns(text: str) -> set[str]:
    """What the counting nouns of a text count ("MPs": mp; "CLPs", "local parties": branch)."""
    words = {_singular(w.lower()) for w in re.findall(r"[A-Za-z]+", text)}
    return {KINDS_COUNTED[w] for w in words if w in KINDS_COUNTED}


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def fits(figure: Figure, wanted: set[str], votes: bool = False) -> bool:
    """Whether the figure counts what the question counts: "34 MSPs" does not answer "how many MPs", "three
    rounds" answers neither "how many MPs" nor "by how much"; a bare number or "53 nominations" may."""
    words = [_singular(w.lower()) for w in re.findall(r"[A-Za-z]+|%", figure.text)]
    if votes:
        return bool(VOTE_WORDS.intersection(words))
    mine = counted_nouns(figure.text)
    if not wanted or mine:
        return not wanted or bool(mine & wanted)
    return not words or any(w in GENERIC_COUNTED for w in words)


def other_year(figure: Figure, year: str, article_year: str) -> bool:
    """Whether the figure's clause dates it to another contest: a year not asked, or before its article's."""
    named = YEAR_ONLY.findall(figure.clause)
    if not named:
        return False
    return year not in named if year else all(y < article_year for y in named) if article_year else False


def attributed(figure: Figure, sentence: str, asked: Sequence[str], others: Sequence[str], preceding: str = "") -> bool:
    """Whether the figure is about the one asked: its clause names them, or names nobody else while the
    sentence (or ``preceding``: its paragraph before it, its article's title) names them and no rival."""
    if not asked:
        return True
    if _names(figure.clause, asked):
        return True
    if _names(figure.clause, others):
        return False
    return not _names(sentence, others) and _names(f"{preceding} {sentence}", asked)


def _names(text: str, names: Sequence[str]) -> bool:
    """Whether the text holds one of the names as whole words ("Ed" is not in "secured")."""
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.I) for n in names if n)
