"""Time and contest of a claim: relative to its article's date, in the words of its own clause.

"last year" in a 2016 article is 2015; "in 2010" is 2010; "had backed" and a taken-back endorsement are the
past. The contest is the office the sentence names ("deputy leader", "mayor"), else the one the article's title
and opening name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from index import lexicon
from index.ingest.corpus import Article
from index.knowledge.discourse import Mention
from index.models import When

VOTES = (  # the most telling first
    re.compile(r"\b\d[\d,]*\s+votes?\s+to\s+\d[\d,]*\b", re.I),
    re.compile(r"\b\d[\d,]*\s*(?:-|–|to)\s*\d[\d,]*\s*(?:-|–|to)\s*\d[\d,]*\b"),
    re.compile(r"\b\d[\d.]*\s?%\s+of\s+(?:the\s+)?votes?\b|\bby\s+\d[\d,]*\s+votes?\b", re.I),
    re.compile(r"\b\d[\d,]*\s+(?:more\s+)?votes\b", re.I),
)
PAST_TEXT = re.compile(
    r"\b(?:" + "|".join(map(re.escape, lexicon.PAST_PHRASES)) + r")\b(?!\s+(?:few\s+|two\s+|several\s+|\d+\s+)?"
    r"(?:days?|weeks?|months?|hours?)\b)"
)
"""An earlier contest named in words; "in the past week" is now."""
NUMBER_WORDS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
YEARS_AGO = re.compile(rf"\b({'|'.join(NUMBER_WORDS)}|\d+) years? ago\b")
RIVAL_COUNT = re.compile(r"\d[\d,]*\s+\w+,?\s+(?:to|against|versus|compared with)\s+[\w ]+?[’']s\s+\d[\d,]*")
PART_BREAK = re.compile(r"\s[-–—]\s*but\b|[,;]\s*but\b|;\s")
CONTEST_AFTER = re.compile(
    r"\s*:|\s*(?:of [a-z ]+?\s)?(?:race|contest|election|bid|nomination|ballot|primary|campaign|hustings|vote|run|battle)\b"
)
# pcomp: "endorsed X after initially backing Y", where "initially" dates the backing of Y alone
CLAUSE_BREAKS = frozenset({"relcl", "advcl", "ccomp", "acl", "parataxis", "pcomp"})


@dataclass(frozen=True)
class ArticleTime:
    """What an article's header and opening say about when and for what its claims are."""

    year: int | None
    contest_default: str

    @classmethod
    def of(cls, article: Article) -> ArticleTime:
        match = re.match(r"\s*((?:19|20)\d\d)", article.date or "")
        openings = [article.title, *(p.text for p in article.paragraphs[:4])]
        return cls(int(match.group(1)) if match else None, next(filter(None, map(office, openings)), ""))

    def when(
        self, anchor: Token, withdrawn: bool, undeclared: bool = False, own_years: tuple[int, ...] = ()
    ) -> tuple[When, str]:
        """Past or current, and the year, from the words of the anchor's clause (or the years stated for the
        claim alone); not having chosen is current unless an earlier year is named."""
        verb = governing_verb(anchor)
        words = [t for t in _clause(anchor) if not _describes_someone(t, verb)]
        text = " ".join(t.lower_ for t in words)
        years = list(own_years) or [
            int(t.text) for t in words if lexicon.YEAR.fullmatch(t.text) and t.ent_type_ in ("DATE", "")
        ]
        earlier = [y for y in years if self.year is None or y < self.year]
        if earlier:
            return When.PAST, str(max(earlier))
        ago = YEARS_AGO.search(text)
        if ago:  # "eight years ago the party was neutral"
            count = NUMBER_WORDS.get(ago.group(1)) or int(ago.group(1))
            return When.PAST, str(self.year - count) if self.year else ""
        if undeclared:
            return When.CURRENT, str(self.year or "")
        if any(phrase in text for phrase in ("last year", "previous year")):
            return When.PAST, str(self.year - 1) if self.year else ""
        perfect = any(c.lower_ == "had" and c.dep_ == "aux" for c in verb.children)
        perfect = perfect and not any(c.lower_ == "already" for c in verb.children)  # "had already lined up": still
        perfect = perfect and (withdrawn or verb.lemma_ not in lexicon.LOSING_VERBS)  # "had lost confidence": still
        if any(t.lower_ in lexicon.NOW_WORDS and t.dep_ == "advmod" for t in words):
            return When.CURRENT, str(self.year or "")
        part = _part_of_sentence(anchor).lower()
        heads = [verb, verb.head] if verb.tag_ == "VBG" else [verb]
        simple_past = any(
            h.tag_ == "VBD" or any(c.tag_ == "VBD" and c.dep_ == "aux" for c in h.children) for h in heads
        )
        if simple_past and PAST_TEXT.search(part):  # "nominated X last year ..., preferring Y"
            return When.PAST, str(self.year - 1) if self.year and "last year" in part else ""
        past_word = any(t.lower_ in lexicon.PAST_WORDS and t.dep_ == "advmod" for t in words)
        if withdrawn or perfect or past_word or PAST_TEXT.search(text):
            return When.PAST, str(years[0]) if years else ""
        return When.CURRENT, str(years[0]) if years else str(self.year or "")

    def contest(self, sentence: Span) -> str:
        return office(sentence.text) or self.contest_default


