"""What an article has said so far: the people it names (full names, aliases, genders, roles, seats), its
places, and the mentions a pronoun or "the union" can point back to.

Every article is read twice: first every paragraph's names are learnt (:meth:`Discourse.learn_names`, then
:meth:`Discourse.settle`), so "Mr Burnham" in a headline is Andy Burnham named further down; then the sentences
are read in order, each noting its mentions (:meth:`Discourse.note`) for the references that follow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from index import lexicon
from index.models import EntityKind

PERSON, BRANCH, GROUP = EntityKind.PERSON, EntityKind.BRANCH, EntityKind.GROUP
ORG_LABELS = frozenset({"ORG", "NORP", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
ROLE_STOP = frozenset({"the", "a", "an", "his", "her", "their", "its", "former", "ex", "then", "current", "new"})
APOSTROPHES = re.compile(r"[’']s?$")
PLACE_WITH_AND = re.compile(
    r"(?P<place>\b[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)* (?:and|&) (?:St\.? )?[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*?)"
    r"(?= (?:MP|MSP|MS|AM|CLP|[Cc]onstituency|[Bb]ranch|Labour|Conservative|[Ll]ocal)\b)"
)

MEMBER_TITLES = frozenset({"MP", "MS", "MSP", "AM", "MLA", "MEP", "MPP"})
PLURAL_AFTER = re.compile(
    r" (?:Labour |Conservative |[Ll]ocal )?(?:[Pp]arties|CLPs|[Bb]ranches|[Cc]onstituencies|MPs)\b"
)
"""After "A and B": two places, each with its own party or branch."""


@dataclass(frozen=True)
class Mention:
    """A person or organisation named in a sentence, with the name it stands for in the article."""

    name: str
    kind: EntityKind
    token: int  # index of the head token in its Doc
    counted: bool = False  # "285 CLPs": a number of backers, not one
    sentence: int = 0  # the number of its sentence in the article
    subject: bool = False  # the subject of its sentence


@dataclass
class Discourse:
    """What an article has said so far: names, genders, roles and the most recent mentions, for references."""

    full_names: dict[str, str] = field(default_factory=dict)  # lowercase alias -> full person name
    genders: dict[str, str] = field(default_factory=dict)  # full name -> "m" | "f"
    roles: dict[str, str] = field(default_factory=dict)  # role phrase ("foreign secretary") -> full name
    seats: dict[str, str] = field(default_factory=dict)  # full name -> the place they are the MP for
    places: set[str] = field(default_factory=set)  # names of places with "and" ("Holborn and St Pancras")
    place_names: set[str] = field(default_factory=set)  # places the recogniser found ("Brighton Kemptown")
    named: list[tuple[str, str]] = field(default_factory=list)  # every person name read, with its title
    maybe_people: set[str] = field(default_factory=set)  # names the recogniser called organisations or places
    recent: list[Mention] = field(default_factory=list)  # mentions in reading order
    last_backed: Mention | None = None  # the one person the claims of the sentence before backed
    publisher: Mention | None = None  # "we" outside quotations: the organisation whose own site this is
    documents: dict[str, tuple[Mention, Token]] = field(default_factory=dict)  # "letter" -> whom it backs, where
    sentence: int = 0  # the number of the sentence being read

    def learn_names(self, doc: Doc) -> None:
        """Record the full person names of a paragraph with their title, role and seat, and its places."""
        for match in PLACE_WITH_AND.finditer(doc.text):
            first, second = re.split(r" (?:and|&) ", match.group("place"), maxsplit=1)
            place_words = {w.lower().strip(".") for w in match.group("place").split()}
            plural = PLURAL_AFTER.match(doc.text, match.end())  # "Brighton Pavilion and Kemptown Labour Parties"
            if not (place_words & lexicon.HONORIFICS or plural or first.split()[0] == second.split()[0]):
                self.places.add(re.sub(r"^The ", "", match.group("place")))  # not "Hexham MP X and North West Durham"
        self.place_names |= {e.text for e in doc.ents if e.label_ in PLACE_LABELS and " " in e.text}
        for ent in doc.ents:
            if ent.label_ in ORG_LABELS | PLACE_LABELS and _looks_like_a_name(ent):
                self.maybe_people.add(" ".join(name_parts(ent)))
            titled = [t.i for t in ent if t.text in MEMBER_TITLES]
            after = [t.text for t in ent if titled and t.i > titled[-1]]
            if ent.label_ != "PERSON" and 2 <= len(after) <= 3:  # "Ceredigion AM Elin Jones", however labelled
                self.maybe_people.add(" ".join(after))
            if ent.label_ != "PERSON":
                continue
            words = name_parts(ent)
            common = lexicon.BRANCH_WORDS | lexicon.GROUP_WORDS | lexicon.MEMBER_NOUNS
            if any(w.lower() in common for w in words) or not words:  # "Tory MPs" is no person
                continue
            self.named.append((" ".join(words), _honorific_before(ent)))
            full = " ".join(words)
            role = _role_of(ent) if len(words) > 1 else ""
            if role:
                self.roles.setdefault(role, full)
            seat = _seat_of(ent) if len(words) > 1 else ""
            if seat:
                self.seats.setdefault(full, seat)

    def settle(self) -> None:
        """After every paragraph is learnt: each full name with its unambiguous aliases and gender.

        "Welshman Owen Smith" is Owen Smith when the article also names him so; "Smith" and "Owen" stand for
        Owen Smith unless another full name of the article shares them.
        """
        fulls = {name for name, _ in self.named if " " in name}
        surnames = {name.split()[-1] for name, _ in self.named}
        fulls |= {  # "Humza Yousaf" labelled an organisation in one sentence, a person in another
            name for name in self.maybe_people if " " in name and name.split()[-1] in surnames
        }
        self.places = {p for p in self.places if not _names_people(p, fulls)}  # "Sarah Hayward and Keir Starmer MP"
        merged = {name: _shortest_known(name, fulls) for name in fulls}
        for longer, full in merged.items():  # "Welshman Owen Smith": "the Welshman" is Owen Smith
            if longer != full and len(longer.split()) == len(full.split()) + 1:
                self.roles.setdefault(longer.split()[0].lower(), full)
        owners: dict[str, set[str]] = {}
        for longer, full in merged.items():
            parts = full.split()
            for alias in {longer, full, parts[-1], parts[0], " ".join(parts[1:])}:
                owners.setdefault(alias.lower(), set()).add(full)
        self.full_names = {alias: (next(iter(o)) if len(o) == 1 else "") for alias, o in owners.items()}
        for full in set(merged.values()):
            self.full_names[full.lower()] = full
        self.place_names = {p for p in self.place_names if not self.full_names.get(p.lower())}
        self.roles = {role: merged.get(name, name) for role, name in self.roles.items()}
        self.seats = {merged.get(name, name): seat for name, seat in self.seats.items()}
        for name, honorific in self.named:
            full = self.full_names.get(name.lower(), "")
            if full and honorific in lexicon.MALE_HONORIFICS:
                self.genders.setdefault(full, "m")
            elif full and honorific in lexicon.FEMALE_HONORIFICS:
                self.genders.setdefault(full, "f")

    def place_at(self, token: Token) -> tuple[str, int, int] | None:
        """The known place name with "and" that covers a token, with its character span in the document."""
        text = token.doc.text
        for place in self.places:
            start = text.find(place)
            while start >= 0:
                if start <= token.idx < start + len(place):
                    return place, start, start + len(place)
                start = text.find(place, start + 1)
        return None

    def person(self, words: list[str]) -> str:
        """The full name a run of name words stands for in this article (the words themselves if unknown)."""
        text = " ".join(words)
        full = self.full_names.get(text.lower())
        if full:
            return full
        for start in range(1, len(words) - 1):  # "Welshman Owen Smith": a known name after a descriptive word
            known = self.full_names.get(" ".join(words[start:]).lower())
            if known and " " in known:
                return known
        return text if full is None else ""

    def note(self, mention: Mention) -> None:
        self.recent.append(mention)
        del self.recent[:-40]

    def group(self, word: str, kind: EntityKind) -> Mention | None:
        """The organisation "the union" or "the branch" points back to: a recent one named with that word
        ("the GMB union", "Trades Council"), else the most salient recent one (a subject), else the nearest."""
        candidates = [m for m in reversed(self.recent) if m.kind == kind and not m.counted and _organisation(m.name)]
        stem = word.lower().rstrip("s")
        named = [m for m in candidates if stem in m.name.lower()]
        salient = [m for m in candidates if m.subject]
        return next(iter(named or salient or candidates), None)

    def antecedent(self, pronoun: Token, exclude: Iterable[str] = ()) -> Mention | None:
        """The nearest earlier mention a pronoun can stand for: gender-compatible people for he/she, groups for it."""
        word = pronoun.lower_
        excluded = set(exclude)
        if word in lexicon.PERSON_PRONOUNS:
            gender = lexicon.PERSON_PRONOUNS[word]
            for mention in reversed(self.recent):
                if mention.kind != PERSON or mention.name in excluded or self._after(mention, pronoun):
                    continue
                known = self.genders.get(mention.name)
                if known and known != gender:
                    continue
                return mention
            return None
        if word in ("it", "its", "itself"):
            for mention in reversed(self.recent):
                if self._after(mention, pronoun):
                    continue
                if mention.kind in (BRANCH, GROUP) and not mention.counted and mention.name not in excluded:
                    return mention
        return None

    def _after(self, mention: Mention, token: Token) -> bool:
        return mention.sentence == self.sentence and mention.token >= token.i

    def salient_person(self, head: Token) -> str:
        """The person a definite role noun ("the Labour leader") most likely re-names: the subject of the
        sentence before, when it was a person and nothing in this sentence before the noun was."""
        earlier = [m for m in self.recent if m.sentence < self.sentence]
        if not earlier:
            return ""
        last = max(m.sentence for m in earlier)
        people = {m.name for m in earlier if m.sentence == last and m.kind == PERSON}
        subjects = [m for m in earlier if m.sentence == last and m.subject and m.kind == PERSON]
        if not subjects and len(people) == 1:  # "The only obstacle is Penny Mordaunt. The Leader of the House..."
            return people.pop()
        return subjects[0].name if len(subjects) == 1 else ""

    def role(self, phrase: str) -> str:
        """The person an article has tied to a role ("the former foreign secretary"), if exactly one."""
        phrase = phrase.lower()
        if phrase in self.roles:
            return self.roles[phrase]
        matches = {name for role, name in self.roles.items() if role.endswith(phrase)}  # not "minister" for
        # "cabinet minister": a role asked more narrowly than the article gave it is another person's
        return matches.pop() if len(matches) == 1 else ""


def _organisation(name: str) -> bool:
    """Not someone's own campaign or bid ("Mr Albanese's leadership campaign"): what "the caucus" cannot be."""
    last = name.split()[-1].lower()
    named = any(w[:1].isupper() or w[:1].isdigit() for w in name.split())  # not "trade union"
    return named and last not in lexicon.CANDIDACY_NOUNS


