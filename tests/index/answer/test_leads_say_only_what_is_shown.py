"""A lead says only what its quotes show: the doer of the act asked about, a count of what is counted, the
backer's own reason, and the right side of a switch. Invented articles in the shapes that misled real answers."""

from __future__ import annotations

import pytest

from index.answer.checks import SAYING_LESS, checked_lead
from index.answer.known import Knowledge
from index.answer.names import NameFinder
from index.engine import Engine
from index.models import Endorsement, Entity
from index.search.embedder import Embedder
from index.settings import Settings

COUNCIL = """title: Vasey secures council nomination in presidential bid
source: Eastfold Echo
date: 2025-09-19
---
Meanwhile, Eastfold City and County Council has nominated former mayor Tom Vasey for the presidency.

Independent Councillor Nia Brereton proposed Cllr Vasey, who was then seconded by another independent, Cllr Ruth Okonjo.

Ruth Okonjo says she is confident Hal Pryce has the numbers to beat Tom Vasey on Friday.
"""

CAUCUS = """title: Pryce overtakes Vasey among Labour MPs
source: Northern Record
date: 2025-03-10
---
In a series of announcements over the last week, Pryce increased his tally of backers among the 88 Labour MPs to 31.

Vasey, who had previously been the leader among MP endorsements, has 19.

Ida Morrow has endorsed Hal Pryce after initially backing Tom Vasey.

Morrow is the second MP to switch her support from Vasey to Pryce. Lena Sandoval did so on March 4.

Morrow says that when Pryce launched his campaign "a whole new field opened up for me."

Ruth Okonjo endorsed Hal Pryce on Friday.

Okonjo released her comments via the Pryce campaign because she is travelling.

"I'm proud to have Ruth's support," Pryce said.

"Hal Pryce has been a valuable colleague for twenty years," said Okonjo.

Pat Greer keeps his vote secret because of his position as chair of the parliamentary party.
"""

EARLIER_RACE = """title: Achter backs Vasey for mayor
source: Eastfold Echo
date: 2019-04-02
---
Ben Achter endorsed Tom Vasey for mayor on Tuesday.

Hal Pryce on Wednesday withdrew his endorsement of Ben Achter in the race for the Eastfold council seat.

Vera Lund on Monday withdrew her endorsement of Ben Achter in the Northfold primary.

In the Southfold race, Lund's pick, Nora Quist, has struggled to make a splash.
"""

DEPUTY = """title: Deputy race: Colm Pryce close to the threshold
source: Capital Radio
date: 2025-03-11
---
Moira Fenn remains the only deputy candidate to pass the threshold, but Colm Pryce is close, having secured 20.

Still undecided in the deputy race – 12 MPs & 9 MSPs
"""

UNIONS = """title: Unions pick sides in the Northfold Labour race
source: Northern Record
date: 2014-10-02
---
Northfold Labour's biggest affiliated union, the EPMU, has thrown its weight behind Dara Vell in the leadership race.

Vell won 35 per cent of the SFWU vote last time and is hopeful of picking up more this time.
"""

PRESELECTION = """title: Northfold Labour brawling over seats
source: Eastfold Echo
date: 2025-05-02
---
Ann Roe was strongly backed by the left faction but she collected just 18 of the 94 votes cast by local members.
"""

FILM = """title: Quist wins film director's backing
source: Eastfold Echo
date: 2025-05-04
---
Nora Quist has also won the backing of Ada Lind, after the influential film director had previously endorsed rival candidate Tom Vasey.
"""

SPILL = """title: Two weeks before the Northfold spill
source: Capital Radio
date: 2025-05-03
---
Colm Pryce brought a single extra vote with him. It did not drastically alter the 57-45 result on Wednesday.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Engine:
    root = tmp_path_factory.mktemp("eastfold")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in (
        ("council", COUNCIL),
        ("caucus", CAUCUS),
        ("deputy", DEPUTY),
        ("earlier", EARLIER_RACE),
        ("unions", UNIONS),
        ("preselection", PRESELECTION),
        ("spill", SPILL),
        ("film", FILM),
    ):
        (corpus / f"2025-{name}.md").write_text(text, encoding="utf-8")
    return Engine.open(Settings(corpus_dir=corpus, data_dir=root / "data", model=""), embedder)


def test_a_vote_is_given_only_from_a_passage_about_the_ballot_asked(engine: Engine) -> None:
    """The 18 of 94 of a preselection is no answer about the spill reported the same month."""
    assert "18 of the 94" not in engine.ask("what was the vote in the 2025 spill").lead


def test_who_proposed_names_those_who_did_it_not_the_council(engine: Engine) -> None:
    """ "Who proposed and seconded X" names the proposer and the seconder, never a body the quote also names."""
    lead = engine.ask("who proposed and seconded Tom Vasey at Eastfold council?").lead
    assert "Nia Brereton" in lead and "Ruth Okonjo" in lead
    assert "County Council" not in lead


def test_a_date_is_given_only_for_what_it_dates(engine: Engine) -> None:
    """ "When is the Eastfold council election" is not answered with the day of an endorsement's withdrawal."""
    assert "Wednesday" not in engine.ask("when is the eastfold council election?").lead


