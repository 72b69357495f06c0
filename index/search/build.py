"""Build an index snapshot from the corpus: embed (with cache), FAISS, BM25, SQLite, then switch atomically."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from index.errors import WhobackedError
from index.ingest.corpus import Article, load_corpus
from index.knowledge.extract import Reader, extract_corpus
from index.knowledge.extraction_cache import ExtractionCache
from index.search.deadline import Deadline
from index.search.embedder import Embedder, EmbeddingCache, embed_with_cache
from index.search.lexical import LexicalIndex, build_lexical_index
from index.search.snapshot import (
    LEXICAL,
    STORE,
    VECTORS,
    DataLayout,
    Manifest,
    read_manifest,
    sync_tree,
    write_manifest,
)
from index.search.store import Store, write_store
from index.search.vectors import build_vector_index, index_type, load_vector_index, save_vector_index
from index.settings import Settings

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) while a build runs."""

log = logging.getLogger(__name__)


NOT_INTACT = (
    "The new index did not read back intact: check the free space in the data folder and run `whobacked build` "
    "again; the previous index stays in use."
)


class BuildError(WhobackedError):
    """The new index could not be written or read back; the previous one stays in use."""


def build_index(
    settings: Settings, embedder: Embedder | None = None, progress: Progress | None = None, wait: bool = False
) -> Manifest:
    """Build a new snapshot of the corpus and make it current; the previous one stays in use until then.

    A build that runs past settings.build_timeout_seconds stops with BuildTimeoutError, its snapshot unfinished.
    After the switch, cached embeddings no current paragraph uses are deleted.
    """
    layout = DataLayout(settings.data_dir)
    with _write_errors_explained(settings.data_dir), layout.locked_for_build(wait=wait):
        started = time.perf_counter()
        deadline = Deadline(settings.build_timeout_seconds)
        articles = load_corpus(settings.corpus_dir)
        embedder = embedder or Embedder(settings.model_name_or_path)
        stamp = datetime.now(UTC)
        final = layout.snapshots / stamp.strftime("%Y%m%dT%H%M%S%fZ")
        partial = final.with_name(final.name + ".partial")
        partial.mkdir(parents=True)
        with _removed_unless_complete(partial):
            manifest = _write_snapshot(
                partial, layout, articles, embedder, progress, stamp, started, settings, deadline
            )
            _verify_snapshot(partial, manifest)
            sync_tree(partial)
            partial.rename(final)
        layout.switch_to(final)
        layout.prune()
        _prune_embedding_cache(layout, embedder.name, articles)
        if progress:
            progress("done", manifest.paragraphs, manifest.paragraphs)
        return manifest


def _write_snapshot(
    partial: Path,
    layout: DataLayout,
    articles: list[Article],
    embedder: Embedder,
    progress: Progress | None,
    stamp: datetime,
    started: float,
    settings: Settings,
    deadline: Deadline,
) -> Manifest:
    """Write every file of a new snapshot into the partial folder and return its manifest."""

    def reading(done: int, total: int) -> None:
        deadline.check("reading the articles")
        if progress:
            progress("reading", done, total)

    extraction_cache = ExtractionCache(layout.extraction_cache)
    try:
        reader = Reader(settings.reader, settings.relation_model, settings.confidence_threshold)
        records, entities = extract_corpus(articles, extraction_cache, settings.nlp_model, reading, reader)
    finally:
        extraction_cache.close()
    paragraphs = write_store(partial / STORE, articles, records, entities)
    texts = [p.text for p in paragraphs]
    total = len(texts)
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress("embedding", done, total)
        deadline.check("embedding")

    cache = EmbeddingCache(layout.embedding_cache)
    try:
        vectors, embedded = embed_with_cache(embedder, cache, texts, [p.content_hash for p in paragraphs], step)
    finally:
        cache.close()
    if progress:
        progress("indexing", total, total)
    deadline.check("indexing")
    vector_index = build_vector_index(vectors)
    save_vector_index(vector_index, partial / VECTORS)
    deadline.check("indexing")
    build_lexical_index(texts, partial / LEXICAL)
    manifest = Manifest(
        model=embedder.name,
        dimension=embedder.dimension,
        built_at=stamp.isoformat(timespec="seconds"),
        paragraphs=total,
        articles={a.id: a.content_hash for a in articles},
        embedded=embedded,
        index_type=index_type(vector_index),
        seconds=round(time.perf_counter() - started, 3),
    )
    write_manifest(partial, manifest)
    return manifest


def _prune_embedding_cache(layout: DataLayout, model: str, articles: list[Article]) -> None:
    """Delete the cached vectors that no paragraph of the corpus just built uses (or that another model made)."""
    cache = EmbeddingCache(layout.embedding_cache)
    try:
        pruned = cache.keep_only(model, [p.content_hash for a in articles for p in a.paragraphs])
    finally:
        cache.close()
    if pruned:
        log.info("Deleted %d cached embeddings that no paragraph uses.", pruned)


def _verify_snapshot(folder: Path, manifest: Manifest) -> None:
    """Read the new snapshot back, so a write error a library only printed never becomes the index in use."""
    try:
        read_manifest(folder)
        vectors = load_vector_index(folder / VECTORS, manifest.dimension)
        Store(folder / STORE).close()
        LexicalIndex(folder / LEXICAL)
    except (WhobackedError, OSError, ValueError) as error:
        raise BuildError(NOT_INTACT) from error
    if vectors.ntotal != manifest.paragraphs:
        raise BuildError(NOT_INTACT)


@contextmanager
def _removed_unless_complete(partial: Path) -> Iterator[None]:
    """Delete the unfinished snapshot folder when writing it fails or is interrupted."""
    try:
        yield
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


@contextmanager
def _write_errors_explained(data_dir: Path) -> Iterator[None]:
    """Turn a failed write (full disk, no permission, a locked database) into one sentence for the user."""
    try:
        yield
    except (OSError, sqlite3.Error) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise BuildError(
            f"The index could not be written to {data_dir} ({reason}): make sure the folder is writable, has free "
            "space and is not used by another program, then run `whobacked build` again; the previous index stays "
            "in use."
        ) from error
