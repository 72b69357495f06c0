"""Build an index snapshot from the corpus: embed (with cache), FAISS, BM25, SQLite, then switch atomically."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from index.corpus import load_corpus
from index.embedder import Embedder, EmbeddingCache, embed_with_cache
from index.extract import extract_corpus
from index.lexical import build_lexical_index
from index.settings import Settings
from index.snapshot import LEXICAL, STORE, VECTORS, DataLayout, Manifest, sync_tree, write_manifest
from index.store import write_store
from index.vectors import build_vector_index, save_vector_index

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) while a build runs."""


def build_index(
    settings: Settings, embedder: Embedder | None = None, progress: Progress | None = None, wait: bool = False
) -> Manifest:
    """Build a new snapshot of the corpus and make it current; the previous one stays in use until then."""
    layout = DataLayout(settings.data_dir)
    with layout.locked_for_build(wait=wait):
        started = time.perf_counter()
        articles = load_corpus(settings.corpus_dir)
        embedder = embedder or Embedder(settings.model_name_or_path)
        stamp = datetime.now(UTC)
        final = layout.snapshots / stamp.strftime("%Y%m%dT%H%M%S%fZ")
        partial = final.with_name(final.name + ".partial")
        partial.mkdir(parents=True)

        paragraphs = write_store(partial / STORE, articles, *extract_corpus(articles))
        texts = [p.text for p in paragraphs]
        total = len(texts)
        done = 0

        def step(count: int) -> None:
            nonlocal done
            done += count
            if progress:
                progress("embedding", done, total)

        cache = EmbeddingCache(layout.embedding_cache)
        try:
            vectors, embedded = embed_with_cache(embedder, cache, texts, [p.content_hash for p in paragraphs], step)
        finally:
            cache.close()
        if progress:
            progress("indexing", total, total)
        save_vector_index(build_vector_index(vectors), partial / VECTORS)
        build_lexical_index(texts, partial / LEXICAL)
        manifest = Manifest(
            model=embedder.name,
            dimension=embedder.dimension,
            built_at=stamp.isoformat(timespec="seconds"),
            paragraphs=total,
            articles={a.id: a.content_hash for a in articles},
            embedded=embedded,
            seconds=round(time.perf_counter() - started, 3),
        )
        write_manifest(partial, manifest)
        sync_tree(partial)
        partial.rename(final)
        layout.switch_to(final)
        layout.prune()
        if progress:
            progress("done", total, total)
        return manifest


def snapshot_exists(data_dir: Path) -> bool:
    return DataLayout(data_dir).current() is not None
