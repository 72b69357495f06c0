"""Shapes of the parse: where a word's arguments, lists, appositions and documents are in a dependency tree.

Pure functions of spaCy tokens (and, for lists, the article's known places), used by index.knowledge.relations.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from index import lexicon
from index.knowledge.discourse import Discourse
from index.knowledge.timing import governing_verb

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
COPULAS = frozenset({"be", "become", "remain"})
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def after_semicolons(item: Token) -> list[Token]:
    """The rest of a list that goes on after semicolons ("from Teamsters No. 37, which ...; SMART Local 16 and
    the Building Trades Council"): the names of each later part that has no verb of its own."""
    sentence, found = item.sent, []
    marks = [t.i for t in sentence if t.text == ";" and t.i > item.i] + [sentence.end]
    for start, end in zip(marks, marks[1:], strict=False):
        part = sentence.doc[start + 1 : end]
        if any(t.tag_ in FINITE for t in part):
            break
        found += [e.root for e in part.ents if e.label_ in ("ORG", "PERSON", "NORP")]
    return found


def definite(noun: Token) -> bool:
    """Whether a noun has "the": "the union", "the Wrekin"."""
    return any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)


def subjects_of(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in SUBJECTS]


def is_generic(noun: Token, relative: Token) -> bool:
    """A bare plural with a restrictive relative clause: "Democrats who oppose Cuomo", "MPs who back him"."""
    bare = not any(c.dep_ in ("det", "poss", "nummod", "compound", "amod") for c in noun.children)
    restrictive = relative.i > 0 and noun.doc[relative.i - 1].text != ","
    return noun.tag_ in ("NNS", "NNPS") and bare and restrictive


def authors_of(document: Token) -> list[Token]:
    """Those who put a document out: "a letter from 200 figures", "a statement by Unite", "a letter signed by
    50 MPs"."""
    heads = [g for p in document.children if p.dep_ == "prep" and p.lower_ in ("from", "by") for g in pobjs(p)]
    signing = [v for v in document.children if v.dep_ in ("acl", "relcl") and v.lemma_ in lexicon.SIGNING_VERBS]
    return heads + [g for v in signing for a in v.children if a.dep_ == "agent" for g in pobjs(a)]


def signed_document(verb: Token) -> Token | None:
    """The document a signing verb is about: "signed the letter", "the letter was signed by", "the letter, signed
    by", "Signed by A and B, the letter states"."""
    own = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if verb.dep_ in ("acl", "relcl"):
        own.append(verb.head)
    if verb.dep_ == "advcl":
        own += [c for c in verb.head.children if c.dep_ == "nsubj"]
    own += [c for v in verb.children if v.dep_ == "conj" for c in v.children if c.dep_ == "nsubj"]
    return next((t for t in own if t.lemma_ in lexicon.DOCUMENT_NOUNS), None)


def past_first_person(verb: Token, subjects: list[Token]) -> bool:
    """ "I gave him the nomination" in a quotation: what the speaker did, not whom they back now."""
    first = any(s.lower_ in lexicon.FIRST_PERSON for s in subjects)
    return first and (verb.tag_ == "VBD" or any(c.lower_ in ("had", "did") for c in verb.children))


def as_did(verb: Token) -> list[Token]:
    """Others said to do the same: "urged members to back Smith, as did Sarah Hayward"; "followed Matt Hancock
    in throwing her weight behind Johnson" (Hancock did it first)."""
    clauses = [c for c in verb.children if c.dep_ == "advcl" and c.lemma_ == "do"]
    others = [s for c in clauses if any(m.lower_ == "as" for m in c.children) for s in c.children if s.dep_ == "nsubj"]
    if verb.dep_ == "pcomp" and verb.head.lower_ == "in" and verb.head.head.lemma_ in ("follow", "join"):
        others += [c for c in verb.head.head.children if c.dep_ == "dobj"]
    return others


def urging_verb(verb: Token) -> Token | None:
    """The verb of urging a backing verb depends on ("urged members to back", "appeal to members to back",
    "urged his CLP to join him in backing"), if any."""
    token = verb
    for _ in range(4):
        if token.dep_ not in ("xcomp", "relcl", "acl", "pcomp", "pobj", "prep", "advcl") or token.head.i == token.i:
            return None
        token = token.head
        appeal = any(c.dep_ == "dobj" and c.lemma_.lower() in lexicon.URGING_WORDS for c in token.children)
        if token.lemma_.lower() in lexicon.URGING_WORDS or appeal:
            return governing_verb(token)
    return None


def gapped_objects(verb: Token) -> list[tuple[Token, tuple[int, ...]]]:
    """ "backing Ed Miliband in 2010 and Jeremy Corbyn in 2015": a person named right after the verb's own
    "and", left outside the verb by the parse, is another of its objects, with the years named after it."""
    if any(c.dep_ == "conj" for c in verb.children):
        return []
    ands = [c.i + 1 for c in verb.children if c.dep_ == "cc" and c.i > verb.i]
    names = [e for e in verb.sent.ents if e.label_ == "PERSON" and e.start in ands and e.root.dep_ == "dep"]
    found = []
    for number, name in enumerate(names):
        end = names[number + 1].start if number + 1 < len(names) else verb.sent.end
        years = tuple(int(t.text) for t in verb.doc[name.end : end] if lexicon.YEAR.fullmatch(t.text))
        found.append((name.root, years))
    return found