def _names_people(place: str, people: set[str]) -> bool:
    """Whether a place-like "A and B" is two people the article names ("Sarah Hayward and Keir Starmer")."""
    halves = re.split(r" (?:and|&) ", place)
    return all(any(half.endswith(person) for person in people) for half in halves)


def _looks_like_a_name(ent: Span) -> bool:
    """Two or three capitalised words with no organisation word: perhaps a person the recogniser mislabelled."""
    words = ent.text.split()
    plain = all(w[:1].isupper() and w.isalpha() for w in words)
    return (
        2 <= len(words) <= 3 and plain and not {w.lower() for w in words} & (lexicon.BRANCH_WORDS | lexicon.GROUP_WORDS)
    )


def _shortest_known(name: str, fulls: set[str]) -> str:
    words = name.split()
    for start in range(len(words) - 2, 0, -1):
        suffix = " ".join(words[start:])
        if suffix in fulls:
            return suffix
    return name


def name_parts(span: Span | list[Token]) -> list[str]:
    """The words of a name without titles, roles or a possessive ending: "Sir Keir Starmer MP" -> Keir Starmer."""
    words = [t.text for t in span if not t.is_punct or t.text in ("-", "–")]
    text = " ".join(words).replace(" - ", "-").replace(" -", "-").replace("- ", "-")
    parts = [APOSTROPHES.sub("", w) if w.endswith(("’s", "'s")) else w for w in text.split()]
    while parts and (parts[0].lower().strip(".") in lexicon.HONORIFICS or not parts[0][:1].isupper()):
        parts.pop(0)
    while parts and (parts[-1].lower().strip(".") in lexicon.HONORIFICS or not parts[-1][:1].isupper()):
        parts.pop()
    return [_title_case(p) for p in parts if p not in ("’s", "'s", "’", "'")]


