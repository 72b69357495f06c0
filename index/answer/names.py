"""Finding the corpus's names in a question: exact aliases in any case, misspellings, and names it lacks.

Exact aliases are matched first (longest first, case-insensitive); what is left is compared with rapidfuzz,
so "Keir Starmar", "tulip sidiq" and "corbin" find their entity. When two entities are about as close, the
finder reports both so the reply can ask "Did you mean X or Y?". Capitalised words at the start of the
question and question words are never names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import Stemmer
from bm25s.stopwords import STOPWORDS_EN
from rapidfuzz import fuzz

from index import lexicon
from index.models import Entity

FUZZY_CUTOFF = 80.0  # rapidfuzz ratio (0-100) a misspelt name must reach
AMBIGUOUS_WITHIN = 4.0  # a second entity this close to the best one makes the reading uncertain
MAX_SPAN_WORDS = 4
MIN_COMPACT = 3  # shorter aliases ("GM") are matched only as written
TOKEN = re.compile(r"[^\W_]+")
JOINER = re.compile(r"\s*[-.’']?\s*")
WORD = re.compile(r"[A-Za-z][A-Za-z'’\-.]*[A-Za-z]|[A-Za-z]")
LEADING_WORDS = frozenset(
    "who whom whose what which when where why how did does do is was has have had will would can could "
    "should and but or tell show give list name the a an in on at of for by approximately roughly about "
    "around exactly precisely please ok okay so also any anyone anybody someone somebody many much more most few".split()
)
KIND_NOUNS = lexicon.BRANCH_WORDS | lexicon.GROUP_WORDS | lexicon.MEMBER_NOUNS
PARTY_NICKNAMES = frozenset(
    {"tory", "tories", "gop", "dem", "dems", "grits", "nats", "libdem", "libdems", "lib", "libs"}
)
"""What members call parties ("the Tory leadership race"): words of a contest, never someone the articles lack."""
NOT_NAMES = frozenset(
    {w.lower() for w in STOPWORDS_EN}
    | LEADING_WORDS
    | lexicon.HONORIFICS
    | lexicon.ROLE_NOUNS
    | KIND_NOUNS
    | lexicon.BACKING_NOUNS
    | lexicon.SUPPORTER_NOUNS
    | {office for office, _ in lexicon.OFFICES}
    | {"fan", "fans"}
    | PARTY_NICKNAMES
)
_STEMMER = Stemmer.Stemmer("english")
LINKING_WORDS = frozenset({"of", "and", "for", "the", "&"})
"""Words an organisation's initials skip: the United Auto Workers is the UAW, the Union of Shop Workers the USW."""
COMMON_WORDS = frozenset({w.lower() for w in STOPWORDS_EN} | LEADING_WORDS | lexicon.HONORIFICS | lexicon.ROLE_NOUNS)
"""Words that are names only when capitalised mid-sentence ("May", "Will", "Chair")."""


@dataclass(frozen=True)
class Mention:
    """A known entity named in the question (``typed`` is how the question spelt it)."""

    name: str
    kind: str
    start: int
    end: int
    typed: str = ""
    fuzzy: bool = False


@dataclass(frozen=True)
class Reading:
    """What the finder saw: known names, names the corpus lacks, and uncertain names with their choices."""

    mentions: list[Mention]
    unknown: list[str]
    uncertain: list[tuple[str, list[str]]]