def name_after_comma(doc: Doc, start: int, end: int) -> Token | None:
    """The person named right after a comma between ``start`` and ``end`` (titles allowed): the apposition
    "the candidate he endorsed, Sean Parnell," or "Trump's pick, Rep. Ted Budd," when the parse lost it."""
    for index in range(start + 1, min(end, len(doc) - 1)):
        if doc[index].text != ",":
            continue
        first = index + 1
        while first < len(doc) and doc[first].lower_.strip(".") in lexicon.HONORIFICS:
            first += 1
        ent = next((e for e in doc.ents if e.start == first and e.label_ == "PERSON"), None)
        if ent is not None:
            return ent.root
    return None


def as_nominee(verb: Token) -> Token | None:
    """The "as" of "chose X as the party's candidate", if the verb has one."""
    return next(
        (
            p
            for p in verb.children
            if p.dep_ == "prep" and p.lower_ == "as" and any(g.lower_ in lexicon.NOMINEE_NOUNS for g in pobjs(p))
        ),
        None,
    )


def titles_a_person(head: Token) -> bool:
    """A place that only begins a person's title ("Suffolk County Sheriff Tom Okafor")."""
    doc = head.doc
    if head.ent_type_ not in ("GPE", "LOC") or head.i + 1 >= len(doc) or doc[head.i + 1].ent_iob_ == "I":
        return False
    index = head.i + 1
    while index < len(doc) and doc[index].pos_ == "PROPN" and doc[index].ent_type_ != "PERSON":
        index += 1
    return index > head.i + 1 and index < len(doc) and doc[index].ent_type_ == "PERSON"


def names_after_colon(head: Token) -> list[Token]:
    """The person named right after a colon that ends a noun's phrase ("two former leaders: Ian Blackford and
    Angus Robertson"); the rest of the list follows from it."""
    doc = head.doc
    colon = next((i for i in (head.i + 1, head.right_edge.i + 1) if i + 1 < len(doc) and doc[i].text == ":"), None)
    return [e.root for e in doc.ents if e.start == colon + 1 and e.label_ == "PERSON"] if colon else []


def bracketed(token: Token) -> bool:
    """Whether a token's phrase opens with a bracket: "Jo (Tom Brake and Ann Lee)"."""
    first = token.left_edge.i
    return token.doc[first].text == "(" or first > 0 and token.doc[first - 1].text == "("


def person_words(ent: Span) -> list[str]:
    """The words of a person's name in a list, whatever label the recogniser gave it ("Julia Salazar" as a place)."""
    words = [w for w in ent.text.split() if w.lower().strip(".") not in lexicon.HONORIFICS]
    plain = 2 <= len(words) <= 3 and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)
    common = {w.lower() for w in words} & (lexicon.GROUP_WORDS | lexicon.BRANCH_WORDS | lexicon.MEMBER_NOUNS)
    return words if ent.label_ in ("PERSON", "ORG", "GPE", "NORP") and plain and not common else []


def person_after(noun: Token) -> Token:
    """The name a role noun is the title of when the parse left it outside the noun phrase ("secretary Sir
    Keir Starmer"): the last word of the person entity right after it, else the noun itself."""
    doc = noun.doc
    index = noun.i + 1
    while index < len(doc) and doc[index].lower_ in ("the", "a"):
        index += 1
    while index < len(doc) and doc[index].lower_.strip(".") in lexicon.HONORIFICS:
        index += 1
    if index < len(doc) and doc[index].ent_type_ == "PERSON" and doc[index].ent_iob_ == "B":
        end = index
        while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
            end += 1
        while end > index and not doc[end].is_alpha:
            end -= 1
        return doc[end]
    return noun


def is_negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det") for c in token.children)


def shares_aux(verb: Token) -> bool:
    """ "could back X and support Y": a conjoined verb without its own auxiliary shares its head's modality."""
    return not any(c.dep_ in ("aux", "nsubj") for c in verb.children)


def pobjs(preposition: Token) -> list[Token]:
    """The objects of a preposition; "on behalf of X" and "in support of X" are X."""
    objects = [c for c in preposition.children if c.dep_ in ("pobj", "pcomp")]
    inner = [
        g
        for o in objects
        if o.lower_ in ("behalf", "support", "favour", "favor")
        for p in o.children
        if p.dep_ == "prep" and p.lower_ == "of"
        for g in p.children
        if g.dep_ == "pobj"
    ]
    if not inner and not any(o.pos_ == "PROPN" for o in objects):  # a parse that lost the name: "to Jeremy Corbyn -"
        named = person_after(preposition)
        modifier = named.dep_ == "compound" and named.head.pos_ == "NOUN"  # "the Herald editorial board"
        if named.i != preposition.i and not modifier:
            return [named]
    return inner or objects


