"""Mentions: the people and organisations an argument of a backing phrase names, read from the parse.

A mention is found from the token that heads an argument: a name (the named entity or run of proper nouns it
ends), an organisation noun phrase ("the Leigh branch of Unite", "285 constituency Labour parties"), a role
noun the article has tied to a name ("the former foreign secretary"), or a pronoun resolved to the nearest
compatible earlier mention (see index.knowledge.discourse). Names are canonical within the article: "Mr
Burnham" is "Andy Burnham" when the article names him so; across articles, index.knowledge.branches and
:func:`canonical_names` there finish the job.
"""

from __future__ import annotations

from spacy.tokens import Token

from index import lexicon
from index.knowledge.branches import is_branch_name
from index.knowledge.discourse import (
    APOSTROPHES,
    BRANCH,
    GROUP,
    ORG_LABELS,
    PERSON,
    PLACE_LABELS,
    Discourse,
    Mention,
    name_parts,
    role_phrase,
)
from index.knowledge.shapes import definite

QUANTITIES = frozenset({"majority", "most", "half", "bulk", "number", "dozens", "scores", "hundreds"})
LOCAL_PEOPLE = frozenset({"members", "activists", "neighbours", "neighbors", "comrades", "delegates"})
"""People "in" a constituency or branch stand for its local party."""
NUMBERED = frozenset({"Local", "No", "No.", ".", "Region", "District", "Lodge", "Council"})
"""Words a union branch's number follows ("Local 737", "Joint Council of Teamsters No. 37")."""
LOWER_NAME_WORDS = frozenset({"of", "and", "for", "the", "de", "la", "van", "von", "da", "del", "le", "&"})


def name_tokens(head: Token) -> list[Token]:
    """The tokens of the name a proper noun ends: its named entity, or the run of proper nouns before it."""
    if head.ent_type_ and head.ent_iob_ in ("B", "I"):
        ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
        if ent is not None:
            owner = head.dep_ == "poss"  # "Trump’s Senate pick" labelled as one name: the owner is Trump
            return [t for t in ent if t.i <= head.i] if ent.label_ == "PERSON" or owner else list(ent)
    tokens = [head]
    index = head.i - 1
    while index >= 0:
        token = head.doc[index]
        if token.pos_ == "PROPN" and token.text[:1].islower() and token.lower_ not in LOWER_NAME_WORDS:
            break  # "labor union SEIU": a name's words are capitalised
        if token.pos_ == "PROPN" or (token.text in ("-", "–") and index > 0) or token.lower_ in LOWER_NAME_WORDS:
            if token.lower_ in LOWER_NAME_WORDS and token.head.i != head.i and token.dep_ not in ("prep", "cc"):
                break
            if token.dep_ == "cc" and any(c.dep_ == "conj" and c.i >= head.i for c in token.head.children):
                break  # "Brighton Pavilion and Brighton Kemptown Labour Parties": two names, not one
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
    if word in lexicon.FIRST_PERSON:  # "I", "me", and "a supporter of mine" however tagged
        return Mention(speaker, PERSON, head.i) if speaker else None
    if word in lexicon.FIRST_PERSON_PLURAL and head.pos_ == "PRON":  # "our branch" on the branch's own site
        publisher = discourse.publisher
        return Mention(publisher.name, publisher.kind, head.i) if publisher and not speaker else None
    if head.pos_ == "PRON":
        return _pronoun(head, discourse, speaker)
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
    titled_role = head.lower_ in lexicon.ROLE_NOUNS and definite(head)
    if titled_role and head.dep_ in ("nsubj", "nsubjpass"):  # "The Leader of the House of Commons has ..."
        return _noun_phrase(head, discourse)
    if head.text.islower() and head.lower_ in lexicon.GROUP_WORDS | lexicon.BRANCH_WORDS:
        return _noun_phrase(head, discourse)  # "the trade union" however tagged: a description, not a name
    if head.pos_ == "PROPN" or head.text[:1].isupper() and (discourse.full_names.get(head.lower_) or is_acronym(head)):
        return _named(head, discourse)
    if head.pos_ == "NOUN":
        return _noun_phrase(head, discourse)
    if head.pos_ == "NUM":
        return _counted(head, head)
    return None


