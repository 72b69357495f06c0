"""Answers from the best sentences: retrieval, sentence scoring by what the question asks, and a short lead.

A sentence scores for the question's own words (twice its names), the names it asks about, the kinds of
backer and the year it restricts to, and for holding what the question word wants (a date for "when", a
number for "how many", a reason for "why"). The lead is the thing asked for, taken from the best sentence
(a name, number, date or place), never the sentence itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

from index.answer.known import Knowledge
from index.answer.questions import Kind, Question
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
EXPLAINING = re.compile(r"\b(?:because|reason|why|since|after|lost confidence|so that|in order to|as a result)\b", re.I)
MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
DATE = re.compile(
    rf"\b(?:{MONTHS} \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)? {MONTHS}(?: \d{{4}})?|"
    rf"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|{MONTHS} \d{{4}}|the \d{{1,2}}(?:st|nd|rd|th))\b"
)
NUMBER = re.compile(
    r"\b\d[\d,.]*\s+votes?\s+to\s+\d[\d,.]*|\b\d[\d,.]*(?:\s?(?:%|per ?cent|percent))?(?:\s+(?:more|out of \d+|of the)\b)?(?:\s+[A-Za-z][\w&-]*){0,2}"
)
PLACE = re.compile(r"\b(?:at|in) ((?:the )?[A-Z][\w'’-]*(?:\s+(?:of |and )?[A-Z][\w'’-]*)*)")
PERSON = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*(?:\s+[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*)+\b")
ABBREVIATION_END = re.compile(r"(?:\b(?:Rep|Sen|Gov|Dr|Mr|Mrs|Ms|Rev|St|Cllr|Prof|Lt|Col|Gen)|\b[A-Z]\.[A-Z])\.\s*$")
COUNTING = re.compile(r"\b(?:how many|how much|what share|what proportion|what percentage|how large)\b", re.I)
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
        return 3.0 if EXPLAINING.search(text) else 0.0
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


def short_lead(question: Question, quote: Quote, knowledge: Knowledge) -> str:
    """The thing asked for, taken from the quote: a date, number, place, name or reason; "" when none fits."""
    text = quote.text
    source = quote.source or quote.title
    asked_names = {s.lower() for n in question.names for s in knowledge.spellings(n)}
    if question.asks == "when":
        date = DATE.search(text)
        if date:
            return f"{_cap(date.group())}, according to {source}."
    if COUNTING.search(question.text) or question.kind is Kind.VOTES:
        numbers = [m.group().strip(" ,.") for m in NUMBER.finditer(text)]
        numbers = [n for n in numbers if not re.fullmatch(r"(?:19|20)\d\d", n.split()[0])]
        if numbers:
            return f"{_join(numbers[:3])}, according to {source}."
    if question.asks == "where":
        place = PLACE.search(text)
        if place:
            return f"{_cap(place.group())}, according to {source}."
    if question.kind is Kind.WHY:
        reason = EXPLAINING.search(text)
        if reason:
            words = text[reason.start() :].split()
            clause = " ".join(words[:14]).rstrip(".,;:")
            return f"{source} gives this reason: {clause}{'…' if len(words) > 14 else '.'}"
    if question.asks in ("who", "whom", "which", "whose") and question.kind is Kind.FACT:
        found = [m.name for m in knowledge.matcher.mentions(text) if m.typed.lower() not in asked_names]
        found = [n for n in found if n not in question.names]
        if not found:
            found = [p for p in PERSON.findall(text) if p.lower() not in asked_names and p not in question.names]
        if found:
            return f"{_join(list(dict.fromkeys(found))[:3])}, according to {source}."
    return ""


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
