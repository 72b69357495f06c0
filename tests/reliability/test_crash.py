"""A build killed with SIGKILL at any point never loses the index in use, never touches the corpus."""

import random

import pytest

from index.engine import Engine
from index.search.embedder import Embedder
from index.search.snapshot import DataLayout, read_manifest
from index.settings import Settings
from tests.reliability.conftest import BuildWorker, corpus_hashes, quotes_are_verbatim

KILLS = 10


def index_answers(engine: Engine, settings: Settings) -> bool:
    """Whether the engine finds the paragraph a question is about and answers it with verbatim quotes only."""
    hits = engine.snapshot.retriever.search("Peter Taheri branch secretary", k=3)
    answer = engine.ask("Who is the secretary of the Hampstead and Kilburn branch?")
    return "Peter Taheri" in hits[0].paragraph.text and quotes_are_verbatim(answer.quotes, settings.corpus_dir)


@pytest.mark.slow
def test_builds_killed_at_random_points_leave_a_working_index(
    build_worker: BuildWorker, embedder: Embedder, settings: Settings
) -> None:
    """Ten or more SIGKILLed builds: a complete index stays current and answering; the next build succeeds."""
    first = build_worker.build(settings, cold=True)
    assert not first["killed"] and first["error"] is None
    layout = DataLayout(settings.data_dir)
    serving = Engine(settings, embedder)
    serving.reload()
    corpus_before = corpus_hashes(settings.corpus_dir)
    chance = random.Random(20160811)
    kills = attempts = 0
    killed_in: set[str] = set()

    def kill_builds(until: int, cold: bool, window: float) -> None:
        """Kill builds at random points of a window as long as a whole build of that kind took."""
        nonlocal kills, attempts
        while kills < until and attempts < 4 * KILLS:
            result = build_worker.build(settings, kill_after=chance.uniform(0, window), cold=cold)
            attempts += 1
            kills += result["killed"]
            killed_in.update([result["stage"]] if result["killed"] else [])
            assert result["killed"] or result["error"] is None, result  # a build that outlived its kill time succeeded
            current = layout.current()
            assert current is not None and read_manifest(current).paragraphs == serving.snapshot.manifest.paragraphs
            assert corpus_hashes(settings.corpus_dir) == corpus_before

    kill_builds(KILLS // 2, cold=True, window=first["seconds"])  # loading the corpus, writing the store, embedding
    for _ in range(2):  # the first fills the embedding cache again, the second times a build that needs no model
        warm = build_worker.build(settings)
        assert not warm["killed"] and warm["error"] is None
    kill_builds(KILLS, cold=False, window=warm["seconds"])  # writing FAISS, BM25, the manifest, syncing, switching
    assert kills >= KILLS, f"only {kills} of {attempts} builds were still running when killed (in {killed_in})"

    assert index_answers(serving, settings)
    reopened = Engine(settings, embedder)
    reopened.reload()
    assert index_answers(reopened, settings)

    final = build_worker.build(settings)
    assert not final["killed"] and final["error"] is None
    assert not list(layout.snapshots.glob("*.partial"))
    reopened.reload()
    assert index_answers(reopened, settings)
    assert corpus_hashes(settings.corpus_dir) == corpus_before
