"""Endorsement extraction: who backed whom, from every sentence of the corpus."""

from __future__ import annotations

from collections.abc import Sequence

from index.corpus import Article
from index.store import Endorsement, Entity


def extract_corpus(articles: Sequence[Article]) -> tuple[list[Endorsement], list[Entity]]:
    """Endorsement records and the named entities (with aliases) of the corpus."""
    return [], []
