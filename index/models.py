"""Plain data types every stage shares: the typed vocabulary, endorsement records, entities and answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Stance(StrEnum):
    """What a record says the backer thinks of the backed."""

    SUPPORTS = "supports"
    OPPOSES = "opposes"
    UNDECLARED = "undeclared"


class When(StrEnum):
    """Whether a record holds at its article's date or before it."""

    CURRENT = "current"
    PAST = "past"


class EntityKind(StrEnum):
    """What kind of thing a name of the corpus is."""

    PERSON = "person"
    BRANCH = "branch"
    GROUP = "group"


@dataclass(frozen=True)
class Endorsement:
    """One record of who backed whom, proved by one verbatim sentence.

    ``year`` is the year the record refers to (its article's year, or the earlier year the sentence names) and
    ``contest`` the office when the sentence or article names it ("leader", "deputy leader", "mayor"); both may
    be empty where the article does not say.
    """

    backer: str
    backer_kind: str
    backed: str
    stance: str
    when: str
    votes: str
    article: str
    paragraph: int
    quote: str
    year: str = ""
    contest: str = ""
    confidence: float = 1.0  # the relation model's calibrated probability that the quote states this record

    def to_json(self) -> dict[str, object]:
        return {
            "backer": self.backer,
            "backed": self.backed,
            "stance": self.stance,
            "when": self.when,
            "votes": self.votes,
            "year": self.year,
            "contest": self.contest,
            "confidence": self.confidence,
            "article": self.article,
            "paragraph": self.paragraph,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class Entity:
    """A person, branch or group named in the corpus, with one of its aliases."""

    name: str
    kind: str
    alias: str


@dataclass(frozen=True)
class Backing:
    """The records of one looked-up name, by direction: who backed it, and whom it backed.

    ``names`` are the known people, branches or candidates the typed name stands for (usually one; empty when
    it names nobody the articles know).
    """

    names: list[str]
    backed_by: list[Endorsement]
    backs: list[Endorsement]

    @property
    def found(self) -> bool:
        return bool(self.backed_by or self.backs)


@dataclass(frozen=True)
class Quote:
    """One verbatim sentence (or run of sentences) of an article paragraph."""

    text: str
    article: str
    title: str
    source: str
    date: str
    url: str
    paragraph: int
    score: float

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "article": self.article,
            "title": self.title,
            "paragraph": self.paragraph,
            "score": round(self.score, 4),
        }

    @property
    def source_line(self) -> str:
        """ "Title — Source, date" for a list of sources."""
        where = ", ".join(part for part in (self.source, self.date) if part)
        return f"{self.title} — {where}" if where else self.title

    @property
    def citation(self) -> str:
        """ "Title — Source, date, ¶3": the article and the paragraph of this quote."""
        return f"{self.source_line}, ¶{self.paragraph}"


@dataclass
class Answer:
    """What whobacked says to one question."""

    question: str
    lead: str
    quotes: list[Quote] = field(default_factory=list)
    abstained: bool = False
    lists_articles: bool = False  # an abstention naming no records: a front end adds where to list the articles

    def to_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answer": self.lead,
            "abstained": self.abstained,
            "quotes": [q.to_json() for q in self.quotes],
        }
