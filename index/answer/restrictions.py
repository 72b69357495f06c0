"""The restrictions a question puts on the records: kind of backer, year, contest and current or earlier.

"Which MPs backed Burnham for leader in 2015?" keeps records whose backer is an MP, whose contest is the
leadership and whose year is 2015, before any lead is written. A kind of backer is read from the record
(``backer_kind``, the backer's own name) and from the words next to the backer in its quote ("the Unite
union", "MPs Yvonne Fovargue").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from index import lexicon
from index.models import Endorsement

# Kinds of backer a question can ask for, each with the words that ask for it (question side) and the words
# that show a backer is one (record side). Kept here until the lexicon has them.
BACKER_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "mp": (
        ("mp", "mps", "msp", "msps", "lawmaker", "lawmakers", "parliamentarian", "parliamentarians"),
        ("mp", "mps", "msp", "msps", "lawmaker", "lawmakers", "member of parliament", "shadow", "minister"),
    ),
    "union": (
        ("union", "unions", "trade union", "trade unions"),
        ("union", "unions", "unison", "unite", "gmb", "usdaw", "aslef", "tssa", "cwu", "rmt", "nur"),
    ),
    "affiliate": (
        ("affiliate", "affiliates", "affiliated"),
        ("affiliate", "affiliates", "union", "unions", "society", "unison", "unite", "gmb", "usdaw", "sera"),
    ),
    "branch": (
        ("clp", "clps", "branch", "branches", "local party", "local parties", "constituency party"),
        ("clp", "clps", "branch", "ward", "local party", "local parties", "constituency", "labour party"),
    ),
    # the plural only: "which ministers backed X" asks for a kind, "did minister Ann Lee back X" names a person
    "minister": (
        ("ministers", "cabinet ministers"),
        ("minister", "ministers", "cabinet", "secretary of state", "chancellor", "tánaiste", "taoiseach"),
    ),
    "senator": (("senators",), ("senator", "senators", "sen", "sens")),
    "councillor": (
        ("councillors", "councilors", "aldermen", "councilmembers"),
        (
            "councillor",
            "councillors",
            "councilor",
            "councilors",
            "cllr",
            "alderman",
            "aldermen",
            "ald",
            "alds",
            "council member",
            "council members",
        ),
    ),
    "newspaper": (
        ("newspaper", "newspapers", "paper", "papers", "editorial board", "editorial boards"),
        ("newspaper", "paper", "editorial", "times", "post", "daily", "herald", "guardian", "telegraph", "journal"),
    ),
}
CONSTITUENCY_PARTIES = re.compile(r"\b(?:constituency|local) (?:labour )?part(?:y|ies)\b", re.I)
EARLIER = re.compile(
    r"\b(?:" + "|".join(sorted(lexicon.PAST_PHRASES)) + r"|previous(?:ly)?|earlier|before|former(?:ly)?|originally|"
    r"the year before|last year's|at first|(?:in )?the first (?:round|ballot))\b",
    re.I,
)
NOW = re.compile(r"\b(?:now|current(?:ly)?|this (?:year|time|contest)|today|at present|still)\b", re.I)
DEPUTY = re.compile(r"\bdeputy\b", re.I)
RACES = ("governor", "gubernatorial", "senate", "senator", "mayor", "mayoral", "house", "primary", "race", "seat")
PLACE = re.compile(
    r"\b(?:for|in)\s+(?:the\s+)?(?P<place>[a-z][a-z.'-]*(?:\s+[a-z][a-z.'-]*)?)\s+(?:" + "|".join(RACES) + r")\b",
    re.I,
)
NOT_PLACES = frozenset(
    {
        "the",
        "a",
        "party",
        "labour",
        "conservative",
        "tory",
        "democratic",
        "republican",
        "leadership",
        "deputy",
        "us",
        "u.s.",
        "state",
        "city",
        "general",
        "next",
        "last",
        "this",
        "that",
        "their",
        "his",
        "her",
        "same",
    }
)
CONTEXT_CHARS = 40
PUBLICLY = re.compile(r"\b(?:publicly|formally|officially|openly|on the record)\b", re.I)
NOT_PUBLIC = re.compile(  # a record these words report is not public, formal or official backing
    r"\b(?:privately|in private|behind closed doors|off the record|informally|unofficially|reportedly|"
    r"(?:is|are|was|were) (?:said|understood|believed|thought) to|sources? (?:say|said|suggest|close to))\b",
    re.I,
)


@dataclass(frozen=True)
class Restrictions:
    """What the question restricts the records to; empty fields restrict nothing."""

    kinds: tuple[str, ...] = ()
    year: str = ""
    contest: str = ""
    when: str = ""
    place: str = ""  # "kansas" in "who did trump endorse for kansas governor?"
    public: bool = False  # "publicly", "formally", "officially": no backing reported as private or by sources

    def __bool__(self) -> bool:
        return bool(self.kinds or self.year or self.contest or self.when or self.place or self.public)

    def merged(self, earlier: Restrictions) -> Restrictions:
        """These restrictions, completed by an earlier turn's where this one says nothing."""
        return replace(
            self,
            kinds=self.kinds or earlier.kinds,
            year=self.year or earlier.year,
            contest=self.contest or earlier.contest,
            place=self.place or earlier.place,
        )

    @property
    def kind_words(self) -> list[str]:
        """The question-side words of the kinds asked for (to find sentences when records fall short)."""
        return [word for kind in self.kinds for word in BACKER_KINDS[kind][0]]


