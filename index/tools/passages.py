"""The labelled passages the relation model learns from: our own templates, filled with invented names.

A template (``reader/templates/<family>.jsonl``, written by hand; ``reader/TEMPLATES.md`` says how) is a short
news passage with slots (``{P1}``, ``{U1}`` …) and the relations it states between them. Filling it several times
with names drawn from ``reader/fillers.json`` gives passages whose every ordered pair of slots is labelled, so the
model learns the shape of the sentence and never a name. Generation is seeded: the same templates give the same
passages.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

READER_DIR = Path(__file__).resolve().parents[2] / "reader"
TEMPLATES_DIR = READER_DIR / "templates"
PASSAGES_FILE = READER_DIR / "passages.jsonl"
FILLERS_FILE = READER_DIR / "fillers.json"

STANCES = ("none", "supports", "opposes", "undeclared")
TIMES = ("current", "past")
STYLES = ("uk", "us", "ca", "au", "ie")
SLOT = re.compile(r"\{([A-Za-z]+)(\d*)(?:\.(\w+))?\}")
ENTITY_KINDS = {"P": "person", "U": "group", "G": "group", "N": "group", "C": "branch"}
PERSON_FORMS = {"", "last", "first", "title", "he", "him", "his", "He", "His", "hers"}
PRONOUN_FORMS = {"he", "him", "his", "He", "His", "hers"}
PRONOUNS = {
    "m": {"he": "he", "him": "him", "his": "his", "He": "He", "His": "His", "hers": "his"},
    "f": {"he": "she", "him": "her", "his": "her", "He": "She", "His": "Her", "hers": "hers"},
}
FILLER_WORDS = {"place", "state", "party", "office", "year", "pastyear", "day", "month", "n", "n2", "n3", "k"}
BYSTANDER_WORDS = frozenset({"place", "state", "party"})
"""Fillers the recogniser finds as names too ("Ohio", "Labour"): marked as mentions, so the model learns that
they back no one."""
FILLS_PER_TEMPLATE = 6
VALIDATION_SHARE = 0.2


class TemplateError(ValueError):
    """A template that cannot be filled or labels what it does not contain."""


@dataclass
class Mention:
    """Where one slot's entity is named in a passage: (part, start, end); part -1 is the heading."""

    slot: str
    kind: str
    name: str
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # named forms only, never pronouns


def read_templates(folder: Path = TEMPLATES_DIR) -> list[dict]:
    """Every template of every family file, checked; a broken one raises TemplateError naming it."""
    templates: list[dict] = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                template = json.loads(line)
            except ValueError as error:
                raise TemplateError(f"{path.name}:{number}: not JSON ({error})") from error
            check_template(template, f"{path.name}:{number}")
            templates.append(template)
    ids = Counter(t["id"] for t in templates)
    repeated = [i for i, n in ids.items() if n > 1]
    if repeated:
        raise TemplateError(f"template ids used twice: {', '.join(repeated[:5])}")
    return templates


def check_template(template: dict, where: str) -> None:
    """Raise TemplateError when a template is malformed."""
    for key in ("id", "family", "style", "sentences", "relations"):
        if key not in template:
            raise TemplateError(f"{where}: missing {key!r}")
    if template["style"] not in STYLES:
        raise TemplateError(f"{where}: style must be one of {STYLES}")
    sentences = template["sentences"]
    if not isinstance(sentences, list) or not sentences or not all(isinstance(s, str) and s for s in sentences):
        raise TemplateError(f"{where}: sentences must be a non-empty list of strings")
    slots: set[str] = set()
    for text in [template.get("heading", ""), *sentences]:
        for letter, number, form in SLOT.findall(text):
            if letter in ENTITY_KINDS and number:
                allowed = PERSON_FORMS if letter == "P" else {"", "short"}
                if (form or "") not in allowed:
                    raise TemplateError(f"{where}: {{{letter}{number}.{form}}} is not a form of {letter} slots")
                if (form or "") not in PRONOUN_FORMS:
                    slots.add(letter + number)
            elif letter + number not in FILLER_WORDS or form:
                raise TemplateError(f"{where}: unknown placeholder {{{letter}{number}{'.' + form if form else ''}}}")
    genders = template.get("genders", {})
    if not isinstance(genders, dict) or any(k not in slots or v not in ("m", "f") for k, v in genders.items()):
        raise TemplateError(f"{where}: genders maps person slots to 'm' or 'f'")
    if len(slots) < 2:
        raise TemplateError(f"{where}: a template needs at least two named slots")
    for relation in template["relations"]:
        if len(relation) not in (4, 5):
            raise TemplateError(f"{where}: a relation is [backer, backed, stance, when] (+ sentence)")
        backer, backed, stance, when = relation[:4]
        if backer not in slots or backed not in slots or backer == backed:
            raise TemplateError(f"{where}: relation {relation} names a slot the passage does not name")
        if stance not in STANCES or when not in TIMES:
            raise TemplateError(f"{where}: relation {relation}: stance in {STANCES}, when in {TIMES}")
        if len(relation) == 5 and not 0 <= relation[4] < len(sentences):
            raise TemplateError(f"{where}: relation {relation}: no sentence {relation[4]}")


