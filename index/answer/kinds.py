"""The kinds of question, as a registry: each kind says when it applies, whom it is about and how to answer.

A kind is a small class with a ``priority`` (the more specific, the higher), ``matches(question)``,
``prepare(question)`` (set the backer and the backed) and ``answer(question, knowledge, retriever)``.
``classify`` gives a question the highest-priority kind that matches; ``Fact`` matches everything. To add a
kind, write a class and decorate it with ``@register`` (see docs/extending.md, "Adding a question kind").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from index.answer.checks import SAYING_LESS, checked_lead
from index.answer.known import Knowledge, join
from index.answer.names import KIND_NOUNS, NameFinder
from index.answer.questions import (
    ASKED_RECEIVES,
    BACKING,
    BACKING_NOUN,
    COUNTING,
    WHY_WORDS,
    YEAR,
    Kind,
    Question,
    Wants,
    is_negated,
    name_before_verb,
    parse_question,
)
from index.answer.reasons import theirs
from index.answer.records import (
    MAX_QUOTES,
    Composed,
    backed_by,
    backers_of,
    declared,
    describe_backer,
    did_back,
    distinct,
    rank,
    record_quotes,
    restricted,
    switched,
    votes,
)
from index.answer.sentences import best_sentences, lead_from, ranked_sentences, stems, unique
from index.models import Answer, Endorsement, Quote
from index.search.retrieve import Retriever

LEAD_AND_THREE_QUOTES = 1500
EXTRA_SENTENCES = 2  # sentences added after a record answer's own quotes
QUOTES_READ = 8  # the best sentences the relation model reads at question time when no record answers
SWITCHED_WORDS = re.compile(
    r"\b(?:chang(?:e|ed|es|ing) (?:sides?|(?:their|his|her) (?:mind|support|candidate))|switch(?:ed|es)?|"
    r"someone (?:else|new)|somebody (?:else|new)|anyone new|different candidate|another candidate|new candidate)\b",
    re.I,
)
VOTE_WORDS = re.compile(
    r"\b(?:how many votes|by how many|by how much|what margin|margin|result of the .{0,40}(?:vote|ballot|meeting)|"
    r"vote count|votes? (?:was|were)|what was the (?:\w+ )*(?:vote|ballot|result)|the score|tally|win by|won by|"
    r"beat \w+(?: \w+)? by|how did .{0,40} vote)\b",
    re.I,
)
HOLDING_WORDS = re.compile(r"\b(?:ha(?:ve|s|d)|got|gets?|w[io]n|wins|secured?|secures|commands?|commanded)\b", re.I)
DECLARED_WORDS = re.compile(
    r"\b(?:declare[sd]?|confirm(?:s|ed)?|decided?|made up (?:his|her|their) mind|undecided|neutral|said who|"
    r"say who|come out for|picked a side|pick a side|chosen a side|yet to)\b",
    re.I,
)


class QuestionKind:
    """One kind of question: when it applies, whom it is about, and how it is answered."""

    kind: Kind = Kind.FACT
    priority: int = 0

    def matches(self, question: Question) -> bool:
        return True

    def prepare(self, question: Question) -> None:
        """Set the question's backer and backed from its mentions."""

    def compose(self, question: Question, knowledge: Knowledge) -> Composed:
        """A lead from the records and the records it came from, or None."""
        return None

    def answer(self, question: Question, knowledge: Knowledge, retriever: Retriever) -> Answer:
        composed = self.compose(question, knowledge)
        if composed is not None:
            return from_records(question, composed, knowledge, retriever)
        proved = with_quotes_read(question, knowledge, retriever)
        composed = self.compose(question, proved) if proved is not knowledge else None
        if composed is not None:
            return from_records(question, composed, proved, retriever)
        return self.from_sentences(question, knowledge, retriever)

    def from_sentences(self, question: Question, knowledge: Knowledge, retriever: Retriever) -> Answer:
        return from_sentences(question, knowledge, retriever)


KINDS: list[QuestionKind] = []


def register(cls: type[QuestionKind]) -> type[QuestionKind]:
    """Add a kind to the registry (kept in priority order, the most specific first)."""
    KINDS.append(cls())
    KINDS.sort(key=lambda k: k.priority, reverse=True)
    return cls


