"""What the question asks for, read from the answer a member sees: a seat, a reason, a figure, who did not."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.answer.figures import figures
from index.answer.kinds import read_question
from index.answer.known import abbreviations
from index.answer.names import NameFinder
from index.answer.places import seat_of
from index.answer.questions import Kind
from index.answer.reasons import stated_reason
from index.answer.restrictions import apply, read_restrictions
from index.engine import Engine
from index.models import Endorsement, Entity
from index.search.embedder import Embedder
from index.settings import Settings

ARTICLE = """title: Millbrook unions split over the leadership
source: Millbrook Gazette
date: 2021-05-10
---
Harwood East MP Dana Whitfield is backing Tomas Rennick for leader, saying he is the only candidate who can win back the coast.

Councillor Pia Lindqvist endorsed Marta Okafor after a bitter campaign in the spring.

The Coastal Workers Federation (CWF) has nominated Marta Okafor.

Rennick won 41 nominations from MPs, while Okafor took 17 branches.

Ben Achterberg, the MP for Lowfield, has not declared whom he will support.

DC 12 also backed Tomas Rennick.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Engine:
    """An engine over one invented article."""
    root = tmp_path_factory.mktemp("millbrook")
    (root / "corpus").mkdir()
    (root / "corpus" / "2021-05-millbrook.md").write_text(ARTICLE, encoding="utf-8")
    return Engine.open(Settings(corpus_dir=root / "corpus", data_dir=root / "data", model=""), embedder)


@pytest.mark.parametrize(
    ("question", "seat"),
    [
        ("Which seat does Dana Whitfield represent?", "Harwood East"),
        ("what constituency is dana whitfield the MP for", "Harwood East"),
        ("What constituency is Ben Achterberg MP for?", "Lowfield"),
    ],
)
def test_which_seat_is_answered_with_the_seat_not_whom_they_backed(engine: Engine, question: str, seat: str) -> None:
    """A seat question leads with the seat, never with the candidate the MP backs."""
    lead = engine.ask(question).lead
    assert lead.startswith(seat) and "Rennick" not in lead


@pytest.mark.parametrize("question", ["Which MPs didn't back anyone?", "which mps have not endorsed anyone"])
def test_who_did_not_back_is_never_answered_with_who_did(engine: Engine, question: str) -> None:
    """A negated question names only those the articles say have not declared, never a backer."""
    lead = engine.ask(question).lead
    assert "do not list who did not back" in lead and "Ben Achterberg" in lead
    assert "Dana Whitfield" not in lead and "DC 12" not in lead


def test_a_negation_in_a_subordinate_clause_keeps_the_question() -> None:
    """ "why did X nominate Y if she didn't support him" is still a why question about the nomination."""
    finder = NameFinder([Entity("Pia Lindqvist", "person", "Pia Lindqvist")], lambda w: True)
    question = read_question("why did pia lindqvist nominate okafor if she didn't support her", finder, set())
    assert question.kind is Kind.WHY and not question.negated


def test_did_x_not_back_y_states_the_fact_without_yes_or_no(engine: Engine) -> None:
    """ "Did X not back Y?" is answered with what X did, not an ambiguous "Yes"."""
    lead = engine.ask("Did Dana Whitfield not back Rennick?").lead
    assert lead.startswith("Dana Whitfield backed Tomas Rennick")


def test_besides_leaves_the_named_backer_out(engine: Engine) -> None:
    """ "Who besides X backed Y" lists Y's other backers only."""
    lead = engine.ask("Who besides Dana Whitfield backed Tomas Rennick?").lead
    assert "DC 12" in lead and "Dana Whitfield" not in lead


@pytest.mark.parametrize("typed", ["dc12", "DC-12", "d.c. 12"])
def test_names_written_with_other_spacing_are_found(engine: Engine, typed: str) -> None:
    """ "dc12" is DC 12."""
    assert engine.ask(f"who did {typed} back?").lead.startswith("DC 12 backs Tomas Rennick")


def test_a_stated_reason_leads_and_a_time_clause_never_does(engine: Engine) -> None:
    """The backer's own "saying ..." is the reason; "after a bitter campaign" is not."""
    stated = engine.ask("Why is Dana Whitfield backing Rennick?").lead
    assert "only candidate who can win back the coast" in stated
    assert "bitter campaign" not in engine.ask("Why did Pia Lindqvist endorse Okafor?").lead


@pytest.mark.parametrize(
    ("question", "figure", "not_shown"),
    [
        ("how many branches does okafor have?", "17 branches", "41"),
        ("how many nominations did Rennick get?", "41 nominations from MPs", "17"),
    ],
)
def test_a_figure_comes_whole_from_the_clause_about_the_one_asked(
    engine: Engine, question: str, figure: str, not_shown: str
) -> None:
    """Each candidate's figure comes from its own clause, never spliced with the other's."""
    lead = engine.ask(question).lead
    assert lead.startswith(figure) and not_shown not in lead