def read_restrictions(text: str) -> Restrictions:
    """The kinds, year, contest and time the question names."""
    lowered = f" {text.lower()} "
    kinds = tuple(
        kind for kind, (asked, _) in BACKER_KINDS.items() if any(re.search(rf"\b{w}\b", lowered) for w in asked)
    )
    if CONSTITUENCY_PARTIES.search(text) and "branch" not in kinds:
        kinds += ("branch",)
    year = lexicon.YEAR.search(text)
    year_asked = year.group() if year else ""
    public = PUBLICLY.search(text) is not None
    return Restrictions(kinds, year_asked, read_contest(text), read_when(text), read_place(text), public)


def read_place(text: str) -> str:
    """The place a race is asked about ("for kansas governor", "in the alabama senate race"), lower-case."""
    found = PLACE.search(text)
    words = [w for w in found.group("place").lower().split() if w not in NOT_PLACES | set(RACES)] if found else []
    return " ".join(words)


def read_contest(text: str) -> str:
    """The office the question names ("deputy" alone is the deputy leadership)."""
    lowered = text.lower()
    for office, words in lexicon.OFFICES:
        if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words):
            return office
    return "deputy leader" if DEPUTY.search(text) else ""


def read_when(text: str) -> str:
    return "past" if EARLIER.search(text) else "current" if NOW.search(text) else ""


def is_kind(record: Endorsement, kind: str) -> bool:
    """Whether the record's backer is of the kind: from its name, its recorded kind or the words by it."""
    _, shown_by = BACKER_KINDS[kind]
    name = record.backer.lower()
    if kind == "branch" and record.backer_kind == "branch":
        return True
    if kind in ("mp", "minister", "senator", "councillor") and record.backer_kind not in ("person", "group"):
        return False
    context = _context(record).lower()
    return any(re.search(rf"\b{re.escape(w)}\b", name) or re.search(rf"\b{re.escape(w)}\b", context) for w in shown_by)


def _context(record: Endorsement) -> str:
    """The words of the quote next to the backer's name (its last word, for "Ms Nandy" or "Nandy, MP")."""
    quote = record.quote
    for needle in (record.backer, record.backer.split()[-1] if record.backer.split() else ""):
        at = quote.find(needle) if needle else -1
        if at >= 0:
            return quote[max(0, at - CONTEXT_CHARS) : at + len(needle) + CONTEXT_CHARS]
    return ""


def apply(
    restrictions: Restrictions,
    records: Sequence[Endorsement],
    years: dict[str, str],
    titles: dict[str, str] | None = None,
) -> list[Endorsement]:
    """The records that meet every restriction; ``years`` gives each article's year for records without one,
    ``titles`` each article's title and source.

    A contest restriction keeps records of that contest, or (when none says) those whose contest is unknown; a
    place keeps the records of the articles that name it (in their title, source or these records' quotes),
    when any does.
    """
    kept = list(records)
    if restrictions.public:
        kept = [r for r in kept if not NOT_PUBLIC.search(r.quote)]
    if restrictions.place:
        where = titles or {}
        named = {r.article for r in kept if restrictions.place in f"{r.quote} {where.get(r.article, '')}".lower()}
        kept = [r for r in kept if r.article in named] or kept
    if restrictions.kinds:
        kept = [r for r in kept if any(is_kind(r, kind) for kind in restrictions.kinds)]
    if restrictions.year:
        kept = [r for r in kept if record_year(r, years) == restrictions.year]
    if restrictions.contest:
        exact = [r for r in kept if r.contest == restrictions.contest]
        kept = exact or [r for r in kept if not r.contest]
    if restrictions.when:
        kept = [r for r in kept if r.when == restrictions.when] or kept
    return kept


def record_year(record: Endorsement, years: dict[str, str]) -> str:
    """The record's year; a current record without one takes its article's (an earlier one stays unknown)."""
    if record.year:
        return record.year
    return years.get(record.article, "") if record.when == "current" else ""
