"""Who is named in the corpus: people, constituency branches and groups, each with the aliases the articles use.

Names are found by their evidence in the text, never from a fixed list: a person is a run of capitalised words
after a title ("Dame Jane Roberts"), after a role ("Labour MP Kate Green", "challenger Owen Smith"), before "MP",
or right after a backing verb ("preferring Andy Burnham"); a branch is a place before a party word
("Hampstead and Kilburn Constituency Labour Party"); a group is an organisation word ("Camden Council") or what
"members of" belong to ("members of Momentum").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from index.ingest.corpus import Article
from index.search.store import Entity

PERSON, BRANCH, GROUP = "person", "branch", "group"

TITLES = r"(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Dame|Sir|Lord|Lady|Baroness|Prof|Professor)"
FEMININE_TITLES = frozenset(["Mrs", "Ms", "Miss", "Dame", "Lady", "Baroness"])
MASCULINE_TITLES = frozenset(["Mr", "Sir", "Lord"])

# Capitalised words that start sentences or belong to party and role vocabulary, never to a name or a place.
NOT_NAME = (
    r"(?:The|A|An|But|And|Or|In|At|As|On|Of|For|By|To|With|While|Although|Also|After|Before|When|If|It|He|She|"
    r"They|We|I|His|Her|Its|Their|Our|This|That|These|Those|Members|Member|Former|Labour|Party|Constituency|CLP|"
    r"MP|MPs|Council|Court|Office|Branch|Secretary|Chair|Leader|Cllr|Councillor|Welshman|Tory|Conservative|"
    r"Liberal|Assembly|Saturday|Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Mr|Mrs|Ms|Miss|Dr|Dame|Sir|Lord|Lady|Prof)"
)
WORD = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[-’'][A-Z][a-z]+)?\b"
NAME_WORD = rf"(?=[A-Z])(?!{NOT_NAME}\b){WORD}"  # the look at one capital first skips most positions fast
FULL_NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}}(?!\s+(?:[a-z]+\s+)?MPs?\s+(?:{TITLES}\s+)?[A-Z])"
PLACE = rf"{NAME_WORD}(?:\s+(?:and\s+|upon\s+|on\s+)?{NAME_WORD}){{0,5}}"

BRANCH_SUFFIXES = (
    r"Constituency Labour Party \(CLP\)|Constituency Labour Party|constituency Labour Party|constituency CLP branch|"
    r"constituency Labour branch|constituency party|constituency branch|Labour Party|Labour branch|Labour members|CLP|"
    r"constituency|branch"
)
BRANCH_AFTER = re.compile(rf"\b(?P<place>{PLACE})\s+(?P<suffix>{BRANCH_SUFFIXES})\b")
BRANCH_BEFORE = re.compile(rf"\bbranch\s+(?P<place>{PLACE})\b")
ROLE_NOUNS = (
    r"MP|MPs|MEP|leader|chair|chairman|chairwoman|secretary|Secretary|Member|councillor|Councillor|challenger|"
    r"candidate|contender|minister|mayor|Mayor|spokesman|spokeswoman|activist|organiser|president|treasurer|"
    r"supporter|backer|campaigner|loyalist|colleague|ally|deputy|adviser|aide|official|officer|founder|organizer"
)
TITLED = re.compile(rf"\b(?P<title>{TITLES})\.?\s+(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}})")
AFTER_ROLE = re.compile(rf"\b(?:{ROLE_NOUNS})\s+(?P<name>{FULL_NAME})")
BEFORE_MP = re.compile(rf"(?P<name>{FULL_NAME})\s+MP\b(?!\s+(?:{TITLES}\s+)?[A-Z])")
AFTER_BACKING = re.compile(
    rf"\b(?:campaign\w* for|case for|vot\w* for|behalf of|prefer\w*|back(?:s|ed|ing)|endors\w*|nominat\w*|"
    rf"support(?:s|ed|ing)?(?: by| for)?|behind)\s+(?P<name>{FULL_NAME})"
)
SEAT = re.compile(rf"\b(?P<place>{PLACE})\s+(?:[a-z]+\s+)?MP\s+(?:{TITLES}\s+)?(?P<name>{WORD})")
LEADER_ROLE = re.compile(
    rf"\b(?P<org>(?:{WORD}\s+){{0,2}}{WORD})\s+leader\s+"
    rf"(?:and\s+(?:{WORD}\s+)+(?:[a-z]+\s+)?MP\s+)?(?:{TITLES}\s+)?(?P<name>{WORD})"
)
FORMER = re.compile(r"\b(?:former|ex|present|then)\b-?\s*$", re.I)
DESCRIPTOR = re.compile(rf"\b(?P<word>[A-Z][a-z]+(?:man|woman))\s+(?P<name>{FULL_NAME})")
ORGANISATION = re.compile(
    rf"\b(?P<name>(?:{WORD}\s+){{1,3}}(?:Council|Party|Court|Office|Collective|Union|Association|Committee|Trust))\b"
)
OUTLET = re.compile(r"\b(?P<name>[A-Z][a-z]+\s*&\s*[A-Z][a-z]+)\b")
SPEAKER = re.compile(rf"(?P<name>{FULL_NAME})\s+(?:said|says|told|tells|added|adds|replied|explained|tweeted|wrote)\b")
APPOSITIVE = re.compile(
    rf"(?<![A-Za-z] )(?P<name>{FULL_NAME}),\s+(?:a|an|the)\s+(?:[\w’'-]+\s+){{0,3}}(?:{ROLE_NOUNS}|member)\b"
)
GROUP_NOUN = re.compile(
    rf"\b(?:group|organisation|campaign|faction|movement|union|network)\s+(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,4}})\b"
    rf"(?![\s&]+(?:and\s+)?[A-Z])"
)
MEMBERS_OF = re.compile(rf"\bmembers of\s+(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,4}})\b(?![\s&]+(?:and\s+)?[A-Z])")
PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|his|him|her)\b")
HEAD = re.compile(r"\w+|\W")
WORD_CHAR = re.compile(r"\w")
LEADING_FUNCTION_WORDS = re.compile(
    r"^(?:(?:The|A|An|But|And|Or|In|At|As|On|Of|For|By|To|With|While|Although|Also|After|Before|When|If|Former|"
    r"Members|Present)\s+)+"
)


class NameFinder:
    r"""Finds the longest of many names at each word start, left to right, never overlapping.

    It finds what one regex alternation of the names, longest first, would find (`(?<!\w)(?:A|B|...)(?!\w)`),
    but looks up only the names that begin with the word at each start instead of trying them all.
    """

    def __init__(self, names: Iterable[str], not_after: str = r"\w") -> None:
        by_length: dict[str, dict[int, set[str]]] = {}
        for name in names:
            by_length.setdefault(HEAD.match(name).group(), {}).setdefault(len(name), set()).add(name)
        self.by_head = {head: sorted(lengths.items(), reverse=True) for head, lengths in by_length.items()}
        self.starts = re.compile(rf"(?<![{not_after}])(?:\w+|\W)")

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, name) of each name found in the text."""
        resume = 0
        for head in self.starts.finditer(text):
            start = head.start()
            if start < resume:
                continue
            for length, names in self.by_head.get(head.group(), ()):
                end = start + length
                if text[start:end] in names and not WORD_CHAR.match(text, end):
                    yield start, end, text[start:end]
                    resume = end
                    break


