"""Reading a question: which names it mentions, which it does not know, and what kind of answer it wants."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from bm25s.stopwords import STOPWORDS_EN

from index.search.store import Entity

MAX_QUESTION_CHARS = 500

BACKING_VERBS = (
    r"back(?:s|ed|ing)?|support(?:s|ed|ing)?|endors(?:e|es|ed|ing)|nominat(?:e|es|ed|ing)|"
    r"campaign(?:s|ed|ing)? for|vot(?:e|es|ed|ing) for|cho(?:se|ose|oses|osing)|prefer(?:s|red|ring)?|"
    r"made the case for|make the case for|making the case for|sp(?:o|ea)ke?s? (?:on behalf of|for)|"
    r"speaking (?:on behalf of|for)|urg(?:e|ed|es|ing) .{0,30}to back|side(?:s|d)? with|stand(?:s|ing)? behind"
)
BACKING = re.compile(rf"\b(?:{BACKING_VERBS})\b", re.I)
OPPOSING = re.compile(
    r"\b(?:oppos(?:e|es|ed|ing)|against|critici[sz](?:e|es|ed|ing)|no confidence|turn(?:s|ed)? on|quit|"
    r"call(?:s|ed|ing)? (?:on|for) \w+ to (?:quit|go|resign))\b",
    re.I,
)
YES_NO = re.compile(r"^\s*(?:did|does|do|is|was|has|have|had|will|would)\b", re.I)
DECLARED = re.compile(
    r"\b(?:declare[sd]?|confirm(?:s|ed)?|decided?|made up (?:his|her|their) mind|undecided|said who|say who|"
    r"announced?|revealed?|come out for)\b",
    re.I,
)
VOTES = re.compile(
    r"\b(?:how many votes|by how many|by how much|what margin|margin|result of the .{0,40}(?:vote|ballot|meeting)|"
    r"vote count|votes? (?:was|were)|what was the (?:vote|ballot|result)|the score|tally|win by|won by)\b",
    re.I,
)
SWITCHED = re.compile(
    r"\b(?:chang(?:e|ed|es|ing) (?:sides?|(?:their|his|her) (?:mind|support|candidate))|switch(?:ed|es)?|"
    r"someone else|somebody else|different candidate|another candidate)\b",
    re.I,
)
WHY = re.compile(r"\b(?:why|reason|reasons|because|what made|how come)\b", re.I)
PAST = re.compile(
    r"\b(?:last (?:year|time)|previous(?:ly)?|earlier|before|in 2015|past|former(?:ly)?|the year before)\b", re.I
)
CURRENT = re.compile(r"\b(?:now|current(?:ly)?|this (?:year|time|contest)|today|at present)\b", re.I)
COUNTING = re.compile(r"\bhow many\b", re.I)
INVISIBLE = re.compile(r"[\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
NAME_SPAN = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*(?:\s+[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*)*\b")
PLAIN_WORD = re.compile(r"\b[a-z]+\b")
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
LEADING_WORDS = frozenset(
    "who whom whose what which when where why how did does do is was has have had will would can could "
    "should and but or tell show give list name the a an in on at of for by".split()
)


class Kind(Enum):
    """What the question asks for."""

    BACKERS_OF = "backers_of"  # who backed X
    BACKED_BY = "backed_by"  # whom did X back
    DID_BACK = "did_back"  # did X back Y
    VOTES = "votes"  # what was the vote
    DECLARED = "declared"  # has X declared
    WHY = "why"  # why did X do Y
    COUNT = "count"  # how many backed X
    SWITCHED = "switched"  # who backed one candidate last time and another now
    FACT = "fact"  # anything else: the best sentences


@dataclass(frozen=True)
class Mention:
    """A known entity named in the question."""

    name: str
    kind: str
    start: int
    end: int


@dataclass
class Question:
    """A question read against the entities of the corpus."""

    text: str
    kind: Kind
    mentions: list[Mention] = field(default_factory=list)
    unknown_names: list[str] = field(default_factory=list)
    backer: str = ""
    backed: str = ""
    when: str = ""  # "past", "current" or "" when the question does not say
    stance: str = "supports"  # "opposes" when the question asks who is against whom

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(m.name for m in self.mentions))


def clean_question(text: str) -> str:
    """The question without control or zero-width characters and with single spaces."""
    text = INVISIBLE.sub("", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()


class EntityMatcher:
    """Finds the corpus's entities in a question by their aliases (one pattern, longest alias first)."""

    def __init__(self, entities: list[Entity], is_known_word: Callable[[str], bool]) -> None:
        self._by_alias: dict[str, Entity] = {}
        for entity in entities:
            if _is_name_alias(entity.alias):
                self._by_alias.setdefault(entity.alias.lower(), entity)
        aliases = sorted(self._by_alias, key=len, reverse=True)
        alternatives = "|".join(re.escape(alias) for alias in aliases) or r"(?!x)x"
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I)
        self.is_known_word = is_known_word

    def mentions(self, text: str) -> list[Mention]:
        found = []
        for match in self._pattern.finditer(text):
            entity = self._by_alias[match.group().lower()]
            found.append(Mention(entity.name, entity.kind, match.start(), match.end()))
        return found

    def unknown_names(self, text: str, mentions: list[Mention]) -> list[str]:
        """Capitalised names in the question that the corpus never uses (so it cannot answer about them).

        A run of capitalised words is reported whole ("Theresa May") when any of its words is unknown.
        """
        unknown: list[str] = []
        for match in NAME_SPAN.finditer(text):
            if any(m.start < match.end() and match.start() < m.end for m in mentions):
                continue
            words = [w for w in match.group().split() if w.lower() not in LEADING_WORDS]
            if any(not self.is_known_word(w) for w in words):
                unknown.append(" ".join(words))
        return unknown

    def unknown_words(self, text: str) -> list[str]:
        """Runs of two or more lower-case words the corpus never uses: in "who did nicola sturgeon back"
        they stand for a name (a single unknown word is more likely a word the articles do not happen to use)."""
        runs: list[list[str]] = [[]]
        for word in PLAIN_WORD.findall(text):
            if word in LEADING_WORDS or word in STOPWORDS_EN or self.is_known_word(word):
                runs.append([])
            else:
                runs[-1].append(word)
        return [" ".join(run) for run in runs if len(run) >= 2]


