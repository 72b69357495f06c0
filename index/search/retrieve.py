"""Hybrid retrieval: dense (FAISS) and lexical (BM25) rankings fused by reciprocal rank, spread across articles."""

from __future__ import annotations

from dataclasses import dataclass

import faiss

from index.ingest.corpus import Paragraph
from index.search.embedder import Embedder
from index.search.lexical import LexicalIndex
from index.search.store import Store
from index.search.vectors import search

RRF_K = 60
CANDIDATES = 30


@dataclass
class Hit:
    """A retrieved paragraph with its fused score and the cosine of its dense match."""

    id: int
    paragraph: Paragraph
    score: float
    cosine: float


class Retriever:
    """Finds the paragraphs most relevant to a question."""

    def __init__(self, embedder: Embedder, vectors: faiss.Index, lexical: LexicalIndex, store: Store) -> None:
        self.embedder = embedder
        self.vectors = vectors
        self.lexical = lexical
        self.store = store

    def search(self, query: str, k: int = 8, per_article: int | None = None, dense: bool = True) -> list[Hit]:
        """The k best paragraphs; per_article caps how many one article may take while others have hits.

        With dense=False only BM25 ranks (no query encoding): a cheap second look for exact words.
        """
        nearest = search(self.vectors, self.embedder.encode_query(query), CANDIDATES) if dense else []
        lexical = self.lexical.search(query, CANDIDATES)
        fused: dict[int, float] = {}
        for ranking in (nearest, lexical):
            for rank, (paragraph_id, _) in enumerate(ranking):
                fused[paragraph_id] = fused.get(paragraph_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        cosine = dict(nearest)
        ordered = sorted(fused, key=fused.__getitem__, reverse=True)
        paragraphs = self.store.paragraphs(ordered)
        hits = [Hit(i, paragraphs[i], fused[i], cosine.get(i, 0.0)) for i in ordered if i in paragraphs]
        return _spread(hits, k, per_article or max(2, (k + 1) // 2))


def _spread(hits: list[Hit], k: int, per_article: int) -> list[Hit]:
    """Keep the best k hits, taking at most per_article from one article before the others are used up."""
    chosen: list[Hit] = []
    deferred: list[Hit] = []
    taken: dict[str, int] = {}
    for hit in hits:
        article = hit.paragraph.article_id
        if taken.get(article, 0) < per_article:
            chosen.append(hit)
            taken[article] = taken.get(article, 0) + 1
        else:
            deferred.append(hit)
    chosen = chosen[:k]
    chosen.extend(deferred[: k - len(chosen)])
    return sorted(chosen, key=lambda h: h.score, reverse=True)