@dataclass
class Person:
    """A person with every alias the corpus uses, a gender from titles ("f", "m" or "") and a seat if an MP."""

    name: str
    aliases: set[str] = field(default_factory=set)
    gender: str = ""
    seat: str = ""


@dataclass
class Lexicon:
    """Every entity of the corpus: canonical name → kind, and alias → canonical name."""

    people: dict[str, Person] = field(default_factory=dict)
    branches: dict[str, set[str]] = field(default_factory=dict)  # place → aliases
    groups: dict[str, set[str]] = field(default_factory=dict)  # name → aliases

    @staticmethod
    def branch_name(place: str) -> str:
        return f"{place} CLP"

    def kind_of(self, name: str) -> str:
        if name in self.people:
            return PERSON
        if name.endswith(" CLP") and name[: -len(" CLP")] in self.branches:
            return BRANCH
        return GROUP

    def aliases(self) -> dict[str, str]:
        """Alias (as written in the articles) → canonical name; ambiguous aliases are left out."""
        table: dict[str, set[str]] = {}
        for person in self.people.values():
            for alias in person.aliases | {person.name}:
                table.setdefault(alias, set()).add(person.name)
        short_place = self._short_places()
        for place, aliases in self.branches.items():
            for alias in aliases | {place, self.branch_name(place)} | short_place.get(place, set()):
                table.setdefault(alias, set()).add(self.branch_name(place))
        for name, aliases in self.groups.items():
            for alias in aliases | {name}:
                table.setdefault(alias, set()).add(name)
        return {alias: next(iter(names)) for alias, names in table.items() if len(names) == 1}

    def _short_places(self) -> dict[str, set[str]]:
        """ "Holborn" for "Holborn and St Pancras", when no other place, seat, name or group shares that word."""
        seats = Counter(p.seat for p in self.people.values())
        in_places = Counter(w for text in [*self.branches, *seats.elements()] for w in set(text.split()))
        in_names = {w for text in [*self.people, *self.groups] for w in text.split()}
        short: dict[str, set[str]] = {}
        for place in self.branches:
            first = place.split()[0]
            elsewhere = in_places[first] - 1 - seats[place]  # places and seats holding the word, but this one
            if " " in place and len(first) >= 4 and not elsewhere and first not in in_names:
                short[place] = {first}
        return short

    def add_group(self, name: str, alias: str = "") -> None:
        self.groups.setdefault(name, set()).add(alias or name)

    def add_branch(self, place: str, alias: str = "") -> str:
        self.branches.setdefault(place, set()).add(alias or place)
        return self.branch_name(place)

    def entities(self) -> list[Entity]:
        """One row per (canonical name, alias), the full name itself included."""
        rows = {(name, self.kind_of(name), alias) for alias, name in self.aliases().items()}
        rows |= {(p.name, PERSON, p.name) for p in self.people.values()}
        return [Entity(*row) for row in sorted(rows)]


