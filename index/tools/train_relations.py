"""Train the relation model on our labelled passages (``reader/passages.jsonl``), seeded and on the CPU.

Each passage gives one example per sentence: that sentence, the one before it and the heading, with one marked
span for every entity they name and a label for every ordered pair of which at least one end is in the sentence
(a relation counts only in the sentence that states it). Whole templates are held out for validation
(``index.tools.passages.is_validation``), so the validation figure is on phrasings training never saw. After
training, the stance probabilities are calibrated by one temperature fitted on the validation pairs, and the
figures per construction family are printed and stored in the weights' metadata.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import save_file

from index.knowledge.relation_model import (
    BUNDLED_WEIGHTS,
    STANCES,
    TIMES,
    Passage,
    bundled_base_path,
    encode_passages,
    freeze_lower_layers,
    new_classifier,
    refers_back,
    trained_state,
)
from index.tools.passages import PASSAGES_FILE

SEED = 13
EPOCHS = 5
BATCH_PASSAGES = 16
ENCODER_RATE = 6e-5
HEAD_RATE = 1e-3
THRESHOLD = 0.5


@dataclass(frozen=True)
class Example:
    """One sentence of a labelled passage, with the label of each of its pairs."""

    passage: Passage
    stances: tuple[int, ...]
    times: tuple[int, ...]
    family: str
    split: str


def examples_of(record: dict, rng: random.Random) -> Iterator[Example]:
    """The examples of one generated passage: one per sentence that names at least one of its entities."""
    labels = {(p["backer"], p["backed"]): p for p in record["pairs"]}
    for focus, sentence in enumerate(record["sentences"]):
        parts = {-1: -1, focus: 1}  # the heading, and the sentence itself
        if focus and refers_back(sentence):
            parts[focus - 1] = 0  # the sentence before, when this one may point back to it
        chosen: list[tuple[str, tuple[int, int, int], bool]] = []
        for mention in record["mentions"]:
            spans = [(parts[p], s, e) for p, s, e in mention["spans"] if p in parts]
            here = [span for span in spans if span[0] == 1]
            if here:
                chosen.append((mention["slot"], rng.choice(here), True))
            elif spans:
                chosen.append((mention["slot"], max(spans, key=lambda span: (span[0], span[1])), False))
        pairs, stances, times = [], [], []
        for i, (backer, _, in_a) in enumerate(chosen):
            for j, (backed, _, in_b) in enumerate(chosen):
                if i == j or not (in_a or in_b):
                    continue
                label = labels.get((backer, backed))
                if label is None or label["sentence"] != focus:
                    label = {"stance": "none", "when": "current"}  # a relation counts where it is stated
                pairs.append((i, j))
                stances.append(STANCES.index(label["stance"]))
                times.append(TIMES.index(label["when"]))
        if pairs:
            previous = record["sentences"][focus - 1] if focus else ""
            passage = Passage(record["heading"], previous, sentence, tuple(s for _, s, _ in chosen), tuple(pairs))
            yield Example(passage, tuple(stances), tuple(times), record["family"], record["split"])


def read_examples(path: Path = PASSAGES_FILE, seed: int = SEED) -> list[Example]:
    rng = random.Random(seed)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [example for record in records for example in examples_of(record, rng)]


def _batch(tokenizer, examples: list[Example]) -> dict[str, torch.Tensor] | None:
    batch = encode_passages(tokenizer, [e.passage for e in examples])
    if batch is not None:
        batch["stance_labels"] = torch.tensor([s for e in examples for s in e.stances])
        batch["time_labels"] = torch.tensor([t for e in examples for t in e.times])
    return batch


def _loss(model, batch: dict[str, torch.Tensor]) -> torch.Tensor:
    stance_logits, time_logits = model(batch)
    seen = batch["seen"]
    loss = torch.nn.functional.cross_entropy(stance_logits[seen], batch["stance_labels"][seen])
    related = seen & (batch["stance_labels"] > 0)
    if related.any():
        loss = loss + torch.nn.functional.cross_entropy(time_logits[related], batch["time_labels"][related])
    return loss


def train(
    passages: Path = PASSAGES_FILE,
    out: Path = BUNDLED_WEIGHTS,
    epochs: int = EPOCHS,
    seed: int = SEED,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Train, calibrate, measure and write the weights; returns the validation figures."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    examples = read_examples(passages, seed)
    training = [e for e in examples if e.split == "train"]
    validation = [e for e in examples if e.split == "validation"]
    model, tokenizer = new_classifier(bundled_base_path())
    freeze_lower_layers(model)
    encoder = [p for n, p in model.named_parameters() if p.requires_grad and n.startswith("encoder.")]
    heads = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("encoder.")]
    optimiser = torch.optim.AdamW([{"params": encoder, "lr": ENCODER_RATE}, {"params": heads, "lr": HEAD_RATE}])
    steps = epochs * math.ceil(len(training) / BATCH_PASSAGES)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / 100) * (1 - step / steps)
    )
    step, started = 0, time.monotonic()
    for _ in range(epochs):
        model.train()
        order = training[:]
        rng.shuffle(order)
        for start in range(0, len(order), BATCH_PASSAGES):
            batch = _batch(tokenizer, order[start : start + BATCH_PASSAGES])
            if batch is not None:
                loss = _loss(model, batch)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(encoder + heads, 1.0)
                optimiser.step()
                optimiser.zero_grad()
            schedule.step()
            step += 1
            if progress is not None:
                progress(step, steps)
    model.eval()
    logits, labels, times, time_labels, families = _predict(model, tokenizer, validation)
    temperature = fit_temperature(logits, labels)
    figures = measure(logits / temperature, labels, times, time_labels, families, THRESHOLD)
    figures["temperature"] = round(temperature, 3)
    figures["threshold"] = THRESHOLD
    figures["training_examples"], figures["validation_examples"] = len(training), len(validation)
    figures["training_minutes"] = round((time.monotonic() - started) / 60, 1)
    metadata = {
        "temperature": str(temperature),
        "threshold": str(THRESHOLD),
        "seed": str(seed),
        "epochs": str(epochs),
        "validation": json.dumps(figures),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    save_file(trained_state(model), str(out), metadata=metadata)
    return figures


def _predict(model, tokenizer, examples: list[Example]):
    logits, labels, times, time_labels, families = [], [], [], [], []
    with torch.inference_mode():
        for start in range(0, len(examples), 32):
            chunk = examples[start : start + 32]
            batch = _batch(tokenizer, chunk)
            if batch is None:
                continue
            stance_logits, time_logits = model(batch)
            seen = batch["seen"]
            logits.append(stance_logits[seen])
            labels.append(batch["stance_labels"][seen])
            times.append(time_logits.argmax(-1)[seen])
            time_labels.append(batch["time_labels"][seen])
            families += [f for f, s in zip(_pair_families(chunk), seen.tolist(), strict=True) if s]
    return torch.cat(logits), torch.cat(labels), torch.cat(times), torch.cat(time_labels), families


def _pair_families(examples: list[Example]) -> list[str]:
    return [e.family for e in examples for _ in e.stances]


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """The temperature that minimises the validation pairs' negative log-likelihood (a grid, then its best)."""
    grid = [0.5 + 0.05 * i for i in range(91)]
    losses = [float(torch.nn.functional.cross_entropy(logits / t, labels)) for t in grid]
    return grid[losses.index(min(losses))]


