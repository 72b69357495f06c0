"""Follow-up questions: resolve "he", "her", "and last year?" or "what about X?" against earlier turns."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.answer.questions import EntityMatcher
from index.models import Answer

MAX_TURNS = 20
PRONOUN = re.compile(r"\b(he|she|him|her|his|hers|they|them|their|it|its)\b", re.I)
FEMININE = re.compile(r"^(?:Ms|Mrs|Miss|Dame|Baroness|Lady)\b")
MASCULINE = re.compile(r"^(?:Mr|Sir|Lord)\b")
WHAT_ABOUT = re.compile(r"^(?:and |so |ok,? )?(?:what|how) about (?P<rest>.+?)[?.!]*$", re.I)
POSSESSIVE_NEXT = re.compile(r"^\s+(?!(?:to|for|about|on|in|at|with|by|from|and|or|back|backing|support)\b)[a-z]", re.I)


@dataclass
class Turn:
    """One question as understood (standalone), its answer and the names it was about."""

    question: str
    answer: Answer
    names: list[str]


@dataclass
class Conversation:
    """The turns so far of one chat (a Discord thread or DM, the terminal chat)."""

    turns: list[Turn] = field(default_factory=list)

    def remember(self, question: str, answer: Answer, names: list[str]) -> None:
        self.turns.append(Turn(question, answer, names))
        del self.turns[:-MAX_TURNS]

    def recent_names(self) -> list[str]:
        """Names of earlier turns, most recent turn first."""
        names: list[str] = []
        for turn in reversed(self.turns):
            names.extend(n for n in turn.names if n not in names)
        return names


def standalone_question(
    text: str, conversation: Conversation | None, matcher: EntityMatcher, genders: dict[str, str]
) -> str:
    """The question rewritten so it makes sense without the earlier turns."""
    if conversation is None or not conversation.turns:
        return text
    previous = conversation.turns[-1]
    about = WHAT_ABOUT.match(text)
    if about:
        subject = _resolve_pronouns(about.group("rest"), conversation, genders)
        new_names = matcher.mentions(subject)
        old = [m for m in matcher.mentions(previous.question) if m.name in previous.names]
        if new_names and old:
            first = old[0]
            return previous.question[: first.start] + subject + previous.question[first.end :]
        return f"{previous.question} {subject}"
    resolved = _resolve_pronouns(text, conversation, genders)
    if resolved != text or matcher.mentions(text):
        return resolved
    # Elliptical ("and last year?", "by how many votes?"): read it together with the previous question.
    return f"{previous.question} {text}"


def _resolve_pronouns(text: str, conversation: Conversation, genders: dict[str, str]) -> str:
    names = conversation.recent_names()
    if not names:
        return text

    def replace(match: re.Match[str]) -> str:
        pronoun = match.group(1).lower()
        wanted = "f" if pronoun in ("she", "her", "hers") else "m" if pronoun in ("he", "him", "his") else ""
        fitting = [n for n in names if genders.get(n, "") in (wanted, "")] if wanted else names
        name = (fitting or names)[0]
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
