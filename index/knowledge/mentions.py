"""Mentions: the people and organisations an argument of a backing phrase names, read from the parse.

A mention is found from the token that heads an argument: a name (the named entity or run of proper nouns it
ends), an organisation noun phrase ("the Leigh branch of Unite", "285 constituency Labour parties"), a role
noun the article has tied to a name ("the former foreign secretary"), or a pronoun resolved to the nearest
compatible earlier mention (see :class:`Discourse`). Names are canonical within the article: "Mr Burnham" is
"Andy Burnham" when the article names him so; across articles, :func:`canonical_names` finishes the job.
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
LOWER_NAME_WORDS = frozenset({"of", "and", "for", "the", "de", "la", "van", "von", "da", "del", "le", "&"})
ROLE_STOP = frozenset({"the", "a", "an", "his", "her", "their", "its", "former", "ex", "then", "current", "new"})
APOSTROPHES = re.compile(r"[’']s?$")
PLACE_WITH_AND = re.compile(
    r"(?P<place>\b[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)* (?:and|&) (?:St\.? )?[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*?)"
    r"(?= (?:MP|MSP|AM|CLP|[Cc]onstituency|[Bb]ranch|Labour|Conservative|[Ll]ocal)\b)"
)


@dataclass(frozen=True)
class Mention:
    """A person or organisation named in a sentence, with the name it stands for in the article."""

    name: str
    kind: EntityKind
    token: int  # index of the head token in its Doc
    counted: bool = False  # "285 CLPs": a number of backers, not one
    sentence: int = 0  # the number of its sentence in the article
    subject: bool = False  # the subject of its sentence

    @property
    def surname(self) -> str:
        return self.name.split()[-1] if self.kind == PERSON else self.name


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
    sentence: int = 0  # the number of the sentence being read

    def learn_names(self, doc: Doc) -> None:
        """Record the full person names of a paragraph with their title, role and seat, and its places."""
        for match in PLACE_WITH_AND.finditer(doc.text):
            place_words = {w.lower().strip(".") for w in match.group("place").split()}
            if not place_words & lexicon.HONORIFICS:  # "Hexham MP Guy Opperman and North West Durham" is no place
                self.places.add(match.group("place"))
        self.place_names |= {e.text for e in doc.ents if e.label_ in PLACE_LABELS and " " in e.text}
        for ent in doc.ents:
            if ent.label_ in ORG_LABELS | PLACE_LABELS and _looks_like_a_name(ent):
                self.maybe_people.add(" ".join(_name_words(ent)))
            if ent.label_ != "PERSON":
                continue
            words = _name_words(ent)
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
        subjects = [m for m in earlier if m.sentence == last and m.subject and m.kind == PERSON]
        return subjects[0].name if len(subjects) == 1 else ""

    def role(self, phrase: str) -> str:
        """The person an article has tied to a role ("the former foreign secretary"), if exactly one."""
        phrase = phrase.lower()
        if phrase in self.roles:
            return self.roles[phrase]
        matches = {name for role, name in self.roles.items() if role.endswith(phrase) or phrase.endswith(role)}
        return matches.pop() if len(matches) == 1 else ""


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


def _name_words(span: Span | list[Token]) -> list[str]:
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
            return _role_phrase(child)
    if head.dep_ == "appos" and head.head.pos_ == "NOUN" and head.head.lemma_ in lexicon.ROLE_NOUNS:
        return _role_phrase(head.head)
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


def _role_phrase(noun: Token) -> str:
    words = [t for t in noun.lefts if t.dep_ in ("amod", "compound") and t.lower_ not in ROLE_STOP]
    return " ".join([*(t.lower_ for t in words), noun.lower_])


def name_tokens(head: Token) -> list[Token]:
    """The tokens of the name a proper noun ends: its named entity, or the run of proper nouns before it."""
    if head.ent_type_ and head.ent_iob_ in ("B", "I"):
        ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
        if ent is not None:
            return [t for t in ent if t.i <= head.i] if ent.label_ == "PERSON" else list(ent)
    tokens = [head]
    index = head.i - 1
    while index >= 0:
        token = head.doc[index]
        if token.pos_ == "PROPN" or (token.text in ("-", "–") and index > 0) or token.lower_ in LOWER_NAME_WORDS:
            if token.lower_ in LOWER_NAME_WORDS and token.head.i != head.i and token.dep_ not in ("prep", "cc"):
                break
            tokens.insert(0, token)
            index -= 1
            continue
        break
    while tokens and tokens[0].lower_ in LOWER_NAME_WORDS:
        tokens.pop(0)
    return tokens


def mention_of(head: Token, discourse: Discourse, speaker: str = "") -> Mention | None:
    """The person or organisation the argument headed by ``head`` names, or None when it names none."""
    word = head.lower_
    if head.pos_ == "PRON":
        if word in lexicon.FIRST_PERSON:
            return Mention(speaker, PERSON, head.i) if speaker else None
        return _pronoun(head, discourse)
    if word.strip(".") in lexicon.HONORIFICS:  # "Keir Starmer MP": the name is the compound before the title
        inner = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        person = [c for c in inner if discourse.full_names.get(c.lower_) or c.ent_type_ == "PERSON" and c.n_lefts]
        return mention_of(person[-1], discourse, speaker) if person else None
    if head.lower_ in ("%", "percent"):
        return _counted(head, head)
    coded = _coded_organisation(head)
    if coded is not None:
        return coded
    if head.dep_ == "compound" and head.head.pos_ == "NOUN" and head.lower_ not in discourse.full_names:
        return None  # "the Brexit fall-out": a name modifying a thing
    if head.pos_ == "PROPN" or head.text[:1].isupper() and discourse.full_names.get(head.lower_):
        return _named(head, discourse)
    if head.pos_ == "NOUN":
        return _noun_phrase(head, discourse)
    if head.pos_ == "NUM":
        return _counted(head, head)
    return None


def _coded_organisation(head: Token) -> Mention | None:
    """Unions and branches named with a number: "DC 37", "UAW Region 9A", "Teamsters Local 804"."""
    number = next((c for c in head.children if c.dep_ == "nummod" and c.i == head.i + 1), None)
    if head.pos_ == "PROPN" and number is not None and head.ent_type_ != "PERSON":
        return Mention(head.doc[head.i : number.i + 1].text, GROUP, head.i)
    has_digit = any(ch.isdigit() for ch in head.text)
    names = [t for t in _modifiers(head) if t.pos_ == "PROPN"]
    if has_digit and names and head.pos_ in ("NOUN", "NUM", "PROPN"):
        return Mention(head.doc[names[0].i : head.i + 1].text, GROUP, head.i)
    return None


def _pronoun(head: Token, discourse: Discourse) -> Mention | None:
    reporter = _reporter(head, discourse)
    if reporter is not None:
        return reporter
    exclude: list[str] = []
    if head.dep_ in ("dobj", "pobj", "dative"):  # "X backed him", "X called on him to quit": him is not X
        subjects = {t.i for t in _governing_subjects(head)}
        exclude = [m.name for m in discourse.recent if m.token in subjects and m.sentence == discourse.sentence]
    found = discourse.antecedent(head, exclude)
    return Mention(found.name, found.kind, head.i, found.counted) if found else None


def _reporter(pronoun: Token, discourse: Discourse) -> Mention | None:
    """ "Johnson, who has said he will support Trump": in reported speech "he" is the one who said it."""
    if pronoun.dep_ != "nsubj" or pronoun.lower_ not in lexicon.PERSON_PRONOUNS or pronoun.head.dep_ != "ccomp":
        return None
    said = pronoun.head.head
    if said.lemma_ not in lexicon.SPEECH_VERBS | {"confirm", "insist", "claim"}:
        return None
    subject = next((c for c in said.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON" and subject.lower_ not in ("who", "that"):
        return None
    if subject.lower_ in ("who", "that") and said.dep_ == "relcl":
        subject = said.head
    if subject.pos_ != "PROPN":
        return None
    mention = _named(subject, discourse)
    gender = lexicon.PERSON_PRONOUNS[pronoun.lower_]
    if mention is None or mention.kind != PERSON or discourse.genders.get(mention.name, gender) != gender:
        return None
    return Mention(mention.name, PERSON, pronoun.i)


def _governing_subjects(token: Token) -> list[Token]:
    """The subjects of the clauses a token stands in, up through infinitives, participles and coordination."""
    subjects: list[Token] = []
    for _ in range(6):
        if token.head.i == token.i:
            break
        token = token.head
        subjects += [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects or token.dep_ not in ("xcomp", "advcl", "conj", "pcomp", "prep", "pobj", "dobj", "acl", "ccomp"):
            break
    return subjects


def _named(head: Token, discourse: Discourse) -> Mention | None:
    place = discourse.place_at(head)
    if place is not None:
        return Mention(place[0], BRANCH, head.i)
    tokens = name_tokens(head)
    titles = [i for i, t in enumerate(tokens[:-1]) if t.text in ("MP", "MSP", "MEP", "AM", "MLA")]
    tail = tokens[titles[-1] + 1 :] if titles else []
    label = head.ent_type_
    if len(tail) >= 2 and all(t.text[:1].isupper() for t in tail):  # "Bristol West MP Thangam Debbonaire"
        name = discourse.person(_name_words(tail))
        return Mention(name, PERSON, head.i) if name else None
    words = [t.lower_ for t in _modifiers(head)] + [t.lower_ for t in tokens]
    if all(w.strip(".") in lexicon.HONORIFICS for w in words):
        return None
    known_person = discourse.full_names.get(" ".join(_name_words(tokens)).lower())
    if (head.lower_ in lexicon.BRANCH_WORDS | lexicon.GROUP_WORDS or label in ORG_LABELS) and not known_person:
        tokens = sorted({*_modifiers(head), *tokens}, key=lambda t: t.i)
        described = [i for i, t in enumerate(tokens) if t.i < head.i and t.text in lexicon.GROUP_WORDS]
        if described and all(t.text[:1].isupper() for t in tokens[described[-1] + 1 :]):
            tokens = tokens[described[-1] + 1 :]  # "the pro-Corbyn pressure group Momentum" is Momentum
        for preposition in (p for p in head.children if p.dep_ == "prep" and p.lower_ in ("for", "of")):
            tokens += _name_tail(preposition)  # "Chinese for Labour", "Union of Shop, Distributive and Allied Workers"
        tokens = sorted(set(tokens), key=lambda t: t.i)
        before = head.doc[max(0, tokens[0].i - 3) : tokens[0].i]
        placed = next((p for p in map(discourse.place_at, [*before, *tokens]) if p is not None), None)
        if placed is not None:  # "the Holborn and St Pancras Labour Party": a branch of that place
            rest = [t.text for t in tokens if t.idx >= placed[2]]
            return Mention(" ".join([placed[0], *rest]), BRANCH, head.i)
    if (any(w in lexicon.BRANCH_WORDS for w in words) or is_branch_name(_org_name(tokens))) and not known_person:
        return Mention(_org_name(tokens), BRANCH, head.i)
    if (label in ORG_LABELS or any(w in lexicon.GROUP_WORDS for w in words)) and not known_person:
        return Mention(_org_name(tokens), GROUP, head.i)
    name_words = _name_words(tokens)
    if not name_words:
        return None
    if " ".join(name_words) in discourse.place_names:
        return Mention(" ".join(name_words), BRANCH, head.i)
    if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children):  # "a no-deal Brexit"
        return None
    person = discourse.person(name_words)
    if person and person != " ".join(name_words) and " " in person:  # a name the article gives a person
        return Mention(person, PERSON, head.i)
    if label == "PERSON" or (person and person != " ".join(name_words)):
        return Mention(person, PERSON, head.i) if person else None
    if label in PLACE_LABELS:
        return Mention(" ".join(name_words), BRANCH, head.i)
    if len(name_words) >= 2 and all(w[:1].isupper() for w in name_words):
        return Mention(person or " ".join(name_words), PERSON, head.i)
    return None


def _modifiers(head: Token, possessive: bool = False) -> list[Token]:
    """The contiguous modifiers before a head, theirs included: "Makerfield constituency Labour Party"; with
    ``possessive``, an owner's name too ("the New York Times' editorial board")."""
    out: list[Token] = []
    index = head.i - 1
    while index >= 0:
        token = head.doc[index]
        deps = ("compound", "amod", "nmod", "poss", "case") if possessive else ("compound", "amod", "nmod")
        inside = token.dep_ in deps or token.text in ("-", "–") and index > 0
        if not inside or not any(a.i == head.i for a in token.ancestors):
            break
        out.insert(0, token)
        index -= 1
    return out