def discover_entities(articles: Sequence[Article]) -> Lexicon:
    """Find the people, branches and groups named in the articles' sentences, with their aliases."""
    sentences = [s for a in articles for p in a.paragraphs for s in p.sentence_texts]
    lexicon = Lexicon()
    _find_branches(sentences, lexicon)
    _find_people(sentences, lexicon)
    _find_groups(sentences, lexicon)
    _find_roles(sentences, lexicon)
    _find_short_forms(sentences, lexicon)
    _learn_genders(sentences, lexicon)
    return lexicon


def _strip_leading(text: str) -> str:
    return LEADING_FUNCTION_WORDS.sub("", text)


def _find_branches(sentences: Iterable[str], lexicon: Lexicon) -> None:
    for sentence in sentences:
        for match in BRANCH_AFTER.finditer(sentence):
            place = match.group("place")
            if not _after_seat_word(sentence, match.end("place")):
                lexicon.add_branch(place, f"{place} {match.group('suffix')}")
        for match in BRANCH_BEFORE.finditer(sentence):
            lexicon.add_branch(match.group("place"), match.group("place"))


def _after_seat_word(sentence: str, end: int) -> bool:
    """True where a place is the seat of an MP ("Holborn and St Pancras MP"), not a branch."""
    return re.match(r"\s+(?:[a-z]+\s+)?MPs?\b", sentence[end:]) is not None