def _title_case(word: str) -> str:
    """ "ANDY" -> "Andy" (headline capitals), other words unchanged."""
    return word.capitalize() if word.isupper() and len(word) > 3 else word


def _honorific_before(ent: Span) -> str:
    for token in (ent[0], ent.doc[ent.start - 1] if ent.start > 0 else None):
        if token is not None and token.lower_.strip(".") in lexicon.HONORIFICS:
            return token.lower_.strip(".")
    return ""


def _role_of(ent: Span) -> str:
    """The role a sentence ties to a name: "Margaret Beckett, the former foreign secretary" / "Health Secretary X"."""
    head = ent.root
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.lemma_ in lexicon.ROLE_NOUNS:
            return role_phrase(child)
    if head.dep_ == "appos" and head.head.pos_ == "NOUN" and head.head.lemma_ in lexicon.ROLE_NOUNS:
        return role_phrase(head.head)
    before: list[Token] = []  # "Former foreign secretary Margaret Beckett", "Health Secretary Matt Hancock"
    index = ent.start - 1
    while index >= 0 and ent.doc[index].dep_ in ("compound", "amod") and ent.doc[index].head.i >= index:
        before.insert(0, ent.doc[index])
        index -= 1
    words = [t.lower_ for t in before if t.lower_ not in ROLE_STOP and t.lower_.strip(".") not in lexicon.HONORIFICS]
    return " ".join(words) if words and words[-1] in lexicon.ROLE_NOUNS else ""


def _seat_of(ent: Span) -> str:
    """ "Holborn and St Pancras MP Keir Starmer": the place a member represents, written before the title."""
    doc = ent.doc
    index = ent.start - 1
    while index >= 0 and doc[index].lower_ in ("labour", "conservative", "tory", "snp", "lib", "dem"):
        index -= 1
    if index < 0 or doc[index].text not in ("MP", "MSP", "AM", "MLA"):
        return ""
    start = index
    while start > 0 and (doc[start - 1].pos_ == "PROPN" or doc[start - 1].lower_ in ("and", "&")):
        start -= 1
    while start < index and doc[start].lower_ in ("and", "&"):
        start += 1
    return doc[start:index].text


def role_phrase(noun: Token) -> str:
    words = [t for t in noun.lefts if t.dep_ in ("amod", "compound") and t.lower_ not in ROLE_STOP]
    return " ".join([*(t.lower_ for t in words), noun.lower_])
