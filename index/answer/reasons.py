"""A backer's stated reason, read from one sentence: "because …", "saying …", "citing …", or their quotation.

A time clause is not a reason: "after a bitter campaign", "following his disqualification", "since 2019" say
when, not why, and are never given as one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from index.models import Endorsement, Quote

STATED = re.compile(
    r"\b(?:because(?: of)?|on the grounds that|in order to|so that|as a result of|due to|given that|"
    r"saying(?: that)?|citing|arguing(?: that)?|explaining(?: that)?|insisting(?: that)?|"
    r"since (?=(?:he|she|they|it|we|i|you|there)\b)|lost confidence)\b",
    re.I,
)
REASONING = re.compile(  # a backer's own account of the choice, in their words or reported
    r"\b(?:concerned|worried|felt|feel|believed?|believes|wanted|hoped|convinced|persuaded|the reason|reasons?)\b"
    r"(?: (?:that|to|by|was|is))?",
    re.I,
)
FIRST_PERSON = re.compile(r"\b(?:I|I’m|I'm|I’d|I'd|my|me|we|our|us)\b")
NEAR_PARAGRAPHS = 3  # a first-person quotation this many paragraphs after a record of the backer is theirs
SAID = re.compile(r"\b(?:said|says|argued|argues|explained|wrote|told)\b(?: (?:\w+ )?that)?", re.I)
QUOTATION = re.compile(r"[“\"]([^”\"]{12,})[”\"]")
MAX_WORDS = 16


def stated_reason(sentence: str, about: bool, strong_only: bool = False) -> str:
    """The reason the sentence gives, verbatim and cut to MAX_WORDS, or "".

    ``about``: whether the sentence is the backer's (names them, or is a quotation of theirs near one of their
    records); only then is their own account ("I was concerned that…"), their quotation or what they said
    taken as their reason. ``strong_only``: only an explicit reason ("because", "saying", "concerned that")."""
    found = STATED.search(sentence) or (REASONING.search(sentence) if about else None)
    if found:
        return _clause(sentence[found.start() :])
    if not about or strong_only:
        return ""
    quoted = QUOTATION.search(sentence)
    if quoted:
        return _clause(quoted.group(1))
    said = SAID.search(sentence)
    if said and len(sentence[said.end() :].split()) >= 4:
        return _clause(sentence[said.end() :])
    return ""


def theirs(records: Iterable[Endorsement]) -> Callable[[Quote], bool]:
    """A test of whether a sentence is the backer's without naming them: a quote of one of their records, or a
    first-person sentence in the same article within NEAR_PARAGRAPHS paragraphs after one."""
    records = list(records)
    quotes = {r.quote for r in records}
    near = {(r.article, r.paragraph + step) for r in records for step in range(NEAR_PARAGRAPHS + 1)}

    def test(quote: Quote) -> bool:
        if quote.text in quotes or any(quote.text in q for q in quotes):
            return True
        return (quote.article, quote.paragraph) in near and FIRST_PERSON.search(quote.text) is not None

    return test


def _clause(text: str) -> str:
    words = text.strip(' ,;:“”"').split()
    clause = " ".join(words[:MAX_WORDS]).rstrip(".,;:")
    return clause + ("…" if len(words) > MAX_WORDS else "")
