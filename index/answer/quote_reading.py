"""Reading the shown quotes at question time: what the relation model says each quote proves about the names asked.

When no record answers but a retrieved sentence does, the lead may state what that sentence proves, and only
that: every pair of known names in the quote that involves a name asked about is scored by the relation model, and
a pair counts only when its stance (supports, opposes, undeclared) is above the confidence threshold, its
probability taken at the precision the model's own finds had on real news (``FIND_PRECISION``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from index.answer.names import Mention, NameFinder
from index.knowledge.relation_model import FIND_PRECISION, Passage, RelationModel
from index.models import Quote


@dataclass(frozen=True)
class Proved:
    """One relation a shown quote states, as the model read it."""

    backer: str
    backed: str
    stance: str
    when: str
    confidence: float
    quote: Quote


@dataclass(frozen=True)
class QuoteReader:
    """The relation model and the confidence a quote's relation needs before a lead states it."""

    model: RelationModel
    threshold: float

    def read(self, quotes: Sequence[Quote], finder: NameFinder, names: Collection[str]) -> list[Proved]:
        """The relations the quotes state between two known names, one of them among NAMES (any, when empty)."""
        passages: list[tuple[Passage, list[Mention], Quote]] = []
        for quote in quotes:
            mentions = _first_mentions(finder.mentions(quote.text))
            pairs = tuple(
                (i, j)
                for i, a in enumerate(mentions)
                for j, b in enumerate(mentions)
                if i != j and (not names or a.name in names or b.name in names)
            )
            if pairs:
                spans = tuple((1, m.start, m.end) for m in mentions)
                passages.append((Passage("", "", quote.text, spans, pairs), mentions, quote))
        readings = self.model.read([p for p, _, _ in passages]) if passages else []
        proved = []
        for (passage, mentions, quote), found in zip(passages, readings, strict=True):
            for (a, b), reading in zip(passage.pairs, found, strict=True):
                if reading.stance != "none" and reading.confidence * FIND_PRECISION >= self.threshold:
                    proved.append(
                        Proved(
                            mentions[a].name,
                            mentions[b].name,
                            reading.stance,
                            reading.when,
                            reading.confidence * FIND_PRECISION,
                            quote,
                        )
                    )
        return proved


def _first_mentions(mentions: Sequence[Mention]) -> list[Mention]:
    """One mention per entity (its first), so a name said twice is one candidate."""
    first: dict[str, Mention] = {}
    for mention in mentions:
        first.setdefault(mention.name, mention)
    return list(first.values())
