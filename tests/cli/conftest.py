"""The `whobacked` command over the test's own folders, reusing the session's model instead of loading it again."""

from __future__ import annotations

from pathlib import Path

import pytest

import index.engine
import index.search.build
from index.search.embedder import Embedder
from index.settings import Settings


@pytest.fixture
def workspace(settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    """Point the command at the test's corpus and data folders, away from any .env; builds use the loaded model."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WHOBACKED_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("WHOBACKED_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("WHOBACKED_MODEL", raising=False)
    monkeypatch.setattr(index.search.build, "Embedder", lambda name: embedder)
    monkeypatch.setattr(index.engine, "Embedder", lambda name: embedder)
    return settings
