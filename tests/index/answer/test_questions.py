"""Question reading: kinds, backer and backed, time, unknown names — in any case and phrasing."""

import pytest

from index.answer.kinds import read_question
from index.answer.names import NameFinder as EntityMatcher
from index.answer.questions import Kind, clean_question
from index.search.store import Entity

ENTITIES = [
    Entity("Keir Starmer", "person", "Keir Starmer"),
    Entity("Keir Starmer", "person", "Mr Starmer"),
    Entity("Keir Starmer", "person", "Starmer"),
    Entity("Owen Smith", "person", "Owen Smith"),
    Entity("Owen Smith", "person", "Smith"),
    Entity("Jeremy Corbyn", "person", "Jeremy Corbyn"),
    Entity("Jeremy Corbyn", "person", "Corbyn"),
    Entity("Tulip Siddiq", "person", "Tulip Siddiq"),
    Entity("Sarah Hayward", "person", "Sarah Hayward"),
    Entity("Holborn and St Pancras CLP", "branch", "Holborn and St Pancras CLP"),
    Entity("Holborn and St Pancras CLP", "branch", "Holborn and St Pancras"),
    Entity("Hampstead and Kilburn CLP", "branch", "Hampstead and Kilburn"),
]
CANDIDATES = {"Owen Smith", "Jeremy Corbyn", "Andy Burnham"}
KNOWN_WORDS = {
    "back",
    "declared",
    "yet",
    "endorse",
    "won",
    "election",
    "labour",
    "leader",
    "church",
    "meeting",
    "holborn",
    "pancras",
    "branch",
    "camden",
}
MATCHER = EntityMatcher(ENTITIES, lambda word: word.lower() in KNOWN_WORDS)


@pytest.mark.parametrize(
    ("text", "kind", "backer", "backed"),
    [
        ("Who is Keir Starmer backing for Labour leader?", Kind.BACKED_BY, "Keir Starmer", ""),
        ("who is keir starmer backing", Kind.BACKED_BY, "Keir Starmer", ""),
        ("Whom did Sarah Hayward support?", Kind.BACKED_BY, "Sarah Hayward", ""),
        (
            "Which candidate did the Holborn and St Pancras CLP nominate?",
            Kind.BACKED_BY,
            "Holborn and St Pancras CLP",
            "",
        ),
        ("Who did Keir Starmer campaign for in last year's leadership contest?", Kind.BACKED_BY, "Keir Starmer", ""),
        ("Who backed Owen Smith?", Kind.BACKERS_OF, "", "Owen Smith"),
        ("which branches endorsed corbyn", Kind.BACKERS_OF, "", "Jeremy Corbyn"),
        ("Who made the case for Owen Smith at St Pancras Church?", Kind.BACKERS_OF, "", "Owen Smith"),
        ("Who spoke on behalf of Jeremy Corbyn at the Holborn meeting?", Kind.BACKERS_OF, "", "Jeremy Corbyn"),
        ("Did Keir Starmer back Jeremy Corbyn?", Kind.DID_BACK, "Keir Starmer", "Jeremy Corbyn"),
        ("is sarah hayward supporting owen smith?", Kind.DID_BACK, "Sarah Hayward", "Owen Smith"),
        ("Has Tulip Siddiq said who she will support?", Kind.DECLARED, "Tulip Siddiq", ""),
        ("has tulip siddiq declared", Kind.DECLARED, "Tulip Siddiq", ""),
        ("What was the result of the vote at the Hampstead and Kilburn meeting?", Kind.VOTES, "", ""),
        ("By how many votes did Holborn and St Pancras back Corbyn?", Kind.VOTES, "", ""),
        ("Why did Keir Starmer quit Corbyn's front bench?", Kind.WHY, "", ""),
        ("How many constituency parties have backed Corbyn and how many Smith?", Kind.COUNT, "", "Owen Smith"),
        ("How many members does the branch have?", Kind.COUNT, "", ""),
        ("Who is the secretary of the Hampstead and Kilburn branch?", Kind.FACT, "", ""),
        ("Who backed someone else last time?", Kind.SWITCHED, "", ""),
        ("Has Keir Starmer changed sides?", Kind.SWITCHED, "Keir Starmer", ""),
        ("What is the result of the Holborn and St Pancras vote?", Kind.VOTES, "", ""),
        ("Who declined to say who they are backing?", Kind.DECLARED, "", ""),
    ],
)
def test_question_kinds(text: str, kind: Kind, backer: str, backed: str) -> None:
    """Each kind of question is recognised with its backer and backed, whatever the case."""
    question = read_question(text, MATCHER, CANDIDATES)
    assert (question.kind, question.backer, question.backed) == (kind, backer, backed)


@pytest.mark.parametrize(
    ("text", "when"),
    [("Who did Starmer back last year?", "past"), ("Who is Starmer backing now?", "current"), ("Who backs Smith?", "")],
)
def test_time_of_the_question(text: str, when: str) -> None:
    """'last year' asks about the previous contest, 'now' about the current one."""
    assert read_question(text, MATCHER, CANDIDATES).when == when


def test_unknown_capitalised_names_are_reported() -> None:
    """Names the corpus never uses are flagged, known names and question words are not."""
    question = read_question("Who did Nicola Sturgeon endorse for Labour leader?", MATCHER, CANDIDATES)
    assert question.unknown_names == ["Nicola Sturgeon"]
    assert read_question("who did nicola sturgeon endorse?", MATCHER, CANDIDATES).unknown_names == ["nicola sturgeon"]
    assert read_question("Who won the 2020 election?", MATCHER, CANDIDATES).unknown_names == ["2020"]
    assert read_question("who has not declared yet?", MATCHER, CANDIDATES).unknown_names == []
    assert read_question("Who Did Keir Starmer Back?", MATCHER, CANDIDATES).unknown_names == []


def test_an_initialism_beside_a_known_name_is_a_qualifier_not_an_unknown_name() -> None:
    """ "NYC", "CPC", "TX" qualify the race; the question is still about the known name, and is answered."""
    assert read_question("who backed Keir Starmer in NYC?", MATCHER, CANDIDATES).unknown_names == []
    assert read_question("did the CPC caucus back Owen Smith?", MATCHER, CANDIDATES).unknown_names == []
    assert read_question("what did the NYC mayor say?", MATCHER, CANDIDATES).unknown_names == ["NYC"]


def test_longest_alias_wins() -> None:
    """'Holborn and St Pancras CLP' is one mention, not 'Holborn and St Pancras' plus leftovers."""
    mentions = MATCHER.mentions("Did the Holborn and St Pancras CLP back Smith?")
    assert [(m.name, m.end - m.start) for m in mentions] == [("Holborn and St Pancras CLP", 26), ("Owen Smith", 5)]


def test_control_and_zero_width_characters_are_removed() -> None:
    """Invisible and control characters do not split names or reach the engine."""
    assert clean_question("Who\u200b backed\x00 Owen\u200d Smith?\n") == "Who backed Owen Smith?"
