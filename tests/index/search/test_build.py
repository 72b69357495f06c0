"""Index builds: round trip with the real model, the caches and their pruning, atomic snapshots, damaged files,
the time limit."""

import json
from pathlib import Path

import numpy as np
import pytest

import index.search.build
import index.search.deadline
import index.search.embedder
from index.engine import Engine
from index.knowledge.extraction_cache import ExtractionCache
from index.search.build import BuildError, build_index
from index.search.deadline import BuildTimeoutError
from index.search.embedder import Embedder, EmbeddingCache, ModelError
from index.search.snapshot import MANIFEST, VECTORS, DataLayout, SnapshotError
from index.settings import Settings


def test_build_then_reload_answers_from_the_corpus(settings: Settings, embedder: Embedder) -> None:
    """A built index, reloaded by a new engine, finds the paragraph a question is about."""
    manifest = build_index(settings, embedder)
    assert manifest.paragraphs == 41 and manifest.dimension == 384 and len(manifest.articles) == 2
    engine = Engine(settings, embedder)
    engine.reload()
    hits = engine.snapshot.retriever.search("Peter Taheri branch secretary", k=3)
    assert "Peter Taheri" in hits[0].paragraph.text
    assert {a.title for a in engine.articles()} == {a.title for a in Engine.open(settings, embedder).articles()}


def test_unchanged_corpus_re_embeds_nothing(settings: Settings, embedder: Embedder) -> None:
    """A rebuild of an unchanged corpus takes every vector from the cache; a new article is all it embeds."""
    first = build_index(settings, embedder)
    assert first.embedded == first.paragraphs
    assert build_index(settings, embedder).embedded == 0
    (settings.corpus_dir / "new.md").write_text("title: New\n---\nOne new paragraph.\n\nAnd another.", encoding="utf-8")
    assert build_index(settings, embedder).embedded == 2