def _coded_organisation(head: Token) -> Mention | None:
    """Unions and branches named with a number: "DC 37", "UAW Region 9A", "Teamsters Local 804"."""
    number = next((c for c in head.children if c.dep_ == "nummod" and c.i == head.i + 1), None)
    names = [t for t in _modifiers(head) if t.pos_ == "PROPN"]
    if head.pos_ == "PROPN" and number is not None and head.ent_type_ != "PERSON":  # "Carpenters Union Local 737"
        return Mention(head.doc[names[0].i if names else head.i : number.i + 1].text, GROUP, head.i)
    has_digit = any(ch.isdigit() for ch in head.text)
    if has_digit and names and head.pos_ in ("NOUN", "NUM", "PROPN"):
        return Mention(head.doc[names[0].i : head.i + 1].text, GROUP, head.i)
    return None


def _pronoun(head: Token, discourse: Discourse, speaker: str = "") -> Mention | None:
    reporter = _reporter(head, discourse)
    if reporter is not None:
        return reporter
    gender = lexicon.PERSON_PRONOUNS.get(head.lower_)
    if head.dep_ == "poss" and gender is not None:  # "she believes that her endorsement": hers
        subject = [
            t
            for t in head.sent[: head.i - head.sent.start]
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PRON" and lexicon.PERSON_PRONOUNS.get(t.lower_) == gender
        ]
        if subject:
            return _pronoun(subject[-1], discourse, speaker)
    exclude: list[str] = [speaker] if speaker else []  # in a quotation "he" is never the one speaking
    if head.dep_ in ("dobj", "pobj", "dative"):  # "X backed him", "X called on him to quit": him is not X
        subjects = {t.i for t in _governing_subjects(head)}
        exclude += [m.name for m in discourse.recent if m.token in subjects and m.sentence == discourse.sentence]
        backed = discourse.last_backed
        if (
            head.dep_ == "dobj"
            and head.head.lemma_ in lexicon.BACKING_VERBS
            and backed is not None
            and backed.name not in exclude
            and gender is not None
            and discourse.genders.get(backed.name, gender) == gender
        ):  # "A, B and C are backing Mr Carlaw. D is also backing him.": the one the sentence before backed
            return Mention(backed.name, backed.kind, head.i)
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
        if not subjects and token.dep_ == "acl":  # "identified MPs backing him": the MPs back, not the one who saw
            subjects.append(token.head)
            break
        if subjects or token.dep_ not in ("xcomp", "advcl", "conj", "pcomp", "prep", "pobj", "dobj", "acl", "ccomp"):
            break
    return subjects


def _named(head: Token, discourse: Discourse) -> Mention | None:
    place = discourse.place_at(head)
    if place is not None:
        return Mention(place[0], BRANCH, head.i)
    tokens = name_tokens(head)
    titles = [i for i, t in enumerate(tokens[:-1]) if t.text in ("MP", "MSP", "MEP", "AM", "MLA", "MS")]
    tail = tokens[titles[-1] + 1 :] if titles else []
    label = head.ent_type_
    if len(tail) >= 2 and all(t.text[:1].isupper() for t in tail):  # "Bristol West MP Thangam Debbonaire"
        name = discourse.person(name_parts(tail))
        return Mention(name, PERSON, head.i) if name else None
    words = [t.lower_ for t in _modifiers(head)] + [t.lower_ for t in tokens]
    if all(w.strip(".") in lexicon.HONORIFICS for w in words):
        return None
    first = ([*_modifiers(head), *tokens])[0]
    titled = first.lower_.strip(".") in lexicon.PERSON_TITLES  # "Mr Albanese", whatever the label
    known_person = discourse.full_names.get(" ".join(name_parts(tokens)).lower()) or titled
    described_person = _described_person(head, tokens, discourse)
    if described_person is not None:  # "NDP heavyweights Roy Romanow", labelled a building
        return described_person
    spoken_for = _speaks_for(head, discourse) if head.lower_ in lexicon.GROUP_WORDS else None
    if spoken_for is not None:
        return spoken_for
    if (head.lower_ in lexicon.BRANCH_WORDS | lexicon.GROUP_WORDS or label in ORG_LABELS) and not known_person:
        owned = head.pos_ == "PROPN" and head.lower_ in lexicon.GROUP_WORDS  # "the Freelancer's Union"
        tokens = sorted({*_modifiers(head, possessive=owned), *tokens}, key=lambda t: t.i)
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
    known_group = any(c.dep_ == "appos" and c.lemma_ in lexicon.GROUP_WORDS for c in head.children)
    if known_group and not known_person:  # "Unite, the largest union in the country"
        return Mention(_org_name(tokens), GROUP, head.i)
    if (any(w in lexicon.BRANCH_WORDS for w in words) or is_branch_name(_org_name(tokens))) and not known_person:
        return Mention(_org_name(tokens), BRANCH, head.i)
    if (label in ORG_LABELS or any(w in lexicon.GROUP_WORDS for w in words)) and not known_person:
        return Mention(_org_name(tokens), GROUP, head.i)
    name_words = name_parts(tokens)
    if not name_words:
        return None
    shared = next((c for c in head.children if c.dep_ == "conj" and c.tag_ in ("NNS", "NNPS")), None)
    party = [t.text for t in _modifiers(shared) if t.lower_ in ("labour", "conservative", "local")] if shared else []
    if (
        shared is not None
        and shared.lower_ in lexicon.BRANCH_WORDS | {"parties"}
        and (party or shared.lower_ == "clps")
    ):
        return Mention(" ".join([*name_words, *party, shared.text]), BRANCH, head.i)  # "A and B Labour Parties": A's
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
    if (len(name_words) >= 2 or titled) and all(w[:1].isupper() for w in name_words):  # or "Mr Carlaw"
        return Mention(person or " ".join(name_words), PERSON, head.i)
    if len(tokens) == 1 and is_acronym(head):  # "HGEA has endorsed ...": an organisation the recogniser missed
        return Mention(head.text, GROUP, head.i)
    return None