def _find_people(sentences: Sequence[str], lexicon: Lexicon) -> None:
    places = {word for place in lexicon.branches for word in place.split()}
    full_names: Counter[str] = Counter()
    titled_surnames: dict[str, set[str]] = {}
    for sentence in sentences:
        for pattern in (AFTER_ROLE, BEFORE_MP, AFTER_BACKING, APPOSITIVE, SPEAKER):
            for match in pattern.finditer(sentence):
                full_names[match.group("name")] += 1
        for match in TITLED.finditer(sentence):
            name, title = match.group("name"), match.group("title")
            if " " in name:
                full_names[name] += 1
            else:
                titled_surnames.setdefault(name, set()).add(title)
    for name in full_names:
        if not set(name.split()) <= places:
            lexicon.people.setdefault(name, Person(name))
    by_surname: dict[str, list[Person]] = {}
    for person in lexicon.people.values():
        by_surname.setdefault(person.name.split()[-1], []).append(person)
    for surname, titles in titled_surnames.items():
        owners = by_surname.get(surname, [])
        if not owners:
            owners = [lexicon.people.setdefault(surname, Person(surname))]
        if len(owners) == 1:
            person = owners[0]
            person.aliases |= {f"{title} {surname}" for title in titles}
            person.gender = next((_gender(t) for t in sorted(titles) if _gender(t)), "")
    for sentence in sentences:
        for match in TITLED.finditer(sentence):
            name = match.group("name")
            if " " in name and name in lexicon.people:
                person, title = lexicon.people[name], match.group("title")
                person.aliases.add(f"{title} {name}")
                person.gender = person.gender or _gender(title)


def _gender(title: str) -> str:
    return "f" if title in FEMININE_TITLES else "m" if title in MASCULINE_TITLES else ""


def _find_groups(sentences: Iterable[str], lexicon: Lexicon) -> None:
    known = set(lexicon.aliases())
    for sentence in sentences:
        masked = BRANCH_AFTER.sub(lambda m: "#" * len(m.group()), sentence)
        for match in ORGANISATION.finditer(masked):
            name = _strip_leading(match.group("name"))
            if " " in name:
                lexicon.add_group(name)
        for match in OUTLET.finditer(sentence):
            lexicon.add_group(re.sub(r"\s*&\s*", " & ", match.group("name")), match.group("name"))
        for match in [*MEMBERS_OF.finditer(sentence), *GROUP_NOUN.finditer(sentence)]:
            name = match.group("name")
            if name not in known and name not in lexicon.branches:
                lexicon.add_group(name)


def _find_roles(sentences: Iterable[str], lexicon: Lexicon) -> None:
    """Roles that name exactly one person ("Holborn and St Pancras MP", "Camden leader"), and MPs' seats."""
    by_surname = {p.name.split()[-1]: p for p in lexicon.people.values()}
    by_first = {p.name.split()[0]: p for p in lexicon.people.values() if " " in p.name}
    roles: dict[str, set[str]] = {}
    seats: dict[str, Counter[str]] = {}
    for sentence in sentences:
        for match in SEAT.finditer(sentence):
            person = by_surname.get(match.group("name")) or by_first.get(match.group("name"))
            place = _strip_leading(match.group("place"))
            if person is None or FORMER.search(sentence[: match.start("place")]) or not place:
                continue
            seats.setdefault(person.name, Counter())[place] += 1
            roles.setdefault(f"{place} MP", set()).add(person.name)
        for match in LEADER_ROLE.finditer(sentence):
            person = by_surname.get(match.group("name")) or by_first.get(match.group("name"))
            org = _strip_leading(match.group("org"))
            former = FORMER.search(sentence[: match.start("org")]) or re.search(r"\b[Ff]ormer\b", match.group("org"))
            if person is None or former or not org or org in lexicon.people:
                continue
            roles.setdefault(f"{org} leader", set()).add(person.name)
    for name, places in seats.items():
        lexicon.people[name].seat = places.most_common(1)[0][0]
    for role, names in roles.items():
        if len(names) == 1:
            lexicon.people[next(iter(names))].aliases.add(role)


