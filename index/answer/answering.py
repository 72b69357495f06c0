"""From a question to an Answer: read it, answer from the endorsement records, prove with verbatim quotes.

Record-based answers come first (who backed whom, votes, declarations); any other question is answered by
the best sentences of the retrieved paragraphs. When the articles do not cover the question, the answer
abstains and names what they do cover.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

from index.answer.conversation import Conversation, genders_from_aliases, standalone_question
from index.answer.questions import (
    BACKING,
    COUNTING,
    MAX_QUESTION_CHARS,
    EntityMatcher,
    Kind,
    Question,
    clean_question,
    read_question,
)
from index.models import Answer, Quote
from index.search.retrieve import Hit, Retriever
from index.search.store import ArticleInfo, Endorsement, Entity

MAX_QUOTES = 5
LEAD_AND_THREE_QUOTES = 1500
MAX_NAMES_IN_LEAD = 5
WORD = re.compile(r"[A-Za-z0-9]+")
STOPWORDS = frozenset(
    "a an the of to in on at for by and or but is are was were be been being do does did has have had "
    "who whom whose what which when where why how that this these those it its he she they them his her "
    "their i you we me my our your with as from about into than then so not no yes any all some many "
    "much say said tell mr mrs ms dr cllr".split()
)
EXPLAINING = re.compile(r"\b(?:because|reason|why|since|after|lost confidence|so that)\b", re.I)
NUMBER = re.compile(r"\d")
VOTE_COUNT = re.compile(r"\d+ votes? to \d+")
_STEMMER = Stemmer.Stemmer("english")


IRREGULAR = {
    "spoke": "speak",
    "spoken": "speak",
    "made": "make",
    "chose": "choos",
    "chosen": "choos",
    "won": "win",
    "gave": "give",
    "given": "give",
    "quit": "quit",
    "left": "leav",
    "ran": "run",
}


@lru_cache(maxsize=65_536)
def stems(text: str) -> frozenset[str]:
    """Stemmed, lower-cased content words ("spoke" and "speak" alike); cached, as record quotes recur."""
    words = (w.lower() for w in WORD.findall(text))
    return frozenset(IRREGULAR.get(w) or _STEMMER.stemWord(w) for w in words if w not in STOPWORDS)


@dataclass
class Knowledge:
    """What one snapshot knows beyond its paragraphs: endorsement records, entities and their aliases."""

    records: list[Endorsement]
    entities: list[Entity]
    articles: dict[str, ArticleInfo]
    matcher: EntityMatcher
    aliases: dict[str, list[str]] = field(default_factory=dict)
    candidates: set[str] = field(default_factory=set)
    genders: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        records: list[Endorsement],
        entities: list[Entity],
        articles: Iterable[ArticleInfo],
        is_known_word: Callable[[str], bool],
    ) -> Knowledge:
        aliases: dict[str, list[str]] = {}
        for entity in entities:
            aliases.setdefault(entity.name, []).append(entity.alias)
        for name in {r.backer for r in records} | {r.backed for r in records if r.backed}:
            aliases.setdefault(name, [name])
        return cls(
            records=records,
            entities=entities,
            articles={a.id: a for a in articles},
            matcher=EntityMatcher(entities + [Entity(n, "person", n) for n in aliases], is_known_word),
            aliases=aliases,
            candidates={r.backed for r in records if r.backed},
            genders=genders_from_aliases(aliases),
        )

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
            f"They cover who backed {_join(candidates, 'or')} — for example {_join(people, 'and')} "
            f"— in {len(self.articles)} article(s)."
        )

    def pronoun(self, name: str) -> str:
        """ "she", "he", "it" (branches and groups) or "they", from the titles the corpus gives."""
        gender = self.genders.get(name)
        if gender:
            return "she" if gender == "f" else "he"
        kinds = {e.kind for e in self.entities if e.name == name}
        return "it" if kinds and kinds <= {"branch", "group"} else "they"

    def quote(self, record: Endorsement, score: float) -> Quote:
        article = self.articles.get(record.article)
        title, source, date, url = (
            (article.title, article.source, article.date, article.url) if article else ("", "", "", "")
        )
        return Quote(record.quote, record.article, title, source, date, url, record.paragraph, score)


def answer_question(
    knowledge: Knowledge, retriever: Retriever, question: str, conversation: Conversation | None = None
) -> Answer:
    """Answer one question; in a conversation, follow-ups are read against the earlier turns."""
    text = clean_question(question)
    if not text or not WORD.search(text):
        return Answer(question, "Ask me a question about the articles, for example: Who backed Owen Smith?", [], True)
    if len(text) > MAX_QUESTION_CHARS:
        return Answer(
            question, f"That question is too long: ask it in at most {MAX_QUESTION_CHARS} characters.", [], True
        )
    standalone = standalone_question(text, conversation, knowledge.matcher, knowledge.genders)
    read = read_question(standalone, knowledge.matcher, knowledge.candidates)
    answer = _answer(knowledge, retriever, read)
    answer.question = question
    if conversation is not None:
        names = read.names or _names_in(answer.lead, knowledge)
        conversation.remember(standalone, answer, names)
    return answer


def _names_in(text: str, knowledge: Knowledge) -> list[str]:
    return list(dict.fromkeys(m.name for m in knowledge.matcher.mentions(text)))


def _answer(knowledge: Knowledge, retriever: Retriever, question: Question) -> Answer:
    if question.unknown_names:
        missing = " ".join(question.unknown_names)
        return _abstain(question, f"The articles do not mention {missing}.", knowledge)
    composed = {
        Kind.BACKED_BY: _backed_by,
        Kind.BACKERS_OF: _backers_of,
        Kind.DID_BACK: _did_back,
        Kind.VOTES: _votes,
        Kind.DECLARED: _declared,
        Kind.COUNT: _count,
        Kind.SWITCHED: _switched,
    }.get(question.kind)
    backs_nobody = not any(r.backer == question.backer for r in knowledge.records)
    if question.kind is Kind.BACKED_BY and question.backer in knowledge.candidates and backs_nobody:
        backers = _distinct(r.backer for r in knowledge.records if r.backed == question.backer)
        return _abstain(
            question,
            f"The articles do not say whom {question.backer} backed; they say who backed "
            f"{question.backer}: {_join(backers[:MAX_NAMES_IN_LEAD], 'and')}.",
            knowledge,
        )
    if composed is not None:
        result = composed(question, knowledge)
        if result is not None:
            lead, records = result
            quotes = _record_quotes(question, records, knowledge)
            return Answer(question.text, lead, _fit(lead, quotes))
    return _from_sentences(knowledge, retriever, question)


def _abstain(question: Question, reason: str, knowledge: Knowledge) -> Answer:
    # with no records to name, the front end points to its list of articles (`Answer.lists_articles`)
    return Answer(
        question.text, f"{reason} {knowledge.coverage()}", [], abstained=True, lists_articles=not knowledge.candidates
    )


# --- answers composed from endorsement records ---------------------------------------------------------

Composed = tuple[str, list[Endorsement]] | None


def _backed_by(question: Question, knowledge: Knowledge) -> Composed:
    records = [r for r in knowledge.records if r.backer == question.backer]
    if not records:
        return None
    pronoun = knowledge.pronoun(question.backer)
    against = question.stance == "opposes"
    stated = [r for r in records if against or r.stance != "opposes"] or records
    return _describe_backer(question.backer, records, question.when, pronoun, against), stated


def _describe_backer(backer: str, records: list[Endorsement], when: str, pronoun: str, against: bool = False) -> str:
    """ "X backs Y (by 274 votes to 196). In the previous contest, he backed Z."

    Where the articles disagree on the current candidate, each side is given with its article; opposition
    is added when the question asks about it.
    """
    current = [r for r in records if r.when == "current"]
    past = [r for r in records if r.when == "past"]
    parts: list[str] = []
    backs = _distinct(r.backed for r in current if r.stance == "supports")
    if len(backs) > 1:
        sides = "; ".join(
            f"{_title(r)} says {r.backed}" for r in _first_per(current, lambda r: r.backed) if r.stance == "supports"
        )
        parts.append(f"The articles disagree on whom {backer} backs: {sides}.")
    elif backs:
        now = " now" if when == "past" else ""
        parts.append(f"{{Who}}{now} backs {backs[0]}{_votes_of(current, backs[0])}.")
    elif any(r.stance == "undeclared" for r in current):
        parts.append(f"{{Who}} has not declared whom {pronoun} will support.")
    opposed = _distinct(r.backed for r in current if r.stance == "opposes" and r.backed)
    if opposed and (against or not parts):
        parts.append(f"{{Who}} has come out against {_join(opposed, 'and')}.")
    past_backs = _distinct(r.backed for r in past if r.stance == "supports")
    if past_backs:
        earlier = f"In the previous contest, {{who}} backed {_join(past_backs, 'and')}{_votes_of(past, past_backs[0])}."
    else:
        earlier = "The articles do not say whom {who} backed in an earlier contest." if when == "past" else ""
    if earlier:
        parts.insert(0 if when == "past" else len(parts), earlier)
    if not parts:
        return f"The articles mention {backer} but do not say whom {pronoun} backs."
    return " ".join(_name_once(parts, backer, pronoun))


def _name_once(parts: list[str], name: str, pronoun: str) -> list[str]:
    """Fill {who}/{Who} with the name the first time and the pronoun after (the name again for "they")."""
    filled = []
    named = False
    for part in parts:
        if "{who}" in part.lower():
            subject = pronoun if named and pronoun != "they" else name
            part = part.replace("{Who}", subject[:1].upper() + subject[1:]).replace("{who}", subject)
            named = True
        filled.append(part)
    return filled


def _backers_of(question: Question, knowledge: Knowledge) -> Composed:
    records = [r for r in knowledge.records if r.backed == question.backed and r.stance == question.stance]
    if question.when == "past":
        records = [r for r in records if r.when == "past"] or records
    if not records:
        return None
    ranked = _rank(question, records)
    verb = "opposed by" if question.stance == "opposes" else "backed by"
    current = _distinct(r.backer for r in ranked if r.when == "current")
    past = _distinct(r.backer for r in ranked if r.when == "past")
    tallies = [n for n in current if n[:1].isdigit()]  # "200 CLPs": a count of backers, not one of them
    current = [n for n in current if n not in tallies]
    parts = []
    if current:
        named = current[:MAX_NAMES_IN_LEAD]
        more = len(current) - len(named)
        listed = [n + _votes_of(ranked, question.backed, n) for n in named] + ([f"{more} more"] if more else [])
        parts.append(f"{question.backed} is {verb} {_join(listed, 'and')}.")
    if tallies and question.stance == "supports":
        parts.append(f"{_join(tallies, 'and')} back {question.backed} in all.")
    if past:
        parts.append(f"In the previous contest, {question.backed} was {verb} {_join(past[:MAX_NAMES_IN_LEAD], 'and')}.")
    if question.when == "past":
        parts.reverse()
    return " ".join(parts), ranked


def _did_back(question: Question, knowledge: Knowledge) -> Composed:
    mine = [r for r in knowledge.records if r.backer == question.backer]
    if not mine:
        return None
    if question.when:
        mine = [r for r in mine if r.when == question.when] or mine
    about = [r for r in mine if r.backed == question.backed]
    supports = [r for r in about if r.stance == "supports"]
    opposes = [r for r in about if r.stance == "opposes"]
    if question.stance == "opposes":
        if opposes:
            return f"Yes: {question.backer} has come out against {question.backed}.", opposes
        if supports:
            return f"No: {question.backer} backed {question.backed}.", supports
    elif supports:
        when = " in the previous contest" if supports[0].when == "past" else ""
        return f"Yes: {question.backer} backed {question.backed}{when}{_votes_of(about, question.backed)}.", supports
    elif opposes:
        return f"No: {question.backer} has come out against {question.backed}.", opposes
    described = _describe_backer(question.backer, mine, question.when, knowledge.pronoun(question.backer), True)
    return f"No, not according to the articles. {described}", mine


def _votes(question: Question, knowledge: Knowledge) -> Composed:
    records = [r for r in knowledge.records if VOTE_COUNT.search(r.votes)]
    named = set(question.names)
    if named:
        records = [r for r in records if r.backer in named or r.backed in named]
    if not records:
        return None
    ranked = _rank(question, records)
    lines = [
        f"{r.backer} {'backed' if r.stance == 'supports' else 'voted against'} {r.backed} by {r.votes}."
        for r in _first_per(ranked, lambda r: (r.backer, r.backed))
    ]
    return " ".join(lines[:3]), ranked


def _declared(question: Question, knowledge: Knowledge) -> Composed:
    if not question.backer:  # "who has not declared?"
        undeclared = [r for r in knowledge.records if r.stance == "undeclared" and r.when == "current"]
        names = _distinct(r.backer for r in undeclared)
        if not names:
            return None
        if len(names) == 1:
            return f"{names[0]} has not declared whom {knowledge.pronoun(names[0])} will support.", undeclared
        return f"{_join(names, 'and')} have not declared whom they will support.", undeclared
    records = [r for r in knowledge.records if r.backer == question.backer]
    if not records:
        return None
    current = [r for r in records if r.when == "current"]
    pronoun = knowledge.pronoun(question.backer)
    if any(r.stance == "supports" for r in current):
        return f"Yes: {_describe_backer(question.backer, records, question.when, pronoun)}", records
    return _describe_backer(question.backer, records, question.when, pronoun, question.stance == "opposes"), records


def _switched(question: Question, knowledge: Knowledge) -> Composed:
    """Who backed one candidate in the previous contest and another (or no one yet) now."""
    lines: list[str] = []
    proof: list[Endorsement] = []
    backers = [question.backer] if question.backer else _distinct(r.backer for r in knowledge.records)
    for backer in backers:
        mine = [r for r in knowledge.records if r.backer == backer and r.stance != "opposes"]
        before = _distinct(r.backed for r in mine if r.when == "past" and r.stance == "supports")
        now = _distinct(r.backed for r in mine if r.when == "current" and r.stance == "supports")
        if not before or set(now) & set(before):
            continue
        if now:
            lines.append(
                f"{backer} backed {_join(before, 'and')} in the previous contest and backs {_join(now, 'and')} now."
            )
        elif any(r.when == "current" and r.stance == "undeclared" for r in mine):
            lines.append(
                f"{backer} backed {_join(before, 'and')} in the previous contest and has not declared this time."
            )
        else:
            continue
        proof.extend(r for r in mine if r.backed in before + now or r.stance == "undeclared")
    if not lines and question.backer:
        mine = [r for r in knowledge.records if r.backer == question.backer]
        if not mine:
            return None
        described = _describe_backer(question.backer, mine, "", knowledge.pronoun(question.backer))
        return f"The articles do not show {question.backer} changing sides. {described}", mine
    if not lines:
        return None
    return " ".join(lines[:MAX_NAMES_IN_LEAD]), proof


def _count(question: Question, knowledge: Knowledge) -> Composed:
    """ "How many backed X": records whose backer is a count ("200 CLPs")."""
    records = [r for r in knowledge.records if r.backer[:1].isdigit() and r.stance == "supports"]
    if question.names:
        records = [r for r in records if r.backed in question.names] or records
    if not records:
        return None
    lines = [f"{r.backed} has the backing of {r.backer}" for r in _first_per(records, lambda r: r.backed)]
    return "; ".join(lines) + ".", records


def _rank(question: Question, records: Sequence[Endorsement]) -> list[Endorsement]:
    """Records ordered by how much of the question's own words (not its names) their quotes share."""
    verb = BACKING.search(question.text)
    verb_words = stems(verb.group()) if verb else set()
    name_words = set().union(*(stems(n) for n in question.names)) if question.names else set()
    wanted = stems(question.text) - name_words

    def relevance(record: Endorsement) -> float:
        said = stems(record.quote)
        return len(wanted & said) + 2 * len(verb_words & said) + (0.5 if record.when == "current" else 0.0)

    return sorted(records, key=relevance, reverse=True)


