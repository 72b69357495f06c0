"""The check every lead passes before it is sent: each name it gives is shown in a quote or came from a record.

A lead naming someone no shown quote or record supports is replaced by one that says less.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from index.answer.known import Knowledge
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
    """The lead when every name in it is supported, else a lead that says less."""
    return SAYING_LESS if unsupported_names(lead, quotes, records, knowledge, asked) else lead