def classify(question: Question) -> QuestionKind:
    """The most specific kind that matches; the question's kind, backer and backed are set from it."""
    chosen = next(k for k in KINDS if k.matches(question))
    question.kind = chosen.kind
    chosen.prepare(question)
    return chosen


def read_question(text: str, finder: NameFinder, candidates: set[str] | frozenset[str]) -> Question:
    """Read a question and give it its kind, backer and backed."""
    question = parse_question(text, finder, candidates)
    classify(question)
    if question.kind is Kind.FACT:
        question.unknown_names += [y for y in YEAR.findall(text) if not finder.is_known_word(y)]
    return question


def kind_of(question: Question) -> QuestionKind:
    return next(k for k in KINDS if k.kind is question.kind)


# --- the kinds ----------------------------------------------------------------------------------------------


def _asks_for_names(question: Question) -> bool:
    """Whether the answer is a backer or a backed (not a seat, a place or a date: "which seat does X hold")."""
    return question.wants not in (Wants.PLACE, Wants.DATE)


def _subject(question: Question) -> str:
    """The backer: the name before the backing phrase, else the first that is not a candidate."""
    verb = question.backing
    before = [m for m in question.mentions if verb is None or m.end <= verb.start()]
    chosen = before or question.people or question.mentions
    return chosen[0].name if chosen else ""


def _object(question: Question, backer: str) -> str:
    verb = question.backing
    after = [m for m in question.mentions if m.name != backer and (verb is None or m.start >= verb.start())]
    others = after or [m for m in question.mentions if m.name != backer]
    return others[0].name if others else ""


@register
class Switched(QuestionKind):
    """Who backed one candidate last time and another now."""

    kind = Kind.SWITCHED
    priority = 90

    def matches(self, question: Question) -> bool:
        return question.asks != "why" and bool(SWITCHED_WORDS.search(question.text))

    def prepare(self, question: Question) -> None:
        """The backer is the name before "switched"; "which MPs switched from A to B" asks for backers."""
        verb = SWITCHED_WORDS.search(question.text)
        before = [m for m in question.mentions if verb is None or m.end <= verb.start()]
        question.backer = before[0].name if before else ""

    def compose(self, question: Question, knowledge: Knowledge) -> Composed:
        return switched(question, knowledge)


@register
class Votes(QuestionKind):
    """The vote count of a meeting or ballot."""

    kind = Kind.VOTES
    priority = 80

    def matches(self, question: Question) -> bool:
        return bool(VOTE_WORDS.search(question.text))

    def compose(self, question: Question, knowledge: Knowledge) -> Composed:
        return votes(question, knowledge)


@register
class Why(QuestionKind):
    """A reason, from the sentences that explain."""

    kind = Kind.WHY
    priority = 70

    def matches(self, question: Question) -> bool:
        return bool(WHY_WORDS.search(question.text))

    def from_sentences(self, question: Question, knowledge: Knowledge, retriever: Retriever) -> Answer:
        """Only a sentence about the person asked about (naming them, in their paragraph, or quoted by one of
        their records) gives their reason; with none stated, the answer says so and shows their records' quotes."""
        if not question.names:
            return from_sentences(question, knowledge, retriever)
        person = question.names[0]
        records = [r for r in knowledge.records if person in (r.backer, r.backed)]
        none_stated = f"The articles do not give {person}'s stated reason; this is what they report:" if records else ""
        found = from_sentences(
            question, knowledge, retriever, must_name=[person], theirs=theirs(records), fallback=none_stated
        )
        if records and found.lead == none_stated:
            own = [knowledge.quote(r, 1.0) for r in rank(question, records)]
            shown = {q.text for q in own}
            found.quotes = fit(found.lead, unique([*own, *(q for q in found.quotes if q.text not in shown)]))
        return found


