"""Synthetic corpora for the bench: articles in the style of the real ones, and embeddings near real ones.

The text is generated from sentence templates about branches nominating candidates, so its words and
lengths resemble the corpus and BM25 sees realistic postings. Generated vectors are real embeddings
plus Gaussian noise, renormalized: clustered the way real embeddings are, at no encoding cost.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from index.ingest.corpus import Article, Paragraph, Sentence

PARAGRAPHS_PER_ARTICLE = 10
SENTENCE_POOL = 200_000
CHUNK = 65_536  # vectors generated at a time, to bound temporary memory
NOISE = 0.04
"""Per-dimension noise on 384 dimensions: a generated vector keeps a cosine of about 0.8 with its base."""

FIRST_NAMES = (
    "Anna Ben Carla David Emma Farid Grace Hassan Isla James Kate Liam Maya Nadia Omar Priya Quentin Rosa Sam "
    "Tariq Uma Victor Wendy Yusuf Zoe Alan Beth Callum Dina Eric Fiona Gareth Helen Imran Joan Kwame Lucy Marek"
).split()
LAST_NAMES = (
    "Abbott Barker Chaudhry Dawson Evans Fletcher Green Hughes Iqbal Jones Khan Lewis Murphy Norris Okafor Patel "
    "Quinn Roberts Shah Taylor Underwood Vaughan Walsh Young Ahmed Brennan Clarke Doyle Ellis Foster Grant Hayward"
).split()
PLACES = (
    "Camden Hackney Islington Lambeth Lewisham Brent Ealing Enfield Haringey Barnet Croydon Bromley Harrow "
    "Hounslow Merton Newham Redbridge Southwark Sutton Wandsworth Bristol Leeds Bradford Cardiff Swansea Derby "
    "Leicester Norwich Oxford Reading Salford Sheffield Stockport Sunderland Wigan Wirral York Hull Luton Exeter"
).split()
PARTS = ("North", "South", "East", "West", "Central", "and Kilburn", "and St Pancras", "Vale", "Park", "Green")
PAPERS = ("Ham & High", "Camden New Journal", "Evening Standard", "Local Guardian", "Islington Gazette")
VENUES = ("St Pancras Church", "the town hall", "a community centre", "the Friends Meeting House", "a school hall")
MOODS = ("upbeat", "tense", "divided", "enthusiastic", "subdued", "angry")
CANDIDATES = ("Jeremy Corbyn", "Owen Smith")
TEMPLATES = (
    "{branch} Constituency Labour Party voted to nominate {candidate} by {a} votes to {b} at a meeting on {day}.",
    "{mp}, the MP for {place}, is backing {candidate} in the leadership contest.",
    "Councillor {person} said the mood among the {n} members present was {mood}.",
    "{person}, secretary of the {place} branch, said turnout had been the highest in {years} years.",
    "{person} spoke on behalf of {candidate}, while {other_person} made the case for {other}.",
    "So far {a} constituency parties have nominated {candidate} and {b} have backed {other}.",
    "The {place} MP {mp} has not yet said who they will support.",
    "Members in {place} complained that {n} of them were not invited to vote.",
    "{person} told the {paper} that the result showed the strength of feeling in {place}.",
    "The meeting at {venue} in {place} lasted {hours} hours and ended just before {hour}pm.",
    "{mp} resigned from the front bench in June, saying {pronoun} had lost confidence in {candidate}.",
    "Last year {person} campaigned for {other_person} in the leadership election.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _place(rng: random.Random) -> str:
    return f"{rng.choice(PLACES)} {rng.choice(PARTS)}"


def _sentence(rng: random.Random) -> str:
    candidate, other = rng.sample(CANDIDATES, 2)
    place = _place(rng)
    return rng.choice(TEMPLATES).format(
        branch=place,
        place=place,
        candidate=candidate,
        other=other,
        mp=_name(rng),
        person=_name(rng),
        other_person=_name(rng),
        a=rng.randint(5, 400),
        b=rng.randint(5, 400),
        n=rng.randint(2, 2000),
        day=rng.choice(DAYS),
        mood=rng.choice(MOODS),
        years=rng.randint(2, 40),
        paper=rng.choice(PAPERS),
        venue=rng.choice(VENUES),
        hours=rng.randint(2, 5),
        hour=rng.randint(8, 11),
        pronoun=rng.choice(("he", "she")),
    )


def synthetic_articles(paragraphs: int, seed: int = 0) -> list[Article]:
    """Articles holding `paragraphs` paragraphs in all (PARAGRAPHS_PER_ARTICLE each) of one to three sentences.

    Sentences are drawn from a pool of generated ones, so millions of paragraphs take seconds; their
    offsets are known, so every sentence is a verbatim slice of its paragraph, as the parser would cut it.
    """
    rng = random.Random(seed)
    pool = [_sentence(rng) for _ in range(max(1, min(SENTENCE_POOL, 2 * paragraphs)))]
    numbers = np.random.default_rng(seed)
    lengths = numbers.integers(1, 4, paragraphs).tolist()
    picks = numbers.integers(0, len(pool), (paragraphs, 3)).tolist()
    articles: list[Article] = []
    for start in range(0, paragraphs, PARAGRAPHS_PER_ARTICLE):
        place, candidate = _place(rng), rng.choice(CANDIDATES)
        article = Article(
            f"synthetic-{seed}-{start // PARAGRAPHS_PER_ARTICLE:07d}",
            f"{place} Labour branch nominates {candidate}",
            rng.choice(PAPERS),
            "2016-08",
            "",
            "",
        )
        for position, row in enumerate(range(start, min(start + PARAGRAPHS_PER_ARTICLE, paragraphs)), start=1):
            article.paragraphs.append(_paragraph(article.id, position, [pool[i] for i in picks[row][: lengths[row]]]))
        article.text = "\n\n".join(p.text for p in article.paragraphs)
        articles.append(article)
    return articles


def _paragraph(article_id: str, position: int, sentences: list[str]) -> Paragraph:
    offsets: list[Sentence] = []
    start = 0
    for sentence in sentences:
        offsets.append(Sentence(start, start + len(sentence)))
        start += len(sentence) + 1
    return Paragraph(article_id, position, " ".join(sentences), False, offsets)


def corpus_file_text(article: Article) -> str:
    """The article as a corpus file: its header, then its paragraphs separated by blank lines."""
    return f"title: {article.title}\nsource: {article.source}\ndate: {article.date}\n---\n{article.text}"


def write_synthetic_corpus(folder: Path, paragraphs: int, seed: int = 0) -> list[Article]:
    """Write synthetic articles into folder as corpus files and return them."""
    folder.mkdir(parents=True, exist_ok=True)
    articles = synthetic_articles(paragraphs, seed)
    for article in articles:
        (folder / f"{article.id}.md").write_text(corpus_file_text(article), encoding="utf-8")
    return articles


def synthetic_vectors(bases: np.ndarray, count: int, seed: int = 0, out: np.ndarray | None = None) -> np.ndarray:
    """count normalized vectors, each a random base vector plus NOISE per dimension, written into out if given."""
    rng = np.random.default_rng(seed)
    vectors = np.empty((count, bases.shape[1]), dtype=np.float32) if out is None else out
    for start in range(0, count, CHUNK):
        rows = vectors[start : start + CHUNK]
        rows[:] = bases[rng.integers(0, len(bases), len(rows))]
        rows += rng.standard_normal(rows.shape, dtype=np.float32) * NOISE
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return vectors
