"""Answers from the best sentences: retrieval, sentence scoring by what the question asks, and a short lead.

A sentence scores for the question's own words (twice its names), the names it asks about, the kinds of
backer and the year it restricts to, and for holding what the question word wants (a date for "when", a
number for "how many", a reason for "why"). The lead is the thing asked for, taken from the best sentence
(a name, number, date or place), never the sentence itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import Stemmer

from index.answer.figures import Figure, attributed, counted_nouns, figures, fits, other_year
from index.answer.known import Knowledge
from index.answer.places import seat_of
from index.answer.questions import BACKING, COUNTING, Kind, Question, Wants
from index.answer.reasons import QUOTATION, STATED, stated_reason
from index.models import Quote
from index.search.retrieve import Hit, Retriever

WORD = re.compile(r"[A-Za-z0-9]+")
STOPWORDS = frozenset(
    "a an the of to in on at for by and or but is are was were be been being do does did has have had "
    "who whom whose what which when where why how that this these those it its he she they them his her "
    "their i you we me my our your with as from about into than then so not no yes any all some many "
    "much say said tell mr mrs ms dr cllr".split()
)
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
MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DATE = re.compile(
    rf"\b(?:{MONTHS} \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)? {MONTHS}(?: \d{{4}})?|"
    rf"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|{MONTHS} \d{{4}}|the \d{{1,2}}(?:st|nd|rd|th))\b"
)
PLACE = re.compile(r"\b(?:at|in) ((?:the )?[A-Z][\w'’-]*(?:\s+(?:of |and )?[A-Z][\w'’-]*)*)")
PERSON = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*(?:\s+[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*)+\b")
ABBREVIATION_END = re.compile(r"(?:\b(?:Rep|Sen|Gov|Dr|Mr|Mrs|Ms|Rev|St|Cllr|Prof|Lt|Col|Gen)|\b[A-Z]\.[A-Z])\.\s*$")
LEAD_CANDIDATES = 5  # the best quotes a short lead may come from
_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=65_536)
def stems(text: str) -> frozenset[str]:
    """Stemmed, lower-cased content words ("spoke" and "speak" alike); cached, as record quotes recur."""
    words = (w.lower() for w in WORD.findall(text))
    return frozenset(IRREGULAR.get(w) or _STEMMER.stemWord(w) for w in words if w not in STOPWORDS)


def best_sentences(knowledge: Knowledge, retriever: Retriever, question: Question) -> list[Quote]:
    """Sentences of the retrieved paragraphs, best answer first, each verbatim with its source."""
    return [quote for quote, _ in ranked_sentences(knowledge, retriever, question)]


def ranked_sentences(knowledge: Knowledge, retriever: Retriever, question: Question) -> list[tuple[Quote, str]]:
    """Sentences, best first, each with the text of its paragraph before it (where a name may stand)."""
    hits = search(retriever, question)
    spellings = {n: [s.lower() for s in knowledge.spellings(n)] for n in question.names}
    aliases = [s for names in spellings.values() for s in names]
    name_words = set().union(*(stems(a) for a in aliases)) if aliases else set()
    asked = stems(question.text) - name_words
    kind_words = [w for w in question.restrictions.kind_words if " " not in w]
    years = knowledge.years
    scored: list[tuple[Quote, str]] = []
    for hit in hits:
        article = knowledge.articles.get(hit.paragraph.article_id)
        if article is None:
            continue
        paragraph = hit.paragraph.text.lower()
        in_paragraph = sum(any(s in paragraph for s in names) for names in spellings.values())
        in_title = any(a in article.title.lower() for a in aliases)
        for text, before in _sentences(hit):
            lowered = text.lower()
            said = stems(text)
            overlap = len(asked & said)
            named = sum(any(s in lowered for s in names) for names in spellings.values())
            if overlap == 0 and not named:
                continue
            score = 2.0 * overlap + 40 * hit.score + hit.cosine + 1.5 * named + 0.5 * in_paragraph
            score += 1.0 if in_title else 0.0
            score += 2.0 * any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in kind_words)
            if question.restrictions.year:
                year = question.restrictions.year
                score += 1.5 if year in text or years.get(article.id) == year else -1.0
            score += _asked_for(question, text)
            if hit.paragraph.is_caption:
                score -= 0.5
            scored.append(
                (
                    Quote(
                        text,
                        article.id,
                        article.title,
                        article.source,
                        article.date,
                        article.url,
                        hit.paragraph.position,
                        round(score, 4),
                    ),
                    before,
                )
            )
    ranked = sorted(scored, key=lambda pair: pair[0].score, reverse=True)
    kept: dict[str, tuple[Quote, str]] = {}
    for pair in ranked:
        kept.setdefault(pair[0].text, pair)
    return list(kept.values())


def _asked_for(question: Question, text: str) -> float:
    """Points for holding what the question word asks for."""
    if question.kind is Kind.WHY:
        return 3.0 if STATED.search(text) or QUOTATION.search(text) else 0.0
    if question.asks == "when":
        return 3.0 if DATE.search(text) else 0.0
    if COUNTING.search(question.text) or question.kind is Kind.VOTES:
        return 2.0 if re.search(r"\d", text) else 0.0
    return 0.0


def _sentences(hit: Hit) -> Iterable[tuple[str, str]]:
    """The paragraph's sentences, a short one ending in a title's abbreviation ("Rep.") joined to the next."""
    paragraph = hit.paragraph
    spans = paragraph.sentences
    for i, span in enumerate(spans):
        text = paragraph.text[span.start : span.end]
        if ABBREVIATION_END.search(text) and i + 1 < len(spans):
            yield paragraph.text[span.start : spans[i + 1].end], paragraph.text[: span.start]
        elif i > 0 and ABBREVIATION_END.search(paragraph.text[spans[i - 1].start : spans[i - 1].end]):
            continue
        else:
            yield text, paragraph.text[: span.start]


def search(retriever: Retriever, question: Question) -> list[Hit]:
    """Paragraphs for the whole question, plus (when it names someone) for what it asks without the names,
    so that "who chairs the X branch" also finds "Branch chair ..." where X is not named."""
    hits = {hit.id: hit for hit in retriever.search(question.text, k=10)}
    asked = question.text
    for mention in reversed(question.mentions):
        asked = asked[: mention.start] + asked[mention.end :]
    if question.mentions and stems(asked):
        for hit in retriever.search(asked, k=4, dense=False):
            hits.setdefault(hit.id, hit)
    if question.mentions:
        named = " ".join([*question.names, *question.restrictions.kind_words[:2]])
        for hit in retriever.search(named, k=4, dense=False):
            hits.setdefault(hit.id, hit)
    return list(hits.values())


def short_lead(
    question: Question, quote: Quote, knowledge: Knowledge, before: str = "", theirs: bool = False, strong: bool = False
) -> str:
    """The thing the question asks for (``question.wants``), taken from the quote: a date, number, seat or
    place, reason or name; "" when the quote holds none of that kind, or holds it for someone else.

    ``theirs``: the quote is the asked person's own though it does not name them; ``strong``: only an explicit
    reason will do."""
    text = knowledge.without_others(quote.text, question.names)  # "Ian Murray" says nothing of Ed Murray
    before = knowledge.without_others(before, question.names)
    source = quote.source or quote.title
    spellings = [s for n in question.names for s in knowledge.spellings(n)]
    about = theirs or not spellings or any(s.lower() in f"{before} {text}".lower() for s in spellings)
    wants = question.wants
    if wants is Wants.DATE or question.asks == "when":
        date = _date_of_asked(question, text)
        return f"{_cap(date)}, according to {source}." if date and about else ""
    if wants is Wants.NUMBER or question.kind is Kind.VOTES:
        figure = _figure(question, text, before, knowledge, quote.article)
        return f"{figure}, according to {source}." if figure else ""
    if wants is Wants.PLACE:
        seat = seat_of(text, spellings) if spellings else ""
        place = PLACE.search(text) if question.asks == "where" and about and not seat else None
        found = seat or (_cap(place.group()) if place else "")
        return f"{found}, according to {source}." if found else ""
    if wants is Wants.REASON or question.kind is Kind.WHY:
        topic = stems(" ".join(w for w in WORD.findall(question.text) if w.lower() not in knowledge.name_words))
        reason = stated_reason(text, about, strong, spellings, lambda clause: bool(topic & stems(clause)))
        return f"{source} gives this reason: {reason}{'' if reason.endswith('…') else '.'}" if reason else ""
    if question.asks in ("who", "whom", "which", "whose") and question.kind is Kind.FACT and wants is not Wants.YES_NO:
        if not about or not _holds_asked_abbreviations(question, f"{before} {text}", knowledge):
            return ""  # names from a quote about someone else answer nothing about the one asked
        return _names_lead(question, quote.text, source, {s.lower() for s in spellings}, knowledge)
    return ""


def _holds_asked_abbreviations(question: Question, text: str, knowledge: Knowledge) -> bool:
    """Whether the text has every abbreviation the question asks about that the articles use ("which way did the
    SFWU go": a sentence on the EPMU does not answer); one the articles never use says nothing either way."""
    words = set(WORD.findall(text))
    asked = [w for w in WORD.findall(question.text) if len(w) >= 2 and w.isupper() and w.isalpha()]
    used = [w for w in asked if w.lower() not in knowledge.name_words and knowledge.matcher.is_known_word(w)]
    return all(w in words for w in used)


DATE_REACH = 8  # words between a date and the asked thing it dates ("the May 24 primary", "voted on 3 March")


def _date_of_asked(question: Question, text: str) -> str:
    """The first date of the text next to a word the question asks about (not a name): "when's the primary" is
    not answered by "on Wednesday rescinded his endorsement ... in the primary"."""
    asked = stems(question.text) - set().union(*(stems(n) for n in question.names)) - {"when"}
    for date in DATE.finditer(text):
        before = WORD.findall(text[: date.start()])[-DATE_REACH:]
        after = WORD.findall(text[date.end() :])[:DATE_REACH]
        if not asked or asked & stems(" ".join(before + after)):
            return date.group()
    return ""


def _names_lead(question: Question, text: str, source: str, asked_names: set[str], knowledge: Knowledge) -> str:
    """The names of the kind asked for ("which unions": organisations) that the quote gives, asked ones left out.

    When the question asks who did something ("who proposed X"), only a name doing it in the quote counts: the
    name before the act's word, or after "by" just behind it ("seconded by Cllr Y"); a quote without the act's
    word gives no name."""
    left_out = set(question.names) | set(question.excluded)
    mentions = [
        m
        for m in knowledge.matcher.mentions(text)
        if m.typed.lower() not in asked_names
        and m.name not in left_out
        and _is_wanted(question.wants, knowledge.kinds.get(m.name, "person"))
    ]
    act = _asked_act(question)
    placed = [(m.start, m.name) for m in mentions if not act or _does(m.start, m.end, text, act)]
    if (act or not placed) and question.wants is not Wants.ORGANISATION:
        taken = [(m.start, m.end) for m in knowledge.matcher.mentions(text)]
        runs = [r for r in PERSON.finditer(text) if not any(a < r.end() and r.start() < b for a, b in taken)]
        runs = [r for r in runs if not act or _does(r.start(), r.end(), text, act)]
        placed += [
            (r.start(), r.group()) for r in runs if r.group().lower() not in asked_names and r.group() not in left_out
        ]
    found = [name for _, name in sorted(placed)]
    return f"{_join(list(dict.fromkeys(found))[:3])}, according to {source}." if found else ""


ACT_AFTER_WHO = re.compile(
    r"^\s*(?:who|which \w+)\s+(?:(?:has|have|had|was|were|is|are)\s+)?([a-z]+ed(?:\s+(?:and|or)\s+[a-z]+ed)?)\b", re.I
)


def _asked_act(question: Question) -> frozenset[str]:
    """The stem of the past-tense verb a question asks the doer of ("who proposed X": propos), or none."""
    found = ACT_AFTER_WHO.search(question.text)
    return stems(found.group(1)) if found else frozenset()


def _does(start: int, end: int, text: str, act: frozenset[str]) -> bool:
    """Whether the name at [start, end) does the act in the text: the act's word follows it in its clause, or
    the name follows "by" right after the act's word."""
    for word in WORD.finditer(text):
        if not stems(word.group()) & act:
            continue
        if word.start() >= end and not re.search(r"[;.]|,\s*(?:and|but|while)\b", text[end : word.start()]):
            return True
        by = re.match(r"\s+(?:\w+\s+){0,3}?by\s+", text[word.end() :])
        if by and start >= word.end() and start <= word.end() + by.end() + 40:
            return True
    return False


def _is_wanted(wants: Wants, kind: str) -> bool:
    if wants is Wants.PERSON:
        return kind == "person"
    if wants is Wants.ORGANISATION:
        return kind in ("branch", "group")
    return True


def _figure(question: Question, text: str, before: str, knowledge: Knowledge, article: str) -> str:
    """The figure of the quote about the one asked (one per candidate when several are asked), counting what the
    question counts; figures of different clauses are never joined into one."""
    parts = figures_of_asked(question, text, before, knowledge, article)
    if len(_asked_counted(question)) > 1:
        return "; ".join(f"{name}: {figure}" for name, figure in parts)
    return parts[0][1] if parts else ""


def _asked_counted(question: Question) -> list[str]:
    return [m.name for m in question.named_candidates] or question.names


def figures_of_asked(
    question: Question, text: str, before: str, knowledge: Knowledge, article: str
) -> list[tuple[str, str]]:
    """(name asked, its figure in the quote) for each name asked that the quote gives a figure for."""
    wanted = counted_nouns(BACKING.sub(" ", question.text))
    asked = _asked_counted(question)
    text, before = knowledge.without_others(text, asked), knowledge.without_others(before, asked)
    mentioned = [m for m in knowledge.matcher.mentions(text) if m.name not in asked]
    others = [m.typed for m in mentioned if m.name in question.candidates]
    votes = question.kind is Kind.VOTES
    year, article_year = question.restrictions.year, knowledge.years.get(article, "")
    info = knowledge.articles.get(article)  # "He takes 114 MPs" under a title that names him
    title = knowledge.without_others(f"{info.title} {info.source}" if info else "", asked)
    found = [f for f in figures(text) if fits(f, wanted, votes) and not other_year(f, year, article_year)]
    parts = []
    for name in asked if len(asked) > 1 else [""]:  # one name asked, or none: the quote's figure for them
        rivals = others + [s for n in asked if n != name for s in knowledge.spellings(n)]
        spellings = [s for n in ([name] if name else asked) for s in knowledge.spellings(n)]
        mine = [f for f in found if attributed(f, text, spellings, rivals, f"{title} {before}")]
        if mine:
            parts.append((name, _one_per_kind(mine, wanted)))
    return parts


def _one_per_kind(found: list[Figure], wanted: set[str]) -> str:
    """The first figure, or when the question counts several kinds ("MPs and MSPs") the first of each."""
    if len(wanted) < 2:
        return found[0].text
    chosen: dict[str, str] = {}
    for figure in found:
        for kind in counted_nouns(figure.text) & wanted:
            chosen.setdefault(kind, figure.text)
    return " and ".join(dict.fromkeys(chosen.values())) or found[0].text


def lead_from(
    question: Question,
    quotes: list[Quote],
    knowledge: Knowledge,
    before: dict[str, str],
    theirs: Callable[[Quote], bool] | None = None,
) -> tuple[str, Quote | None]:
    """The short lead of the first of the best few quotes that gives what is asked, with that quote; ("", None)
    when none does. A reason stated outright ("because", "concerned that") beats a mere quotation; a figure
    counting what is asked beats one that does not say what it counts."""
    passes = (True, False) if question.wants is Wants.REASON or question.kind is Kind.WHY else (False,)
    for strong in passes:
        found = []
        for quote in quotes[:LEAD_CANDIDATES]:
            own = theirs is not None and theirs(quote)
            lead = short_lead(question, quote, knowledge, before.get(quote.text, ""), own, strong)
            if lead:
                found.append((lead, quote))
        figure = question.wants is Wants.NUMBER or question.kind is Kind.VOTES
        if figure and not question.names:  # "what was the vote in the 2013 labor spill"
            found = [(lead, quote) for lead, quote in found if _about_what_is_asked(question, quote, before)]
        if found and question.wants is Wants.NUMBER:
            wanted = counted_nouns(BACKING.sub(" ", question.text))
            asked = stems(question.text) - set().union(*(stems(n) for n in question.names))
            found.sort(
                key=lambda pair: (*_figure_rank(pair[0], wanted), len(asked & stems(pair[1].text))), reverse=True
            )
        if found and question.wants is Wants.NUMBER and len(_asked_counted(question)) > 1:
            return _figures_across(question, found, knowledge, before), found[0][1]
        if found:
            return found[0]
    return "", None


COUNT_WORDS = stems("vote votes voted result count number many much tally margin total final get got win won receive")
"""Words of a question about a figure that say only that a figure is asked."""


def _about_what_is_asked(question: Question, quote: Quote, before: dict[str, str]) -> bool:
    """Whether a quote, its paragraph before it or its article's title speaks of every thing a question with no
    name asks a figure of: the 57-45 of a spill, not the 18 of 94 of a preselection reported the same year."""
    asked = {w for w in stems(question.text) - COUNT_WORDS if not w.isdigit()}
    return asked <= stems(" ".join((quote.text, before.get(quote.text, ""), quote.title)))


def _figures_across(
    question: Question, found: list[tuple[str, Quote]], knowledge: Knowledge, before: dict[str, str]
) -> str:
    """One figure for each candidate asked, each from the best quote that gives theirs, with its source."""
    given: dict[str, tuple[str, str]] = {}
    for _, quote in found:
        for name, figure in figures_of_asked(
            question, quote.text, before.get(quote.text, ""), knowledge, quote.article
        ):
            given.setdefault(name, (figure, quote.source or quote.title))
    sources = list(dict.fromkeys(source for _, source in given.values()))
    if len(sources) == 1:
        return "; ".join(f"{name}: {figure}" for name, (figure, _) in given.items()) + f", according to {sources[0]}."
    return "; ".join(f"{name}: {figure} (according to {source})" for name, (figure, source) in given.items()) + "."


def _figure_rank(lead: str, wanted: set[str]) -> tuple[bool, bool]:
    """Counting what was asked, then saying what it counts at all (then the question's words, then relevance)."""
    counted = counted_nouns(lead.rsplit(", according to", 1)[0])
    return bool(counted & wanted), bool(counted) or bool(re.search(r"\d[\d,.%]*\s+[A-Za-z]", lead))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def unique(quotes: Iterable[Quote]) -> list[Quote]:
    seen: set[str] = set()
    kept = []
    for quote in quotes:
        if quote.text not in seen:
            seen.add(quote.text)
            kept.append(quote)
    return kept