@register
class Count(QuestionKind):
    """How many (or what share) backed someone: a counted group of backers, else the sentence with the number."""

    kind = Kind.COUNT
    priority = 60

    def matches(self, question: Question) -> bool:
        return bool(COUNTING.search(question.text))

    def prepare(self, question: Question) -> None:
        candidates = question.named_candidates or question.mentions
        question.backed = candidates[-1].name if candidates else ""

    def compose(self, question: Question, knowledge: Knowledge) -> Composed:
        holding = HOLDING_WORDS.search(question.text)  # "how many MPs does she have": the backing she holds
        if not (question.backing or holding) or not question.restrictions.kinds:
            return None
        tallies = [
            r
            for r in knowledge.records
            if r.backer[:1].isdigit() and r.stance == "supports" and r.backed in question.names
        ]
        tallies = restricted(question, tallies, knowledge)
        if not tallies:
            return None
        lines = [f"{r.backed} has the backing of {r.backer}" for r in tallies[:3]]
        return "; ".join(lines) + ".", tallies


@register
class Declared(QuestionKind):
    """Whether someone has declared (or who has not)."""

    kind = Kind.DECLARED
    priority = 50

    def matches(self, question: Question) -> bool:
        if question.asks in ("when", "where", "how"):
            return False
        return bool(DECLARED_WORDS.search(question.text)) and not question.named_candidates[1:]

    def prepare(self, question: Question) -> None:
        question.backer = _subject(question)

    def compose(self, question: Question, knowledge: Knowledge) -> Composed:
        return declared(question, knowledge)

    def from_sentences(self, question: Question, knowledge: Knowledge, retriever: Retriever) -> Answer:
        return from_sentences(question, knowledge, retriever, must_name=[question.backer] if question.backer else [])


@register
class NotBacking(QuestionKind):
    """Who did not back someone ("which MPs didn't nominate anyone"), never answered with those who did: the
    records of those who said they had not declared or came out against, else the sentences that deny backing,
    else a refusal."""

    kind = Kind.NOT_BACKING
    priority = 47

    def matches(self, question: Question) -> bool:
        return question.negated and not question.yes_no and _asks_for_names(question)

    def prepare(self, question: Question) -> None:
        if name_before_verb(question):
            question.backer = _subject(question)
        else:
            BackersOf().prepare(question)

    def answer(self, question: Question, knowledge: Knowledge, retriever: Retriever) -> Answer:
        if question.backer:
            return self._whom_not(question, knowledge, retriever)
        target = question.backed or "anyone"
        said = f"The articles do not list who did not back {target}."
        others = [r for r in knowledge.records if r.when == "current"]
        undeclared = restricted(question, (r for r in others if r.stance == "undeclared"), knowledge)
        against = restricted(
            question, (r for r in others if r.stance == "opposes" and r.backed == question.backed), knowledge
        )
        parts = [said]
        names = distinct(r.backer for r in undeclared)
        if names:
            verb = "has" if len(names) == 1 else "have"
            parts.append(f"They say {join(names[:MAX_QUOTES], 'and')} {verb} not declared whom to support.")
        opposers = distinct(r.backer for r in against) if question.backed else []
        if opposers:
            parts.append(f"They say {join(opposers[:MAX_QUOTES], 'and')} came out against {question.backed}.")
        if names or opposers:
            return from_records(question, (" ".join(parts), undeclared + against), knowledge, retriever)
        must = [question.backed] if question.backed else []
        found = from_sentences(question, knowledge, retriever, must_name=must, must_back=True, denies=True)
        if found.abstained:
            return abstain(question, said, knowledge)
        found.lead = f"No record says who did not back {target}; these passages speak of not backing:"
        return found

    def _whom_not(self, question: Question, knowledge: Knowledge, retriever: Retriever) -> Answer:
        said = f"The articles do not list whom {question.backer} did not back."
        mine = restricted(question, (r for r in knowledge.records if r.backer == question.backer), knowledge)
        if not mine:
            return abstain(question, said, knowledge)
        described = describe_backer(question.backer, mine, question.when, knowledge.pronoun(question.backer))
        return from_records(question, (f"{said} They say: {described}", mine), knowledge, retriever)