def is_acronym(token: Token) -> bool:
    """A word in capitals that no title or pronoun writes so ("HGEA", "AFSCME"; not "I", "MP", "US")."""
    word = token.text
    return (
        len(word) >= 3
        and word.isalpha()
        and word.isupper()
        and word.lower() not in lexicon.HONORIFICS | lexicon.TITLE_NOUNS
        and token.ent_type_ not in PLACE_LABELS
    )


def _speaks_for(head: Token, discourse: Discourse) -> Mention | None:
    """The organisation a body "of the union" speaks for ("the executive council of the trade union": GMB)."""
    whose = next((g for g in _objects_of(head) if g.lower_ in lexicon.GROUP_WORDS), None)
    if whose is None or not definite(whose):
        return None
    group = discourse.group(whose.lower_, GROUP)
    return Mention(group.name, GROUP, head.i) if group is not None else None


def _described_person(head: Token, tokens: list[Token], discourse: Discourse) -> Mention | None:
    """A two- or three-word name after a plural describing noun ("NDP heavyweights Roy Romanow")."""
    if head.ent_type_ == "PERSON" or head.lower_ in lexicon.GROUP_WORDS | lexicon.BRANCH_WORDS:
        return None
    nouns = [t for t in _modifiers(head) if t.pos_ == "NOUN" and t.tag_ == "NNS"]
    words = [t for t in tokens if not nouns or t.i > nouns[-1].i]
    plain = 2 <= len(words) <= 3 and all(t.pos_ == "PROPN" and t.is_alpha and t.text[:1].isupper() for t in words)
    return Mention(discourse.person([t.text for t in words]), PERSON, head.i) if nouns and plain else None


def _modifiers(head: Token, possessive: bool = False) -> list[Token]:
    """The contiguous modifiers before a head, theirs included: "Makerfield constituency Labour Party"; with
    ``possessive``, an owner's name too ("the New York Times' editorial board")."""
    out: list[Token] = []
    index = head.i - 1
    while index >= 0:
        token = head.doc[index]
        deps = ("compound", "amod", "nmod", "poss", "case") if possessive else ("compound", "amod", "nmod")
        inside = token.dep_ in deps or token.text in ("-", "–") and index > 0
        if token.text in ("-", "–") and index > 0 and head.doc[index - 1].like_num:  # "60-member": no name
            del out[:1]
            break
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
    while index < len(doc):
        token, last = doc[index], tail[-1].text
        number_sign = token.text in ("No", "No.") and any(t.like_num for t in doc[index + 1 : index + 3])
        numbered = token.like_num and last in NUMBERED or token.text == "." and last == "No" or number_sign
        if not (token.pos_ in ("PROPN", "CCONJ") or token.text in (",", "&") or numbered):
            break
        if token.text == "," and (index + 1 >= len(doc) or doc[index + 1].pos_ != "PROPN"):
            break
        tail.append(token)
        index += 1
    while tail and (not (tail[-1].is_alpha or tail[-1].like_num) or tail[-1].pos_ == "CCONJ"):
        tail.pop()
    return tail if len(tail) > 1 else []