class NameFinder:
    """Finds the corpus's entities in questions by their aliases, in any case and with small misspellings."""

    def __init__(self, entities: Iterable[Entity], is_known_word: Callable[[str], bool]) -> None:
        self.entities = list(entities)
        self._by_alias: dict[str, Entity] = {}
        for entity in self.entities:
            if _is_name_alias(entity.alias):
                self._by_alias.setdefault(_norm(entity.alias), entity)
        self._by_compact: dict[str, Entity] = {}
        for alias, entity in self._by_alias.items():
            if len(compact(alias)) >= MIN_COMPACT:
                self._by_compact.setdefault(compact(alias), entity)
        self._compact_prefixes = {key[:n] for key in self._by_compact for n in range(1, len(key) + 1)}
        aliases = sorted(self._by_alias, key=len, reverse=True)
        alternatives = "|".join(re.escape(alias).replace(r"\ ", r"\s+") for alias in aliases) or r"(?!x)x"
        self._pattern = re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])", re.I)
        self._aliases_by_words: dict[int, list[str]] = {}
        for alias in aliases:
            self._aliases_by_words.setdefault(len(alias.split()), []).append(alias)
        self._by_initials: dict[str, dict[str, str]] = {}  # "rlb": Rebecca Long-Bailey, "uaw": United Auto Workers
        for entity in self.entities:
            parts = [p for p in re.split(r"[\s-]+", entity.name) if entity.kind == "person" or p not in LINKING_WORDS]
            if len(parts) >= 2 and all(p[:1].isupper() for p in parts):
                people = self._by_initials.setdefault("".join(p[0] for p in parts).lower(), {})
                people.setdefault(compact(entity.name), entity.name)
        self.is_known_word = is_known_word

    def entity(self, alias: str) -> Entity | None:
        return self._by_alias.get(_norm(alias))

    def mentions(self, text: str) -> list[Mention]:
        """Exact mentions (any case); a lower-case common word is a name only when the corpus capitalises it.
        Names written with other spacing, hyphens, dots or accents ("dc37" for "DC 37") are found too."""
        found = []
        for match in self._pattern.finditer(text):
            typed = match.group()
            entity = self._by_alias[_norm(typed)]
            if " " not in typed.strip() and typed.lower() in COMMON_WORDS and not _capitalised_mid(text, match.start()):
                continue
            found.append(Mention(entity.name, entity.kind, match.start(), match.end(), typed))
        return sorted(found + self._compact_mentions(text, found), key=lambda m: m.start)

    def _compact_mentions(self, text: str, exact: list[Mention]) -> list[Mention]:
        """Runs of up to MAX_SPAN_WORDS words, joined by spaces, hyphens or dots, equal to an alias once both
        lose their spacing, punctuation, case and accents; longest first, never over an exact mention."""
        tokens = list(TOKEN.finditer(text))
        spans: list[tuple[int, int, Entity]] = []
        for i, first in enumerate(tokens):
            joined = ""
            for j in range(i, min(i + MAX_SPAN_WORDS, len(tokens))):
                if j > i and not JOINER.fullmatch(text[tokens[j - 1].end() : tokens[j].start()]):
                    break
                joined += compact(tokens[j].group())
                if joined not in self._compact_prefixes:
                    break
                entity = self._by_compact.get(joined)
                if entity is not None and _norm(text[first.start() : tokens[j].end()]) not in self._by_alias:
                    spans.append((first.start(), tokens[j].end(), entity))
        taken = [(m.start, m.end) for m in exact]
        found: list[Mention] = []
        for start, end, entity in sorted(spans, key=lambda span: span[0] - span[1]):
            if not any(s < end and start < e for s, e in taken):
                found.append(Mention(entity.name, entity.kind, start, end, text[start:end]))
                taken.append((start, end))
        return found

    def read(self, text: str) -> Reading:
        """Exact and misspelt mentions, unknown names, and names too close to two entities to choose."""
        exact = self.mentions(text)
        words = _words(text)
        fuzzy, uncertain = self._fuzzy(text, words, exact)
        mentions = [m for m in exact if not any(_overlap(m, f) for f in fuzzy)] + fuzzy
        mentions = sorted(mentions + self._initials(text, words, mentions), key=lambda m: m.start)
        taken = [(m.start, m.end) for m in mentions] + [(s, e) for s, e, _ in uncertain]
        unknown = self._unknown(text, words, mentions, taken)
        return Reading(mentions, unknown, [(typed, names) for _, _, (typed, names) in _uncertain(uncertain)])

    def _initials(self, text: str, words: list[tuple[str, int, int]], mentions: list[Mention]) -> list[Mention]:
        """People and organisations written by their initials ("RLB's side", "aoc", "the ctu" for the Chicago
        Teachers Union): a word of two to four letters that is no word the corpus knows and the initials of one
        entity only."""
        found = []
        for i, (word, start, end) in enumerate(words):
            lower = word.lower()
            if not 2 <= len(lower) <= 4 or not lower.isalpha() or self.is_known_word(lower) or lower in NOT_NAMES:
                continue
            following = words[i + 1][0].lower() if i + 1 < len(words) else ""
            if following in KIND_NOUNS or i + 1 < len(words) and words[i + 1][1] == end + 1 and text[end] == "/":
                continue  # "FF/FG councillors", "CPC caucus": initials that qualify, not a person
            people = self._by_initials.get(lower, {})
            if len(people) == 1 and not any(m.start < end and start < m.end for m in mentions):
                entity = self._by_alias.get(_norm(next(iter(people.values()))))
                if entity is not None:
                    found.append(Mention(entity.name, entity.kind, start, end, word, fuzzy=True))
        return found

    def _fuzzy(
        self, text: str, words: list[tuple[str, int, int]], exact: list[Mention]
    ) -> tuple[list[Mention], list[tuple[int, int, tuple[str, list[str]]]]]:
        """Spans of name-like words matched to the closest alias, longest spans first."""
        found: list[Mention] = []
        uncertain: list[tuple[int, int, tuple[str, list[str]]]] = []
        used: list[tuple[int, int]] = []
        for size in range(MAX_SPAN_WORDS, 0, -1):
            for i in range(len(words) - size + 1):
                span = words[i : i + size]
                start, end = span[0][1], span[-1][2]
                if any(s < end and start < e for s, e in used):
                    continue
                if any(w.lower().strip(".") in NOT_NAMES for w, _, _ in span):
                    continue
                typed = text[start:end]
                covered = [m for m in exact if m.start <= start and end <= m.end]
                if covered:
                    continue
                unknown_words = [w for w, _, _ in span if not self.is_known_word(w.lower())]
                if size == 1 and (not unknown_words or len(typed) < 4):
                    continue
                if size > 1 and not unknown_words and any(m.start >= start and m.end <= end for m in exact):
                    continue  # known words around an exact alias: the exact reading stands
                choices = self._closest(typed, size)
                if not choices:
                    continue
                best_score = choices[0][1]
                close = [name for name, score, _ in choices if best_score - score <= AMBIGUOUS_WITHIN]
                if len(close) > 1:
                    uncertain.append((start, end, (typed, close[:2])))
                else:
                    entity = self._by_alias[choices[0][2]]
                    found.append(Mention(entity.name, entity.kind, start, end, typed, fuzzy=True))
                used.append((start, end))
        return found, uncertain

    def _closest(self, typed: str, size: int) -> list[tuple[str, float, str]]:
        """Entities whose alias of the same length in words is within the cutoff, best first, one per entity."""
        needle = _norm(typed)
        best: dict[str, tuple[float, str]] = {}
        for alias in self._aliases_by_words.get(size, []):
            if abs(len(alias) - len(needle)) > max(3, len(needle) // 3):
                continue
            score = fuzz.ratio(needle, alias)
            if score >= FUZZY_CUTOFF:
                name = self._by_alias[alias].name
                if score > best.get(name, (0.0, ""))[0]:
                    best[name] = (score, alias)
        ranked = sorted(best.items(), key=lambda item: item[1][0], reverse=True)
        return [(name, score, alias) for name, (score, alias) in ranked]

    def _unknown(
        self, text: str, words: list[tuple[str, int, int]], mentions: list[Mention], taken: list[tuple[int, int]]
    ) -> list[str]:
        """Names the corpus never uses: capitalised runs (not the question's first word), unknown lower-case
        runs of two words or more, an unknown word before a kind noun ("kensington clp"), and a full name whose
        other word is unknown next to a known first name or surname ("Keir Hardie")."""
        unknown: list[str] = []
        free = [(w, s, e) for w, s, e in words if not any(a <= s and e <= b for a, b in taken)]
        runs: list[list[tuple[str, int, int]]] = [[]]
        previous_end = -1
        for word, start, end in free:
            gap = text[previous_end:start] if previous_end >= 0 else ""
            if runs[-1] and (gap.strip() not in ("", "-") or "?" in gap):
                runs.append([])
            lower = word.lower().strip(".")
            if (
                lower in NOT_NAMES
                or self.is_known_word(lower)
                or lower.isdigit()
                or word[:1].isupper()
                and _is_sentence_start(text, start)
            ):
                runs.append([])
            else:
                runs[-1].append((word, start, end))
            previous_end = end
        for run in runs:
            capitalised = any(w[:1].isupper() for w, _, _ in run)
            if mentions and len(run) == 1 and _is_initialism(run[0][0]):
                continue  # "the CPC caucus", "in NYC" beside a known name: a qualifier, not someone unknown
            if run and (capitalised or (len(run) >= 2 and not mentions and _in_name_position(text, run[0][1]))):
                unknown.append(" ".join(w for w, _, _ in run))
        for i, (word, start, _end) in enumerate(words[:-1]):
            lower = word.lower()
            following = words[i + 1][0].lower()
            stranger = following in KIND_NOUNS and not self.is_known_word(lower) and lower not in NOT_NAMES
            stranger = stranger and not (mentions and _is_initialism(word))  # "the CPC caucus"
            if stranger and not any(a <= start < b for a, b in taken) and word not in " ".join(unknown).split():
                unknown.append(f"{word} {words[i + 1][0]}")
        for mention in mentions:
            if mention.fuzzy or " " in mention.typed.strip():
                continue
            first_name = mention.name.split()[0].lower() == mention.typed.lower() and " " in mention.name
            neighbours = [
                w
                for w, s, e in words
                if (e == mention.start - 1 and w[:1].isupper())
                or (s == mention.end + 1 and (first_name or w[:1].isupper()))
            ]
            after = [w for w, s, _ in words if s == mention.end + 1 and mention.kind == "person"]  # not "green co-"
            strangers = [
                w
                for w in neighbours
                if w.lower() not in NOT_NAMES
                and not w.isdigit()
                and (not self.is_known_word(w.lower()) or first_name and w in after and not _is_verb(w))
            ]  # "shawn fain" is someone other than Shawn Wooden, whatever words the articles know
            if strangers and not any(stranger in u for u in unknown for stranger in strangers):
                unknown.append(" ".join(sorted([*strangers, mention.typed], key=text.find)))
        return list(dict.fromkeys(unknown))


VERBS_AFTER_NAMES = frozenset(
    _STEMMER.stemWord(w)
    for w in lexicon.BACKING_VERBS
    | lexicon.OPPOSING_VERBS
    | lexicon.RECEIVING_VERBS
    | lexicon.WITHDRAWING_VERBS
    | lexicon.SPEECH_VERBS
    | {"vote", "run", "stand", "think", "want", "go", "come", "switch", "change", "drop", "quit", "lose", "decide"}
) | {"won", "got", "said", "ran", "went", "came", "lost", "thought", "stood", "gave", "threw", "took", "told"}
"""Words a first name is followed by in a question that are no surname ("did keir endorse", "what did boris say")."""


def _is_verb(word: str) -> bool:
    return _STEMMER.stemWord(word.lower()) in VERBS_AFTER_NAMES or word.lower() in VERBS_AFTER_NAMES


def _words(text: str) -> list[tuple[str, int, int]]:
    """Words with their offsets, a possessive "'s" left off; contractions ("haven't") are left out."""
    words = []
    for match in WORD.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        if re.search(r"['’]s$", word):
            word, end = word[:-2], end - 2
        if re.search(r"['’](?:t|re|ve|ll|d|m)$", word, re.I):
            continue
        words.append((word, start, end))
    return words


def _uncertain(items: list[tuple[int, int, tuple[str, list[str]]]]) -> list[tuple[int, int, tuple[str, list[str]]]]:
    return sorted(items, key=lambda item: item[0])


def compact(text: str) -> str:
    """The text without accents, case, spaces or punctuation: "DC 37", "dc-37" and "DC37" are "dc37"."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(c for c in plain.lower() if c.isalnum())


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).lower()


def _overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


NAME_POSITION = re.compile(
    r"\b(?:did|does|do|is|was|has|have|had|will|would|can|by|from|about|of|for)\s+(?:the\s+)?$", re.I
)


def _in_name_position(text: str, start: int) -> bool:
    """Whether lower-case words at START stand where a name does ("who did nicola sturgeon back")."""
    return NAME_POSITION.search(text[:start]) is not None


def _is_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in '.?!:;"“('


def _capitalised_mid(text: str, start: int) -> bool:
    return text[start : start + 1].isupper() and not _is_sentence_start(text, start)


def _is_name_alias(alias: str) -> bool:
    """Aliases worth matching in questions: those with a capitalised word (not "the branch")."""
    return len(alias) >= 2 and any(word[:1].isupper() for word in alias.split())


def _is_initialism(word: str) -> bool:
    """ "CPC", "NYC", "TX": two to five capitals."""
    return 2 <= len(word) <= 5 and word.isalpha() and word.isupper()
