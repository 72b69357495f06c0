"""Shared fixtures: the real bundled model (loaded once) and indexes built from a copy of the tests' corpus."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from index.engine import Engine  # noqa: E402
from index.search.embedder import Embedder  # noqa: E402
from index.settings import Settings  # noqa: E402
from tests.index.ingest.site import NewsSite, news_site  # noqa: E402
from tests.index.news.feedsite import FeedSite  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "data" / "corpus"  # the tests' own copy of the two bundled articles


@pytest.fixture(scope="module")
def site() -> Iterator[NewsSite]:
    """A news site on 127.0.0.1 serving the pages written for the tests, one per test module."""
    with news_site() as running:
        yield running


@pytest.fixture(scope="module")
def feeds() -> Iterator[FeedSite]:
    """The news site with feeds (RSS, Atom, their article pages and bad feeds) on 127.0.0.1, one per test module."""
    running = FeedSite()
    running.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The bundled all-MiniLM-L6-v2, loaded once for the whole run."""
    return Embedder(Settings(model="").model_name_or_path)


def copy_corpus(destination: Path) -> Path:
    shutil.copytree(CORPUS, destination)
    return destination


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings over a private copy of the tests' corpus and an empty data folder."""
    return Settings(corpus_dir=copy_corpus(tmp_path / "corpus"), data_dir=tmp_path / "data", model="")


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Engine:
    """An engine over an index built once from the tests' corpus; do not modify its files."""
    root = tmp_path_factory.mktemp("shared-index")
    shared = Settings(corpus_dir=copy_corpus(root / "corpus"), data_dir=root / "data", model="")
    return Engine.open(shared, embedder)


def run_commands_in(home: Path, settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point `whobacked` at the test's corpus and data folders from ``home``, away from any .env; builds and
    engines use the session's loaded model instead of loading it again."""
    import index.engine
    import index.search.build

    monkeypatch.chdir(home)
    monkeypatch.setenv("WHOBACKED_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("WHOBACKED_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("WHOBACKED_MODEL", raising=False)
    monkeypatch.setattr(index.search.build, "Embedder", lambda name: embedder)
    monkeypatch.setattr(index.engine, "Embedder", lambda name: embedder)
    return settings