def test_a_yes_no_question_is_never_answered_with_a_bare_name(engine: Engine) -> None:
    """ "Did X say which way she is voting" is not answered "Tom Vasey": nothing says she votes for him."""
    lead = engine.ask("did Ruth Okonjo say which way she's voting on Friday?").lead
    assert "according to" not in lead and not lead.startswith(("Tom Vasey", "Hal Pryce"))


def test_a_count_for_each_candidate_never_the_whole_or_a_date(engine: Engine) -> None:
    """ "among the 88 MPs" is the whole caucus and "March 4" a date: each candidate gets their own tally."""
    lead = engine.ask("how many MPs did Hal Pryce and Tom Vasey each have?").lead
    assert "31" in lead and "19" in lead
    assert "88" not in lead and ": 4" not in lead


def test_a_count_of_two_kinds_gives_both(engine: Engine) -> None:
    """ "how many MPs and MSPs" is answered with both figures of the line, not the first alone."""
    lead = engine.ask("how many MPs and MSPs are still undecided in the deputy race?").lead
    assert "12 MPs" in lead and "9 MSPs" in lead


def test_a_figure_about_someone_with_the_same_surname_is_not_given(engine: Engine) -> None:
    """Colm Pryce's 20 nominations say nothing about Hal Pryce."""
    lead = engine.ask("how many councillors are backing hal pryce now?").lead
    assert "20" not in lead


def test_a_reason_is_the_backers_own_not_a_clause_about_something_else(engine: Engine) -> None:
    """ "because she is travelling" explains how the comments were released, and the candidate's own words are
    not the backer's reason; the backer's quotation is."""
    lead = engine.ask("why did okonjo endorse pryce?").lead
    assert "travelling" not in lead and "proud" not in lead
    assert "valuable colleague" in lead


def test_a_because_about_what_was_asked_is_its_reason(engine: Engine) -> None:
    """ "why is X keeping his vote secret" is answered by the "because" of the sentence about keeping it secret."""
    assert "chair of the parliamentary party" in engine.ask("why is pat greer keeping his vote secret").lead


def test_a_union_asked_by_its_abbreviation_is_not_answered_with_another_unions_choice(engine: Engine) -> None:
    """ "which way did the SFWU go" is not answered with the EPMU's pick, nor declined as if 2014, the year of
    the article, were unknown."""
    for question in ("which way did the SFWU go in the labour leadership", "and the SFWU in 2014?"):
        lead = engine.ask(question).lead
        assert not lead.startswith(("Dara Vell", "Northfold Labour", "EPMU")), question
        assert "do not mention 2014" not in lead


def test_a_namesake_is_blanked_but_a_title_is_not() -> None:
    """ "Ian Vasey" is someone else than Tom Vasey; "Businessman Mr Vasey" may be him."""
    people = [("Tom Vasey", "Tom Vasey"), ("Tom Vasey", "Vasey"), ("Ian Vasey", "Ian Vasey")]
    people.append(("Businessman Mr Vasey", "Businessman Mr Vasey"))
    knowledge = Knowledge.build([], [Entity(n, "person", a) for n, a in people], [], lambda word: True)
    titled = "Businessman Mr Vasey won by 14 votes to two."
    assert knowledge.without_others(titled, ["Tom Vasey"]) == titled
    assert "Vasey" not in knowledge.without_others("Ian Vasey secured 20.", ["Tom Vasey"])


def test_initials_before_a_kind_of_backer_qualify_it() -> None:
    """ "IM" alone is Ida Morrow; "IM/TV councillors" are councillors of two parties, not Ida Morrow."""
    finder = NameFinder([Entity("Ida Morrow", "person", "Ida Morrow")], lambda word: False)
    assert [m.name for m in finder.read("who did IM back?").mentions] == ["Ida Morrow"]
    assert not finder.read("which IM/TV councillors backed Pryce?").mentions


def test_a_switch_is_read_with_the_new_side_current(engine: Engine) -> None:
    """ "endorsed B after initially backing A": B now, A earlier; never "earlier backed B"."""
    lead = engine.ask("who did Ida Morrow back?").lead
    assert "backs Hal Pryce" in lead and "backed Tom Vasey" in lead.split("Earlier, ")[1]


