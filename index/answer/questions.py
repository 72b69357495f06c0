"""Reading a question: the names it mentions (or misspells, or lacks), its restrictions and its direction.

The kind of question is decided by the registry in ``kinds.py``; this module reads everything a kind needs
to decide: who is the backer and who the backed, the backing phrase, and whether it asks yes or no.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from enum import Enum

from index import lexicon
from index.answer.names import Mention, NameFinder
from index.answer.restrictions import Restrictions, read_restrictions

MAX_QUESTION_CHARS = 500
INVISIBLE = re.compile(r"[\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
IRREGULAR_FORMS = {"choose": ("chose", "chosen", "choosing", "chooses"), "pick": ("picks", "picked", "picking")}
IN_SOMEONES_CAMP = r"on (?:[\w.-]+ ){0,2}[\w.-]+['’]s? side|in (?:[\w.-]+ ){0,2}[\w.-]+['’]s? (?:camp|corner)"
"""Being on someone's side backs them: "which MPs are on RLB's side", "who is in Pryce's camp"."""
QUESTION_ONLY_BACKING = (  # phrases of questions the lexicon's verbs do not cover
    r"campaign(?:s|ed|ing)? for|vot(?:e|es|ed|ing) for|made the case for|make the case for|making the case for|"
    r"sp(?:o|ea)ke?s? (?:on behalf of|for)|speaking (?:on behalf of|for)|urg(?:e|ed|es|ing) .{0,30}to back|"
    rf"side(?:s|d)? with|stand(?:s|ing)? behind|(?:go|goes|went|gone|going) for|(?:is|are|was|were) behind|fan|"
    rf"{IN_SOMEONES_CAMP}"
)


def _forms(lemma: str) -> tuple[str, ...]:
    """The inflected forms of a regular verb ("back", "backs", "backed", "backing")."""
    if lemma in IRREGULAR_FORMS:
        return (lemma, *IRREGULAR_FORMS[lemma])
    if lemma.endswith("e"):
        return lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"
    double = lemma + lemma[-1] if lemma.endswith("er") and lemma == "prefer" else lemma
    return lemma, lemma + "s", double + "ed", double + "ing"