def _record_quotes(question: Question, records: Sequence[Endorsement], knowledge: Knowledge) -> list[Quote]:
    """The best quote for each distinct claim (backer, backed, stance, time) first, then the others."""
    ranked = _rank(question, records)
    claims = _first_per(ranked, lambda r: (r.backer, r.backed, r.stance, r.when))
    quotes: list[Quote] = []
    shown: set[str] = set()
    for record in [*claims, *ranked]:
        if len(quotes) == MAX_QUOTES:
            break
        if record.quote not in shown:
            shown.add(record.quote)
            quotes.append(knowledge.quote(record, 1.0 / (len(quotes) + 1)))
    return quotes


# --- answers from the best sentences -------------------------------------------------------------------


def _from_sentences(knowledge: Knowledge, retriever: Retriever, question: Question) -> Answer:
    """The sentences that best answer the question: what it asks (its own words) counts twice its names."""
    hits = _search(retriever, question)
    aliases = [a.lower() for n in question.names for a in knowledge.aliases.get(n, [n])]
    name_words = set().union(*(stems(a) for a in aliases)) if aliases else set()
    asked = stems(question.text) - name_words
    scored: list[Quote] = []
    for hit in hits:
        article = knowledge.articles.get(hit.paragraph.article_id)
        if article is None:
            continue
        in_paragraph = any(a in hit.paragraph.text.lower() for a in aliases)
        in_title = any(a in article.title.lower() for a in aliases)
        for sentence in hit.paragraph.sentence_texts:
            said = stems(sentence)
            overlap = len(asked & said)
            named = any(a in sentence.lower() for a in aliases)
            if overlap == 0 and not named:
                continue
            score = 2.0 * overlap + 40 * hit.score + hit.cosine
            score += 1.5 if named else 0.75 if in_paragraph else 0.0
            score += 1.0 if in_title else 0.0
            if question.kind is Kind.WHY and EXPLAINING.search(sentence):
                score += 3.0
            if COUNTING.search(question.text) and NUMBER.search(sentence):
                score += 1.5
            if hit.paragraph.is_caption:
                score -= 0.5
            scored.append(
                Quote(
                    sentence,
                    article.id,
                    article.title,
                    article.source,
                    article.date,
                    article.url,
                    hit.paragraph.position,
                    round(score, 4),
                )
            )
    quotes = _unique(sorted(scored, key=lambda q: q.score, reverse=True))
    best_cosine = max((h.cosine for h in hits), default=0.0)
    if not quotes:
        return _abstain(question, "The articles do not say.", knowledge)
    if not question.names and len(asked & stems(quotes[0].text)) < 2 and best_cosine < 0.45:
        return _abstain(question, "The articles do not say.", knowledge)
    return Answer(question.text, quotes[0].text, _fit(quotes[0].text, quotes))


