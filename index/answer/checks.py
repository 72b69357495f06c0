"""The checks every lead passes before it is sent: each name it gives is shown in a quote or came from a record,
and each claim it makes ("A backs B", "Earlier, A backed B", "B is opposed by A", "A backed B in 2019") has a
record behind it with the same stance, direction, time and year.

A lead that fails either check is replaced by one that says less.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from index.answer.known import Knowledge
from index.answer.restrictions import record_year
from index.models import Endorsement, Quote

CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*(?:\s+[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*)+\b")
SAYING_LESS = "Here is what the articles say:"


def unsupported_names(
    lead: str, quotes: Iterable[Quote], records: Iterable[Endorsement], knowledge: Knowledge, asked: Iterable[str] = ()
) -> list[str]:
    """Names in the lead that neither a shown quote (nor its source) nor a record it came from supports."""
    quotes = list(quotes)
    shown = " ".join([q.text for q in quotes] + [f"{q.title} {q.source}" for q in quotes]).lower()
    recorded = {name for r in records for name in (r.backer, r.backed) if name}
    asked = set(asked)
    missing: list[str] = []
    covered: list[tuple[int, int]] = []
    for mention in knowledge.matcher.mentions(lead):
        covered.append((mention.start, mention.end))
        if mention.name in recorded or mention.name in asked:
            continue
        if mention.typed.lower() in shown or any(s.lower() in shown for s in knowledge.spellings(mention.name)):
            continue
        missing.append(mention.name)
    for run in CAPITALISED_RUN.finditer(lead):
        if any(a <= run.start() < b for a, b in covered):
            continue
        words = run.group().split()
        if any(w.lower() in shown for w in words if len(w) > 3) or run.group() in recorded | asked:
            continue
        if run.start() == 0 and len(words) == 2 and words[1].lower() in shown:
            continue
        missing.append(run.group())
    return list(dict.fromkeys(missing))


def checked_lead(
    lead: str, quotes: list[Quote], records: Iterable[Endorsement], knowledge: Knowledge, asked: Iterable[str] = ()
) -> str:
    """The lead when every name and every claim in it is supported, else a lead that says less."""
    records = list(records)
    if unsupported_names(lead, quotes, records, knowledge, asked) or unproved_claims(lead, records, knowledge):
        return SAYING_LESS
    return lead


@dataclass(frozen=True)
class Claim:
    """One relation a lead states: backers, backed, stance and time ("" when the lead does not say)."""

    backers: tuple[str, ...]
    backed: tuple[str, ...]
    stance: str
    when: str
    year: str = ""


CLAIM_SHAPES: tuple[tuple[re.Pattern[str], tuple[tuple[str, str, str, str], ...]], ...] = tuple(
    (re.compile(pattern), claims)
    for pattern, claims in (
        (
            r"^(?P<a>.+?) backed (?P<b>.+?) earlier(?: \(.*?\))? and backs (?P<c>.+?) now$",
            (("a", "b", "supports", "past"), ("a", "c", "supports", "current")),
        ),
        (
            r"^(?P<a>.+?) backed (?P<b>.+?) earlier(?: \(.*?\))?, but now backs (?P<c>.+)$",
            (("a", "b", "supports", "past"), ("a", "c", "supports", "current")),
        ),
        (r"^Earlier, (?P<b>.+?) was backed by (?P<a>.+)$", (("a", "b", "supports", "past"),)),
        (r"^Earlier, (?P<b>.+?) was opposed by (?P<a>.+)$", (("a", "b", "opposes", "past"),)),
        (r"^Earlier, (?P<a>.+?) backed (?P<b>.+)$", (("a", "b", "supports", "past"),)),
        (r"^(?P<b>.+?) is backed by (?P<a>.+)$", (("a", "b", "supports", "current"),)),
        (r"^(?P<b>.+?) is opposed by (?P<a>.+)$", (("a", "b", "opposes", "current"),)),
        (r"^(?P<b>.+?) was backed by (?P<a>.+)$", (("a", "b", "supports", ""),)),
        (r"^(?P<b>.+?) was opposed by (?P<a>.+)$", (("a", "b", "opposes", ""),)),
        (r"^(?P<a>.+?) (?:now )?backs (?P<b>.+)$", (("a", "b", "supports", "current"),)),
        (r"^(?P<a>.+?) (?:has|have) come out against (?P<b>.+)$", (("a", "b", "opposes", "current"),)),
        (r"^(?P<a>.+?) backed (?P<b>.+?)(?: earlier)?$", (("a", "b", "supports", ""),)),
    )
)
PRONOUNS = frozenset({"he", "she", "it", "they"})
IN_YEAR_FIRST = re.compile(r"In ((?:19|20)\d\d), ")
IN_YEAR = re.compile(r"\s+in ((?:19|20)\d\d)\b")


def claims(lead: str, knowledge: Knowledge) -> list[Claim]:
    """The relations the lead states, sentence by sentence, a pronoun taken as the last backer named."""
    found: list[Claim] = []
    last: tuple[str, ...] = ()
    for sentence in re.split(r"(?<=[.:])\s+", lead):
        sentence = re.sub(r"^(?:Yes|No): ", "", sentence.strip()).rstrip(".:")
        if re.search(r"\bnot\b", sentence):  # "The articles do not say that A backs B now": no claim
            continue
        contest = IN_YEAR_FIRST.match(sentence)  # "In 2019, B was backed by A": each claim of that year
        sentence = sentence[contest.end() :] if contest else sentence
        sentence = re.sub(r" \((?:by |in )[^)]*\)", "", sentence)
        for pattern, shapes in CLAIM_SHAPES:
            match = pattern.match(sentence)
            if not match:
                continue
            for a, b, stance, when in shapes:
                backers = _names(match.group(a), knowledge) or (last if match.group(a).lower() in PRONOUNS else ())
                said = match.group(b)
                for mention in knowledge.matcher.mentions(said) if backers else []:
                    dated = IN_YEAR.match(said, mention.end)
                    year = dated.group(1) if dated else contest.group(1) if contest else ""
                    found.append(Claim(backers, (mention.name,), stance, when, year))
                last = backers or last
            break
    return found


def _names(text: str, knowledge: Knowledge) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.name for m in knowledge.matcher.mentions(text)))


def unproved_claims(lead: str, records: Iterable[Endorsement], knowledge: Knowledge) -> list[Claim]:
    """The lead's claims that no record states with the same stance, direction, time and year."""
    records = list(records)

    def proved(claim: Claim, backer: str, backed: str) -> bool:
        return any(
            r.backer == backer
            and r.backed == backed
            and r.stance == claim.stance
            and (not claim.when or r.when == claim.when)
            and (not claim.year or record_year(r, knowledge.years) == claim.year)
            for r in records
        )

    return [c for c in claims(lead, knowledge) if not all(proved(c, a, b) for a in c.backers for b in c.backed)]