@register
class DidBack(QuestionKind):
    """Did X back Y: yes or no from their records, else the sentences naming both, else X's other records."""

    kind = Kind.DID_BACK
    priority = 45

    def matches(self, question: Question) -> bool:
        verb = question.backing
        if not question.yes_no or verb is None:
            return False
        before = [m for m in question.mentions if m.end <= verb.start()]
        after = [m for m in question.mentions if m.start >= verb.start()]
        typed = _typed_backer(question).lower().split()
        some = bool(typed) and (typed[0] in ("any", "anyone", "a", "an", "some") or typed[-1] in KIND_NOUNS)
        return bool(after) and bool(before or (typed and not some))

    def prepare(self, question: Question) -> None:
        verb = question.backing
        before = [m for m in question.mentions if verb is not None and m.end <= verb.start()]
        question.backer = before[0].name if before else ""
        question.backed = _object(question, question.backer)

    def answer(self, question: Question, knowledge: Knowledge, retriever: Retriever) -> Answer:
        composed, read = None, knowledge
        if question.backer:
            composed = did_back(question, knowledge)
            if composed is None:  # no record: what the best sentences prove, read now
                read = with_quotes_read(question, knowledge, retriever)
                composed = did_back(question, read) if read is not knowledge else None
        if composed is not None:
            lead, records = composed
            if question.negated:  # "did X not back Y?": "Yes"/"No" would be read both ways; state the fact
                lead = re.sub(r"^(?:Yes|No): ", "", lead)
                lead = lead[:1].upper() + lead[1:]
            return from_records(question, (lead, records), read, retriever)
        backer = question.backer or _typed_backer(question)
        found = from_sentences(
            question, knowledge, retriever, must_name=[backer, question.backed], must_back=True, subject=backer
        )
        if not found.abstained:
            found.lead = f"No record says whether {backer} backed {question.backed}; the articles say:"
            return found
        mine = restricted(question, (r for r in knowledge.records if r.backer == question.backer), knowledge)
        if mine:
            described = describe_backer(question.backer, mine, question.when, knowledge.pronoun(question.backer))
            lead = f"The articles do not say that {question.backer} backed {question.backed}. {described}"
            return from_records(question, (lead, mine), knowledge, retriever)
        return abstain(question, f"The articles do not say that {backer} backed {question.backed}.", knowledge)


@register
class BackedBy(QuestionKind):
    """Whom X backed ("who did X back", "is X backing anyone", "did X back Y" with one name)."""

    kind = Kind.BACKED_BY
    priority = 40

    def matches(self, question: Question) -> bool:
        if not _asks_for_names(question):
            return False
        asked_receives = question.backing is not None and ASKED_RECEIVES.match(question.text) is not None
        return question.backing is not None and not question.receiving and name_before_verb(question) or asked_receives

    def prepare(self, question: Question) -> None:
        question.backer = (
            question.mentions[0].name
            if ASKED_RECEIVES.match(question.text) and question.mentions
            else _subject(question)
        )
        question.backed = _object(question, question.backer) if question.yes_no else ""

    def compose(self, question: Question, knowledge: Knowledge) -> Composed:
        if not question.backer:
            return None
        return backed_by(question, knowledge)

    def from_sentences(self, question: Question, knowledge: Knowledge, retriever: Retriever) -> Answer:
        backer = question.backer or _typed_backer(question)
        if not backer:
            return abstain(question, "The articles do not say who that is.", knowledge)
        answer = from_sentences(question, knowledge, retriever, must_name=[backer], must_back=True, subject=backer)
        if answer.abstained:
            backs_nobody = [r.backer for r in knowledge.records if r.backed == backer]
            if backs_nobody:
                return abstain(
                    question,
                    f"The articles do not say whom {backer} backed; they say who backed {backer}: "
                    f"{join(list(dict.fromkeys(backs_nobody))[:5], 'and')}.",
                    knowledge,
                )
            place = question.restrictions.place
            where = f" in the {place.title()} race" if place else ""  # "for kansas governor": that race only
            return abstain(question, f"The articles do not say whom {backer} backed{where}.", knowledge)
        return answer


@register
class BackersOf(QuestionKind):
    """Who backed X ("who backed X", "who did X get support from", "X's supporters", "which unions ...")."""

    kind = Kind.BACKERS_OF
    priority = 40

    def matches(self, question: Question) -> bool:
        if not _asks_for_names(question):
            return False
        return question.backing is not None and (question.receiving or not name_before_verb(question))

    def prepare(self, question: Question) -> None:
        if question.receiving:
            target = question.mentions
        else:
            verb = question.backing
            after = [m for m in question.mentions if verb is not None and m.start >= verb.start()]
            target = [m for m in after if m.name in question.candidates] or after
            target = target[:1] or question.named_candidates[-1:] or question.mentions[-1:]
        question.backed = target[0].name if target else ""

    def compose(self, question: Question, knowledge: Knowledge) -> Composed:
        if not question.backed and not question.restrictions.kinds:
            return None
        return backers_of(question, knowledge)

    def from_sentences(self, question: Question, knowledge: Knowledge, retriever: Retriever) -> Answer:
        must = [question.backed] if question.backed else []
        return from_sentences(question, knowledge, retriever, must_name=must, must_back=True)