def office(text: str) -> str:
    """The office a text names as a contest ("for deputy leader", "the mayoral race", "leadership bid"), the more
    specific preferred; a title before a name ("Borough President Eric Adams") is no contest."""
    lower = text.lower()
    for name, words in lexicon.OFFICES:
        for word in words:
            for match in re.finditer(rf"\b{re.escape(word)}\b", lower):
                before = lower[max(0, match.start() - 12) : match.start()]
                after = lower[match.end() : match.end() + 30]
                if re.search(r"\b(?:for|as|to be)\s+(?:the\s+)?$", before) or CONTEST_AFTER.match(after):
                    return name
    return ""


def votes(sentence: Span, backer: Mention) -> str:
    """The tally a sentence gives ("by 96 votes to 54", "14 votes"), or the count a counted backer carries."""
    if backer.counted and backer.name[:1].isdigit():
        rival = RIVAL_COUNT.search(sentence.text)
        return rival.group() if rival else backer.name
    for pattern in VOTES:
        match = pattern.search(sentence.text)
        if match:
            return match.group()
    return ""


def _part_of_sentence(anchor: Token) -> str:
    """The stretch of the anchor's sentence between breaks such as " - but" and "; "."""
    sentence = anchor.sent
    offset = anchor.idx - sentence.start_char
    start, end = 0, len(sentence.text)
    for match in PART_BREAK.finditer(sentence.text):
        if match.end() <= offset:
            start = match.end()
        elif match.start() >= offset:
            end = match.start()
            break
    return sentence.text[start:end]


def governing_verb(anchor: Token) -> Token:
    """The verb a word belongs to: itself, or the nearest verb above it in the parse."""
    token = anchor
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _describes_someone(token: Token, verb: Token) -> bool:
    """Whether a word belongs to a description of someone rather than to the clause's time: "nominee in 2016",
    "last year's leadership candidate Rosi Sexton", "who ran in 2019"."""
    while token.i != verb.i and token.head.i != token.i:
        if token.dep_ in ("appos", "relcl", "poss") or any(c.dep_ == "case" for c in token.children):
            return True  # "last year's candidate", however the possessive was attached
        token = token.head
    return False


def _clause(anchor: Token) -> list[Token]:
    """The tokens of the anchor's own clause: its verb's subtree without other clauses inside it."""
    verb = governing_verb(anchor)
    out: list[Token] = []
    stack = [verb]
    while stack:
        token = stack.pop()
        out.append(token)
        for child in token.children:
            if child.dep_ in CLAUSE_BREAKS and not any(t.i == anchor.i for t in child.subtree):
                continue
            stack.append(child)
    if verb.dep_ in ("xcomp", "relcl", "acl", "advcl") and verb.head.i != verb.i:
        head = verb.head
        out += [c for c in head.children if c.dep_ in ("npadvmod", "advmod", "prep") and c not in out]
        out += [t for c in head.children if c.dep_ in ("npadvmod", "prep") for t in c.subtree if t not in out]
    elif verb.dep_ == "conj" and verb.head.i != verb.i:  # "In 2005, the union broke ranks and backed X"
        fronted = [c for c in verb.head.children if c.dep_ in ("npadvmod", "prep") and c.i < verb.head.i]
        dated = [c for c in fronted if any(lexicon.YEAR.fullmatch(t.text) for t in c.subtree)]  # not "Earlier,"
        out += [t for c in dated for t in c.subtree if t not in out]
    return sorted(out, key=lambda t: t.i)