def test_which_mps_switched_from_a_to_b_lists_the_switchers(engine: Engine) -> None:
    """The candidates named after "from" and "to" are the sides, not the backer asked about."""
    lead = engine.ask("which MPs switched from Vasey to Pryce?").lead
    assert lead.startswith("Ida Morrow backed Tom Vasey earlier and backs Hal Pryce now")


def test_two_races_of_one_article_are_no_switch(engine: Engine) -> None:
    """Dropping one candidate in one race and backing another in another race is not changing sides."""
    lead = engine.ask("has vera lund picked someone new after dropping achter?").lead
    assert "earlier and backs" not in lead


def test_a_switch_the_records_missed_is_never_denied(engine: Engine) -> None:
    lead = engine.ask("did ada lind switch candidates?").lead
    assert "do not show" not in lead and "Nora Quist" in lead


def test_why_someone_switched_is_a_reason_question(engine: Engine) -> None:
    """ "why did X switch" asks for the reason, not whether X switched."""
    answer = engine.ask("why did Ida Morrow switch to Pryce?")
    assert "changing sides" not in answer.lead
    assert any("whole new field" in q.text for q in answer.quotes)


def test_backers_in_several_contests_are_told_per_contest_newest_first(engine: Engine) -> None:
    """Backers of two contests are never run together: each year's, the newest first."""
    lead = engine.ask("who backed Tom Vasey?").lead
    assert lead.startswith("In 2025, Tom Vasey is backed by") and "In 2019, Tom Vasey was backed by Ben Achter" in lead
    assert lead.index("2025") < lead.index("2019")


@pytest.mark.parametrize(
    "question",
    ["who did IM back?", "who did im back in the tory leadership race?", "who's Ida Morrow backing on the GOP side?"],
)
def test_initials_and_party_nicknames_are_read_not_refused(engine: Engine, question: str) -> None:
    """ "IM" is the one person of those initials; "Tory" and "GOP" name a party's contest, not someone unknown."""
    assert "backs Hal Pryce" in engine.ask(question).lead


def test_being_on_someones_side_asks_for_their_backers(engine: Engine) -> None:
    lead = engine.ask("who is on Hal Pryce's side?").lead
    assert lead.startswith("Hal Pryce is backed by") and "Ida Morrow" in lead


def _record(
    backer: str, backed: str, stance: str = "supports", when: str = "current", year: str = "2023"
) -> Endorsement:
    return Endorsement(backer, "person", backed, stance, when, "", "a", 1, f"{backer} and {backed}.", year)


@pytest.mark.parametrize(
    ("lead", "records", "stands"),
    [
        (
            "Ida Morrow backs Hal Pryce. Earlier, she backed Tom Vasey.",
            [("Hal Pryce", "current"), ("Tom Vasey", "past")],
            True,
        ),
        (
            "Ida Morrow backs Hal Pryce. Earlier, she backed Tom Vasey.",
            [("Hal Pryce", "current"), ("Tom Vasey", "current")],
            False,
        ),
        (
            "Ida Morrow backed Tom Vasey earlier and backs Hal Pryce now.",
            [("Hal Pryce", "past"), ("Tom Vasey", "past")],
            False,
        ),
        ("Hal Pryce is backed by Ida Morrow.", [("Hal Pryce", "current")], True),
        ("Ida Morrow backed Hal Pryce in 2019.", [("Hal Pryce", "current")], False),
    ],
)
def test_a_lead_claim_without_a_record_of_the_same_time_or_year_is_withdrawn(
    lead: str, records: list[tuple[str, str]], stands: bool
) -> None:
    """Every "A backs B", "Earlier, A backed B", "A backed B in 2019" needs a record with that stance, direction,
    time and year; a lead with one that has none says less."""
    people = ["Ida Morrow", "Hal Pryce", "Tom Vasey"]
    made = [_record("Ida Morrow", backed, when=when) for backed, when in records]
    knowledge = Knowledge.build(made, [Entity(n, "person", n) for n in people], [], lambda word: True)
    knowledge.genders["Ida Morrow"] = "f"
    assert (checked_lead(lead, [], made, knowledge) == lead) is stands


def test_a_lead_opposite_to_its_record_is_withdrawn() -> None:
    """ "B is backed by A" over a record that A came out against B says less."""
    made = [_record("Ida Morrow", "Hal Pryce", stance="opposes")]
    knowledge = Knowledge.build(made, [], [], lambda word: True)
    assert checked_lead("Hal Pryce is backed by Ida Morrow.", [], made, knowledge) == SAYING_LESS