@register
class Fact(QuestionKind):
    """Anything else: the best sentence, led by the thing asked for."""

    kind = Kind.FACT
    priority = 0


# --- composing answers ----------------------------------------------------------------------------------------


def from_records(
    question: Question, composed: tuple[str, list[Endorsement]], knowledge: Knowledge, retriever: Retriever
) -> Answer:
    """The lead from the records, their quotes, and a sentence or two the records may have missed."""
    lead, records = composed
    quotes = record_quotes(question, records, knowledge)
    if len(quotes) < MAX_QUOTES:
        shown = {q.text for q in quotes}
        extra = [q for q in best_sentences(knowledge, retriever, question) if q.text not in shown]
        quotes += [q for q in extra if not any(q.text in s or s in q.text for s in shown)][:EXTRA_SENTENCES]
    quotes = fit(lead, quotes)
    lead = checked_lead(lead, quotes, records, knowledge, question.names)
    return Answer(question.text, lead, quotes)


def from_sentences(
    question: Question,
    knowledge: Knowledge,
    retriever: Retriever,
    must_name: list[str] | None = None,
    must_back: bool = False,
    subject: str = "",
    theirs: Callable[[Quote], bool] | None = None,
    denies: bool = False,
    fallback: str = "",
) -> Answer:
    """The sentences that best answer the question, led by what it asks for.

    ``must_name``: names (known or as typed) the best sentence must hold (or its paragraph before it, or its
    article's source); ``must_back``: the sentence must say someone backed someone, in the year asked about;
    ``subject``: a name that must come before the backing word (the backer); ``theirs``: a test of sentences that need
    not name anyone (the asked person's own: their records' quotes, their quotations near them); ``denies``: the sentence must deny backing
    ("did not nominate"); ``fallback``: the lead when no quote gives what is asked. When no sentence qualifies,
    the answer abstains.
    """
    ranked = ranked_sentences(knowledge, retriever, question)
    good: list[Quote] = []
    if must_name or must_back:
        need = _Need(
            must_name or [],
            must_back,
            subject,
            question.restrictions.year,
            tuple(question.restrictions.kind_words),
            theirs,
            denies,
        )
        good = [q for q, before in ranked if need.met(q, before, knowledge)]
        if not good:
            return abstain(question, "The articles do not say.", knowledge)
        quotes = good + [q for q, _ in ranked if q not in good]
    else:
        quotes = [q for q, _ in ranked]
    if not quotes:
        return abstain(question, "The articles do not say.", knowledge)
    asked = stems(question.text) - set().union(*(stems(n) for n in question.names))
    if not question.names and len(asked & stems(quotes[0].text)) < 2 and quotes[0].score < 6:
        return abstain(question, "The articles do not say.", knowledge)
    before = {q.text: b for q, b in reversed(ranked)}
    lead, leading = lead_from(question, good if must_name or must_back else quotes, knowledge, before, theirs)
    if leading is not None:
        quotes = [leading, *(q for q in quotes if q is not leading)]
    lead = lead or fallback or neutral_lead(question, quotes[:MAX_QUOTES], knowledge)
    quotes = fit(lead, quotes)
    return Answer(question.text, checked_lead(lead, quotes, [], knowledge, question.names), quotes)


