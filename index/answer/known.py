"""What one snapshot knows beyond its paragraphs: endorsement records, entities, aliases and genders."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING

from index import lexicon
from index.answer.conversation import genders_from_aliases, genders_from_text
from index.answer.names import NameFinder, compact
from index.models import Endorsement, Entity, Quote
from index.search.store import ArticleInfo

if TYPE_CHECKING:  # the model loads torch: only the engine imports it, when it reads quotes
    from index.answer.quote_reading import QuoteReader

YEAR = re.compile(r"(?:19|20)\d\d")
LONG_FORM = r"(?P<long>(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:(?:of|for|and|the|on|in|&)\s+)*(?:[A-Z][\w’'-]*|\d+))+)"
SHORT_FORM = r"(?P<short>[A-Z][A-Za-z]*[A-Z](?:[\s-]?\d+)?|[A-Z]{2,}|[A-Z]+\s?\d+)"
DEFINED_AFTER = re.compile(rf"{LONG_FORM}\s+\({SHORT_FORM}\)")  # "the Labour Movement for Europe (LME)"
DEFINED_BEFORE = re.compile(rf"\b{SHORT_FORM},\s+(?:the\s+){LONG_FORM}")  # "LME, the Labour Movement for Europe"
WORDS = re.compile(r"[A-Za-z0-9]+")


@dataclass
class Knowledge:
    """Records, entities and articles of one snapshot, with the name finder built over them."""

    records: list[Endorsement]
    entities: list[Entity]
    articles: dict[str, ArticleInfo]
    matcher: NameFinder
    aliases: dict[str, list[str]] = field(default_factory=dict)
    candidates: set[str] = field(default_factory=set)
    genders: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    quote_reader: QuoteReader | None = None  # reads shown quotes at question time when no record answers

    @classmethod
    def build(
        cls,
        records: list[Endorsement],
        entities: list[Entity],
        articles: Iterable[ArticleInfo],
        is_known_word: Callable[[str], bool],
    ) -> Knowledge:
        aliases: dict[str, list[str]] = {}
        kinds: dict[str, str] = {}
        for entity in entities:
            aliases.setdefault(entity.name, []).append(entity.alias)
            kinds.setdefault(entity.name, entity.kind)
        for record in records:
            kinds.setdefault(record.backer, record.backer_kind or "person")
        for name in {r.backer for r in records} | {r.backed for r in records if r.backed}:
            aliases.setdefault(name, [name])
        named = entities + [Entity(n, kinds.get(n, "person"), n) for n in aliases]
        articles = list(articles)
        years = {y for a in articles for y in lexicon.YEAR.findall(a.date)} | {r.year for r in records if r.year}
        header_words = {w.lower() for a in articles for w in WORDS.findall(f"{a.title} {a.source}")} | years

        def known(word: str) -> bool:
            parts = [p for p in word.lower().split("-") if p]
            return (
                word.lower() in header_words
                or bool(parts)
                and all(is_known_word(p) or p in header_words for p in parts)
            )

        return cls(
            records=records,
            entities=entities,
            articles={a.id: a for a in articles},
            matcher=NameFinder(named, known),
            aliases=aliases,
            candidates={r.backed for r in records if r.backed},
            genders=genders_from_aliases(aliases),
            kinds=kinds,
        )

    def learn(self, paragraphs: Iterable[str]) -> None:
        """Learn from the articles' text what their records and names do not say: genders and abbreviations."""
        paragraphs = list(paragraphs)
        self.learn_abbreviations(paragraphs)
        self.learn_genders(paragraphs)

    def learn_abbreviations(self, paragraphs: Iterable[str]) -> None:
        """Make each abbreviation the articles define ("the Labour Movement for Europe (LME)", "DC 37, the
        District Council 37") a name of what it abbreviates, so a question may use either."""
        known = {_key(e.alias): e for e in self.matcher.entities}
        added: list[Entity] = []
        for short, long in abbreviations(paragraphs):
            entity = known.get(_key(long)) or known.get(_key(short))
            name = entity.name if entity else long
            kind = entity.kind if entity else "group"
            for alias in (short, long):
                if _key(alias) not in known:
                    entity = Entity(name, kind, alias)
                    known[_key(alias)] = entity
                    added.append(entity)
                    self.aliases.setdefault(name, [name])
                    if alias not in self.aliases[name]:
                        self.aliases[name].append(alias)
                    self.kinds.setdefault(name, kind)
        if added:
            self.matcher = NameFinder([*self.matcher.entities, *added], self.matcher.is_known_word)

    def learn_genders(self, paragraphs: Iterable[str]) -> None:
        """Add genders the articles' pronouns show for people no title marks ("she" after "Andrea Leadsom")."""
        people = {name for name, kind in self.kinds.items() if kind == "person"}
        for name, gender in genders_from_text(paragraphs, self.matcher, people).items():
            self.genders.setdefault(name, gender)

    @cached_property
    def years(self) -> dict[str, str]:
        """Each article's year, from its date (worked out once: the articles of a snapshot do not change)."""
        years = {}
        for article_id, article in self.articles.items():
            found = YEAR.search(article.date or "")
            years[article_id] = found.group() if found else ""
        return years

    @cached_property
    def name_words(self) -> frozenset[str]:
        """Every word of every name the articles use, lower-case: what a question's topic words are not."""
        return frozenset(w.lower() for aliases in self.aliases.values() for a in aliases for w in WORDS.findall(a))

    @cached_property
    def titles(self) -> dict[str, str]:
        """Each article's title and source, lower-case (where a race's place is often named)."""
        return {i: f"{a.title} {a.source}".lower() for i, a in self.articles.items()}

    def coverage(self) -> str:
        """One sentence naming what the articles cover, for abstentions."""
        backers: dict[str, int] = {}
        for record in self.records:
            backers[record.backer] = backers.get(record.backer, 0) + 1
        people = sorted(backers, key=backers.__getitem__, reverse=True)[:6]
        candidates = sorted(self.candidates)
        if not candidates:
            return f"They cover {len(self.articles)} article(s)."
        return (
            f"They cover who backed {join(candidates[:8], 'or')}{' and others' if len(candidates) > 8 else ''} "
            f"— for example {join(people, 'and')} — in {len(self.articles)} article(s)."
        )

    def pronoun(self, name: str) -> str:
        """ "she", "he", "it" (branches and groups) or "they", from the titles the corpus gives."""
        gender = self.genders.get(name)
        if gender:
            return "she" if gender == "f" else "he"
        return "it" if self.kinds.get(name) in ("branch", "group") else "they"

    def spellings(self, name: str) -> list[str]:
        """The ways the articles write NAME: its aliases, the name itself and its last word."""
        words = name.split()
        return list(dict.fromkeys([name, *self.aliases.get(name, []), *(words[-1:] if len(words) > 1 else [])]))

    def without_others(self, text: str, names: Iterable[str]) -> str:
        """The text with other people's mentions that share a surname of NAMES blanked out, so that "Ian Murray
        is close, having secured 20" says nothing about Ed Murray. Only another first name makes another person:
        "Businessman Mr Duffy" may be Gavin Duffy and stays."""
        names = set(names)
        own = {w.lower() for n in names for s in self.spellings(n) for w in s.split()}
        for mention in self.matcher.mentions(text):
            if mention.name not in names and _another_first_name(mention.typed, own):
                text = text[: mention.start] + " " * (mention.end - mention.start) + text[mention.end :]
        return text

    def quote(self, record: Endorsement, score: float) -> Quote:
        article = self.articles.get(record.article)
        title, source, date, url = (
            (article.title, article.source, article.date, article.url) if article else ("", "", "", "")
        )
        return Quote(record.quote, record.article, title, source, date, url, record.paragraph, score)


