"""Any text at all: the corpus parser never crashes and keeps every sentence verbatim; any question gets an answer."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.answer.conversation import Conversation
from index.engine import Engine
from index.ingest.corpus import CorpusError, load_corpus, parse_article
from index.models import Answer
from tests.conftest import CORPUS

ARTICLE_PIECES = [
    "title: A title\n",
    "source: Ham & High\n",
    "url:\n",
    "---\n",
    "\n\n",
    "\n \n",
    "\r\n\r\n",
    "Mr. Corbyn",
    "Cllr. Smith said.",
    " St. Pancras ",
    "“quoted.” ",
    "(Image: PA Wire)",
    "Ham & High: A caption A caption (Image: Archant)",
    "96 votes to 54. ",
    "?! ",
    "...",
    "\ufeff",
    "\u2028",
    "\u00a0",
    "\x00",
    "é́",
]
QUESTION_PIECES = [
    "Who",
    "who backed",
    "Did",
    "support",
    "back",
    "endorse",
    "nominate",
    "Keir Starmer",
    "Starmer",
    "Jeremy Corbyn",
    "Owen Smith",
    "Tulip Siddiq",
    "Hampstead and Kilburn",
    "Holborn and St Pancras",
    "branch",
    "CLP",
    "how many votes",
    "by how many",
    "and last year",
    "what about",
    "he",
    "she",
    "they",
    "not",
    "?",
    "...",
    "@everyone",
    "<@123456789012345678>",
    "**bold**",
    "```",
    "\n",
    "\u200b",
    "Ω",
]
articles = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(ARTICLE_PIECES)), max_size=30).map("".join)
questions = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(QUESTION_PIECES), st.text(max_size=8)), max_size=12).map(" ".join),
)
CORPUS_TEXTS = {path.stem: path.read_text(encoding="utf-8") for path in CORPUS.iterdir()}


@given(articles)
@settings(max_examples=300, deadline=None)
def test_any_text_parses_into_verbatim_paragraphs_and_ordered_sentences(raw: str) -> None:
    """Every paragraph stands in the article text, every sentence is a stripped, non-empty, in-order slice of it."""
    article = parse_article("any", raw)
    assert article.text in raw.lstrip("\ufeff")
    for paragraph in article.paragraphs:
        assert paragraph.text and paragraph.text in article.text
        end = 0
        for sentence in paragraph.sentences:
            assert end <= sentence.start < sentence.end <= len(paragraph.text)
            text = paragraph.text[sentence.start : sentence.end]
            assert text == text.strip(), text
            end = sentence.end


@given(st.lists(st.one_of(st.binary(max_size=200), articles.map(lambda text: text.encode("utf-8"))), max_size=4))
@settings(max_examples=60, deadline=None)
def test_any_files_load_as_articles_or_one_clear_error(contents: list[bytes]) -> None:
    """A corpus folder of arbitrary bytes yields articles or a CorpusError, never a crash."""
    with tempfile.TemporaryDirectory() as folder:
        for number, data in enumerate(contents):
            (Path(folder) / f"file-{number}.md").write_bytes(data)
        try:
            loaded = load_corpus(Path(folder))
        except CorpusError as error:
            assert str(error).endswith(".")
            return
        assert loaded and all(article.paragraphs for article in loaded)


def assert_answered_verbatim(answer: Answer, question: str) -> None:
    """A lead sentence; quotes only when answering, each verbatim in its article's file with its source."""
    assert isinstance(answer, Answer) and answer.question == question
    assert answer.lead.strip()
    assert answer.abstained or answer.quotes, answer
    for quote in answer.quotes:
        assert quote.text.strip() and quote.text in CORPUS_TEXTS[quote.article], quote
        assert quote.title and quote.paragraph >= 1


@given(questions)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_question_gets_a_verbatim_answer_or_a_clear_refusal(engine: Engine, question: str) -> None:
    """Whatever is asked, `ask` returns an Answer (never raises): quotes verbatim in the corpus, or an abstention."""
    assert_answered_verbatim(engine.ask(question), question)


@given(st.lists(questions, min_size=2, max_size=4))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_follow_ups_keep_answering_verbatim(engine: Engine, turns: list[str]) -> None:
    """A conversation of arbitrary follow-ups never crashes and never misquotes."""
    conversation = Conversation()
    for question in turns:
        assert_answered_verbatim(engine.ask(question, conversation), question)