def _name_tail(preposition: Token) -> list[Token]:
    """ "of Shop, Distributive and Allied Workers": the words after "of"/"for" that still belong to the name."""
    doc = preposition.doc
    tail = [preposition]
    index = preposition.i + 1
    while index < len(doc) and (doc[index].pos_ in ("PROPN", "CCONJ") or doc[index].text in (",", "&")):
        if doc[index].text == "," and (index + 1 >= len(doc) or doc[index + 1].pos_ != "PROPN"):
            break
        tail.append(doc[index])
        index += 1
    while tail and (not tail[-1].is_alpha or tail[-1].pos_ == "CCONJ"):
        tail.pop()
    return tail if len(tail) > 1 else []


def _org_name(tokens: list[Token]) -> str:
    """The words of an organisation's name as written, without a leading "the" or a possessive ending."""
    start = 1 if tokens[0].lower_ == "the" and len(tokens) > 1 else 0
    if start >= len(tokens):
        return ""
    text = tokens[0].doc[tokens[start].i : tokens[-1].i + 1].text
    return APOSTROPHES.sub("", text) if text.endswith(("’s", "'s")) else text


def _noun_phrase(head: Token, discourse: Discourse) -> Mention | None:
    """ "the Leigh branch of Unite", "285 constituency Labour parties", "the union", "the former mayor"."""
    word = head.lower_
    number = next((c for c in head.children if c.dep_ == "nummod" or (c.dep_ == "quantmod")), None)
    if number is not None and (word in lexicon.MEMBER_NOUNS or head.lemma_ in lexicon.MEMBER_NOUNS):
        return _counted(number, head)
    if word in lexicon.BRANCH_WORDS | lexicon.GROUP_WORDS or head.lemma_ in lexicon.GROUP_WORDS:
        modifiers = [t for t in _modifiers(head, possessive=True) if t.pos_ in ("PROPN", "PART")]
        while modifiers and modifiers[0].pos_ == "PART":  # "the union’s Labour Link committee": not "’s ..."
            modifiers.pop(0)
        of = [c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"]
        owner = next((g for p in of for g in p.children if g.dep_ == "pobj" and g.pos_ == "PROPN"), None)
        if modifiers or owner is not None:
            start = min([head.i, *(m.i for m in modifiers)])
            end = head.i + 1
            if owner is not None:
                end = max(t.i for t in owner.subtree if t.pos_ == "PROPN" or t.i <= owner.i) + 1
            tokens = [t for t in head.doc[start:end]]
            name = _org_name(tokens)
            return Mention(name, BRANCH if is_branch_name(name) else GROUP, head.i)
        owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if owner is not None and word in ("party", "clp", "constituency", "branch"):  # "his own constituency party"
            person = _pronoun(owner, discourse)
            seat = discourse.seats.get(person.name, "") if person is not None else ""
            return Mention(f"{seat} CLP", BRANCH, head.i) if seat else None
        if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children):
            kind = BRANCH if word in lexicon.BRANCH_WORDS else GROUP
            for mention in reversed(discourse.recent):
                if mention.kind == kind and not mention.counted:
                    return Mention(mention.name, kind, head.i)
        return None
    if word in ("members", "delegates"):  # "members of the X Labour Party", "members" of the branch just named
        of = [g for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
        if of:
            return mention_of(of[0], discourse)
        named = [t for t in _modifiers(head) if t.pos_ == "PROPN"]
        if named and is_branch_name(f"{head.doc[named[0].i : named[-1].i + 1].text} Labour"):
            return Mention(
                head.doc[named[0].i : named[-1].i + 1].text, BRANCH, head.i
            )  # "Islington North Labour members"
        if not any(c.dep_ in ("det", "poss", "amod", "compound") for c in head.children):
            here = [
                m
                for m in discourse.recent
                if m.sentence >= discourse.sentence - 1 and m.kind == BRANCH and (" " in m.name or m.counted)
            ]
            return Mention(here[-1].name, BRANCH, head.i) if here else None
        return None
    if word == "meeting" and any(c.dep_ in ("det", "poss") for c in head.children):  # "last Thursday's meeting"
        branch = next((m for m in reversed(discourse.recent) if m.kind == BRANCH and not m.counted), None)
        return Mention(branch.name, BRANCH, head.i) if branch else None
    if (
        word in lexicon.BRANCH_WORDS
        and head.tag_ in ("NNS", "NNPS")
        and not any(c.dep_ == "det" for c in head.children)
    ):
        return Mention(head.text, BRANCH, head.i, counted=True)
    if word in lexicon.MEMBER_NOUNS and head.tag_ in ("NNS", "NNPS"):
        modifiers = [c for c in head.lefts if c.dep_ in ("compound", "amod") and c.pos_ in ("PROPN", "ADJ")]
        if any(m.pos_ == "PROPN" or m.text[:1].isupper() for m in modifiers):
            start = min(m.i for m in modifiers)
            return Mention(head.doc[start : head.i + 1].text, GROUP, head.i, counted=True)
        return None
    if any(c.dep_ == "det" and c.lower_ == "the" for c in head.children) and head.lemma_ in lexicon.ROLE_NOUNS:
        subject = head.dep_ in ("nsubj", "nsubjpass")  # only a subject re-names the last sentence's subject
        name = discourse.role(_role_phrase(head)) or (discourse.salient_person(head) if subject else "")
        return Mention(name, PERSON, head.i) if name else None
    return None


def _counted(number: Token, head: Token) -> Mention | None:
    """ "285 constituency Labour parties", "147 of the 357 Tory MPs": a number of backers."""
    if head is number or head.lower_ in ("%", "percent"):  # "147 of the 357 Tory MPs", "39% of CLPs"
        number = head
        of = next((c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        noun = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if noun is None or noun.lower_ not in lexicon.MEMBER_NOUNS:
            return None
        start = min([number.i, *(t.i for t in number.lefts if t.dep_ in ("nummod", "quantmod", "compound"))])
        return Mention(number.doc[start : noun.i + 1].text, GROUP, number.i, counted=True)
    tokens = [t for t in head.lefts if t.dep_ in ("compound", "amod") and t.i > number.i] + [head]
    return Mention(f"{number.text} {' '.join(t.text for t in tokens)}", GROUP, head.i, counted=True)


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
    return local and bool(branch_place(name))


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
    """Across the corpus: a single-word person name ("Corbyn") mapped to the one full name that ends with it."""
    by_word: dict[str, set[str]] = {}
    for full in people:
        parts = full.split()
        if len(parts) >= 2:
            by_word.setdefault(parts[-1].lower(), set()).add(full)
    mapping: dict[str, str] = {}
    for name in surface:
        if " " not in name and len(by_word.get(name.lower(), ())) == 1:
            mapping[name] = next(iter(by_word[name.lower()]))
    return mapping
