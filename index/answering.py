"""From a question to an Answer: retrieve paragraphs, pick the sentences that answer, compose the lead."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from index.answer import Answer, Quote

if TYPE_CHECKING:
    from index.engine import Snapshot

MAX_QUOTES = 5
WORD = re.compile(r"[A-Za-z0-9]+")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "who",
        "whom",
        "whose",
        "what",
        "which",
        "when",
        "where",
        "why",
        "how",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "i",
        "you",
        "we",
        "me",
        "my",
        "our",
        "your",
        "with",
        "as",
        "from",
        "about",
        "into",
        "than",
        "then",
        "so",
        "not",
        "no",
        "yes",
        "any",
        "all",
        "some",
        "many",
        "much",
        "say",
        "said",
        "tell",
    ]
)


@dataclass
class Conversation:
    """The turns so far of one chat (a thread, a DM, the terminal), for resolving follow-ups."""

    turns: list[tuple[str, Answer]] = field(default_factory=list)

    def remember(self, question: str, answer: Answer) -> None:
        self.turns.append((question, answer))


def content_words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text) if w.lower() not in STOPWORDS}


def answer_question(snapshot: Snapshot, question: str, conversation: Conversation | None = None) -> Answer:
    """The best sentences for the question, with the first as the lead."""
    question = question.strip()
    hits = snapshot.retriever.search(question, k=8)
    wanted = content_words(question)
    scored: list[tuple[float, Quote]] = []
    for hit in hits:
        article = snapshot.store.article(hit.paragraph.article_id)
        for sentence in hit.paragraph.sentence_texts:
            overlap = len(wanted & content_words(sentence))
            if not overlap:
                continue
            quote = Quote(
                sentence,
                article.id,
                article.title,
                article.source,
                article.date,
                article.url,
                hit.paragraph.position,
                hit.score * 60 + overlap,
            )
            scored.append((quote.score, quote))
    scored.sort(key=lambda pair: pair[0], reverse=True)
    quotes = [quote for _, quote in scored[:MAX_QUOTES]]
    if not quotes:
        answer = Answer(question, "The articles do not say.", [], abstained=True)
    else:
        answer = Answer(question, quotes[0].text, quotes)
    if conversation is not None:
        conversation.remember(question, answer)
    return answer
