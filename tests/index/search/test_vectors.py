"""Vector index choice: exact while small, a tuned IVF index beyond, memory-mapped loading, damaged files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import psutil
import pytest

from index.search.vectors import (
    VectorIndexError,
    build_vector_index,
    exact_neighbours,
    index_type,
    load_vector_index,
    recall_at_k,
    save_vector_index,
    search,
)
from index.tools.synthetic import synthetic_vectors

DIMENSION = 384


def clustered(count: int, seed: int) -> np.ndarray:
    """Normalized vectors around 300 random centres, clustered the way sentence embeddings are."""
    bases = np.random.default_rng(42).standard_normal((300, DIMENSION)).astype(np.float32)
    bases /= np.linalg.norm(bases, axis=1, keepdims=True)
    return synthetic_vectors(bases, count, seed=seed)


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return clustered(20_000, seed=0)


@pytest.fixture(scope="module")
def approximate(vectors: np.ndarray):
    """An index over more vectors than the (lowered) flat limit."""
    return build_vector_index(vectors, flat_limit=5_000)


def test_small_corpora_get_exact_search(vectors: np.ndarray) -> None:
    """Below the flat limit the index is exact: the best hit of a stored vector is itself, with cosine 1."""
    index = build_vector_index(vectors[:1_000])
    assert index_type(index) == "flat"
    best_id, best_score = search(index, vectors[123], 5)[0]
    assert best_id == 123 and best_score == pytest.approx(1.0, abs=1e-5)


def test_large_corpora_get_a_tuned_ivf_index_with_recall_above_target(vectors: np.ndarray, approximate) -> None:
    """Above the flat limit an IVF index is chosen and tuned; on unseen queries it finds ≥ 95 % of the exact top 10."""
    assert index_type(approximate).startswith("ivf")
    assert 1 <= approximate.nprobe < approximate.nlist
    queries = clustered(300, seed=7)
    assert recall_at_k(approximate, queries, exact_neighbours(queries, vectors, 10)) >= 0.95


def test_tuned_index_survives_save_and_memory_mapped_load(tmp_path: Path, vectors: np.ndarray, approximate) -> None:
    """The tuned nprobe is saved with the index, and loading maps the file instead of reading it into memory."""
    path = tmp_path / "vectors.faiss"
    save_vector_index(approximate, path)
    process = psutil.Process()
    before = process.memory_info().rss
    loaded = load_vector_index(path, DIMENSION)
    grown = process.memory_info().rss - before
    assert index_type(loaded) == index_type(approximate)
    assert grown < path.stat().st_size / 4
    query = vectors[77]
    assert search(loaded, query, 10) == search(approximate, query, 10)


def test_flat_index_loads_memory_mapped(tmp_path: Path, vectors: np.ndarray) -> None:
    """An exact index is memory-mapped too, and answers the same as before saving."""
    path = tmp_path / "vectors.faiss"
    index = build_vector_index(vectors)
    save_vector_index(index, path)
    process = psutil.Process()
    before = process.memory_info().rss
    loaded = load_vector_index(path, DIMENSION)
    assert process.memory_info().rss - before < path.stat().st_size / 4
    assert search(loaded, vectors[5], 3) == search(index, vectors[5], 3)


def test_truncated_ivf_file_is_refused_with_a_rebuild_instruction(tmp_path: Path, approximate) -> None:
    """Half an IVF file is refused with one sentence saying to rebuild, not a FAISS traceback."""
    path = tmp_path / "vectors.faiss"
    save_vector_index(approximate, path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(VectorIndexError, match="run `whobacked build`"):
        load_vector_index(path, DIMENSION)


def test_wrong_dimension_is_refused(tmp_path: Path, vectors: np.ndarray) -> None:
    """An index built for another model's dimension is refused with a rebuild instruction."""
    path = tmp_path / "vectors.faiss"
    save_vector_index(build_vector_index(vectors[:100]), path)
    with pytest.raises(VectorIndexError, match="384-dimensional vectors, not 768"):
        load_vector_index(path, 768)
