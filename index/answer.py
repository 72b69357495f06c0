"""The answer every front end renders: a lead sentence, verbatim quotes with their sources, an abstained flag."""

from __future__ import annotations

from dataclasses import dataclass, field


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

    def to_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answer": self.lead,
            "abstained": self.abstained,
            "quotes": [q.to_json() for q in self.quotes],
        }