class Filler:
    """Invented names and style-matched words for one passage, without repeats inside it."""

    def __init__(self, words: dict, style: str, rng: random.Random, genders: dict[str, str] | None = None) -> None:
        self.words, self.style, self.rng = words, style, rng
        self.genders = genders or {}
        self.entities: dict[str, dict[str, str]] = {}
        self.values: dict[str, str] = {}
        self.used: set[str] = set()

    def entity(self, slot: str) -> dict[str, str]:
        if slot not in self.entities:
            self.entities[slot] = self._new(slot)
        return self.entities[slot]

    def _new(self, slot: str) -> dict[str, str]:
        letter = slot[0]
        while True:
            made = self._person(self.genders.get(slot)) if letter == "P" else self._organisation(letter)
            if made["name"] not in self.used and made.get("last", made["name"]) not in self.used:
                self.used |= {made["name"], made.get("last", "")}
                return made

    def _person(self, gender: str | None) -> dict[str, str]:
        gender = gender or self.rng.choice("mf")
        first = self.rng.choice(self.words["male" if gender == "m" else "female"])
        last = self.rng.choice(self.words["surnames"])
        dot = "." if self.style in ("us", "ca") else ""
        title = ("Mr" if gender == "m" else self.rng.choice(["Ms", "Ms", "Mrs"])) + dot
        return {"name": f"{first} {last}", "first": first, "last": last, "title": f"{title} {last}", "gender": gender}

    def _organisation(self, letter: str) -> dict[str, str]:
        if letter == "U":
            words = [self.rng.choice(part) for part in self.words["union_words"]]
            words.append(self.rng.choice(self.words["union_tails"][self.style]))
            name = " ".join(words)
            name = ("the " if self.rng.random() < 0.7 else "") + name
            short = "".join(w[0] for w in " ".join(words).replace("and ", "").split() if w[0].isupper())
            return {"name": name, "short": short}
        if letter == "C":
            pattern = self.rng.choice(self.words["branches"][self.style])
            return {"name": pattern.format(place=self.value("place"), k=self.rng.randint(2, 40))}
        pool = self.words["groups" if letter == "G" else "papers"]
        return {"name": self.rng.choice(pool)}

    def value(self, word: str) -> str:
        if word not in self.values:
            self.values[word] = self._value(word)
        return self.values[word]

    def _value(self, word: str) -> str:
        rng, style = self.rng, self.style
        year = self.values.get("year") or str(rng.randint(2012, 2026))
        self.values["year"] = year
        if word == "year":
            return year
        if word == "pastyear":
            return str(int(year) - rng.choice([1, 2, 4, 5]))
        if word in ("n", "n2", "n3"):
            top = int(self.values.get("n") or rng.randint(40, 300))
            self.values["n"] = str(top)
            second = int(self.values.get("n2") or rng.randint(5, top - 3))
            self.values["n2"] = str(second)
            return {"n": str(top), "n2": str(second), "n3": str(rng.randint(1, max(1, second - 1)))}[word]
        if word == "k":
            return str(rng.randint(2, 40))
        table = {"place": "places", "state": "states", "party": "parties", "office": "offices"}
        if word in table:
            return rng.choice(self.words[table[word]][style])
        return rng.choice(self.words["days" if word == "day" else "months"])