def _search(retriever: Retriever, question: Question) -> list[Hit]:
    """Paragraphs for the whole question, plus (when it names someone) for what it asks without the names,
    so that "who chairs the X branch" also finds "Branch chair ..." where X is not named."""
    hits = {hit.id: hit for hit in retriever.search(question.text, k=8)}
    asked = question.text
    for mention in reversed(question.mentions):
        asked = asked[: mention.start] + asked[mention.end :]
    if question.mentions and stems(asked):
        for hit in retriever.search(asked, k=4, dense=False):
            hits.setdefault(hit.id, hit)
    return list(hits.values())


# --- small helpers ----------------------------------------------------------------------------------------


def _fit(lead: str, quotes: list[Quote]) -> list[Quote]:
    """At most MAX_QUOTES quotes, dropping long ones until the lead and the first three fit the budget."""
    chosen = list(quotes[:MAX_QUOTES])
    while len(chosen) > 1 and len(lead) + sum(len(q.text) for q in chosen[:3]) > LEAD_AND_THREE_QUOTES:
        longest = max(chosen[1:3], key=lambda q: len(q.text))
        chosen.remove(longest)
    return chosen


def _unique(quotes: Iterable[Quote]) -> list[Quote]:
    seen: set[str] = set()
    unique = []
    for quote in quotes:
        if quote.text not in seen:
            seen.add(quote.text)
            unique.append(quote)
    return unique


def _distinct(values: Iterable[str]) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]


def _first_per(records: Iterable[Endorsement], key: Callable[[Endorsement], object]) -> list[Endorsement]:
    seen: set[object] = set()
    first = []
    for record in records:
        if key(record) not in seen:
            seen.add(key(record))
            first.append(record)
    return first


def _votes_of(records: Iterable[Endorsement], backed: str, backer: str = "") -> str:
    for record in records:
        if VOTE_COUNT.search(record.votes) and record.backed == backed and (not backer or record.backer == backer):
            return f" (by {record.votes})"
    return ""


def _title(record: Endorsement) -> str:
    return f"article {record.article} ¶{record.paragraph}"


def _join(names: Sequence[str], word: str) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"
