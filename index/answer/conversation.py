"""Follow-up questions: resolve "he", "and her?", "what about 2020?", "the other branch" and "which ones"
against the previous turn's names, answer, contest and kind of backer."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from index import lexicon
from index.answer.restrictions import BACKER_KINDS, Restrictions

MAX_TURNS = 20
PRONOUN = re.compile(r"\b(he|she|him|her|his|hers|they|them|their|it|its)\b", re.I)
FEMININE = re.compile(r"^(?:Ms|Mrs|Miss|Dame|Baroness|Lady)\b")
MASCULINE = re.compile(r"^(?:Mr|Sir|Lord)\b")
WHAT_ABOUT = re.compile(r"^(?:and |so |ok,? )?(?:(?:what|how) about|and) (?P<rest>.+?)[?.!]*$", re.I)
POSSESSIVE_NEXT = re.compile(r"^\s+(?!(?:to|for|about|on|in|at|with|by|from|and|or|back|backing|support)\b)[a-z]", re.I)
OTHER = re.compile(r"\b(?:the )?other (?P<noun>\w+)\b", re.I)
THAT_ONE = re.compile(r"\b(?:that|this|the same) (?P<noun>candidate|person|one|man|woman|contender)\b", re.I)
ONES = re.compile(r"\b(?:which|what) ones\b", re.I)
QUESTION_START = re.compile(r"^(?:and |so |but )?(?:who|whom|which|what|how|did|does|do|is|has|why|when|where)\b", re.I)
SENTENCE = re.compile(r"[^.!?]+[.!?]*")
KIND_OF_OTHER = {
    "branch": "branch",
    "clp": "branch",
    "constituency": "branch",
    "meeting": "branch",
    "union": "group",
    "group": "group",
    "paper": "group",
    "newspaper": "group",
}


class Finder(Protocol):
    """What the conversation needs of the name finder."""

    def mentions(self, text: str) -> list: ...


@dataclass
class Turn:
    """One question as understood (standalone), its answer, the names it was about and its restrictions."""

    question: str
    answer: object
    names: list[str]
    restrictions: Restrictions = field(default_factory=Restrictions)


@dataclass
class Conversation:
    """The turns so far of one chat (a Discord thread or DM, the terminal chat)."""

    turns: list[Turn] = field(default_factory=list)

    def remember(
        self, question: str, answer: object, names: list[str], restrictions: Restrictions | None = None
    ) -> None:
        self.turns.append(Turn(question, answer, names, restrictions or Restrictions()))
        del self.turns[:-MAX_TURNS]

    def recent_names(self) -> list[str]:
        """Names of earlier turns, most recent turn first."""
        names: list[str] = []
        for turn in reversed(self.turns):
            names.extend(n for n in turn.names if n not in names)
        return names


def standalone_question(
    text: str,
    conversation: Conversation | None,
    matcher: Finder,
    genders: dict[str, str],
    kinds: dict[str, str] | None = None,
    candidates: Iterable[str] = (),
) -> str:
    """The question rewritten so it makes sense without the earlier turns."""
    if conversation is None or not conversation.turns:
        return text
    previous = conversation.turns[-1]
    kinds = kinds or {}
    text = _resolve_other(text, previous, matcher, kinds, set(candidates))
    text = _resolve_ones(text, previous)
    about = WHAT_ABOUT.match(text)
    if about and not QUESTION_START.match(about.group("rest")):
        return _substitute(about.group("rest"), text, previous, conversation, matcher, genders)
    resolved = _resolve_pronouns(text, conversation, genders)
    if resolved != text or matcher.mentions(text) or _full_question(text):
        return resolved
    # Elliptical ("and last year?", "by how many votes?"): read it together with the previous question.
    return f"{previous.question} {text}"


def _full_question(text: str) -> bool:
    """A question that stands alone: it starts with a question word and has a verb after it."""
    return bool(QUESTION_START.match(text)) and len(text.split()) >= 4 and not text.lower().startswith("and ")


def _substitute(
    rest: str, text: str, previous: Turn, conversation: Conversation, matcher: Finder, genders: dict[str, str]
) -> str:
    """ "what about X?": the previous question with X in place of its name, or its year, or X added."""
    subject = _resolve_pronouns(rest, conversation, genders)
    year = lexicon.YEAR.fullmatch(subject.strip().removeprefix("in ").strip())
    if year:
        if lexicon.YEAR.search(previous.question):
            return lexicon.YEAR.sub(year.group(), previous.question, count=1)
        return f"{previous.question.rstrip('?')} in {year.group()}?"
    new_names = matcher.mentions(subject)
    old = [m for m in matcher.mentions(previous.question) if m.name in previous.names] or matcher.mentions(
        previous.question
    )
    if new_names and old:
        first = old[0]
        return previous.question[: first.start] + subject + previous.question[first.end :]
    return f"{previous.question} {text if subject == rest else subject}"


def _resolve_other(text: str, previous: Turn, matcher: Finder, kinds: dict[str, str], candidates: set[str]) -> str:
    """ "the other branch/candidate": the entity of that kind in the previous answer that was not asked about;
    "that candidate": the candidate the previous answer named."""
    other = OTHER.search(text)
    that = THAT_ONE.search(text)
    if not other and not that:
        return text
    shown = _answer_text(previous.answer)
    named = [m.name for m in matcher.mentions(shown)]
    asked = set(previous.names) if other else set()
    match = other or that
    assert match is not None
    noun = match.group("noun").lower().rstrip("s")
    if noun in ("candidate", "contender", "person", "man", "woman", "one") or noun in lexicon.ROLE_NOUNS:
        fitting = [n for n in named if n in candidates] or [n for n in named if kinds.get(n, "person") == "person"]
    else:
        wanted = KIND_OF_OTHER.get(noun, "")
        fitting = [n for n in named if not wanted or kinds.get(n) == wanted or noun in n.lower()]
    if other:
        asked_here = {m.name for m in matcher.mentions(previous.question)}
        fitting = [n for n in fitting if n not in asked | asked_here]
    if not fitting:
        return text
    return text[: match.start()] + fitting[0] + text[match.end() :]


def _resolve_ones(text: str, previous: Turn) -> str:
    """ "which ones": the kind of backer the previous question asked for ("which unions")."""
    ones = ONES.search(text)
    if not ones or not previous.restrictions.kinds:
        return text
    plural = next((w for w in BACKER_KINDS[previous.restrictions.kinds[0]][0] if w.endswith("s")), "ones")
    return text[: ones.start()] + f"{ones.group().split()[0]} {plural}" + text[ones.end() :]


def _answer_text(answer: object) -> str:
    lead = getattr(answer, "lead", "")
    quotes = getattr(answer, "quotes", [])
    return " ".join([lead, *(getattr(q, "text", "") for q in quotes)])


def _resolve_pronouns(text: str, conversation: Conversation, genders: dict[str, str]) -> str:
    names = conversation.recent_names()
    if not names:
        return text

    def replace(match: re.Match[str]) -> str:
        pronoun = match.group(1).lower()
        wanted = "f" if pronoun in ("she", "her", "hers") else "m" if pronoun in ("he", "him", "his") else ""
        fitting = [n for n in names if genders.get(n, "") == wanted] if wanted else names
        fitting = fitting or ([n for n in names if genders.get(n, "") == ""] if wanted else []) or names
        name = fitting[0]
        possessive = pronoun in ("his", "their", "its", "hers") or (
            pronoun == "her" and POSSESSIVE_NEXT.match(text[match.end() :]) is not None
        )
        return f"{name}'s" if possessive else name

    return PRONOUN.sub(replace, text, count=1)


def genders_from_aliases(aliases: dict[str, list[str]]) -> dict[str, str]:
    """ "f" or "m" for names the corpus gives a gendered title ("Ms Siddiq", "Mr Starmer")."""
    genders: dict[str, str] = {}
    for name, names in aliases.items():
        if any(FEMININE.match(alias) for alias in names):
            genders[name] = "f"
        elif any(MASCULINE.match(alias) for alias in names):
            genders[name] = "m"
    return genders


def genders_from_text(paragraphs: Iterable[str], matcher: Finder, people: set[str]) -> dict[str, str]:
    """ "f" or "m" for people a sentence names alone and refers to as "she"/"her" or "he"/"his" (in it or in
    the next sentence), when the articles agree."""
    counts: dict[str, list[int]] = {}
    for paragraph in paragraphs:
        sentences = SENTENCE.findall(paragraph)
        for i, sentence in enumerate(sentences):
            named = {m.name for m in matcher.mentions(sentence)} & people
            if len(named) != 1:
                continue
            following = sentences[i + 1] if i + 1 < len(sentences) else ""
            pronouns = re.findall(r"\b\w+\b", sentence.lower()) + re.findall(r"\b\w+\b", following.lower())[:3]
            tally = counts.setdefault(named.pop(), [0, 0])
            tally[0] += sum(lexicon.PERSON_PRONOUNS.get(w) == "f" for w in pronouns)
            tally[1] += sum(lexicon.PERSON_PRONOUNS.get(w) == "m" for w in pronouns)
    genders = {}
    for name, (feminine, masculine) in counts.items():
        if feminine > masculine:
            genders[name] = "f"
        elif masculine > feminine:
            genders[name] = "m"
    return genders
