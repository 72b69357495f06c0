"""Follow-ups: pronouns, 'what about X?' and elliptical questions are read against the earlier turns."""

import pytest

from index.answer.conversation import Conversation, genders_from_aliases, standalone_question
from index.models import Answer
from tests.index.answer.test_questions import MATCHER

GENDERS = genders_from_aliases({"Tulip Siddiq": ["Ms Siddiq"], "Keir Starmer": ["Mr Starmer"]})


def conversation_after(question: str, names: list[str]) -> Conversation:
    conversation = Conversation()
    conversation.remember(question, Answer(question, "lead"), names)
    return conversation


@pytest.mark.parametrize(
    ("first", "names", "follow_up", "standalone"),
    [
        (
            "Who is Keir Starmer backing?",
            ["Keir Starmer"],
            "and last year?",
            "Who is Keir Starmer backing? and last year?",
        ),
        (
            "Who won the vote in Holborn and St Pancras?",
            ["Holborn and St Pancras CLP"],
            "by how many votes?",
            "Who won the vote in Holborn and St Pancras? by how many votes?",
        ),
        (
            "Who is Keir Starmer backing?",
            ["Keir Starmer"],
            "what about Sarah Hayward?",
            "Who is Sarah Hayward backing?",
        ),
        (
            "Who is Peter Taheri?",
            ["Peter Taheri"],
            "what did he say about entryism?",
            "what did Peter Taheri say about entryism?",
        ),
        (
            "Who did Sarah Hayward back?",
            ["Sarah Hayward"],
            "what letter did she sign?",
            "what letter did Sarah Hayward sign?",
        ),
        ("Did Tulip Siddiq back Smith?", ["Tulip Siddiq", "Keir Starmer"], "why not her?", "why not Tulip Siddiq?"),
        ("Who is Keir Starmer backing?", ["Keir Starmer"], "what are his reasons?", "what are Keir Starmer's reasons?"),
        ("Who is Keir Starmer backing?", ["Keir Starmer"], "Who backed Owen Smith?", "Who backed Owen Smith?"),
    ],
)
def test_follow_ups_become_standalone(first: str, names: list[str], follow_up: str, standalone: str) -> None:
    """A follow-up is rewritten with the names of the previous turn; a full question is left alone."""
    assert standalone_question(follow_up, conversation_after(first, names), MATCHER, GENDERS) == standalone


def test_gendered_pronoun_picks_the_matching_name() -> None:
    """'she' resolves to the woman among the recent names, not simply the latest name."""
    conversation = conversation_after("Compare Tulip Siddiq and Keir Starmer", ["Keir Starmer", "Tulip Siddiq"])
    assert standalone_question("has she declared?", conversation, MATCHER, GENDERS) == "has Tulip Siddiq declared?"


def test_new_conversation_starts_clean() -> None:
    """Without earlier turns a question is taken as it is."""
    assert standalone_question("and last year?", Conversation(), MATCHER, GENDERS) == "and last year?"