def _find_short_forms(sentences: Sequence[str], lexicon: Lexicon) -> None:
    """Surnames, first names used alone, "the Welshman" and Twitter handles, each only where unambiguous."""
    text = "\n".join(sentences)
    surnames = Counter(p.name.split()[-1] for p in lexicon.people.values() if " " in p.name)
    firsts = Counter(p.name.split()[0] for p in lexicon.people.values() if " " in p.name)
    people = [p for p in lexicon.people.values() if " " in p.name]
    handles = {p.name: "_".join(p.name.split()) for p in people}
    starts = _word_starts(text, {HEAD.match(phrase).group() for phrase in [*handles, *handles.values()]})
    for person in people:
        first, surname, handle = person.name.split()[0], person.name.split()[-1], handles[person.name]
        if surnames[surname] == 1:
            person.aliases.add(surname)
        followed_by_surname = re.compile(rf"\s+{surname}\b")
        if firsts[first] == 1 and any(
            not followed_by_surname.match(text, end) for _, end in _words(text, starts, first)
        ):
            person.aliases.add(first)
        if any(text[start - 1 : start] == "@" for start, _ in _words(text, starts, handle)):
            person.aliases.add(f"@{handle}")
    for match in DESCRIPTOR.finditer(text):
        person = lexicon.people.get(match.group("name"))
        word = match.group("word")
        if person and re.search(rf"\bthe {word}\b", text):
            person.aliases.add(f"the {word}")


def _word_starts(text: str, words: set[str]) -> dict[str, list[int]]:
    """Where each of the words begins a run of word characters in the text."""
    starts: dict[str, list[int]] = {}
    for match in re.finditer(r"(?<!\w)\w+", text):
        if match.group() in words:
            starts.setdefault(match.group(), []).append(match.start())
    return starts


def _words(text: str, starts: dict[str, list[int]], phrase: str) -> Iterator[tuple[int, int]]:
    r"""(start, end) of each place the phrase stands in the text as whole words (`\b{phrase}\b`)."""
    for start in starts.get(HEAD.match(phrase).group(), ()):
        end = start + len(phrase)
        if text.startswith(phrase, start) and not WORD_CHAR.match(text, end):
            yield start, end


def _learn_genders(sentences: Iterable[str], lexicon: Lexicon) -> None:
    """Genders of untitled people from the pronoun that next follows their name ("Cllr Hayward ... her")."""
    owners = {alias: p for p in lexicon.people.values() for alias in p.aliases | {p.name}}
    finder = NameFinder(owners)
    votes: dict[str, Counter[str]] = {}
    for sentence in sentences:
        names = [(start, end, name, "") for start, end, name in finder.finditer(sentence)]
        pronouns = [
            (m.start(), m.end(), "", m.group())
            for m in PRONOUN.finditer(sentence)
            if not any(start <= m.start() < end for start, end, _, _ in names)
        ]
        found = sorted(names + pronouns)
        for (_, end, name, _), (start, _, _, pronoun) in zip(found, found[1:], strict=False):
            if name and pronoun and not re.search(r"[,;:“”]", sentence[end:start]):
                gender = "f" if pronoun.lower() in ("she", "her") else "m"
                votes.setdefault(owners[name].name, Counter())[gender] += 1
    for name, counter in votes.items():
        person = lexicon.people[name]
        if not person.gender and len(counter) == 1:
            person.gender = next(iter(counter))
            if " " in name:
                person.aliases.add(f"{'Ms' if person.gender == 'f' else 'Mr'} {name.split()[-1]}")