def _alternatives(words: set[str] | frozenset[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


VERB_FORMS = {form for lemma in lexicon.BACKING_VERBS | {"choose", "pick"} for form in _forms(lemma)}
NOUN_FORMS = {n + s for n in lexicon.BACKING_NOUNS | lexicon.SUPPORTER_NOUNS for s in ("", "s")} - {"vote", "votes"}
BACKING_VERBS = rf"{_alternatives(VERB_FORMS)}|{QUESTION_ONLY_BACKING}"
BACKING = re.compile(rf"\b(?:{BACKING_VERBS})\b", re.I)
BACKING_NOUN = re.compile(rf"\b(?:{_alternatives(NOUN_FORMS)})\b", re.I)
RECEIVING = re.compile(
    rf"\b(?:{_alternatives({f for v in lexicon.RECEIVING_VERBS for f in _forms(v)} | {'got', 'won', 'had', 'took'})})"
    rf"\b.{{0,40}}\b(?:{_alternatives(NOUN_FORMS)})\b|"
    rf"\b(?:{_alternatives(NOUN_FORMS)})\b.{{0,20}}\b(?:did|does|has|had|do)\b|"
    rf"\b(?:supporters?|backers?|endorsers?|allies|nominators?) of\b|'s (?:[\w-]+ ){{0,2}}(?:{_alternatives(NOUN_FORMS)})\b|"
    rf"\b(?:behind)\b|\b(?:{IN_SOMEONES_CAMP})\b",
    re.I,
)
ASKED_RECEIVES = re.compile(  # "who got the Unite nomination?": the one asked for is backed, the name backs
    rf"^\s*(?:who|which \w+)\s+(?:{_alternatives({f for v in lexicon.RECEIVING_VERBS for f in _forms(v)} | {'got', 'won'})})"
    rf"\s+(?:the\s+)?(?!support|backing|endorsement|nomination)\w",
    re.I,
)
WITHDRAWN = re.compile(
    r"\b(?:withdr[ae]w\w*|rescind\w*|revok\w*|retract\w*|pull(?:ed|s|ing)? (?:out of|back)|drop(?:ped|s|ping)?|"
    r"dump(?:ed|s|ing)?|ditch(?:ed|es|ing)?|abandon(?:ed|s|ing)?|lost|los(?:e|es|ing) (?:the )?support)\b",
    re.I,
)
OPPOSING = re.compile(
    r"\b(?:oppos(?:e|es|ed|ing)|against|critici[sz](?:e|es|ed|ing)|no confidence|turn(?:s|ed)? on|"
    r"call(?:s|ed|ing)? (?:on|for) \w+ to (?:quit|go|resign))\b",
    re.I,
)
YES_NO = re.compile(r"^\s*(?:and |so |but )?(?:did|does|do|is|are|was|were|has|have|had|will|would)\b", re.I)
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
WHO_IS = re.compile(r"\b(who|what|which one|where|when)[’']s\b", re.I)
WH_WORD = re.compile(r"\b(who|whom|whose|what|which|when|where|why|how many|how much|how)\b", re.I)
COUNTING = re.compile(r"\b(?:how many|how much|what share|what proportion|what percentage|how large)\b", re.I)
WHY_WORDS = re.compile(r"^(?:and |so |but )?(?:why|how come)\b|\b(?:what made|for what reason|reasons? for)\b", re.I)
NEGATED_BEFORE = re.compile(  # "didn't nominate", "did X not back", "never endorsed", "refused to support"
    r"(?:\bnot|n[’']t|\bnever|\bno longer|\brefus\w* to|\bdeclin\w* to|\bfail\w* to)\s+(?:[\w’'-]+\s+){0,3}$", re.I
)
CLAUSE_BREAK = re.compile(r"[,;]|\b(?:if|because|though|although|when|while|after|before|since|but)\b", re.I)
REPLACING = re.compile(r"\b(?:to (?:replace|succeed)|as (?:the )?successor to|in place of)\s+(?:the\s+)?", re.I)
EXCLUDING = re.compile(
    r"\b(?:apart from|aside from|besides|beside|other than|except(?: for)?|excluding|not counting|but not|bar)\s+(?:the\s+)?",
    re.I,
)
PLACE_NOUNS = frozenset(
    "seat seats constituency district districts ward riding state states city county town borough area place "
    "region country division".split()
)
ASKS_DATE = re.compile(
    r"^\s*(?:and |so )?when\b|\b(?:what|which) (?:date|day|month|year|time)\b|\bhow long ago\b", re.I
)
ORGANISATION_NOUNS = frozenset({"newspapers", "papers", "organisations", "organizations", "groups", "outlets"})
PERSON_NOUNS = frozenset({"candidates", "ministers", "people", "person", "politicians", "governors", "mayors"})
WHICH_NOUN = re.compile(  # the noun "which"/"what" asks for, after at most two words ("which Labour MPs")
    r"\b(?:which|what)\s+(?:[\w’'-]+\s+){0,2}?(?P<noun>"
    + "|".join(
        sorted(
            PLACE_NOUNS
            | ORGANISATION_NOUNS
            | PERSON_NOUNS
            | lexicon.BRANCH_WORDS
            | lexicon.GROUP_WORDS
            | lexicon.PEOPLE_NOUNS
            | lexicon.ROLE_NOUNS,
            key=len,
            reverse=True,
        )
    )
    + r")\b(?!\s+(?:part(?:y|ies)|labour|branch|branches|clps?)\b)",
    re.I,
)


class Wants(Enum):
    """The kind of thing the answer must be: "which seat" wants a place, never whom someone backed."""

    ANY = "any"  # "who", "whom", or nothing more specific: a person or an organisation
    PERSON = "person"  # "which MPs", "which candidate"
    ORGANISATION = "organisation"  # "which unions", "what newspaper"
    PLACE = "place"  # "which seat", "where", "what constituency does X represent"
    NUMBER = "number"  # "how many", "what share"
    DATE = "date"  # "when", "what day"
    REASON = "reason"  # "why", "what made"
    YES_NO = "yes_no"  # "did X back Y"


class Kind(Enum):
    """What the question asks for."""

    BACKERS_OF = "backers_of"  # who backed X
    BACKED_BY = "backed_by"  # whom did X back
    DID_BACK = "did_back"  # did X back Y
    VOTES = "votes"  # what was the vote
    DECLARED = "declared"  # has X declared
    WHY = "why"  # why did X do Y
    COUNT = "count"  # how many backed X
    SWITCHED = "switched"  # who backed one candidate last time and another now
    NOT_BACKING = "not_backing"  # who did not back X
    FACT = "fact"  # anything else: the best sentences


@dataclass
class Question:
    """A question read against the entities of the corpus."""

    text: str
    kind: Kind = Kind.FACT
    mentions: list[Mention] = field(default_factory=list)
    unknown_names: list[str] = field(default_factory=list)
    uncertain: list[tuple[str, list[str]]] = field(default_factory=list)
    backer: str = ""
    backed: str = ""
    stance: str = "supports"  # "opposes" when the question asks who is against whom
    restrictions: Restrictions = field(default_factory=Restrictions)
    asks: str = ""  # the question word: "who", "when", "where", "how many", ...
    backing: re.Match[str] | None = None  # the backing verb or noun
    receiving: bool = False  # "who did X get support from": X is the one backed
    withdrawn: bool = False  # "who withdrew their endorsement": backing in the past
    yes_no: bool = False
    candidates: frozenset[str] = frozenset()
    negated: bool = False  # "which MPs didn't nominate anyone": the answer is who did NOT
    excluded: tuple[str, ...] = ()  # "who besides X backed Y", "whom did X back to replace Y": left out
    wants: Wants = Wants.ANY

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(m.name for m in self.mentions))

    @property
    def when(self) -> str:
        return self.restrictions.when

    @property
    def people(self) -> list[Mention]:
        """Mentions of those who are not candidates anywhere in the corpus."""
        return [m for m in self.mentions if m.name not in self.candidates]

    @property
    def named_candidates(self) -> list[Mention]:
        return [m for m in self.mentions if m.name in self.candidates]


def clean_question(text: str) -> str:
    """The question without control or zero-width characters and with single spaces."""
    text = INVISIBLE.sub("", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()


def parse_question(text: str, finder: NameFinder, candidates: set[str] | frozenset[str]) -> Question:
    """Everything a kind needs: names, restrictions, backing phrase, direction hints (the kind stays FACT)."""
    text = WHO_IS.sub(lambda m: f"{m.group(1)} is", text)  # "who's X backing" reads as "who is X backing"
    reading = finder.read(text)
    excluded = [m for m in reading.mentions if _follows(EXCLUDING, text, m, reading.mentions)]
    replaced = [m for m in reading.mentions if _follows(REPLACING, text, m, reading.mentions)]
    excluded += [m for m in replaced if m not in excluded]  # "to replace X": X is not the one backed
    mentions = [m for m in reading.mentions if m not in excluded]
    question = Question(text, Kind.FACT, mentions, reading.unknown, reading.uncertain)
    question.excluded = tuple(dict.fromkeys(m.name for m in excluded))
    question.candidates = frozenset(candidates)
    question.restrictions = read_restrictions(text)
    question.backing = BACKING.search(text) or BACKING_NOUN.search(text)
    question.receiving = bool(RECEIVING.search(text)) and not ASKED_RECEIVES.match(text)
    question.withdrawn = bool(WITHDRAWN.search(text))
    if question.withdrawn and not question.restrictions.when:
        question.restrictions = replace(question.restrictions, when="past")
    opposing = OPPOSING.search(text)
    question.stance = "opposes" if opposing and not question.backing else "supports"
    if question.backing is None and opposing:
        question.backing = opposing
    question.yes_no = bool(YES_NO.match(text))
    question.negated = question.backing is not None and is_negated(text, question.backing.start())
    wh = WH_WORD.search(text)
    question.asks = wh.group(1).lower() if wh else ""
    question.wants = read_wants(text, question.yes_no, question.backing)
    return question


def is_negated(text: str, at: int) -> bool:
    """Whether the words just before AT deny it ("didn't nominate", "has X not backed"), within one clause."""
    before = text[:at]
    found = NEGATED_BEFORE.search(before)
    return found is not None and not CLAUSE_BREAK.search(before[found.start() :])


def read_wants(text: str, yes_no: bool, backing: re.Match[str] | None = None) -> Wants:
    """The kind of thing the question asks for, from its question words and the noun after "which"/"what"."""
    if COUNTING.search(text):
        return Wants.NUMBER
    if WHY_WORDS.search(text):
        return Wants.REASON
    if ASKS_DATE.search(text):
        return Wants.DATE
    if yes_no:
        return Wants.YES_NO
    which = WHICH_NOUN.search(text)
    noun = which.group("noun").lower() if which else ""
    backs = (
        backing is not None
        and which is not None
        and not re.search(r"\b(?:do|does|did|is|are|was|were|has|have)\b", text[which.end() : backing.start()], re.I)
    )
    if noun in PLACE_NOUNS and not backs:  # "which seat does X hold", not "which wards backed X"
        return Wants.PLACE
    if noun in lexicon.BRANCH_WORDS | lexicon.GROUP_WORDS | ORGANISATION_NOUNS:
        return Wants.ORGANISATION
    if noun in lexicon.PEOPLE_NOUNS | lexicon.ROLE_NOUNS | PERSON_NOUNS:
        return Wants.PERSON
    if re.match(r"^\s*(?:and |so )?where\b", text, re.I) or (which and re.search(r"\brepresent", text, re.I)):
        return Wants.PLACE
    return Wants.ANY


def _follows(phrase: re.Pattern[str], text: str, mention: Mention, mentions: list[Mention]) -> bool:
    """Whether the mention follows the phrase ("apart from", "to replace"), or is listed with one that does."""
    for found in phrase.finditer(text):
        if found.end() > mention.start:
            break
        listed = [m for m in mentions if found.end() <= m.start <= mention.start]
        gaps = [text[a.end : b.start] for a, b in zip(listed, listed[1:], strict=False)]
        first_at = listed[0].start if listed else -1
        if first_at == found.end() and all(re.fullmatch(r"\s*(?:,|and|or|,\s*and)?\s*(?:the\s+)?", g) for g in gaps):
            return True
    return False


def name_before_verb(question: Question) -> bool:
    """Whether a name comes before the backing phrase ("who did X back"): X is then the backer."""
    verb = question.backing
    if verb is None:
        return False
    before = [m for m in question.mentions if m.end <= verb.start()]
    after = [m for m in question.mentions if m.start >= verb.end()]
    if after and not before:
        return False
    if before:
        return True
    # No known name: "who did nicola sturgeon endorse" still asks whom someone backed.
    return re.search(r"\b(?:did|does|is|was|has|do|have)\b\s+\S+.*$", question.text[: verb.start()], re.I) is not None