def test_crash_mid_build_leaves_previous_index_in_use(
    settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that dies before it finishes leaves the previous snapshot current and answering."""
    build_index(settings, embedder)
    layout = DataLayout(settings.data_dir)
    before = layout.current()
    (settings.corpus_dir / "extra.md").write_text("Extra article text.", encoding="utf-8")

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index.search.build, "save_vector_index", crash)
    with pytest.raises(BuildError, match="No space left on device"):
        build_index(settings, embedder)
    assert layout.current() == before
    engine = Engine(settings, embedder)
    engine.reload()
    assert "extra" not in {a.id for a in engine.articles()}
    monkeypatch.undo()
    build_index(settings, embedder)
    assert layout.current() != before and not list(layout.snapshots.glob("*.partial"))


def test_index_built_with_another_model_is_refused(settings: Settings, embedder: Embedder) -> None:
    """An index whose manifest names another model or dimension is refused with a rebuild instruction."""
    build_index(settings, embedder)
    manifest_path = DataLayout(settings.data_dir).current() / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["model"], manifest["dimension"] = "other-model", 768
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(SnapshotError, match="whobacked build"):
        Engine(settings, embedder).reload()


def test_truncated_index_file_is_refused(settings: Settings, embedder: Embedder) -> None:
    """A truncated FAISS file is detected at load, with a rebuild instruction."""
    build_index(settings, embedder)
    vectors = DataLayout(settings.data_dir).current() / VECTORS
    vectors.write_bytes(vectors.read_bytes()[:100])
    with pytest.raises(SnapshotError, match="truncated.*whobacked build"):
        Engine(settings, embedder).reload()


def test_missing_model_path_says_what_to_do(tmp_path: Path) -> None:
    """A model path that does not exist is one clear error naming WHOBACKED_MODEL."""
    with pytest.raises(ModelError, match="does not exist.*WHOBACKED_MODEL"):
        Embedder(str(tmp_path / "no-such-model"))


UNRELATED_ARTICLE = """title: Kentish Town library reopens after a year of repairs
source: Camden New Journal
date: 2016-09
url:
---
Kentish Town library reopened on Saturday after a year of repairs to its roof.

Council leader Georgia Gould said the reopening was a good day for the neighbourhood.

Residents backed the plan to keep the library open on Sundays, librarian Maria Lopez said.
"""


def test_adding_an_unrelated_article_leaves_the_other_articles_records(settings: Settings, embedder: Embedder) -> None:
    """A user adding an article about something else (as the README says to) changes no record of the others."""
    after = Engine.open(settings, embedder)
    before = after.endorsements()
    (settings.corpus_dir / "2016-09-kentish-town-library.md").write_text(UNRELATED_ARTICLE, encoding="utf-8")
    after.rebuild()
    assert "2016-09-kentish-town-library" in after.snapshot.manifest.articles
    assert [r for r in after.endorsements() if r.article != "2016-09-kentish-town-library"] == before


def cached_rows(settings: Settings) -> tuple[int, int]:
    """How many vectors the embedding cache holds, and how many article readings the extraction cache holds."""
    layout = DataLayout(settings.data_dir)
    vectors, readings = EmbeddingCache(layout.embedding_cache), ExtractionCache(layout.extraction_cache)
    try:
        return (
            vectors.connection.execute("SELECT count(*) FROM embeddings").fetchone()[0],
            readings.connection.execute("SELECT count(*) FROM articles").fetchone()[0],
        )
    finally:
        vectors.close()
        readings.close()


def test_caches_forget_what_no_article_uses(settings: Settings, embedder: Embedder) -> None:
    """Add an article, build, remove it, build: both caches shrink back; the next build still embeds nothing."""
    build_index(settings, embedder)
    before = cached_rows(settings)
    assert before == (41, 2)
    cache = EmbeddingCache(DataLayout(settings.data_dir).embedding_cache)
    cache.put_many("another-model", {"0" * 64: np.ones(384, dtype=np.float32)})
    cache.close()
    added = settings.corpus_dir / "2016-09-kentish-town-library.md"
    added.write_text(UNRELATED_ARTICLE, encoding="utf-8")
    assert build_index(settings, embedder).embedded == 3
    assert cached_rows(settings) == (44, 3)  # the other model's vector went too
    added.unlink()
    assert build_index(settings, embedder).embedded == 0
    assert cached_rows(settings) == before
    assert build_index(settings, embedder).embedded == 0


def test_a_build_past_its_time_limit_stops_and_the_previous_index_answers(
    settings: Settings, embedder: Embedder
) -> None:
    """With a limit of 1 ms the build stops with a sentence saying what to do; no snapshot is left half-written."""
    build_index(settings, embedder)
    layout = DataLayout(settings.data_dir)
    before = layout.current()
    assert before is not None
    (settings.corpus_dir / "2016-09-kentish-town-library.md").write_text(UNRELATED_ARTICLE, encoding="utf-8")
    hurried = settings.model_copy(update={"build_timeout_seconds": 0.001})
    with pytest.raises(BuildTimeoutError) as stopped:
        build_index(hurried, embedder)
    assert str(stopped.value).startswith("The build took longer than 0.001 s (WHOBACKED_BUILD_TIMEOUT_SECONDS)")
    assert "the previous index keeps answering" in str(stopped.value)
    assert layout.current() == before and [p.name for p in layout.snapshots.iterdir()] == [before.name]
    engine = Engine(settings, embedder)
    engine.reload()
    assert "2016-09-kentish-town-library" not in {a.id for a in engine.articles()}


@pytest.mark.parametrize("stage, kept", [("reading", (0, 1)), ("embedding", (8, 2))])
def test_a_build_stopped_by_its_time_limit_keeps_what_it_did(
    settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch, stage: str, kept: tuple[int, int]
) -> None:
    """Stopped after its first article read or its first batch embedded, a build leaves them cached for the next."""
    clock = [0.0]
    monkeypatch.setattr(index.search.deadline, "monotonic", lambda: clock[0])
    monkeypatch.setattr(index.search.embedder, "BATCH_SIZE", 8)

    def progress(at: str, done: int, total: int) -> None:
        if at == stage:
            clock[0] = 61.0  # past the limit from here on

    with pytest.raises(BuildTimeoutError, match=f"stopped while {stage}"):
        build_index(settings.model_copy(update={"build_timeout_seconds": 60}), embedder, progress)
    assert cached_rows(settings) == kept and DataLayout(settings.data_dir).current() is None
    clock[0] = 0.0
    assert build_index(settings, embedder).embedded == 41 - kept[0]
