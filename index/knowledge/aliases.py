"""Mentions in a sentence, each resolved to a canonical name: aliases, pronouns, "the branch", "his own CLP", "I".

A name is found by the longest alias the corpus uses for it. What refers back is resolved against what came
before: a pronoun within its paragraph, "members"/"the branch" against the branches named so far in the
article, "his constituency party" against the seat of the MP it refers to, and "I" inside a quotation against
the named speaker of that quotation. A caption stands alone: it resolves only against itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from index.knowledge.entities import BRANCH, GROUP, PERSON, Lexicon, NameFinder

NAME, PRONOUN, BRANCH_REF, SEAT_REF, TALLY = "name", "pronoun", "branch-ref", "seat-ref", "tally"

PRONOUNS = re.compile(r"\b(?:[Hh]e|[Ss]he|him|her|[Tt]hey|them|I|[Mm]y)\b")
MASCULINE = frozenset(["he", "him", "his"])
FEMININE = frozenset(["she", "her"])
BRANCH_REFS = re.compile(
    r"\b(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:branch|CLP|constituency party|local party)\b|\b[Mm]embers\b(?!\s+of\b)|"
    r"\bmeeting\b(?!\s+of\b)"
)
SEAT_REFS = re.compile(
    r"\b(?P<owner>[Hh]is|[Hh]er)(?:\s+own)?\s+(?:constituency Labour Party|constituency party|local party|"
    r"constituency|CLP|branch)\b"
)
TALLIES = re.compile(
    r"\b(?P<count>\d[\d,]*)\s+(?P<unit>CLPs|constituency Labour parties|constituency parties|local parties|branches)\b"
)
MEMBERS_OF = re.compile(r"(?:\b[Aa]ll\s+)?\b[Mm]embers\s+of\s+(?:the\s+)?$")
ASIDE = re.compile(
    r"\b(?:in common with|like|unlike|as did)\s+(?:(?:the|neighbouring|nearby)\s+)*(?:branch\s+)?$", re.I
)
PREPOSITIONS = frozenset(
    ["of", "about", "against", "in", "for", "to", "from", "on", "over", "behind", "at", "by", "with", "into"]
    + ["than", "between", "among", "including", "like", "unlike", "via", "toward", "towards", "despite"]
)
DETERMINERS = re.compile(r"(?:\b(?:the|a|an|his|her|its|their|all|some|some of the|some of)\s+)+$", re.I)
RELATIVE = re.compile(r"\s*,?\s*(?:who|which|that)(?:\s+[\w’']+){0,4}\s*")
ATTRIBUTION = re.compile(r"\b(?:said|says|told|tells|added|adds|replied|explained|wrote|tweeted|saying)\b")
OPEN_QUOTES, CLOSE_QUOTES, STRAIGHT_QUOTE = "“", "”", '"'


@dataclass(frozen=True)
class Mention:
    """A span of a sentence that names (or refers back to) an entity; name is "" when unresolved."""

    start: int
    end: int
    text: str
    name: str
    kind: str
    form: str = NAME
    aside: bool = False  # "in common with X": named for comparison, not the topic
    others: tuple[str, ...] = ()  # for a pronoun: the next likeliest people it may refer to


@dataclass
class Discourse:
    """What one article has named so far, for resolving what refers back."""

    branches: list[str] = field(default_factory=list)  # body paragraphs, in order
    people: list[str] = field(default_factory=list)  # current paragraph, in order
    speaker: str = ""  # named speaker of the quotation the current paragraph continues
    seats: set[str] = field(default_factory=set)  # places "his constituency party" resolved to: branches too

    def start_paragraph(self, text: str) -> None:
        """Pronouns resolve within their paragraph; a paragraph opening with a quote keeps the last speaker."""
        self.people = []
        if not text.startswith((*OPEN_QUOTES, STRAIGHT_QUOTE)):
            self.speaker = ""


class Tagger:
    """Finds and resolves the mentions of each sentence of an article."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.aliases = lexicon.aliases()
        self.finder = NameFinder(self.aliases, not_after=r"\w@")

    def names_known(self, sentences: Iterable[str]) -> str:
        """What the corpus knows of the names the sentences use: each alias found, its name, kind, gender and seat.

        Mentions, and so records, depend on nothing else of the corpus beyond the sentences themselves.
        """
        lines: list[str] = []
        for sentence in sentences:
            for start, _, alias in self.finder.finditer(sentence):
                name = self.aliases[alias]
                person = self.lexicon.people.get(name)
                known = (person.gender, person.seat) if person else ("", "")
                lines.append("\t".join([str(start), alias, name, self.lexicon.kind_of(name), *known]))
            lines.append("")
        return "\n".join(lines)

    def raw_mentions(self, sentence: str) -> list[Mention]:
        """Every alias, pronoun and reference of the sentence, unresolved where it refers back."""
        found: list[Mention] = []
        for start, end, alias in self.finder.finditer(sentence):
            found.append(self._named(sentence, start, end, self.aliases[alias]))
        for pattern, form in ((TALLIES, TALLY), (SEAT_REFS, SEAT_REF), (BRANCH_REFS, BRANCH_REF), (PRONOUNS, PRONOUN)):
            for match in pattern.finditer(sentence):
                if not any(m.start < match.end() and match.start() < m.end for m in found):
                    name = _tally_name(match) if form == TALLY else ""
                    kind = GROUP if form == TALLY else ""
                    found.append(Mention(match.start(), match.end(), match.group(), name, kind, form))
        return _merge_roles(sorted(found, key=lambda m: m.start), sentence)

    def _named(self, sentence: str, start: int, end: int, name: str) -> Mention:
        kind = self.lexicon.kind_of(name)
        if kind == BRANCH:
            members = MEMBERS_OF.search(sentence[:start])
            if members:
                start = members.start()
        aside = ASIDE.search(sentence[:start]) is not None
        return Mention(start, end, sentence[start:end], name, kind, NAME, aside)

    def resolve(self, sentence: str, discourse: Discourse, quoted: bool) -> list[Mention]:
        """The sentence's mentions with pronouns, references and "I" resolved; updates the discourse."""
        resolved: list[Mention] = []
        for mention in self.raw_mentions(sentence):
            if mention.form != NAME and not mention.name:
                mention = self._refer_back(mention, resolved, discourse, quoted)
            resolved.append(mention)
            if mention.kind == PERSON and mention.name:
                discourse.people.append(mention.name)
            if mention.kind == BRANCH and mention.name and not mention.aside:
                discourse.branches.append(mention.name)
        return resolved

    def _refer_back(self, mention: Mention, before: list[Mention], discourse: Discourse, quoted: bool) -> Mention:
        word = mention.text.lower()
        name, kind, others = "", "", []
        if mention.form == PRONOUN and word in ("i", "my"):
            name, kind = (discourse.speaker, PERSON) if quoted and discourse.speaker else ("", "")
        elif mention.form == PRONOUN and word in ("they", "them"):
            group = next((m for m in reversed(before) if m.kind in (BRANCH, GROUP) and m.name), None)
            name, kind = (group.name, group.kind) if group else ("", "")
        elif mention.form == PRONOUN:
            name, *others = self._antecedents("m" if word in MASCULINE else "f", before, discourse) or [""]
            kind = PERSON if name else ""
        elif mention.form == SEAT_REF:
            owners = self._antecedents("m" if word.startswith("his") else "f", before, discourse)
            seat = self.lexicon.people[owners[0]].seat if owners else ""
            if seat:
                name, kind = self.lexicon.branch_name(seat), BRANCH
                discourse.seats.add(seat)
        elif mention.form == BRANCH_REF:
            name = next((m.name for m in reversed(before) if m.kind == BRANCH and m.name and not m.aside), "")
            name = name or (discourse.branches[-1] if discourse.branches else "")
            kind = BRANCH if name else ""
        return Mention(mention.start, mention.end, mention.text, name, kind, mention.form, mention.aside, tuple(others))

    def _antecedents(self, gender: str, before: list[Mention], discourse: Discourse) -> list[str]:
        """Whom a "he"/"his"/"her" may refer to, likeliest first: the sentence's people in order, then the paragraph's.

        A pronoun the sentence could not resolve ("He did not wish to be named ... he would") blocks the
        guess: the later pronoun refers to the same unknown person.
        """
        found: list[str] = []
        for mention in before:
            if mention.form == PRONOUN and not mention.name and _pronoun_gender(mention.text) == gender:
                return []
            if mention.kind == PERSON and mention.name not in found and self._gender_fits(mention.name, gender):
                found.append(mention.name)
        earlier = discourse.people[: len(discourse.people) - sum(1 for m in before if m.kind == PERSON)]
        found += [n for n in reversed(earlier) if n not in found and self._gender_fits(n, gender)]
        return found

    def _gender_fits(self, name: str, gender: str) -> bool:
        person = self.lexicon.people.get(name)
        return person is not None and person.gender in ("", gender)


