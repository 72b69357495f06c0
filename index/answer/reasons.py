"""A backer's stated reason, read from one sentence: "because …", "saying …", "citing …", or their quotation.

A time clause is not a reason: "after a bitter campaign", "following his disqualification", "since 2019" say
when, not why, and are never given as one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from index.answer.questions import BACKING, BACKING_NOUN
from index.models import Endorsement, Quote

CAUSE = (
    r"because(?: of)?|on the grounds that|in order to|so that|as a result of|due to|given that|"
    r"since (?=(?:he|she|they|it|we|i|you|there)\b)"
)
STATED = re.compile(
    rf"\b(?:{CAUSE}|saying(?: that)?|citing|arguing(?: that)?|explaining(?: that)?|insisting(?: that)?|"
    r"lost confidence)\b",
    re.I,
)
CAUSAL = re.compile(rf"\b(?:{CAUSE})", re.I)
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
TITLES = frozenset("mr mrs ms dr sen rep gov mayor interim the a he she they i we it".split())


def stated_reason(
    sentence: str,
    about: bool,
    strong_only: bool = False,
    speakers: Sequence[str] = (),
    asked: Callable[[str], bool] = lambda text: False,
) -> str:
    """The reason the sentence gives, verbatim and cut to MAX_WORDS, or "".

    ``about``: whether the sentence is the backer's (names them, or is a quotation of theirs near one of their
    records); only then is their own account ("I was concerned that…"), their quotation or what they said
    taken as their reason. ``strong_only``: only an explicit reason ("because", "saying", "concerned that").
    ``speakers``: the ways the backer is written, so that a quotation attributed to another name ("…," Alvarez
    said) is not taken as theirs. ``asked``: whether a clause speaks of what the question asks about ("keeps his
    vote secret"), so that its "because" answers it."""
    found = next((m for m in STATED.finditer(sentence) if _explains(sentence, m, asked)), None)
    found = found or (REASONING.search(sentence) if about else None)
    if found:
        return _clause(sentence[found.start() :])
    if not about or strong_only or _said_by_someone_else(sentence, speakers):
        return ""
    quoted = QUOTATION.search(sentence)
    if quoted:
        return _clause(quoted.group(1))
    said = SAID.search(sentence)
    if said and len(sentence[said.end() :].split()) >= 4:
        return _clause(sentence[said.end() :])
    return ""


def _said_by_someone_else(sentence: str, speakers: Sequence[str]) -> bool:
    """Whether the sentence's "said" is attributed to a name that is none of SPEAKERS."""
    if not speakers:
        return False
    own = {w.lower() for s in speakers for w in s.split()}
    for said in SAID.finditer(sentence):
        near = sentence[max(0, said.start() - 40) : said.start()].split()[-3:] + sentence[said.end() :].split()[:4]
        names = [w.strip(",.;:“”\"'’") for w in near if w[:1].isupper()]
        names = [n for n in names if n and n.lower() not in TITLES]
        if names and not any(n.lower() in own for n in names):
            return True
    return False


def _explains(sentence: str, found: re.Match[str], asked: Callable[[str], bool]) -> bool:
    """Whether a "because" explains what was asked: the sentence speaks of backing someone, or its clause before
    the "because" of what the question asks ("released his comments via the campaign because he is traveling"
    explains the release, not the endorsement)."""
    if not CAUSAL.fullmatch(found.group()) or BACKING.search(sentence) or BACKING_NOUN.search(sentence):
        return True
    return asked(sentence[: found.start()])


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
