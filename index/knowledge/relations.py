"""Relations from the parse: who backs whom in one sentence, read from its dependency tree.

Each backing word of the lexicon (index.lexicon) is read with its arguments:

- a verb ("Unison endorsed Starmer", "Starmer was backed by Unison", "voted for Khan"): subject and object, the
  agent of a passive, the antecedent of a relative clause ("McCluskey, who backs Long-Bailey"), the subject a
  participle or infinitive shares ("the latest candidate to back Johnson");
- a noun ("won the support of 285 CLPs", "announced its support for Corbyn", "rescinded his endorsement of
  Brooks", "threw her weight behind Johnson"): the verb that governs it says who backs and who is backed;
- a supporter noun ("Among his supporters are Flynn and Black", "Full list of supporters: A, B" under a
  candidate's heading);
- a document ("a letter from 200 figures endorsing Davey"; "Signed by A and B, the letter ..." later).

Lists are expanded (every member of "A, B and C" backs), pronouns and "the union" resolved (index.knowledge
.mentions). A claim under negation or a hedge ("not ready to support", "could back", "expected to follow") is
no support: it is an ``undeclared`` claim where the words say the backer has not chosen, and nothing otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from index import lexicon
from index.knowledge.discourse import BRANCH, GROUP, PERSON, PLACE_LABELS, Discourse, Mention
from index.knowledge.hedges import blocking
from index.knowledge.mentions import mention_of
from index.knowledge.shapes import (
    COPULAS,
    FINITE,
    SUBJECTS,
    after_semicolons,
    antecedent,
    as_did,
    as_nominee,
    authors_of,
    bracketed,
    definite,
    expanded,
    gapped_objects,
    is_generic,
    is_group_noun,
    is_negated,
    name_after_comma,
    names_after_colon,
    past_first_person,
    person_after,
    person_before,
    person_words,
    pobjs,
    signed_document,
    subjects_of,
    thing_before,
    titles_a_person,
    urging_verb,
)
from index.knowledge.timing import governing_verb
from index.models import Stance

SHARED_SUBJECT = frozenset({"xcomp", "conj", "advcl", "pcomp"})
DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)?\s*(?:--|—|–|-)\s")
RIVAL_TALLY = re.compile(
    r"^[^;:]{0,40}?,?\s+(?:to|against|versus|compared with)\s+(?P<name>[A-Z][\w’'-]+)[’']s\s+(?P<count>\d[\d,]*)\b"
)
VAGUE_WORDS = frozenset({"other", "another", "some", "many", "several", "various", "few", "certain"})
"""Before a group noun: no one in particular ("other Republicans rallying around Trump")."""
HABITUAL_WORDS = frozenset({"normally", "usually", "generally", "typically", "traditionally", "often", "ever"})
"""What a backer does as a rule, not what it has done in this race."""
DECLARING_VERBS = frozenset({"declare", "decide", "say", "reveal", "announce", "confirm", "commit"})


@dataclass(frozen=True)
class Claim:
    """One statement of backing in a sentence, before it is dated and becomes a record."""

    backer: Mention
    backed: Mention | None
    stance: Stance
    withdrawn: bool  # backing taken back or lost: support in the past
    anchor: Token  # the backing word
    through: int = -1  # where the quote ends when it runs past the sentence (a list after a colon)
    years: tuple[int, ...] = ()  # years stated for this claim alone ("... and Corbyn in 2015"), else its clause's


class SentenceReader:
    """Reads the claims of one parsed sentence, with the article's discourse and the current speaker."""

    def __init__(
        self,
        sentence: Span,
        discourse: Discourse,
        speaker: str = "",
        listed: bool = False,
        topic: Mention | None = None,
    ) -> None:
        self.sentence = sentence
        self.discourse = discourse
        self.speaker = speaker
        self.listed = listed  # an item of a list introduced by "... have been endorsed by:"
        self.topic = topic  # whom the article (or the part under a heading) is about: "rescinding their
        # endorsements", "Full list of supporters: A, B" back or backed this person
        self.document: Token | None = None  # the letter whose authors back, while a verb is read
        dateline = DATELINE.match(sentence.text)
        self.dateline_end = sentence.start_char + dateline.end() if dateline else -1

    def claims(self) -> list[Claim]:
        found: list[Claim] = self._list_item() if self.listed else []
        for token in self.sentence:
            lemma = token.lemma_.lower()
            hyphenated = token.i > 1 and token.doc[token.i - 1].text == "-" and token.dep_ in ("compound", "amod")
            if hyphenated and lemma in lexicon.BACKING_VERBS:
                found += self._hyphenated(token)
            elif token.dep_ == "amod" and lemma in lexicon.BACKING_VERBS and token.i > 0:
                found += self._adjectival(token)
            elif token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
                if lemma in lexicon.BACKING_VERBS:  # or "has yet to endorse", "declined to endorse in the primary"
                    found += self._verb(token, Stance.SUPPORTS) or self._undeclared_verb(token)
                elif lemma in lexicon.OPPOSING_VERBS:
                    found += self._verb(token, Stance.OPPOSES)
                elif lemma in lexicon.BACKING_VERB_PREPOSITIONS:
                    backing = self._verb(token, Stance.SUPPORTS, via=lexicon.BACKING_VERB_PREPOSITIONS[lemma])
                    against = lexicon.OPPOSING_VERB_PREPOSITIONS.get(lemma)
                    backing = backing or (self._verb(token, Stance.OPPOSES, via=against) if against else [])
                    found += backing or (self._undeclared_verb(token) if lemma in DECLARING_VERBS else [])
                elif lemma in DECLARING_VERBS:
                    found += self._undeclared_verb(token)
                elif lemma in lexicon.SIGNING_VERBS:
                    found += self._signed(token)
                elif lemma in lexicon.SELECTING_VERBS and as_nominee(token) is not None:
                    found += self._verb(token, Stance.SUPPORTS)
                elif lemma == "call":
                    found += self._calling_to_quit(token)
                elif lemma in ("stay", "keep") and _out_of_the_race(token):
                    people = [b for b in self._mentions(self._subject_heads(token)) if b.kind == PERSON]
                    found += [Claim(b, None, Stance.UNDECLARED, False, token) for b in people]
            elif token.pos_ in ("NOUN", "PROPN") and lemma in lexicon.BACKING_NOUNS | {"weight", "case"}:
                found += self._noun(token)
            elif token.pos_ == "NOUN" and lemma == "confidence":
                found += self._no_confidence(token)
            elif token.pos_ == "NOUN" and lemma in lexicon.DOUBT_NOUNS:
                found += self._doubts(token)
            elif token.pos_ == "NOUN" and lemma in lexicon.SUPPORTER_NOUNS:
                found += self._supporters(token)
            elif token.pos_ == "ADJ" and lemma in lexicon.UNDECLARED_ADJECTIVES:
                found += self._undecided(token)
        return _unique(found)

    def members_of(self, previous: list[Claim]) -> list[Claim]:
        """ "The group included: A, B and C": the people named are the group that backed someone in the
        sentence before, and back as it did."""
        including = next(
            (t for t in self.sentence if t.lemma_ in ("include", "comprise") and t.pos_ in ("VERB", "AUX")), None
        )
        groups = [c for c in previous if c.backer.kind == GROUP and c.backed is not None]
        if including is None or not groups:
            return []
        subject = next((c for c in including.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lemma_ not in lexicon.GROUP_WORDS | {"list", "signatory", "they"}:
            return []
        members, through = self._people_listed_after(including)
        return [replace(c, backer=m, anchor=including, through=through) for c in groups for m in members]

    def _people_listed_after(self, word: Token) -> tuple[list[Mention], int]:
        """The people named after a word, to the end of its sentence and of the verbless lines that follow it
        (a long list split by the parser), with where that list ends."""
        doc, end = self.sentence.doc, self.sentence.end
        while end < len(doc) and not any(t.tag_ in FINITE for t in doc[end].sent):  # the list may run on
            end = doc[end].sent.end
        listed = [e for e in doc.ents if word.i < e.start and e.end <= end]
        names = [person_words(e) for e in listed]
        people = [Mention(self.discourse.person(n) or " ".join(n), PERSON, word.i) for n in names if n]
        through = max((e.sent.end for e, n in zip(listed, names, strict=True) if n), default=-1)
        return list({m.name: m for m in people}.values()), through

    def _list_item(self) -> list[Claim]:
        """ "• Long-Bailey by Unite; the Bakers' Union and the Fire Brigades Union" under "endorsed by:"."""
        by = next((t for t in self.sentence if t.lower_ == "by"), None)
        if by is None:
            return []
        names = [e.root for e in self.sentence.ents if e.label_ == "PERSON" and e.end <= by.i]
        before = self.sentence.doc[by.i - 1] if by.i > 0 else by
        candidate = next(
            (t for t in (by.head, before) if t.text[:1].isupper() and t.is_alpha and t.i < by.i),
            names[-1] if names else None,
        )
        if candidate is None:
            return []
        backed = self._people([candidate])
        heads = pobjs(by) + [
            e.root for e in self.sentence.ents if e.start > by.i and e.label_ in ("ORG", "GPE", "NORP", "PERSON")
        ]
        heads = [h for h in dict.fromkeys(heads) if not any(c.dep_ == "case" for c in h.children)]
        members = {m.name: m for m in map(self._member_organisation, heads)}
        backers = [m for m in members.values() if not any(m.name in other and m.name != other for other in members)]
        return _pairs(backers, backed, Stance.SUPPORTS, by)

    # ---- verbs ------------------------------------------------------------------------------------------
    def _verb(self, verb: Token, stance: Stance, via: frozenset[str] = frozenset()) -> list[Claim]:
        self.document = None
        if via:
            objects = [g for p in verb.children if p.dep_ in ("prep", "prt") and p.lower_ in via for g in pobjs(p)]
            objects += [
                g
                for prt in verb.children
                if prt.dep_ == "prt"
                for p in prt.children
                if p.dep_ == "prep" and p.lower_ in via
                for g in pobjs(p)
            ]
            if verb.lemma_ in ("come", "get", "fall", "stand") and not objects:
                return []
        else:
            objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
            own_subject = any(c.dep_ == "nsubj" and c.tag_ not in ("WP", "WDT") for c in verb.children)
            if not objects and verb.dep_ == "relcl" and own_subject:  # "the candidate he endorsed, Sean Parnell"
                objects = [name_after_comma(verb.doc, verb.i, governing_verb(verb.head).i) or verb.head]
            nominee = as_nominee(verb) if verb.lemma_ in lexicon.SELECTING_VERBS else None
            if not objects and nominee is not None:  # "chose Tooting MP Sadiq Khan as", however parsed
                ents = self.sentence.ents
                objects = [e.root for e in ents if e.label_ == "PERSON" and verb.i < e.start and e.end <= nominee.i]
        agent = any(c.dep_ == "agent" for c in verb.children)  # only a passive participle has one
        passive = agent or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        late: list[Token] = []  # subjects parsed after the object: "backing Okafor ... and Sarah Mitchell"
        if passive:
            backed_heads = [c for c in verb.children if c.dep_ == "nsubjpass" or agent and c.dep_ == "nsubj"]
            if not backed_heads and verb.dep_ in ("acl", "relcl"):
                backed_heads = [antecedent(verb.head)]  # "Vance is among the candidates backed by the GMB"
            backer_heads = [g for a in verb.children if a.dep_ == "agent" for g in pobjs(a)]
            backer_heads += after_semicolons(backer_heads[-1]) if backer_heads else []
            backer_heads += [  # "endorsed by Rep. Tom Okafor, and actors Jane Lyle and ...", the list parsed apart
                c
                for c in verb.children
                if c.dep_ == "conj" and c.pos_ == "PROPN" and backer_heads and c.i > backer_heads[-1].i
            ]
        else:
            backed_heads = objects
            backer_heads = self._subject_heads(verb)
            subjects = self._mentions(backer_heads)
            if objects:
                late = [t for m in subjects if m.token > objects[0].i for t in [self.sentence.doc[m.token]]]
            backer_heads += as_did(urging_verb(verb) or verb)
            copula = next((c for c in verb.children if c.dep_ == "aux" and c.lemma_ == "be" and c.i > verb.i), None)
            if not backer_heads and verb.tag_ == "VBG" and copula is not None:  # "Also backing Smith is Hayward"
                backed_heads = [o for o in objects if o.i < copula.i]
                backer_heads = [o for o in verb.children if o.i > copula.i and o.dep_ in ("dobj", "attr", "nsubj")]
        backers = [m for m in self._mentions(backer_heads) if all(m.token != t.i for t in late)]
        backed = self._people(backed_heads, owner=True)
        backed = [m for m in backed if all(m.name != b.name for b in backers)]  # a list the parse gave both sides
        rivals = {m.name for m in self._mentions([o for h in backed_heads for o in _rival_owners(h)])}
        backers = [b for b in backers if b.name not in rivals]  # nobody backs "her rival"
        named = [c for o in backed_heads for c in o.children if c.dep_ in ("conj", "appos") and bracketed(c)]
        counted = backers and all(b.counted for b in backers) or any(h.pos_ == "NUM" for h in backer_heads)
        if named and counted:  # "two MPs will nominate Jo (Tom Brake and Ann Lee)": the named are the two
            backers = self._people(named)
        either = any(c.lower_ in ("either", "any") for o in backed_heads for c in o.children)
        if backers and either and is_negated(verb):  # "has not endorsed either candidate"
            return [Claim(b, None, Stance.UNDECLARED, False, verb) for b in backers]
        if not backers or not backed or past_first_person(verb, backer_heads):
            return []
        blocked = blocking(verb)
        if blocked == "undeclared":
            return [Claim(b, None, Stance.UNDECLARED, False, verb) for b in backers if b.kind == PERSON]
        if blocked and blocked != "regretted":
            return []
        regretted = blocked == "regretted"
        if self.document is not None and len(backed) == 1 and stance == Stance.SUPPORTS and not regretted:
            self.discourse.documents[self.document.lemma_] = (backed[0], verb)  # for "Signed by A, the letter..."
        claims = _pairs(backers, backed, stance, verb, withdrawn=regretted)
        for head, years in gapped_objects(verb):
            others = self._people([head], owner=True)
            claims += _pairs(backers, others, stance, verb, withdrawn=regretted, years=years)
        return claims

    def _signed(self, verb: Token) -> list[Claim]:
        """ "Signed by A, B and C, the letter states...", "50 MPs have now signed the letter": the signers of a
        document the article has said backs someone back that person too."""
        document = signed_document(verb)
        known = self.discourse.documents.get(document.lemma_) if document is not None else None
        if document is None or known is None or blocking(verb):
            return []
        backed, backing = known  # signers back as the document does, and when it does
        agents = [g for a in verb.children if a.dep_ == "agent" for g in pobjs(a)]
        if agents or verb.tag_ == "VBN":  # every person named in the signing clause, whatever the parse of the list
            end = document.left_edge.i if document.i > verb.i else verb.right_edge.i + 1  # "Signed by A, the letter"
            inside = [e.root for e in self.sentence.ents if e.label_ == "PERSON" and verb.left_edge.i <= e.start]
            signers = self._mentions(agents + [h for h in inside if h.i < end and h not in document.subtree])
        else:
            signers = self._mentions(self._subject_heads(verb))
        return [Claim(s, backed, Stance.SUPPORTS, False, backing) for s in signers if s.name != backed.name]

    def _undeclared_verb(self, verb: Token) -> list[Claim]:
        """ "has yet to declare", "has not decided who to back", "declined to endorse"."""
        negated = is_negated(verb) or any(c.lower_ == "yet" for c in verb.head.children if verb.dep_ == "xcomp")
        governor = verb.head if verb.dep_ == "xcomp" else verb.head.head if verb.dep_ in ("pcomp", "pobj") else None
        refused = governor is not None and governor.lemma_ in ("refuse", "decline", "abstain")  # "abstain from"
        which = any(t.lower_ in ("who", "whom", "which", "whether") for t in verb.subtree if t.i > verb.i)
        if not (negated or refused) or verb.lemma_ == "say" and not (which or refused):
            return []
        if any(c.dep_ in ("dobj", "ccomp") and c.pos_ == "PROPN" for c in verb.children):
            return []
        if any(c.lower_ in HABITUAL_WORDS for c in verb.children):  # "does not normally endorse candidates"
            return []
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):  # "it has not been announced": a thing
            return []
        if any(c.dep_ == "dobj" and c.lemma_ in lexicon.CANDIDACY_NOUNS for c in verb.children):
            return []  # "has yet to confirm his bid": about standing, not about backing
        backers = [b for b in self._mentions(self._subject_heads(verb)) if not _a_place(b, verb.doc)]
        return [Claim(b, None, Stance.UNDECLARED, False, verb) for b in backers if not b.counted]

    def _no_confidence(self, noun: Token) -> list[Claim]:
        """ "passed a motion of no confidence in Mr Corbyn", "had lost confidence in him": opposition."""
        targets = [g for p in noun.children if p.dep_ == "prep" and p.lower_ in ("in", "against") for g in pobjs(p)]
        verb = governing_verb(noun)
        chain = [noun, *[a for a in noun.ancestors if a.i != verb.i and verb in a.ancestors]]
        said_no = any(c.lower_ == "no" and c.dep_ == "det" for t in chain for c in t.children)
        if not targets or not (said_no or verb.lemma_ in lexicon.LOSING_VERBS):
            return []
        backers = self._mentions(self._subject_heads(verb))
        opposed = self._people(targets, owner=True)
        if blocking(verb):
            return []
        return _pairs(backers, opposed, Stance.OPPOSES, verb)

    def _doubts(self, noun: Token) -> list[Claim]:
        """ "expressing concerns about the fitness for leadership of Mr Corbyn", "doubts over her ability to lead":
        opposition to the one whose fitness is doubted."""
        about = [g for p in noun.children if p.dep_ == "prep" and p.lower_ in ("about", "over") for g in pobjs(p)]
        fitness = [g for g in about if g.lemma_ in lexicon.CANDIDACY_NOUNS]
        owners = [
            c for f in fitness for c in f.subtree if c.dep_ == "poss" or c.dep_ == "pobj" and c.head.lower_ == "of"
        ]
        targets = self._people(owners)
        verb = governing_verb(noun)
        if not targets or blocking(verb):
            return []
        backers = self._mentions(self._subject_heads(verb))
        return _pairs(backers, targets, Stance.OPPOSES, noun)

    def _hyphenated(self, word: Token) -> list[Claim]:
        """ "Momentum and other Corbyn-backing groups", "the Corbyn-backing Momentum": the groups named back him."""
        backed = self._people([word.doc[word.i - 2]])
        noun = word.head
        named = [noun] if noun.pos_ == "PROPN" else []
        if noun.dep_ == "conj" and any(c.lower_ == "other" for c in noun.children):
            named.append(noun.head)  # "A and other X-backing groups": A is one of them
        backers = [m for m in self._mentions(named) if m.kind != PERSON]
        return _pairs(backers, backed, Stance.SUPPORTS, word)

    def _adjectival(self, word: Token) -> list[Claim]:
        """ "Trump endorsed businessman Bernie Moreno" parsed as one noun phrase: the name before the participle
        backs the person its noun phrase names."""
        named = word.doc[word.i - 1]
        if named.pos_ != "PROPN" or named.dep_ not in ("nmod", "compound", "npadvmod"):
            return []
        target = word.head
        while target.dep_ == "compound" and target.head.i != target.i:
            target = target.head
        backers = self._mentions([named])
        backed = self._people([target])
        if blocking(word):
            return []
        return _pairs(backers, backed, Stance.SUPPORTS, word)

    def _calling_to_quit(self, verb: Token) -> list[Claim]:
        """ "calling on him to quit": opposition to the one called on."""
        quits = [c for c in verb.subtree if c.dep_ == "xcomp" and c.lemma_ in lexicon.QUITTING_VERBS]
        called = [g for p in verb.children if p.dep_ == "prep" and p.lower_ in ("on", "for") for g in pobjs(p)]
        if not quits or not called:
            return []
        backers = self._mentions(self._subject_heads(verb))
        targets = self._people(called)
        if blocking(verb):
            return []
        return _pairs(backers, targets, Stance.OPPOSES, verb)

    def _undecided(self, adjective: Token) -> list[Claim]:
        """ "Ms Siddiq remains undecided", "MPs will stay neutral"."""
        one_of = adjective.head.head if adjective.dep_ == "amod" and adjective.head.dep_ == "pobj" else None
        if one_of is not None and one_of.lower_ == "of" and one_of.head.lower_ == "one" and one_of.head.dep_ == "attr":
            copula = one_of.head.head  # "X is one of the still undeclared members"
            return [Claim(b, None, Stance.UNDECLARED, False, adjective) for b in self._mentions(subjects_of(copula))]
        listed = names_after_colon(adjective.head) if adjective.dep_ == "amod" else []
        if listed:  # "three uncommitted superdelegates: A, B and C"
            return [Claim(b, None, Stance.UNDECLARED, False, adjective) for b in self._people(listed)]
        if adjective.dep_ not in ("acomp", "attr", "oprd") or is_negated(adjective.head):
            return []
        backers = self._mentions(subjects_of(adjective.head))
        return [Claim(b, None, Stance.UNDECLARED, False, adjective) for b in backers]

    # ---- nouns ------------------------------------------------------------------------------------------
    def _noun(self, noun: Token) -> list[Claim]:
        extra: list[Claim] = []
        owner = [c for c in noun.children if c.dep_ == "poss"]
        preps = {p.lower_: pobjs(p) for p in noun.children if p.dep_ == "prep"}
        verb = noun.head if noun.dep_ in ("dobj", "attr", "obj") else None
        if verb is not None and verb.dep_ == "prt":
            verb = verb.head
        lemma = verb.lemma_.lower() if verb is not None else ""
        if noun.lemma_ == "weight" and lemma != "throw" or noun.lemma_ == "case" and lemma != "make":
            return []
        backer_heads = [g for p in ("of", "from", "among") for g in preps.get(p, []) if not _from_a_place(g)]
        backer_heads += after_semicolons(backer_heads[-1]) if backer_heads else []
        if verb is not None:
            backer_heads += [
                g
                for p in verb.children
                if p.dep_ == "prep" and p.lower_ == "from"
                for g in pobjs(p)
                if not _from_a_place(g)
            ]
        backed_heads = [g for p in ("for", "to", "behind") for g in preps.get(p, [])]
        if verb is not None:
            backed_heads += [
                g
                for p in verb.children
                if p.dep_ in ("prep", "dative") and p.lower_ in ("behind", "to", "for")
                for g in pobjs(p)
            ]
        withdrawn = False
        if verb is not None and past_first_person(verb, self._subject_heads(verb)):
            return []
        announced_from = lemma in lexicon.GIVING_VERBS and preps.get("from") and not backed_heads
        if verb is not None and (lemma in lexicon.RECEIVING_VERBS or lemma in lexicon.LOSING_VERBS or announced_from):
            # "Corbyn won the support of 285 CLPs", "Cisneros announced support from the Texas AFL-CIO"
            backed = self._people(self._subject_heads(verb), owner=True)
            backers = self._mentions(backer_heads) or self._mentions(owner)
            withdrawn = lemma in lexicon.LOSING_VERBS
            rival = self._rival_tally(backers)
            if rival is not None and not blocking(verb):
                extra.append(rival)
        elif verb is not None and (lemma in lexicon.GIVING_VERBS or lemma in lexicon.WITHDRAWING_VERBS):
            withdrawn = lemma in lexicon.WITHDRAWING_VERBS
            backed_heads += [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]  # "giving him its"
            if withdrawn or noun.lemma_ in ("endorsement", "nomination"):  # "announced his endorsement of X"
                backed_heads += preps.get("of", [])
            backers = self._mentions(self._subject_heads(verb) + as_did(verb)) or self._mentions(owner)
            backed = self._people(backed_heads, owner=True)
            if withdrawn and not backed and self.topic is not None:  # "rescinding their endorsements"
                backed = [self.topic]
            favoured = self._people(_in_favour_of(verb) + _in_favour_of(noun)) if withdrawn else []
            extra += _pairs(backers, favoured, Stance.SUPPORTS, noun)
            if not withdrawn and not backed and (is_negated(verb) or blocking(verb) == "undeclared"):
                people = [b for b in backers if b.kind == PERSON]  # "has not (yet) made an endorsement"
                return [Claim(b, None, Stance.UNDECLARED, False, verb) for b in people]
        elif (
            owner
            and noun.lemma_ in ("pick", "choice", "endorsement", "nomination")
            and noun.dep_ in ("nsubj", "appos", "attr", "pobj")
        ):
            # "Trump's Senate pick, Rep. Ted Budd", "Mordaunt is her choice": the owner backs the one it stands for
            backers = self._mentions(owner)
            named = [c for c in noun.children if c.dep_ == "appos"]
            apposed = name_after_comma(noun.doc, noun.i, noun.i + 2) if not named else None
            named += [apposed] if apposed is not None else []  # the apposition the parse missed
            if noun.dep_ == "appos":
                named.append(noun.head)
            if noun.dep_ == "attr":
                named += subjects_of(noun.head)
            backed = self._people(named or backed_heads or preps.get("of", []), owner=not named)
        elif owner and backed_heads or owner and noun.lemma_ == "endorsement" and preps.get("of"):
            # "Mr Starmer's support for Smith", "his endorsement of Brooks"
            backers = self._mentions(owner)
            backed = self._people(backed_heads or preps["of"], owner=True)
        elif backer_heads and not backed_heads and (carrier := _carried_by(noun)) is not None:
            # "X entered the runoff with endorsements from A and B", "endorsements from A helped propel his campaign"
            backers = self._mentions(backer_heads)
            backed = self._people([carrier], owner=True)
        else:
            return []
        if not backers or not backed:
            return []
        anchor = verb if verb is not None else noun
        blocked = blocking(anchor)
        if blocked == "undeclared" and not withdrawn:
            return [Claim(b, None, Stance.UNDECLARED, False, anchor) for b in backers if b.kind == PERSON]
        if blocked:
            return []
        return extra + _pairs(backers, backed, Stance.SUPPORTS, noun, withdrawn=withdrawn)

    def _rival_tally(self, backers: list[Mention]) -> Claim | None:
        """ "the backing of 200 CLPs, to Smith's 41": the rival's count, in the same unit."""
        counted = next((b for b in backers if b.counted and b.name[:1].isdigit()), None)
        if counted is None:
            return None
        doc = self.sentence.doc
        after = doc.text[doc[counted.token].idx : self.sentence.end_char]
        match = RIVAL_TALLY.search(after)
        if not match:
            return None
        rival = next((t for t in self.sentence if t.idx == doc[counted.token].idx + match.start("name")), None)
        if rival is None:
            return None
        mention = mention_of(rival, self.discourse)
        if mention is None or mention.kind != PERSON:
            return None
        unit = counted.name.split(" ", 1)[1] if " " in counted.name else ""
        tally = Mention(f"{match.group('count')} {unit}".strip(), GROUP, rival.i, counted=True)
        return Claim(tally, mention, Stance.SUPPORTS, False, rival)

    def _supporters(self, noun: Token) -> list[Claim]:
        """ "Among his high-profile supporters are Flynn and Black", "X is a key backer of Y", "Corbyn supporter
        Tom Lee", "Jo Bird, a long-time Smith supporter"."""
        backed_by_word = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if backed_by_word and noun.dep_ in ("compound", "appos") and noun.head.pos_ == "PROPN":
            backed = self._people(backed_by_word)
            backers = self._people([noun.head])
            return _pairs(backers, backed, Stance.SUPPORTS, noun)
        owner = [c for c in noun.children if c.dep_ == "poss"]
        owner += [g for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for g in pobjs(p)]
        backed = self._people(owner, owner=True)
        another = not owner and any(c.lower_ == "another" for c in noun.children)
        if another and self.discourse.last_backed is not None:  # "Swinney is another key backer": of the one
            backed = [self.discourse.last_backed]  # the sentence before named as backed
        colon = noun.right_edge.i + 1
        if not owner and self.topic is not None and colon < len(noun.doc) and noun.doc[colon].text == ":":
            # "Full list of supporters: A, B, C" under the heading "Rishi Sunak – supporters: 36"
            listed, through = self._people_listed_after(noun.doc[colon])
            return [Claim(b, self.topic, Stance.SUPPORTS, False, noun, through=through) for b in listed]
        if not backed:
            return []
        verb = noun.head
        apposed = [c for c in noun.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        if apposed and noun.dep_ in ("nsubj", "nsubjpass"):  # "Another backer, MP Tulip Siddiq, added: ..."
            backers = self._people(apposed)
            return _pairs(backers, backed, Stance.SUPPORTS, noun)
        if noun.dep_ == "pobj" and verb.lower_ == "of" and verb.head.lower_ in ("one", "two", "three"):
            verb = verb.head.head  # "One of his supporters is Robert Jenrick"
            heads = [c for c in verb.children if c.dep_ == "attr"]
        elif noun.dep_ == "pobj" and verb.lower_ == "among":
            verb = verb.head
            heads = [c for c in verb.children if c.dep_ in ("nsubj", "attr")]
        elif noun.dep_ == "attr":
            heads = self._subject_heads(verb)
        elif noun.dep_ == "nsubj":
            heads = [c for c in verb.children if c.dep_ == "attr"]
        elif noun.dep_ == "appos":  # "Alan Brooks, a longtime supporter of Ruth Vance"
            heads = [noun.head]
        else:
            heads = [c for c in noun.children if c.dep_ == "appos"]
        if noun.dep_ in ("pobj", "attr", "nsubj") and verb.lemma_ not in COPULAS:
            return []
        backers = [m for m in self._mentions(heads) if m.kind == PERSON or m.kind == GROUP]
        if blocking(verb):
            return []
        return _pairs(backers, backed, Stance.SUPPORTS, noun)

    # ---- arguments --------------------------------------------------------------------------------------
    def _subject_heads(self, verb: Token) -> list[Token]:
        """The subject of a verb, or the one it shares with the verb or noun it depends on."""
        seen = 0
        while seen < 6:
            seen += 1
            subjects = subjects_of(verb)
            joined = len(subjects) > 1 and any(c.dep_ == "cc" for c in subjects[0].children)  # "A and B endorsed"
            subjects = subjects if joined else subjects[-1:]  # else the nearest, if parsed twice
            if subjects and subjects[0].lower_ == "they" and verb.dep_ == "ccomp":  # "A and B confirmed they will"
                listed = [
                    c for c in verb.head.children if c.dep_ in SUBJECTS and any(g.dep_ == "conj" for g in c.children)
                ]
                if listed:
                    return listed
            if subjects:
                relative = [s for s in subjects if s.tag_ in ("WP", "WDT") or s.lower_ in ("who", "which", "that")]
                before = verb.doc[relative[0].i - 1] if relative and relative[0].i > 0 else verb
                if relative and relative[0].lower_ == "who" and verb.head.pos_ == "NOUN" and before.pos_ == "PROPN":
                    return [before]  # "a boost for Sir Keir who has received ...": who is Sir Keir, not the boost
                place = verb.head.pos_ == "PROPN" and definite(verb.head)
                person = person_before(verb.head) if relative and relative[0].lower_ == "who" and place else None
                if person is not None:  # "Mark Pritchard, MP for the Wrekin, who had endorsed": Pritchard
                    return [person]
                if relative and verb.dep_ == "relcl" and is_generic(verb.head, relative[0]):
                    return []  # "Democrats who oppose Cuomo are ...": a description of some, not a statement
                thing = relative[0].lower_ == "which" if relative else False
                if thing and verb.head.ent_type_ == "PERSON":  # "Forrest, officer at Usdaw – which nominated"
                    return [t for t in [thing_before(relative[0])] if t is not None]
                if relative and verb.dep_ == "relcl":
                    return [antecedent(verb.head)]
                if subjects[0].lemma_ in lexicon.DOCUMENT_NOUNS:  # "a letter from 50 MPs endorsed X": the 50 MPs
                    self.document = subjects[0]
                    return authors_of(subjects[0])
                return subjects
            if verb.dep_ in ("relcl", "acl") and verb.head.lemma_ in lexicon.DOCUMENT_NOUNS:
                self.document = verb.head
                if authors_of(verb.head):  # "a letter from 200 figures endorsing X"
                    return authors_of(verb.head)
                verb = governing_verb(verb.head)  # "signed a letter endorsing X": those who signed it
                continue
            letters = [g for a in verb.head.children if a.dep_ == "agent" for g in pobjs(a)]
            if verb.dep_ == "advcl" and verb.tag_ == "VBG" and letters and letters[0].lemma_ in lexicon.DOCUMENT_NOUNS:
                self.document = letters[0]  # "boosted by a letter from 200 figures, endorsing him": the letter does
                return authors_of(letters[0])
            if verb.dep_ == "acl" and verb.tag_ == "VBG" and _a_thing(verb.head):
                verb = governing_verb(verb.head)  # "left the debate backing Rayner": those who left back her
                continue
            among = verb.head.head if verb.head.dep_ == "pobj" and verb.head.head.lower_ == "among" else None
            if verb.dep_ in ("relcl", "acl") and among is not None and among.head.i != among.i:
                verb = among.head  # "A and B are among those backing X": A and B are
                continue
            if verb.dep_ in ("relcl", "acl"):
                return [antecedent(verb.head)]
            compound = [c for c in verb.children if c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN")]
            if compound and verb.tag_ == "VBG":  # "with the union backing Ed Miliband"
                return compound
            urger = urging_verb(verb)
            if urger is not None:  # "urged members to back Smith", "made his appeal to members to back": the urger
                verb = urger
                continue
            whether = any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in verb.children)
            if verb.dep_ == "ccomp" and whether:  # "considering whether to back": the one considering
                verb = verb.head
                continue
            if verb.dep_ == "acomp" or verb.dep_ == "advmod" and verb.pos_ == "ADV":
                verb = verb.head  # "he was not ready to support", "stopped short of endorsing": the copula's subject
                continue
            if verb.dep_ in SHARED_SUBJECT and verb.head.i != verb.i:
                controller = [c for c in verb.head.children if c.dep_ in ("dobj", "dative")]
                if verb.dep_ == "xcomp" and controller:  # "asked members to back": the members would
                    return controller
                preposition = verb.dep_ == "pcomp" and verb.head.pos_ == "ADP"  # "joined Barker in endorsing"
                if preposition and verb.head.lower_ in ("with", "without"):
                    return []  # "with most endorsing her rival": their own subject, not the sentence's
                verb = verb.head.head if preposition else verb.head
                continue
            return []
        return []

    def _mentions(self, heads: list[Token], owner: bool = False) -> list[Mention]:
        """Every mention the argument heads name, lists expanded; a candidacy noun stands for its owner."""
        found: list[Mention] = []
        for head in expanded(heads, self.discourse):
            if head.idx < self.dateline_end:  # "CLEVELAND, Ohio -- One of the unions ...": the one after the dash
                after = [c for c in head.children if c.dep_ == "appos" and c.idx >= self.dateline_end]
                found += self._mentions(after)
                continue
            if head.pos_ == "VERB" and head.dep_ in SUBJECTS:  # a misparsed "His chancellor turned rival, Sunak,"
                found += self._mentions([t for t in head.subtree if t.dep_ == "appos" and t.pos_ == "PROPN"][:1])
                continue
            if owner and head.lemma_ in lexicon.CANDIDACY_NOUNS:
                head = next((c for c in head.children if c.dep_ in ("poss", "nsubj") and c.pos_ != "ADP"), head)
            listed = names_after_colon(head)
            if listed and head.pos_ in ("NOUN", "NUM"):  # "two former leaders: Ian Blackford and Angus Robertson"
                found += self._mentions(listed)
                continue
            inside = [c for c in head.children if c.dep_ in ("appos", "conj") and c.pos_ == "PROPN" and bracketed(c)]
            if inside and head.pos_ == "NOUN" and head.tag_ == "NNS":  # "four Ministers of State (A, B and C)"
                found += self._people(inside)
                continue
            named = [c for c in head.children if c.dep_ in ("appos", "conj") and c.pos_ == "PROPN" and not bracketed(c)]
            role = head.pos_ == "NOUN" or head.lower_ in lexicon.ROLE_NOUNS | lexicon.HONORIFICS
            if role and named:  # "his rival, Owen Smith", "two unions, Unison and Unite", "its MP, Lloyd Russell-Moyle"
                if is_group_noun(head):
                    found += [self._member_organisation(t) for t in expanded(named, self.discourse)]
                else:
                    found += self._mentions([c for c in named if c.dep_ == "appos"])
                continue
            if head.pos_ == "NOUN" and head.lemma_ in lexicon.ROLE_NOUNS:  # "endorsed shadow secretary Sir Keir"
                head = person_after(head)
            vague = any(c.dep_ in ("amod", "det") and c.lower_ in VAGUE_WORDS for c in head.children)
            if vague and not any(c.dep_ == "nummod" for c in head.children):  # "other Republicans": nobody named
                continue
            possessor = any(c.dep_ == "case" for c in head.children)
            if possessor and any(c.dep_ == "appos" for c in head.children):  # "Northampton's other MP, X": X
                continue
            if possessor and head.ent_type_ in ("GPE", "LOC"):  # "one of Cleveland's unions": not Cleveland
                continue
            if titles_a_person(head):  # "Senator Ann Lee and Suffolk County Sheriff Tom Okafor": no Suffolk County
                continue
            member = self._member_for(head)
            if member is not None:  # "Merthyr Tydfil and Rhymney MS Dawn Bowden": the member, not the seat
                head = member
            mention = mention_of(head, self.discourse, self.speaker)
            if mention is not None and mention.name:
                found.append(mention)
        if any(m.kind == PERSON for m in found):  # "Nadine Dorries, James Cleverly and ...": a list of people
            found = [replace(m, kind=PERSON) if _looks_like_a_person(m) else m for m in found]
        return list({m.name: m for m in found}.values())

    def _people(self, heads: list[Token], owner: bool = False) -> list[Mention]:
        """The people the heads name; a name of two or three plain words the recogniser called an organisation
        is a person here, where only a person can be meant (the one backed, a list of people)."""
        found = self._mentions(heads, owner)
        return [
            replace(m, kind=PERSON) if _looks_like_a_person(m) else m
            for m in found
            if m.kind == PERSON or _looks_like_a_person(m)
        ]

    def _member_for(self, head: Token) -> Token | None:
        """The last word of the name after "<place> MP|MS|MSP|AM|MLA", when the head is in that place's name."""
        place = self.discourse.place_at(head)
        doc = head.doc
        after = next((t for t in doc[head.i :] if t.idx >= place[2]), None) if place is not None else None
        if after is None or after.text not in ("MP", "MS", "MSP", "AM", "MLA", "MEP"):
            return None
        end = after.i + 1
        while end < len(doc) and end <= after.i + 3 and doc[end].pos_ == "PROPN":
            end += 1
        return doc[end - 1] if end - after.i > 2 else None  # two or three words of a name

    def _member_organisation(self, token: Token) -> Mention:
        """A member of a list of organisations ("two unions, Unison and Unite"): never a person or a place."""
        mention = mention_of(token, self.discourse, self.speaker)
        if mention is None or mention.kind == PERSON:
            return _organisation(token)
        return replace(mention, kind=GROUP) if token.ent_type_ in ("GPE", "LOC") else mention


def _out_of_the_race(verb: Token) -> bool:
    """ "is staying out of the contest", "will keep out of the race": not backing anyone."""
    outs = [c for c in verb.children if c.lower_ == "out" and c.dep_ in ("prt", "prep", "advmod")]
    races = {"race", "contest", "election", "fray", "ballot"}
    return any(
        g.lemma_ in races for o in outs for p in [o, *o.children] if p.lower_ == "of" or p is o for g in pobjs(p)
    )


def _rival_owners(head: Token) -> list[Token]:
    """Whose rival the backed is: "her" in "her rival Adam Price"."""
    rival = any(c.lemma_ in ("rival", "opponent", "challenger") for c in head.children) or head.lemma_ == "rival"
    return [c for c in head.children if c.dep_ == "poss"] if rival else []


_BEINGS = lexicon.GROUP_WORDS | lexicon.BRANCH_WORDS | lexicon.MEMBER_NOUNS | lexicon.ROLE_NOUNS | {"meeting"}


def _a_thing(noun: Token) -> bool:
    """An object that cannot back anyone ("the debate", "the hall"), so a participle on it is its verb's."""
    return (
        noun.pos_ == "NOUN"
        and noun.dep_ in ("dobj", "pobj")
        and noun.lower_ not in _BEINGS
        and noun.lemma_ not in lexicon.COUNTING_NOUNS  # "the numbers declaring for X" are people
    )


def _in_favour_of(word: Token) -> list[Token]:
    """ "withdrew their support for Brown in favour of Poilievre": Poilievre."""
    phrases = [p for p in word.children if p.dep_ == "prep" and p.lower_ == "in"]
    return [g for p in phrases if any(c.lower_ in ("favour", "favor") for c in p.children) for g in pobjs(p)]


def _carried_by(noun: Token) -> Token | None:
    """Whom backing named without its object is for: the subject of the verb it came "with" ("Vallas entered the
    runoff with endorsements from ..."), or the owner of the campaign it helped ("... helped propel his campaign")."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.head.head.pos_ in ("VERB", "AUX"):
        subjects = subjects_of(noun.head.head)
        return subjects[0] if subjects and subjects[0].pos_ in ("PROPN", "PRON") else None
    if noun.dep_ != "nsubj":
        return None
    owned = [t for t in noun.head.subtree if t.lemma_ in lexicon.CANDIDACY_NOUNS and t.dep_ in ("dobj", "pobj")]
    owners = [c for t in owned for c in t.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "PRON")]
    return owners[0] if owners else None


def _a_place(mention: Mention, doc: Doc) -> bool:
    """A place named for its people ("Scotland has yet to decide"), not a branch that can choose."""
    return mention.kind == BRANCH and doc[mention.token].ent_type_ in PLACE_LABELS


def _from_a_place(token: Token) -> bool:
    """ "from the Great State of Ohio": where someone is from backs nobody."""
    return token.ent_type_ in ("GPE", "LOC") or token.head.lower_ == "from" and token.lower_ == "state"


def _looks_like_a_person(mention: Mention) -> bool:
    """An organisation by its label only, named as people are: two or three capitalised words, no group word."""
    words = mention.name.split()
    plain = all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)
    common = {w.lower() for w in words} & (lexicon.GROUP_WORDS | lexicon.BRANCH_WORDS | lexicon.MEMBER_NOUNS)
    return mention.kind == GROUP and not mention.counted and 2 <= len(words) <= 3 and plain and not common


def _organisation(token: Token) -> Mention:
    """A member of a list of organisations ("two unions, Unison and Unite"): named by its own words."""
    words = [t for t in token.subtree if t.i <= token.i and t.pos_ == "PROPN" or t.i == token.i]
    text = token.doc[words[0].i : token.i + 1].text if words else token.text
    return Mention(text, GROUP, token.i)


def _pairs(
    backers: list[Mention],
    backed: list[Mention],
    stance: Stance,
    anchor: Token,
    withdrawn: bool = False,
    years: tuple[int, ...] = (),
) -> list[Claim]:
    """A claim for every backer and every one backed, but nobody backing themselves."""
    return [Claim(b, d, stance, withdrawn, anchor, years=years) for b in backers for d in backed if b.name != d.name]


def _unique(claims: list[Claim]) -> list[Claim]:
    """One claim per backer, backed and stance; none where the backer is the backed's own ("Davey's campaign")."""
    seen: dict[tuple[str, str, str], Claim] = {}
    for claim in claims:
        if claim.backed is not None and claim.backed.name in claim.backer.name:
            continue
        key = (claim.backer.name, claim.backed.name if claim.backed else "", claim.stance)
        seen.setdefault(key, claim)
    return list(seen.values())