def fill(template: dict, words: dict, rng: random.Random, number: int = 0) -> dict:
    """One passage from a template: filled text, where each slot is named, and every ordered pair's label."""
    filler = Filler(words, template["style"], rng, template.get("genders"))
    mentions: dict[str, Mention] = {}

    def render(text: str, part: int) -> str:
        out: list[str] = []
        position = 0
        for match in SLOT.finditer(text):
            out.append(text[position : match.start()])
            letter, digits, form = match.group(1), match.group(2), match.group(3) or ""
            if letter in ENTITY_KINDS and digits:
                slot = letter + digits
                entity = filler.entity(slot)
                if form in PRONOUN_FORMS:
                    word = PRONOUNS[entity["gender"]][form]
                else:
                    word = entity[form] if form else entity["name"]
                    before = "".join(out).rstrip(' “"')
                    if not before or before.endswith((".", "!", "?", ":")):
                        word = word[:1].upper() + word[1:]  # "the union" opening a sentence reads "The union"
                    start = len("".join(out))
                    mention = mentions.setdefault(slot, Mention(slot, ENTITY_KINDS[letter], entity["name"]))
                    mention.spans.append((part, start, start + len(word)))
                out.append(word)
            else:
                word = filler.value(letter + digits)
                if letter in BYSTANDER_WORDS:  # a place or party: a mention that backs no one and is backed by none
                    start = len("".join(out))
                    mention = mentions.setdefault(letter, Mention(letter, letter, word))
                    mention.spans.append((part, start, start + len(word)))
                out.append(word)
            position = match.end()
        out.append(text[position:])
        return "".join(out)

    heading = render(template.get("heading", ""), -1)
    sentences = [render(s, i) for i, s in enumerate(template["sentences"])]
    last = len(sentences) - 1
    stated = {(r[0], r[1]): (r[2], r[3], r[4] if len(r) == 5 else last) for r in template["relations"]}
    pairs = []
    for backer in mentions:
        for backed in mentions:
            if backer != backed:
                stance, when, sentence = stated.get((backer, backed), ("none", "current", last))
                pairs.append({"backer": backer, "backed": backed, "stance": stance, "when": when, "sentence": sentence})
    return {
        "id": f"{template['id']}#{number}",
        "template": template["id"],
        "family": template["family"],
        "style": template["style"],
        "heading": heading,
        "sentences": sentences,
        "mentions": [vars(m) for m in mentions.values()],
        "pairs": pairs,
    }


def is_validation(template_id: str) -> bool:
    """Whole templates (phrasings) are held out, the same ones on every run: a stable hash of the id."""
    value = int(hashlib.sha256(template_id.encode()).hexdigest()[:8], 16) % 100
    return value < VALIDATION_SHARE * 100


def generate(templates: list[dict], words: dict, seed: int = 13, fills: int = FILLS_PER_TEMPLATE) -> Iterator[dict]:
    """Every template filled ``fills`` times, seeded, each passage marked as training or validation."""
    rng = random.Random(seed)
    for template in templates:
        for number in range(fills):
            passage = fill(template, words, rng, number)
            passage["split"] = "validation" if is_validation(template["id"]) else "train"
            yield passage


def coverage(passages: list[dict]) -> dict[str, Counter]:
    """For each family, how many pairs of each label (stance/when) its passages hold."""
    table: dict[str, Counter] = {}
    for passage in passages:
        counts = table.setdefault(passage["family"], Counter())
        counts["passages"] += 1
        for pair in passage["pairs"]:
            counts[pair["stance"] if pair["stance"] == "none" else f"{pair['stance']}/{pair['when']}"] += 1
    return table


def write_passages(path: Path = PASSAGES_FILE, folder: Path = TEMPLATES_DIR) -> list[dict]:
    """Generate the labelled passages from the templates and write them as JSON lines."""
    words = json.loads(FILLERS_FILE.read_text(encoding="utf-8"))
    passages = list(generate(read_templates(folder), words))
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in passages), encoding="utf-8")
    return passages


def main(argv: list[str]) -> int:
    """``python -m index.tools.passages check FILE...`` shows filled examples; ``generate`` writes the passages."""
    if argv[:1] == ["check"]:
        words = json.loads(FILLERS_FILE.read_text(encoding="utf-8"))
        rng = random.Random(0)
        for name in argv[1:]:
            path = Path(name)
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    template = json.loads(line)
                    check_template(template, f"{path.name}:{number}")
                    passage = fill(template, words, rng)
                    print(template["id"], "|", passage["heading"], "|", " ".join(passage["sentences"]))
                    for pair in passage["pairs"]:
                        if pair["stance"] != "none":
                            names = {m["slot"]: m["name"] for m in passage["mentions"]}
                            print(
                                f"    {names[pair['backer']]} -{pair['stance']}/{pair['when']}-> {names[pair['backed']]}"
                            )
        return 0
    if argv[:1] == ["generate"]:
        passages = write_passages()
        pairs = sum(len(p["pairs"]) for p in passages)
        print(f"{len(passages)} passages, {pairs} labelled pairs -> {PASSAGES_FILE}")
        for family, counts in sorted(coverage(passages).items()):
            print(f"  {family}: {dict(counts)}")
        return 0
    print(main.__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
