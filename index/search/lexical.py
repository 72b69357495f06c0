"""BM25 lexical retrieval over paragraphs (bm25s), complementing dense retrieval on names and numbers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

_STEMMER = Stemmer.Stemmer("english")


def _tokens(texts: Sequence[str], as_ids: bool):
    return bm25s.tokenize(list(texts), stopwords="en", stemmer=_STEMMER, return_ids=as_ids, show_progress=False)


def build_lexical_index(texts: Sequence[str], folder: Path) -> None:
    """Index paragraph texts (ids 0..n-1) and save the index in folder."""
    retriever = bm25s.BM25()
    retriever.index(_tokens(texts, as_ids=True), show_progress=False)
    retriever.save(str(folder), show_progress=False)


class LexicalIndex:
    """A saved BM25 index, memory-mapped."""

    def __init__(self, folder: Path) -> None:
        self.retriever = bm25s.BM25.load(str(folder), mmap=True, show_progress=False, verbosity=0)
        self.size = int(self.retriever.scores["num_docs"])

    def knows(self, word: str) -> bool:
        """Whether the corpus uses this word (compared by stem, case-insensitively)."""
        return _STEMMER.stemWord(word.lower()) in self.retriever.vocab_dict

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """The k best paragraph ids with BM25 scores, best first; empty when no query word is indexed."""
        tokens = [t for t in _tokens([query], as_ids=False)[0] if t in self.retriever.vocab_dict]
        if not tokens or self.size == 0:
            return []
        ids, scores = self.retriever.retrieve([tokens], k=min(k, self.size), show_progress=False, n_threads=1)
        return [(int(i), float(s)) for i, s in zip(np.ravel(ids), np.ravel(scores), strict=True) if s > 0]