def _pronoun_gender(word: str) -> str:
    word = word.lower()
    return "m" if word in MASCULINE else "f" if word in FEMININE else ""


def _tally_name(match: re.Match[str]) -> str:
    return f"{match.group('count')} {'CLPs' if match.group('unit').startswith(('CLP', 'constituency')) else match.group('unit')}"


def _merge_roles(mentions: list[Mention], sentence: str) -> list[Mention]:
    """One mention for "Holborn and St Pancras MP Keir Starmer" or "Labour leader and ... MP Jeremy Corbyn"."""
    merged: list[Mention] = []
    for mention in mentions:
        previous = merged[-1] if merged else None
        if (
            previous
            and previous.form == NAME
            and mention.form == NAME
            and previous.name == mention.name
            and re.fullmatch(r"\s*(?:and\s+)?", sentence[previous.end : mention.start])
        ):
            merged[-1] = Mention(
                previous.start, mention.end, sentence[previous.start : mention.end], mention.name, mention.kind
            )
        else:
            merged.append(mention)
    return merged


def is_after_preposition(sentence: str, mention: Mention) -> bool:
    """True where the mention is the object of a preposition ("criticism of Mr Corbyn", "with its MP")."""
    before = DETERMINERS.sub("", sentence[: mention.start].rstrip()).rstrip()
    word = re.search(r"([\w’']+)\W*$", before)
    return word is not None and word.group(1).lower() in PREPOSITIONS


def quoted_spans(paragraph: str) -> list[tuple[int, int]]:
    """Character ranges of the paragraph inside quotation marks (curly or straight); an unclosed one runs to the end."""
    spans: list[tuple[int, int]] = []
    start = None
    for index, char in enumerate(paragraph):
        if start is None and (char in OPEN_QUOTES or char == STRAIGHT_QUOTE):
            start = index
        elif start is not None and (char in CLOSE_QUOTES or char == STRAIGHT_QUOTE):
            spans.append((start, index))
            start = None
    if start is not None:
        spans.append((start, len(paragraph)))
    return spans


def opening_quote(sentence: str) -> int:
    """Where the first quotation of the sentence opens, or -1."""
    found = [i for i in (sentence.find(q) for q in (*OPEN_QUOTES, STRAIGHT_QUOTE)) if i >= 0]
    return min(found) if found else -1