def _another_first_name(typed: str, own: set[str]) -> bool:
    """Whether a mention is a namesake: a word of OWN (the asked person's names) preceded by a capitalised word that
    is none of theirs and no title ("Ian Murray" for Ed Murray; not "Mr Murray", "Councillor Murray")."""
    words = typed.split()
    return any(
        word.lower() in own
        and before[:1].isupper()
        and before.lower().strip(".") not in own | lexicon.HONORIFICS | lexicon.ROLE_NOUNS
        for before, word in pairwise(words)
    )


def abbreviations(paragraphs: Iterable[str]) -> list[tuple[str, str]]:
    """(abbreviation, what it abbreviates) pairs the text defines, where the letters (and numbers) of the
    abbreviation are the initials (and numbers) of the long form's capitalised words."""
    pairs: dict[str, str] = {}
    for paragraph in paragraphs:
        for pattern in (DEFINED_AFTER, DEFINED_BEFORE):
            for found in pattern.finditer(paragraph):
                short = found.group("short")
                words = found.group("long").split()
                forms = [" ".join(words[i:]) for i in range(len(words)) if words[i][:1].isupper()]
                long = next((f for f in forms if _initials(f) == compact(short)), "")
                if long and len(compact(short)) >= 2:
                    pairs.setdefault(short, long)
    return list(pairs.items())


def _initials(long: str) -> str:
    words = re.findall(r"[\w’'-]+", long)
    return "".join(w.lower() if w.isdigit() else w[0].lower() for w in words if w[0].isupper() or w.isdigit())


def _key(alias: str) -> str:
    return " ".join(alias.lower().split())


def join(names: Iterable[str], word: str) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"