@dataclass(frozen=True)
class _Need:
    """What a sentence must hold to answer a record question the records could not."""

    names: list[str]
    backing: bool
    subject: str
    year: str
    kind_words: tuple[str, ...] = ()
    theirs: Callable[[Quote], bool] | None = None
    denies: bool = False

    def met(self, quote: Quote, before: str, knowledge: Knowledge) -> bool:
        if self.theirs is not None and self.theirs(quote):
            return True
        lowered = quote.text.lower()
        for name in self.names:
            at = _position(name, lowered, knowledge)
            if at < 0 and _position(name, before.lower(), knowledge) < 0 and not _is_source(name, quote, knowledge):
                return False
        verb = BACKING.search(quote.text) or BACKING_NOUN.search(quote.text)
        if self.backing and verb is None and not any(w in lowered.split() for w in self.kind_words):
            return False
        if self.denies and not any(is_negated(quote.text, v.start()) for v in BACKING.finditer(quote.text)):
            return False
        if self.subject and verb is not None:
            at = _position(self.subject, lowered, knowledge)
            if at > verb.start():
                return False
        if self.backing and self.year and self.year not in quote.text:
            return knowledge.years.get(quote.article, self.year) == self.year
        return True


def _position(name: str, text: str, knowledge: Knowledge) -> int:
    """Where the text first names NAME (any of its spellings, or every word of a typed name), or -1."""
    spellings = knowledge.spellings(name) if name in knowledge.aliases else [name]
    found = []
    for spelling in spellings:
        words = [w for w in spelling.lower().split() if w not in ("the", "a", "an")]
        hits = [re.search(rf"\b{re.escape(w)}\b", text) for w in words]
        if words and all(hits):
            found.append(min(h.start() for h in hits if h))
    return min(found, default=-1)


def _is_source(name: str, quote: Quote, knowledge: Knowledge) -> bool:
    """Whether the article is by NAME itself ("Unite CEC Branch" writing "our branch nomination")."""
    words = [w for w in name.lower().split() if w not in ("the", "a", "an")]
    source = (quote.source or "").lower()
    return bool(words) and source.startswith(" ".join(words))


def _typed_backer(question: Question) -> str:
    """The words between "did"/"is" and the backing verb when no known name is there ("the daily news")."""
    verb = question.backing
    if verb is None:
        return ""
    before = question.text[: verb.start()]
    found = re.search(r"\b(?:did|does|is|was|has|have|do|are|were)\s+(.+?)\s*$", before, re.I)
    return found.group(1).strip() if found else ""


def with_quotes_read(question: Question, knowledge: Knowledge, retriever: Retriever) -> Knowledge:
    """The knowledge with the records that the best sentences prove about the names asked, read now by the
    relation model; the same knowledge when there is no model, no name asked or nothing proved."""
    reader = knowledge.quote_reader
    if reader is None or not question.names:
        return knowledge
    quotes = [q for q, _ in ranked_sentences(knowledge, retriever, question)[:QUOTES_READ]]
    records = [
        Endorsement(
            p.backer,
            knowledge.kinds.get(p.backer, "person"),
            p.backed,
            p.stance,
            p.when,
            "",
            p.quote.article,
            p.quote.paragraph,
            p.quote.text,
            knowledge.years.get(p.quote.article, ""),
            confidence=p.confidence,
        )
        for p in reader.read(quotes, knowledge.matcher, question.names)
    ]
    return replace(knowledge, records=[*knowledge.records, *records]) if records else knowledge


def neutral_lead(question: Question, quotes: list[Quote], knowledge: Knowledge) -> str:
    """What the quotes are about, in words that claim nothing: the names asked that they mention."""
    shown = " ".join(q.text for q in quotes).lower()
    named = [n for n in question.names if any(s.lower() in shown for s in knowledge.spellings(n))]
    return f"The articles mention {join(named, 'and')} in these passages:" if named else SAYING_LESS


def abstain(question: Question, reason: str, knowledge: Knowledge) -> Answer:
    """Decline, saying why and what the articles do cover (a front end lists articles when no records)."""
    return Answer(
        question.text, f"{reason} {knowledge.coverage()}", [], abstained=True, lists_articles=not knowledge.candidates
    )


def fit(lead: str, quotes: list[Quote]) -> list[Quote]:
    """At most MAX_QUOTES quotes, dropping long ones until the lead and the first three fit the budget."""
    chosen = list(quotes[:MAX_QUOTES])
    while len(chosen) > 1 and len(lead) + sum(len(q.text) for q in chosen[:3]) > LEAD_AND_THREE_QUOTES:
        longest = max(chosen[1:3], key=lambda q: len(q.text))
        chosen.remove(longest)
    return chosen
