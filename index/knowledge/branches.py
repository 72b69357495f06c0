"""Names across the corpus: one name for each place's local party, and full names for lone surnames."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from index.lexicon import MEMBER_NOUNS

BRANCH_NOUNS = frozenset({"party", "parties", "clp", "clps", "constituency", "constituencies", "branch", "branches"})
BRANCH_TAIL = frozenset({"labour", "party", "constituency", "clp", "branch", "local", "conservative", "association"})


def branch_place(name: str) -> str:
    """The place a branch is named after: "Hampstead and Kilburn Constituency Labour Party" -> Hampstead and Kilburn."""
    words = name.split()
    if {"of", "for"} & {w.lower() for w in words}:
        return ""
    place: list[str] = []
    for word in words:
        if word.lower() in BRANCH_TAIL:
            break
        place.append(word)
    return " ".join(place) if place and place[-1].lower() not in ("and", "&") else ""


CONSTITUENCY_PARTY = re.compile(
    r"\b((?:[A-Z][\w’'-]+ )+?(?:(?:and|&) (?:[A-Z][\w’'-]+ )+?)?)(?:CLP|Constituency Labour Party)\b"
)


def branch_forms(text: str) -> set[str]:
    """Branches an article names as constituency parties: "Hampstead and Kilburn CLP"."""
    return {f"{m.group(1).strip()} CLP" for m in CONSTITUENCY_PARTY.finditer(text) if not m.group(1).startswith("The ")}


def is_branch_name(name: str) -> bool:
    """A place's local party: "Bristol West Labour Party", "the Leeds West branch", "Makerfield CLP"."""
    words = {w.lower() for w in name.split()}
    local = bool(words & {"constituency", "clp", "branch"}) or {"labour"} <= words
    last = name.split()[-1].lower()
    people = last in MEMBER_NOUNS and last not in BRANCH_NOUNS  # "fellow Labour MPs" are people, not a local party
    return local and not people and bool(branch_place(name))


def canonical_branches(names: Iterable[str]) -> dict[str, str]:
    """Across the corpus: every name of one place's branch mapped to one ("Holborn and St Pancras CLP")."""
    by_place: dict[str, set[str]] = {}
    for name in names:
        place = branch_place(name)
        if place:
            by_place.setdefault(place.lower(), set()).add(name)
    mapping: dict[str, str] = {}
    for forms in by_place.values():
        clp = sorted(f for f in forms if f.split()[-1] == "CLP" and len(f.split()) > 1)
        constituency = [f for f in forms if is_branch_name(f)]
        if clp:
            target = clp[0]
        elif constituency:
            target = f"{branch_place(constituency[0])} CLP"
        else:
            continue
        mapping.update({form: target for form in forms})
    return mapping


def canonical_names(surface: Iterable[str], people: Iterable[str]) -> dict[str, str]:
    """Across the corpus: a single-word person name ("Corbyn") mapped to the one full name that ends with it, and
    spellings that differ only by accents ("Nydia Velazquez", "Nydia Velázquez") mapped to the accented one."""
    people = list(people)
    surface = list(surface)
    spellings: dict[str, set[str]] = {}
    for name in [*people, *surface]:
        spellings.setdefault(fold(name), set()).add(name)
    accented = {
        name: max(forms, key=lambda f: (f != fold(f), f))
        for forms in spellings.values()
        if len(forms) > 1
        for name in forms
    }
    people = sorted({accented.get(p, p) for p in people})
    by_word: dict[str, set[str]] = {}
    for full in people:
        parts = full.split()
        if len(parts) >= 2:
            by_word.setdefault(fold(parts[-1]).lower(), set()).add(full)
    mapping = {name: form for name, form in accented.items() if name != form}
    for name in surface:
        if " " not in name and len(by_word.get(fold(name).lower(), ())) == 1:
            mapping[name] = next(iter(by_word[fold(name).lower()]))
    return mapping


def fold(name: str) -> str:
    """A name without its accents: "Velázquez" -> "Velazquez"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
