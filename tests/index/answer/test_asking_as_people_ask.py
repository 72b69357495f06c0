"""Questions as people type them (issue 12): misspelt, lower-case, restricted by kind, and follow-ups."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from index.answer.answering import read
from index.answer.checks import unsupported_names
from index.answer.conversation import Conversation
from index.engine import Engine
from index.models import Answer


def shown(answer: Answer) -> str:
    return " ".join([answer.lead, *(q.text for q in answer.quotes)])


@pytest.mark.parametrize(
    ("question", "must_show"),
    [
        ("who is keir starmar backing?", ["Owen Smith"]),  # misspelt surname
        ("Who is Kier Starmer backing?", ["Owen Smith"]),  # misspelt first name
        ("has tulip sidiq declared?", ["not"]),
        ("who backed owen smith?", ["Starmer"]),
        ("WHO BACKED OWEN SMITH?", ["Starmer"]),
        ("which branch nominated corbin?", ["Corbyn"]),
        ("Which MPs back Owen Smith?", ["Starmer"]),
        ("who did sarah hayward back?", ["Owen Smith"]),
    ],
)
def test_misspelt_lower_case_and_restricted(engine: Engine, question: str, must_show: list[str]) -> None:
    """Names are found whatever their case and with small misspellings; restricted questions still answer."""
    answer = engine.ask(question)
    assert not answer.abstained, answer.lead
    for text in must_show:
        assert text.lower() in shown(answer).lower(), answer.lead


@pytest.mark.parametrize(
    "question",
    ["Approximately how many CLPs backed Smith?", "Roughly how many votes did Corbyn get in Holborn?"],
)
def test_sentence_initial_words_are_not_names(engine: Engine, question: str) -> None:
    """A capitalised first word is not taken for a name the articles lack."""
    assert "do not mention" not in engine.ask(question).lead


@pytest.mark.parametrize(
    "question",
    [
        "Who did Keir Hardie back?",
        "who did nicola sturgeon endorse?",
        "Who did Jeremy Hunt back?",
        "who does keir smith back",
    ],
)
def test_unknown_full_names_abstain(engine: Engine, question: str) -> None:
    """An unknown full name abstains even when its first name (or surname) belongs to someone known."""
    answer = engine.ask(question)
    assert answer.abstained, answer.lead


def test_a_rival_is_never_listed_as_a_backer(engine: Engine) -> None:
    """Who backed Corbyn never lists someone whose record opposes him."""
    knowledge = engine.snapshot.knowledge
    about = [r for r in knowledge.records if r.backed == "Jeremy Corbyn"]
    opposers = {r.backer for r in about if r.stance == "opposes"} - {r.backer for r in about if r.stance == "supports"}
    for question in ("Who backed Jeremy Corbyn?", "who did corbyn get support from?"):
        lead = engine.ask(question).lead
        assert not any(name in lead for name in opposers), lead


def test_direction_of_get_support_from(engine: Engine) -> None:
    """'who did X get support from' asks who backed X, not whom X backed."""
    _, question = read(engine.snapshot.knowledge, "who did owen smith get support from?")
    assert (question.kind.value, question.backed) == ("backers_of", "Owen Smith")


@pytest.mark.parametrize(
    "question",
    ["who got the hampstead and kilburn nomination?", "Who won the Hampstead and Kilburn branch's nomination?"],
)
def test_who_got_a_branchs_nomination_is_whom_the_branch_backed(engine: Engine, question: str) -> None:
    """The one asked for received the nomination: the branch backs them, by its place name alone too."""
    lead = engine.ask(question).lead
    assert lead.startswith("Hampstead and Kilburn CLP backs Jeremy Corbyn"), lead


@pytest.mark.parametrize(
    ("first", "follow_up", "must_show", "alone_differs"),
    [
        ("Who is Keir Starmer backing?", "and sarah hayward?", ["Owen Smith"], True),
        ("Who won the vote in Holborn and St Pancras?", "by how many votes?", ["274", "196"], True),
        ("Who did Keir Starmer back?", "and last year?", ["Burnham"], True),
    ],
)
def test_follow_ups_read_against_the_previous_turn(
    engine: Engine, first: str, follow_up: str, must_show: list[str], alone_differs: bool
) -> None:
    """The follow-up is answered from the previous turn, and differently from the same words asked alone."""
    conversation = Conversation()
    engine.ask(first, conversation)
    answer = engine.ask(follow_up, conversation)
    for text in must_show:
        assert text in shown(answer), answer.lead
    alone = engine.ask(follow_up)
    assert (shown(alone) != shown(answer)) == alone_differs


PEOPLE = ["Keir Starmer", "Sarah Hayward", "Tulip Siddiq", "Owen Smith", "Jeremy Corbyn", "Andy Burnham", "Kate Green"]
TEMPLATES = [
    "Who is {} backing?",
    "who backed {}?",
    "Did {} back Owen Smith?",
    "which MPs backed {}?",
    "who did {} get support from?",
    "Has {} declared?",
    "Who is {}?",
    "why did {} back him?",
]


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(template=st.sampled_from(TEMPLATES), person=st.sampled_from(PEOPLE), lower=st.booleans())
def test_every_name_in_a_lead_is_shown_or_recorded(engine: Engine, template: str, person: str, lower: bool) -> None:
    """Every known name in a lead occurs in a quote shown with it or in a record the lead came from."""
    question = template.format(person.lower() if lower else person)
    answer = engine.ask(question)
    if answer.abstained:
        return
    knowledge = engine.snapshot.knowledge
    _, read_as = read(knowledge, question)
    quoted = {q.text for q in answer.quotes}
    records = [r for r in knowledge.records if r.quote in quoted or {r.backer, r.backed} & set(read_as.names)]
    assert unsupported_names(answer.lead, answer.quotes, records, knowledge, read_as.names) == [], answer.lead
    assert not any(re.fullmatch(re.escape(q.text), answer.lead) for q in answer.quotes)


@pytest.mark.parametrize("question", ["How many CLPs does Corbyn have?", "how many CLPs has jeremy corbyn got?"])
def test_how_many_a_candidate_has_is_led_by_the_counted_backing(engine: Engine, question: str) -> None:
    """A count of backers the candidate holds comes from the record, not from the first numbers of a quote."""
    answer = engine.ask(question)
    assert answer.lead.startswith("Jeremy Corbyn has the backing of 200 CLPs"), answer.lead


def test_is_x_backing_y_with_only_earlier_backing_is_not_a_yes(engine: Engine) -> None:
    """Present tense asks about now: an earlier nomination is told as earlier, never as "Yes"."""
    answer = engine.ask("is tulip siddiq backing corbyn?")
    assert not answer.lead.startswith("Yes"), answer.lead
    assert "backed Jeremy Corbyn earlier" in answer.lead
    assert engine.ask("did tulip siddiq back corbyn?").lead.startswith("Yes")


@pytest.mark.parametrize("question", ["why did murad qureshi back corbyn?", "why is kate green backing smith?"])
def test_a_reason_is_only_taken_from_a_paragraph_about_the_person_asked(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    asked = "Qureshi" if "qureshi" in question else "Green"
    assert answer.abstained or asked in answer.quotes[0].text, answer.quotes[0].text


@pytest.mark.parametrize("question", ["who's keir starmer backing?", "who’s backing owen smith?"])
def test_who_is_written_short_is_read_as_who_is(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.abstained and "Owen Smith" in answer.lead and "Starmer" in answer.lead, answer.lead