def _org_name(tokens: list[Token]) -> str:
    """The words of an organisation's name as written, without a leading "the" or a possessive ending."""
    start = 0
    described = any(t.text[:1].isupper() for t in tokens)  # "the powerful Michigan Education Association"
    while start < len(tokens) - 1 and (
        tokens[start].lower_ == "the"
        or not tokens[start].text[:1].isalnum()
        or described
        and tokens[start].pos_ == "ADJ"
        and tokens[start].text.islower()
    ):
        start += 1  # not "the", nor "-member" left of a split "60-member", nor "powerful"
    if start >= len(tokens):
        return ""
    doc, end = tokens[0].doc, tokens[-1].i + 1
    if end + 1 < len(doc) and doc[end].text in ("Local", "Region", "District", "Lodge") and doc[end + 1].like_num:
        end += 2  # "SEIU Local 1", however the parser attached the branch's number
    text = doc[tokens[start].i : end].text
    return APOSTROPHES.sub("", text) if text.endswith(("’s", "'s")) else text


def _noun_phrase(head: Token, discourse: Discourse) -> Mention | None:
    """ "the Leigh branch of Unite", "285 constituency Labour parties", "the union", "the former mayor"."""
    word = head.lower_
    if word in QUANTITIES:  # "the majority of unions affiliated with the party": a number of backers
        whole = next(iter(_objects_of(head)), None)
        after = (
            head.doc[whole.right_edge.i + 1] if whole is not None and whole.right_edge.i + 1 < len(head.doc) else None
        )
        possessor = after is not None and after.text in ("’s", "'s")  # "the majority of the party's left"
        members = whole is not None and (whole.lemma_ in lexicon.MEMBER_NOUNS or whole.lower_ in lexicon.MEMBER_NOUNS)
        if whole is not None and members and not possessor:
            return Mention(head.doc[head.i : whole.right_edge.i + 1].text, GROUP, head.i, counted=True)
        return None
    number = next((c for c in head.children if c.dep_ == "nummod" or (c.dep_ == "quantmod")), None)
    if number is not None and (word in lexicon.MEMBER_NOUNS or head.lemma_ in lexicon.MEMBER_NOUNS):
        return _counted(number, head)
    if word in lexicon.BRANCH_WORDS | lexicon.GROUP_WORDS or head.lemma_ in lexicon.GROUP_WORDS:
        modifiers = [  # "the Leigh branch", "the union’s Labour Link", "the Right faction"
            t for t in _modifiers(head, possessive=True) if t.pos_ in ("PROPN", "PART") or t.text[:1].isupper()
        ]
        while modifiers and modifiers[0].pos_ == "PART":  # "the union’s Labour Link committee": not "’s ..."
            modifiers.pop(0)
        spoken_for = _speaks_for(head, discourse)
        if spoken_for is not None:
            return spoken_for
        owner = next((g for g in _objects_of(head) if g.pos_ == "PROPN"), None)
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
            found = discourse.group(word, kind)
            if found is not None:
                return Mention(found.name, kind, head.i)
        return None
    local = _objects_of(head, "in")
    if word in LOCAL_PEOPLE and local:  # "his near neighbours in the Hampstead and Kilburn constituency"
        branch = mention_of(local[0], discourse)
        if branch is not None and branch.kind == BRANCH:
            return Mention(branch.name, BRANCH, head.i)
    if word in ("members", "delegates"):  # "members of the X Labour Party", "members" of the branch just named
        of = _objects_of(head)
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
    if definite(head) and head.lower_ in lexicon.ROLE_NOUNS:
        subject = head.dep_ in ("nsubj", "nsubjpass")  # only a subject re-names the last sentence's subject
        name = discourse.role(role_phrase(head)) or (discourse.salient_person(head) if subject else "")
        return Mention(name, PERSON, head.i) if name else None
    return None


def _objects_of(head: Token, preposition: str = "of") -> list[Token]:
    """What a word is "of" ("the majority of unions", "147 of the MPs"), or "in" ("members in the branch")."""
    return [
        g for p in head.children if p.dep_ == "prep" and p.lower_ == preposition for g in p.children if g.dep_ == "pobj"
    ]


def _counted(number: Token, head: Token) -> Mention | None:
    """ "285 constituency Labour parties", "147 of the 357 Tory MPs": a number of backers."""
    if head is number or head.lower_ in ("%", "percent"):  # "147 of the 357 Tory MPs", "39% of CLPs"
        number = head
        noun = next(iter(_objects_of(number)), None)
        if noun is None or noun.lower_ not in lexicon.MEMBER_NOUNS:
            return None
        start = min([number.i, *(t.i for t in number.lefts if t.dep_ in ("nummod", "quantmod", "compound"))])
        return Mention(number.doc[start : noun.i + 1].text, GROUP, number.i, counted=True)
    tokens = [t for t in head.lefts if t.dep_ in ("compound", "amod") and t.i > number.i] + [head]
    return Mention(f"{number.text} {' '.join(t.text for t in tokens)}", GROUP, head.i, counted=True)
