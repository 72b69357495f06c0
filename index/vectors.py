"""FAISS vector index over paragraph embeddings: exact inner product on normalized vectors."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from index.errors import WhobackedError


class VectorIndexError(WhobackedError):
    """The FAISS file is missing or damaged; the message says what to do."""


def build_vector_index(vectors: np.ndarray) -> faiss.Index:
    """An exact inner-product index (cosine on normalized vectors) holding vectors with ids 0..n-1."""
    index = faiss.IndexFlatIP(vectors.shape[1])
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def save_vector_index(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load_vector_index(path: Path, dimension: int) -> faiss.Index:
    """Load a FAISS file memory-mapped where FAISS supports it; raise VectorIndexError when damaged."""
    try:
        index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY)
    except RuntimeError:
        try:
            index = faiss.read_index(str(path))
        except RuntimeError as error:
            raise VectorIndexError(
                f"The index file {path.name} is damaged or truncated: run `whobacked build` to rebuild it."
            ) from error
    if index.d != dimension:
        raise VectorIndexError(
            f"The index file {path.name} holds {index.d}-dimensional vectors, not {dimension}: "
            "run `whobacked build` to rebuild it."
        )
    return index


def search(index: faiss.Index, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k nearest paragraph ids with their cosine scores, best first."""
    if index.ntotal == 0 or k <= 0:
        return []
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), min(k, index.ntotal))
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
