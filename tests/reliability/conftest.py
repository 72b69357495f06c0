"""Fixtures for fault, load and security tests: a build worker to kill, and the CLI over a private data folder."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.engine import Engine
from index.search.embedder import Embedder
from index.search.snapshot import DataLayout
from index.settings import Settings
from tests.bot.conftest import bot, bot_engine, discord_server, emulator  # noqa: F401  (the Discord tests' fixtures)
from tests.conftest import REPO, run_commands_in

WORKER = Path(__file__).with_name("build_worker.py")


def corpus_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file below folder, by relative path."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def quotes_are_verbatim(answer_quotes: list, corpus_dir: Path) -> bool:
    """Whether every quote stands verbatim in the corpus file of its article."""
    texts = {path.stem: path.read_text(encoding="utf-8") for path in corpus_dir.iterdir() if path.is_file()}
    return all(quote.text and quote.text in texts.get(quote.article, "") for quote in answer_quotes)


def cli_environment(settings: Settings, home: Path) -> dict[str, str]:
    """The environment of a `whobacked` subprocess over settings' folders, run from home (no .env of ours)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("WHOBACKED_", "DISCORD_"))}
    environment.update(
        WHOBACKED_CORPUS_DIR=str(settings.corpus_dir),
        WHOBACKED_DATA_DIR=str(settings.data_dir),
        HF_HUB_OFFLINE="1",
        PYTHONPATH=str(REPO),
    )
    return environment


def whobacked_command(*arguments: str) -> list[str]:
    """The `whobacked` console script installed next to this Python, as a subprocess command line."""
    return [str(Path(sys.executable).with_name("whobacked")), *arguments]


@dataclass
class BuildWorker:
    """A process holding the real model that builds in forked children and SIGKILLs them on request."""

    process: subprocess.Popen[str]

    def build(
        self,
        settings: Settings,
        kill_after: float | None = None,
        cold: bool = False,
        file_size_limit: int | None = None,
    ) -> dict:
        """Build settings' corpus in a child; see build_worker.py for the result's keys."""
        request = {
            "corpus_dir": str(settings.corpus_dir),
            "data_dir": str(settings.data_dir),
            "kill_after": kill_after,
            "cold": cold,
            "file_size_limit": file_size_limit,
        }
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())


@pytest.fixture(scope="session")
def build_worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuildWorker]:
    """One worker for the whole run (it loads the model once)."""
    home = tmp_path_factory.mktemp("worker")
    process = subprocess.Popen(
        [sys.executable, str(WORKER)],
        cwd=home,
        env={**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout and process.stdout.readline().strip() == "ready", "the build worker did not start"
    yield BuildWorker(process)
    assert process.stdin
    process.stdin.close()
    process.wait(timeout=30)


@pytest.fixture
def warm(settings: Settings, engine: Engine) -> Settings:
    """The test's settings with every corpus paragraph already in the embedding cache, so builds take no time."""
    cache = DataLayout(settings.data_dir).embedding_cache
    cache.parent.mkdir(parents=True)
    shutil.copyfile(DataLayout(engine.settings.data_dir).embedding_cache, cache)
    return settings


@pytest.fixture
def cli(warm: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    """`cli.main.main` over the test's folders (cache warm), reusing the session's model instead of loading it."""
    home = tmp_path / "home"
    home.mkdir()
    return run_commands_in(home, warm, embedder, monkeypatch)