def _is_name_alias(alias: str) -> bool:
    """Aliases worth matching in questions: those with a capitalised word (not "the branch")."""
    return len(alias) >= 3 and any(word[:1].isupper() for word in alias.split())


def read_question(text: str, matcher: EntityMatcher, candidates: set[str]) -> Question:
    """Recognise the question's kind, the backer and backed it names, and any names the corpus lacks."""
    mentions = matcher.mentions(text)
    question = Question(text, Kind.FACT, mentions, matcher.unknown_names(text, mentions))
    question.when = "past" if PAST.search(text) else "current" if CURRENT.search(text) else ""
    verb = BACKING.search(text) or OPPOSING.search(text)
    question.stance = "opposes" if OPPOSING.search(text) and not BACKING.search(text) else "supports"
    people = [m for m in mentions if m.name not in candidates]
    named_candidates = [m for m in mentions if m.name in candidates]

    if SWITCHED.search(text):
        question.kind = Kind.SWITCHED
    elif VOTES.search(text):
        question.kind = Kind.VOTES
    elif WHY.search(text):
        question.kind = Kind.WHY
    elif COUNTING.search(text):
        question.kind = Kind.COUNT if verb else Kind.FACT
    elif DECLARED.search(text) and not named_candidates:
        question.kind = Kind.DECLARED
    elif verb and YES_NO.match(text) and len(question.names) >= 2:
        question.kind = Kind.DID_BACK
    elif verb or DECLARED.search(text):
        question.kind = _direction(text, verb, mentions, candidates)
    if question.kind in (Kind.DID_BACK, Kind.BACKED_BY, Kind.DECLARED, Kind.SWITCHED):
        subject = people or mentions
        question.backer = subject[0].name if subject else ""
        others = [m for m in named_candidates if m.name != question.backer]
        question.backed = others[0].name if others else ""
        if not question.backer and not question.unknown_names and question.kind is not Kind.SWITCHED:
            question.unknown_names = matcher.unknown_words(text)
    elif question.kind is Kind.FACT:
        question.unknown_names += [y for y in YEAR.findall(text) if not matcher.is_known_word(y)]
    elif question.kind is Kind.BACKERS_OF:
        target = named_candidates or mentions
        question.backed = target[-1].name if target else ""
    return question


def _direction(text: str, verb: re.Match[str] | None, mentions: list[Mention], candidates: set[str]) -> Kind:
    """BACKED_BY when the name comes before the backing verb ("who is X backing"), else BACKERS_OF."""
    if verb is None:
        return Kind.DECLARED if mentions else Kind.FACT
    before = [m for m in mentions if m.end <= verb.start()]
    after = [m for m in mentions if m.start >= verb.end()]
    if after and all(m.name in candidates for m in after) and not before:
        return Kind.BACKERS_OF
    if before:
        return Kind.BACKED_BY
    if after:
        return Kind.BACKERS_OF
    # No known name: "who did nicola sturgeon endorse" still asks whom someone backed.
    return (
        Kind.BACKED_BY
        if re.search(rf"\b(?:did|does|is|was|has)\b.+\b(?:{BACKING_VERBS})\b", text, re.I)
        else Kind.BACKERS_OF
    )
