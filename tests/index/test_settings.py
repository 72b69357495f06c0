"""Settings: the bundled model is the real all-MiniLM-L6-v2, and environment variables override defaults."""

import hashlib
from pathlib import Path

import pytest

from index.settings import Settings, bundled_model_path

ALL_MINILM_L6_V2_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def test_bundled_model_is_all_minilm_l6_v2() -> None:
    """The default model folder holds the published all-MiniLM-L6-v2 weights."""
    weights = Path(bundled_model_path()) / "model.safetensors"
    assert hashlib.sha256(weights.read_bytes()).hexdigest() == ALL_MINILM_L6_V2_SHA256


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """WHOBACKED_* variables set the corpus, data folder and model."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WHOBACKED_CORPUS_DIR", "/srv/articles")
    monkeypatch.setenv("WHOBACKED_MODEL", "/models/other")
    settings = Settings()
    assert settings.corpus_dir == Path("/srv/articles")
    assert settings.data_dir == Path("data")
    assert settings.model_name_or_path == "/models/other"