def measure(logits, labels, times, time_labels, families: list[str], threshold: float) -> dict:
    """Precision and recall of stated relations (stance and time must both agree), overall and per family."""
    probabilities = torch.softmax(logits, dim=-1)
    confidence, predicted = probabilities.max(-1)
    predicted = torch.where(confidence >= threshold, predicted, torch.zeros_like(predicted))
    counts: dict[str, Counter] = defaultdict(Counter)
    for family, p, y, t, ty in zip(
        families, predicted.tolist(), labels.tolist(), times.tolist(), time_labels.tolist(), strict=True
    ):
        for key in (family, "all"):
            counts[key]["gold"] += y > 0
            counts[key]["stated"] += p > 0
            counts[key]["right"] += p > 0 and p == y and t == ty
    return {"families": {k: _figures(c) for k, c in sorted(counts.items()) if k != "all"}, **_figures(counts["all"])}


def _figures(counts: Counter) -> dict:
    precision = counts["right"] / counts["stated"] if counts["stated"] else 1.0
    recall = counts["right"] / counts["gold"] if counts["gold"] else 1.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "gold": counts["gold"]}


def format_figures(figures: dict) -> str:
    lines = [f"{'family':<16} {'precision':>9} {'recall':>7} {'gold':>5}"]
    for family, f in figures["families"].items():
        lines.append(f"{family:<16} {f['precision']:>9.3f} {f['recall']:>7.3f} {f['gold']:>5}")
    lines.append(f"{'all':<16} {figures['precision']:>9.3f} {figures['recall']:>7.3f} {figures['gold']:>5}")
    lines.append(f"temperature {figures['temperature']}, threshold {figures['threshold']}")
    return "\n".join(lines)
