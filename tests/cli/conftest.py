"""The `whobacked` command over the test's own folders, reusing the session's model instead of loading it again."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.search.embedder import Embedder
from index.settings import Settings
from tests.conftest import run_commands_in


@pytest.fixture
def workspace(settings: Settings, embedder: Embedder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    """Point the command at the test's corpus and data folders, away from any .env; builds use the loaded model."""
    return run_commands_in(tmp_path, settings, embedder, monkeypatch)