def test_figures_keep_what_they_count_and_their_clause() -> None:
    """ "147 of the 357 Tory MPs" is one figure; figures of two clauses stay two; dates and years are not."""
    assert [f.text for f in figures("Ann Roe has 147 of the 357 Tory MPs, a tally shows.")] == [
        "147 of the 357 Tory MPs"
    ]
    assert [f.text for f in figures("Roe won 53 nominations, while Lee took 285 constituency parties.")] == [
        "53 nominations",
        "285 constituency parties",
    ]
    assert [f.text for f in figures("84% of local parties backed her on 12 March 2016.")] == ["84% of local parties"]


def test_a_seat_is_read_only_next_to_the_name_asked() -> None:
    """The seat beside another MP's name is not the asked MP's."""
    sentence = "Lowfield MP Ann Roe and Bo Kay, who represents the 5th District, backed Lee."
    assert seat_of(sentence, ["Ann Roe"]) == "Lowfield"
    assert seat_of(sentence, ["Bo Kay"]) == "5th District"
    assert seat_of(sentence, ["Lee"]) == ""


def test_reasons_are_stated_not_times() -> None:
    """ "because"/"saying" give a reason; "after"/"since 2019" do not."""
    assert stated_reason("Roe backed Lee because she trusts him.", about=True) == "because she trusts him"
    assert stated_reason("Roe backed Lee after a long campaign.", about=True) == ""
    assert stated_reason("Roe has backed Lee since 2019.", about=True) == ""


def test_abbreviations_are_learnt_from_the_text() -> None:
    """ "the Labour Movement for Europe (LME)" and "DC 37, the District Council 37" define their short forms."""
    pairs = abbreviations(
        ["Members of the Harbour Movement for Europe (HME) met.", "DC 37, the District Council 37 of the union, voted."]
    )
    assert pairs == [("HME", "Harbour Movement for Europe"), ("DC 37", "District Council 37")]


def test_an_abbreviation_the_article_defines_finds_its_organisation(engine: Engine) -> None:
    """ "the CWF" is the Coastal Workers Federation: its sentence is shown, nothing is said about anyone else."""
    answer = engine.ask("Who did the CWF nominate?")
    assert not answer.abstained and "Coastal Workers Federation (CWF)" in answer.quotes[0].text


def test_unknown_word_checks_do_not_take_how_many_for_a_name(tmp_path: Path) -> None:
    """ "many branches" is not a name the articles lack."""
    finder = NameFinder([Entity("Marta Okafor", "person", "Okafor")], lambda w: False)
    assert finder.read("how many branches does okafor have?").unknown == []


def test_a_first_name_followed_by_another_surname_is_someone_else() -> None:
    """ "shawn fain" is not Shawn Wooden, even when the articles use the word "fain"; "green co-leader" is no one
    unknown beside the Green Party, and a verb after a first name is no surname."""
    people = [Entity("Shawn Wooden", "person", "Shawn Wooden"), Entity("Shawn Wooden", "person", "Shawn")]
    finder = NameFinder([*people, Entity("Green Party", "group", "Green")], lambda w: True)
    assert finder.read("who backs shawn fain in the runoff").unknown == ["shawn fain"]
    assert finder.read("who did shawn endorse").unknown == []
    assert finder.read("how many votes did green co-leaders get").unknown == []


def test_an_organisation_is_found_by_its_initials() -> None:
    finder = NameFinder(
        [Entity("Union of Riverside Teachers", "group", "Union of Riverside Teachers")], lambda w: False
    )
    assert [m.name for m in finder.read("who is the urt backing?").mentions] == ["Union of Riverside Teachers"]


def test_publicly_leaves_out_backing_reported_as_private() -> None:
    """ "publicly" keeps records stated openly and drops those only reported privately or by sources."""

    def record(quote: str) -> Endorsement:
        return Endorsement("Ann Roe", "person", "Bo Lee", "supports", "current", "", "a", 1, quote)

    private = record("Ann Roe is privately backing Bo Lee, sources say.")
    public = record("Ann Roe endorsed Bo Lee at a rally.")
    assert apply(read_restrictions("Has Ann Roe publicly endorsed Bo Lee?"), [private, public], {}) == [public]
    assert apply(read_restrictions("Has Ann Roe endorsed Bo Lee?"), [private, public], {}) == [private, public]


def test_whom_x_backed_to_replace_y_is_never_y() -> None:
    """ "to replace Y" names the contest: Y is left out of the answer, X stays the backer."""
    finder = NameFinder([Entity("Ann Roe", "person", "Ann Roe"), Entity("Bo Lee", "person", "Bo Lee")], lambda w: True)
    question = read_question("who is ann roe backing to replace bo lee?", finder, {"Bo Lee"})
    assert question.kind is Kind.BACKED_BY and question.backer == "Ann Roe" and question.excluded == ("Bo Lee",)


def test_a_time_of_day_is_no_figure() -> None:
    """ "by Monday's 2.30pm deadline" counts nothing: the 22 colleagues are the figure."""
    sentence = "The MP secured nominations from 22 parliamentary colleagues by Monday's 2.30pm deadline."
    assert [f.text for f in figures(sentence)] == ["22 parliamentary colleagues"]
