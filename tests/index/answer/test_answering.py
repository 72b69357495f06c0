"""Answers: the fact first, verbatim quotes with sources, honest abstention, disagreement shown, follow-ups."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from index.answer.conversation import Conversation
from index.engine import Engine
from index.models import Answer
from index.search.build import build_index
from index.search.embedder import Embedder
from index.settings import Settings

PEOPLE = [
    "Keir Starmer",
    "Sarah Hayward",
    "Tulip Siddiq",
    "Kate Green",
    "Murad Qureshi",
    "Frank Dobson",
    "Jane Roberts",
    "Peter Taheri",
    "Patrick French",
    "Owen Smith",
    "Jeremy Corbyn",
    "Andy Burnham",
    "Holborn and St Pancras CLP",
    "Hampstead and Kilburn CLP",
    "Nicola Sturgeon",
    "Boris Johnson",
]
TEMPLATES = [
    "Who is {} backing?",
    "Who backed {}?",
    "Did {} back Owen Smith?",
    "Has {} declared?",
    "What was the vote for {}?",
    "Why did {} do it?",
    "Who is {}?",
    "what about {}",
    "{}",
]


def shown(answer: Answer) -> str:
    return " ".join([answer.lead, *(q.text for q in answer.quotes)])


def assert_verbatim(engine: Engine, answer: Answer) -> None:
    """Every quote stands, unchanged, in the paragraph it cites."""
    for quote in answer.quotes:
        paragraphs = engine.snapshot.store.article_paragraphs(quote.article)
        assert quote.text in paragraphs[quote.paragraph - 1].text, quote


def test_lead_names_current_and_past_backing(engine: Engine) -> None:
    """Keir Starmer's answer gives his current candidate first and last year's separately."""
    answer = engine.ask("Who is Keir Starmer backing?")
    assert "Owen Smith" in answer.lead and "Burnham" in answer.lead
    assert answer.lead.index("Owen Smith") < answer.lead.index("Burnham")
    assert any("Smith" in q.text for q in answer.quotes)


@pytest.mark.parametrize(
    ("question", "must_show"),
    [
        ("which candidate did hampstead and kilburn CLP nominate?", ["Corbyn"]),
        ("By how many votes did Hampstead and Kilburn back Corbyn?", ["96", "54"]),
        ("who did the holborn and st pancras branch back last year?", ["Corbyn"]),
        ("Did Sarah Hayward back Owen Smith?", ["Yes"]),
        ("did keir starmer back jeremy corbyn?", ["No"]),
        ("Who argued for Owen Smith in St Pancras Church?", ["Kate Green"]),
        ("Who urged members to back Smith?", ["Dobson"]),
        ("Who chairs the Holborn and St Pancras branch?", ["Patrick French"]),
        ("Whom did Tulip Siddiq prefer last year?", ["Burnham"]),
        ("Who has not declared who they will support?", ["Tulip Siddiq has not declared"]),
        ("Who declined to say who they are backing?", ["Tulip Siddiq"]),
        ("Who backed someone else last time?", ["Keir Starmer backed Andy Burnham", "backs Owen Smith now"]),
        ("which MPs changed sides since last year?", ["Keir Starmer", "Tulip Siddiq"]),
        ("What is the result of the Holborn and St Pancras vote?", ["274", "196"]),
    ],
)
def test_rephrased_and_other_people(engine: Engine, question: str, must_show: list[str]) -> None:
    """Questions of the same kinds about other people and branches, in other words and cases, are answered."""
    answer = engine.ask(question)
    assert not answer.abstained
    for text in must_show:
        assert text in shown(answer), (question, answer.lead)
    assert_verbatim(engine, answer)


@pytest.mark.parametrize(
    "question",
    [
        "Who did Nicola Sturgeon endorse?",
        "who did boris johnson back for leader?",
        "Who won the 2020 US election?",
        "What is the capital of France?",
        "Who did Andy Burnham back?",
    ],
)
def test_abstains_when_the_articles_do_not_say(engine: Engine, question: str) -> None:
    """Unknown names and unrelated questions get an honest decline that names what the articles cover."""
    answer = engine.ask(question)
    assert answer.abstained and not answer.quotes
    assert "do not" in answer.lead and "Owen Smith" in answer.lead


@pytest.mark.parametrize("question", ["", "   ", "?!", "\u200b\u200b"])
def test_empty_questions_get_a_hint(engine: Engine, question: str) -> None:
    """An empty question is answered with an example of what to ask."""
    answer = engine.ask(question)
    assert answer.abstained and "Who backed Owen Smith?" in answer.lead


def test_lead_and_three_quotes_fit_1500_characters(engine: Engine) -> None:
    """Answers stay short: the lead plus the first three quotes fit in 1,500 characters."""
    for question in [*(t.format(name) for t in TEMPLATES[:6] for name in PEOPLE[:4]), "Who backed Jeremy Corbyn?"]:
        answer = engine.ask(question)
        assert len(answer.lead) + sum(len(q.text) for q in answer.quotes[:3]) <= 1500


def test_follow_ups_keep_their_context_and_new_conversations_start_clean(engine: Engine) -> None:
    """'by how many votes?' is about the previous question's branch; in a new conversation it is about all."""
    conversation = Conversation()
    engine.ask("Who won the vote in Holborn and St Pancras?", conversation)
    follow_up = engine.ask("by how many votes?", conversation)
    assert "274" in follow_up.lead and "196" in follow_up.lead and "Hampstead" not in follow_up.lead
    assert "Hampstead" in engine.ask("by how many votes?", Conversation()).lead


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(template=st.sampled_from(TEMPLATES), name=st.sampled_from(PEOPLE), lower=st.booleans())
def test_every_quote_is_verbatim(engine: Engine, template: str, name: str, lower: bool) -> None:
    """Whatever is asked about whoever, every quote shown stands verbatim in the paragraph it cites."""
    question = template.format(name)
    answer = engine.ask(question.lower() if lower else question)
    assert answer.lead
    assert_verbatim(engine, answer)


def test_conflicting_sources_are_both_shown(tmp_path: Path, embedder: Embedder) -> None:
    """When two articles disagree on whom someone backs, the answer shows both, each with its article."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "gazette.md").write_text(
        "title: Gazette\nsource: Gazette\n---\nCouncillor Jane Doe is backing Owen Smith for leader.", encoding="utf-8"
    )
    (corpus / "herald.md").write_text(
        "title: Herald\nsource: Herald\n---\nCouncillor Jane Doe is backing Jeremy Corbyn for leader.", encoding="utf-8"
    )
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data")
    build_index(settings, embedder)
    engine = Engine(settings, embedder)
    engine.reload()
    answer = engine.ask("Who is Jane Doe backing?")
    assert "disagree" in answer.lead and "Owen Smith" in answer.lead and "Jeremy Corbyn" in answer.lead
    assert {q.article for q in answer.quotes} == {"gazette", "herald"}


def test_backers_list_people_and_branches_and_give_tallies_apart(engine: Engine) -> None:
    """'Who backed Owen Smith?' names his backers, and a count such as '41 CLPs' is given as a total."""
    lead = engine.ask("Who backed Owen Smith?").lead
    assert lead.startswith("Owen Smith is backed by") and "Keir Starmer" in lead and "Sarah Hayward" in lead
    assert "41 CLPs back Owen Smith in all." in lead
    assert "41 CLPs" not in lead.split(".")[0]