def thing_before(relative: Token) -> Token | None:
    """The noun right before a relative "which" (past a comma or dash): "an officer at Usdaw – which ..."."""
    index = relative.i - 1
    while index >= 0 and relative.doc[index].is_punct:
        index -= 1
    before = relative.doc[index] if index >= 0 else None
    return before if before is not None and before.pos_ in ("PROPN", "NOUN") and before.ent_type_ != "PERSON" else None


def person_before(token: Token) -> Token | None:
    """The last person named before a token's phrase in its sentence, if any."""
    people = [e for e in token.sent.ents if e.label_ == "PERSON" and e.end <= token.left_edge.i]
    return people[-1].root if people else None


def antecedent(noun: Token) -> Token:
    """What a relative clause or participle is about: the name a role noun stands beside, or the subject of
    "X has become the latest candidate to back Y"."""
    if noun.dep_ == "appos":
        return noun.head
    described = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ in ("for", "of") else None
    if described is not None and described.dep_ == "appos" and noun.ent_type_ != "PERSON":
        return described.head  # "Mark Pritchard, MP for the Wrekin, who ...": Pritchard, not the Wrekin
    if noun.dep_ == "pobj" and noun.head.lower_ in ("among", "of"):  # "X is among those backing Y"
        above = noun.head.head
        copula = above if above.lemma_ in COPULAS else above.head if above.dep_ == "attr" else None
        subjects = subjects_of(copula) if copula is not None else []
        if copula is not None and copula.lemma_ in COPULAS and subjects:
            return subjects[0]
    if noun.dep_ == "attr" and noun.head.lemma_ in COPULAS:
        subjects = subjects_of(noun.head)
        if subjects:
            return subjects[0]
    if noun.dep_ == "nsubj" and noun.head.lemma_ in COPULAS:  # "the latest MP to back Y is X": X
        named = [c for c in noun.head.children if c.dep_ == "attr" and c.pos_ == "PROPN"]
        if named:
            return named[0]
    return noun


def is_group_noun(noun: Token) -> bool:
    """A noun whose named members are organisations ("two unions, Unison and Unite"), not people ("two MPs")."""
    word = noun.lower_
    organisations = lexicon.GROUP_WORDS | lexicon.BRANCH_WORDS | lexicon.MEMBER_NOUNS
    return word in organisations and word not in lexicon.PEOPLE_NOUNS


def expanded(heads: list[Token], discourse: Discourse) -> list[Token]:
    """Each head with the members of its list: "A, B and C" (conj), "Livingstone, Smith and Cashman" (appos);
    not the halves of one name with "and" ("Holborn and St Pancras")."""
    out: list[Token] = []
    stack = list(heads)
    while stack:
        head = stack.pop(0)
        if head in out:
            continue
        out.append(head)
        included = [  # "some of Camden's big beasts, including Keir Starmer", "colleagues from X, such as Y"
            g
            for t in (
                head,
                *(g for p in head.children if p.dep_ == "prep" and p.lower_ in ("of", "from") for g in pobjs(p)),
            )
            for p in t.children
            if p.dep_ == "prep" and (p.lower_ in ("including", "like") or p.lower_ == "as" and _after_such(p))
            for g in pobjs(p)
        ]
        stack.extend(included)
        place = discourse.place_at(head)
        for child in head.children:
            if place is not None and place[1] <= child.idx < place[2]:
                continue
            if bracketed(child):
                continue
            described = child.dep_ == "appos" and (  # "Trevelyan, the Secretary", "Velázquez, a power broker"
                child.lower_ in lexicon.ROLE_NOUNS or child.pos_ == "NOUN" and head.pos_ == "PROPN"
            )
            if described:  # its list goes on: "Corrigan, the Foreign Secretary, and Anne-Marie Pollard"
                others = [c for c in child.children if c.dep_ == "conj"]  # not "a union and an affiliate of"
                stack.extend(c for c in others if not any(d.lower_ in ("a", "an") for d in c.children))
            elif _listed_with(head, child):
                stack.append(child)
    return out


CONTRASTS = frozenset({"over", "against", "versus", "vs", "vs.", "than", "instead", "not"})
"""Words between two names that set them against each other: "backing Lamont over Mayor Joe Ganim" is no list."""


def _listed_with(head: Token, child: Token) -> bool:
    """Whether a conjunct or a name in apposition goes on the head's list, not against it."""
    listing = child.dep_ == "conj" or (child.dep_ == "appos" and child.pos_ == "PROPN" and head.pos_ == "PROPN")
    between = head.doc[head.i + 1 : child.i]
    contrasted = any(t.lower_ in CONTRASTS or t.text == ":" for t in between)  # "over Ganim", "by four MPs: A, B"
    return listing and not contrasted and not _party_and_place(child)


def _party_and_place(token: Token) -> bool:
    """A member's party and home after the name ("Rep. Andy Davis, R-Little Rock"): no one else on the list."""
    first = token.left_edge
    return first.text in ("R", "D", "I") and first.i + 1 < len(token.doc) and token.doc[first.i + 1].text == "-"


def _after_such(preposition: Token) -> bool:
    return any(c.lower_ == "such" for c in preposition.children)
