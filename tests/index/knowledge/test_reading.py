"""Reading articles as a person would: names and references, negation and hedges, time, lists, on sentences
written for these tests (never copied from the shared real articles)."""

from __future__ import annotations

import pytest

from index.ingest.corpus import parse_article
from index.knowledge.extract import DEFAULT_READER, extract_corpus
from index.models import Endorsement


def records_of(text: str, date: str = "2019-06-20", title: str = "Leadership race") -> list[Endorsement]:
    article = parse_article("test", f"title: {title}\ndate: {date}\n---\n{text}")
    return extract_corpus([article])[0]


def edges(text: str, **header: str) -> set[tuple[str, str, str, str]]:
    return {(r.backer, r.backed, r.stance, r.when) for r in records_of(text, **header)}


CASES = [
    # lists: every member backs
    (
        "Maria Lopez, Tom Okafor and Priya Shah have endorsed Daniel Reeve.",
        {
            ("Maria Lopez", "Daniel Reeve", "supports", "current"),
            ("Tom Okafor", "Daniel Reeve", "supports", "current"),
            ("Priya Shah", "Daniel Reeve", "supports", "current"),
        },
    ),
    # passive with a list of agents, and the names after titles
    (
        "Daniel Reeve was endorsed by Sen. Maria Lopez and Rep. Tom Okafor.",
        {("Maria Lopez", "Daniel Reeve", "supports", "current"), ("Tom Okafor", "Daniel Reeve", "supports", "current")},
    ),
    # unions are organisations that back
    (
        "The GMB union has announced its support for Helen Carter.",
        {("GMB union", "Helen Carter", "supports", "current")},
    ),
    # receiving backing: the subject is the one backed
    (
        "Helen Carter has won the backing of the Fire Brigades Union.",
        {("Fire Brigades Union", "Helen Carter", "supports", "current")},
    ),
    # withdrawal: support in the past
    (
        "Governor Alan Brooks rescinded his endorsement of Ruth Vance on Friday.",
        {("Alan Brooks", "Ruth Vance", "supports", "past")},
    ),
    # quoted first person attributed after the quotation
    (
        "“I will be voting for Ruth Vance,” said Alan Brooks.",
        {("Alan Brooks", "Ruth Vance", "supports", "current")},
    ),
    # an earlier year named in the clause
    # a plural title's full stop ends no sentence: both senators back
    (
        "Ruth Vance has been endorsed by Sens. Tom Okafor (R-Ind.) and Priya Shah (D-Ore.).",
        {("Tom Okafor", "Ruth Vance", "supports", "current"), ("Priya Shah", "Ruth Vance", "supports", "current")},
    ),
    # voting against is opposing; welcoming support is receiving it; an endorsement owned inside a phrase
    (
        "Tom Okafor and Priya Shah voted against Daniel Reeve.",
        {("Tom Okafor", "Daniel Reeve", "opposes", "current"), ("Priya Shah", "Daniel Reeve", "opposes", "current")},
    ),
    (
        "Daniel Reeve welcomed the support of Ward 9 councillor Priya Shah.",
        {("Priya Shah", "Daniel Reeve", "supports", "current")},
    ),
    (
        "The gains came on the heels of Priya Shah's endorsement of Daniel Reeve.",
        {("Priya Shah", "Daniel Reeve", "supports", "current")},
    ),
    # stopping short of backing, abstaining from it: not chosen
    ("Alan Brooks stopped short of endorsing Ruth Vance.", {("Alan Brooks", "", "undeclared", "current")}),
    ("Alan Brooks will abstain from nominating anyone.", {("Alan Brooks", "", "undeclared", "current")}),
    (
        "Ohio has three more uncommitted delegates: Tom Okafor, Priya Shah, and Maria Lopez.",
        {
            ("Tom Okafor", "", "undeclared", "current"),
            ("Priya Shah", "", "undeclared", "current"),
            ("Maria Lopez", "", "undeclared", "current"),
        },
    ),
    # an adjective before an organisation's name is no part of it
    (
        "Ruth Vance won over teachers, joining the powerful Riverside Education Association, which endorsed Vance.",
        {("Riverside Education Association", "Ruth Vance", "supports", "current")},
    ),
    # a member's party and home town after the name is no one
    (
        "Rep. Priya Shah, R-Dayton, said she is backing Rep. Tom Okafor, R-Little Rock.",
        {("Priya Shah", "Tom Okafor", "supports", "current")},
    ),
    # a list of agents the parse split from its verb
    (
        "Ann Gray was also endorsed by progressive stalwart U.S. Rep. Tom Okafor, and actors Jane Lyle and Mark Rudd.",
        {
            ("Tom Okafor", "Ann Gray", "supports", "current"),
            ("Jane Lyle", "Ann Gray", "supports", "current"),
            ("Mark Rudd", "Ann Gray", "supports", "current"),
        },
    ),
    # an organisation written as an acronym the recogniser does not label, or tags as a common noun
    (
        "Ruth Vance is running for mayor. OPSEA has also endorsed Vance.",
        {("OPSEA", "Ruth Vance", "supports", "current")},
    ),
    (
        "Ruth Vance is running for mayor. Last week, TWU endorsed Vance.",
        {("TWU", "Ruth Vance", "supports", "current")},
    ),
    (
        "Alan Brooks backed Ruth Vance in 2015 and now supports Helen Carter.",
        {("Alan Brooks", "Ruth Vance", "supports", "past"), ("Alan Brooks", "Helen Carter", "supports", "current")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_stated_backing_is_read_with_its_ends_and_time(text: str, expected: set) -> None:
    assert edges(text) == expected


NOT_BACKING = [
    "Alan Brooks said that he will be voting for Ruth Vance second when he casts his ballot.",  # a later preference
    "Alan Brooks is not ready to back Ruth Vance.",  # undeclared at most, never support
    "Alan Brooks could endorse Ruth Vance next week.",
    "Alan Brooks is expected to back Ruth Vance.",
    "Alan Brooks said he is considering whether to endorse Ruth Vance or Helen Carter.",
    "If Alan Brooks backed Ruth Vance, the race would change.",
    "Alan Brooks praised Ruth Vance for her campaign.",
    "Alan Brooks is not ready to support Ruth Vance's agenda.",
    "The row has split the party, with other senators rallying around Ruth Vance this week.",  # nobody named
    "Some activists have backed Ruth Vance.",
    "Alan Brooks was reluctant to back Ruth Vance.",
    "Alan Brooks is set to back Ruth Vance when nominations open.",
    "Ruth Vance is believed to have the support of Alan Brooks.",
    "It appears that Alan Brooks will vote for Ruth Vance.",
    "The Riverside branch is expected to announce that it will back Ruth Vance.",
]


@pytest.mark.parametrize("text", NOT_BACKING)
def test_negation_modality_and_hedges_never_give_support(text: str) -> None:
    assert not [e for e in edges(text) if e[2] in ("supports", "opposes")]


def test_not_ready_to_support_is_undeclared() -> None:
    assert edges("Speaker Alan Brooks said he was not ready to support Ruth Vance.") == {
        ("Alan Brooks", "", "undeclared", "current")
    }


@pytest.mark.parametrize(
    "text",
    [
        "The Riverside Teachers Association, which has yet to endorse in the race, met on Monday.",
        "The Riverside Teachers Association declined to endorse in the primary.",
    ],
)
def test_a_backer_yet_to_endorse_anyone_is_undeclared(text: str) -> None:
    assert edges(text) == {("Riverside Teachers Association", "", "undeclared", "current")}


def test_those_among_the_backers_and_him_who_is_also_backed() -> None:
    text = (
        "Tom Okafor, Priya Shah and Maria Lopez are among those backing Mr Reeve. "
        "Former minister Alan Brooks is also backing him."
    )
    assert {(r.backer, r.backed) for r in records_of(text)} == {
        ("Tom Okafor", "Reeve"),
        ("Priya Shah", "Reeve"),
        ("Maria Lopez", "Reeve"),
        ("Alan Brooks", "Reeve"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Daniel Reeve, the main challenger, announced support from the Riverside Teachers Union on Sunday.",
            {("Riverside Teachers Union", "Daniel Reeve")},
        ),
        (  # backing named without its object is for the one who came with it, or whose campaign it helped
            "Daniel Reeve entered the runoff with endorsements from councillors Priya Shah and Tom Okafor.",
            {("Priya Shah", "Daniel Reeve"), ("Tom Okafor", "Daniel Reeve")},
        ),
        (
            "Ruth Vance is running. Endorsements from the Riverside Teachers Union helped propel her campaign.",
            {("Riverside Teachers Union", "Ruth Vance")},
        ),
    ],
)
def test_support_from_someone_without_a_backing_verb_is_stated(text: str, expected: set) -> None:
    stated = [r for r in records_of(text) if r.confidence >= DEFAULT_READER.threshold]
    assert {(r.backer, r.backed) for r in stated if r.stance == "supports"} == expected


def test_a_newspapers_we_outside_quotations_is_the_paper() -> None:
    text = "In the 2nd district, we endorse Ruth Vance. “We will back Alan Brooks,” said Tom Okafor."
    article = parse_article("test", f"title: Our picks\nsource: Riverside Courier\ndate: 2020-10-01\n---\n{text}")
    records = extract_corpus([article])[0]
    assert {(r.backer, r.backed) for r in records} == {("Riverside Courier", "Ruth Vance")}


def test_what_a_backer_does_as_a_rule_says_nothing_of_this_race() -> None:
    assert edges("The Riverside Party does not normally endorse candidates in a primary.") == set()


def test_a_pronoun_is_the_nearest_person_of_its_gender_not_the_subject_of_its_own_clause() -> None:
    """ "has also backed him": him is the man named before, not the woman nor the branch itself."""
    text = (
        "Mr Paul Grant has the support of Ms Ann Fell.\n\n"
        "And the Riverside constituency Labour Party has also backed him this week."
    )
    assert ("Riverside CLP", "Paul Grant", "supports", "current") in edges(text)
    assert not [e for e in edges(text) if e[1] == "Ann Fell"]


def test_a_local_party_of_a_man_is_not_the_man() -> None:
    """ "Grant's local party has backed Vance": the party backs, not Paul Grant."""
    found = edges("Paul Grant is an MP. Paul Grant's local party has backed Ruth Vance.")
    assert not [e for e in found if e[0] == "Paul Grant"]


def test_two_people_who_share_a_surname_stay_two() -> None:
    text = "Angela Reed is backing Owen Reed.\n\nBut Mark Fell backs Ruth Vance."
    assert ("Angela Reed", "Owen Reed", "supports", "current") in edges(text)


def test_a_role_noun_names_the_person_the_article_gave_it() -> None:
    text = (
        "Margaret Hale, the former home secretary, spoke on Monday.\n\n"
        "The former home secretary is supporting Daniel Reeve to be leader."
    )
    assert ("Margaret Hale", "Daniel Reeve", "supports", "current") in edges(text)


def test_last_year_is_the_year_before_the_article() -> None:
    records = records_of("The Riverside branch backed Paul Grant last year.", date="2016-08")
    assert [(r.when, r.year) for r in records] == [("past", "2015")]


def test_years_ago_is_an_earlier_contest() -> None:
    records = records_of("Three years ago the Riverside branch endorsed Paul Grant.", date="2016-08")
    assert [(r.when, r.year) for r in records] == [("past", "2013")]


def test_backing_won_in_the_past_week_is_current() -> None:
    text = "In the past week, Paul Grant has received endorsements from Tom Okafor and Priya Shah."
    assert {r.when for r in records_of(text)} == {"current"}


def test_a_year_fronting_two_verbs_dates_both() -> None:
    """ "In 2015, the branch broke with tradition and backed X": the backing is of 2015 too."""
    text = "In 2015, the Riverside branch broke with tradition and backed Paul Grant."
    assert [(r.when, r.year) for r in records_of(text, date="2019-04")] == [("past", "2015")]


def test_backing_after_initially_backing_another_is_current() -> None:
    """ "has endorsed B after initially backing A": B now, A earlier."""
    found = edges("Alan Brooks has endorsed Ruth Vance after initially backing Paul Grant.")
    assert ("Alan Brooks", "Ruth Vance", "supports", "current") in found
    assert ("Alan Brooks", "Paul Grant", "supports", "past") in found


def test_the_office_a_sentence_names_is_the_records_contest() -> None:
    records = records_of("Alan Brooks backed Ruth Vance for deputy leader.", title="Labour leadership")
    assert [r.contest for r in records] == ["deputy leader"]


def test_a_list_under_an_endorsed_by_heading_backs_its_candidate() -> None:
    text = (
        "The candidates have been endorsed by these unions:\n\n"
        "• Helen Carter by the Fire Brigades Union and the National Union of Teachers\n\n"
        "• Daniel Reeve by the GMB"
    )
    found = edges(text)
    assert ("Fire Brigades Union", "Helen Carter", "supports", "current") in found
    assert ("GMB", "Daniel Reeve", "supports", "current") in found


def test_a_dateline_places_the_story_and_backs_nobody() -> None:
    found = edges("SPRINGFIELD, Illinois -- One of the city's largest unions endorsed Mayor Ruth Vance on Monday.")
    assert {e[0] for e in found} == {"One of the city's largest unions"}


def test_unions_named_with_a_number_are_organisations() -> None:
    found = edges("DC 12 endorsed Councilmember Ruth Vance and Senator Alan Brooks on Monday.")
    assert found == {
        ("DC 12", "Ruth Vance", "supports", "current"),
        ("DC 12", "Alan Brooks", "supports", "current"),
    }


def test_an_organisation_introduced_by_a_descriptor_keeps_its_own_name() -> None:
    found = edges("Ruth Vance also has the support of the pro-Vance pressure group Forward Now.")
    assert ("Forward Now", "Ruth Vance", "supports", "current") in found


def test_the_members_a_group_included_back_as_the_group_did() -> None:
    text = (
        "Ruth Vance lost the support of the Green Future Party and a bloc of councillors on Friday. "
        "The bloc included: Councilmember Alan Brooks, Maria Lopez, and Tom Okafor."
    )
    records = records_of(text)
    members = {(r.backer, r.backed, r.stance, r.when) for r in records if r.backer != "Green Future Party"}
    assert members == {
        ("Alan Brooks", "Ruth Vance", "supports", "past"),
        ("Maria Lopez", "Ruth Vance", "supports", "past"),
        ("Tom Okafor", "Ruth Vance", "supports", "past"),
    }
    assert all("Tom Okafor" in r.quote for r in records if r.backer == "Tom Okafor")  # the quote shows the list


def test_names_in_brackets_after_a_counted_subject_are_the_backers() -> None:
    found = edges("We agreed that two MPs will nominate Ruth Vance (Alan Brooks and Maria Lopez).")
    assert found == {
        ("Alan Brooks", "Ruth Vance", "supports", "current"),
        ("Maria Lopez", "Ruth Vance", "supports", "current"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Alan Brooks, a longtime supporter of Ruth Vance, spoke on Monday.",
        "Alan Brooks is among those backing Ruth Vance.",
        "Alan Brooks is one of the councillors supporting Ruth Vance.",
    ],
)
def test_a_backer_described_as_one_of_the_supporters(text: str) -> None:
    assert edges(text) == {("Alan Brooks", "Ruth Vance", "supports", "current")}


def test_a_candidate_among_those_backed_by_a_union() -> None:
    assert edges("Ruth Vance is among the candidates backed by the GMB.") == {
        ("GMB", "Ruth Vance", "supports", "current")
    }


def test_the_authors_and_signers_of_a_letter_back_whom_it_endorses() -> None:
    """A letter "from" people that endorses someone is their backing; those later said to have signed "the
    letter" back the same person, at the letter's time, whatever else their clause mentions."""
    text = (
        "Ruth Vance's campaign was lifted by an open letter from 40 councillors, including former mayor Alan "
        "Brooks, endorsing her bid.\n\n"
        "Signed by Maria Lopez and Tom Okafor, and by the author of the 2015 review, Priya Shah, the letter "
        "praises her record."
    )
    found = edges(text)
    for backer in ("40 councillors", "Alan Brooks", "Maria Lopez", "Tom Okafor", "Priya Shah"):
        assert (backer, "Ruth Vance", "supports", "current") in found
    assert all(backed == "Ruth Vance" for _, backed, _, _ in found)


def test_signing_a_letter_nobody_said_backs_anyone_is_no_backing() -> None:
    assert not edges("Signed by Maria Lopez and Tom Okafor, the letter asks for a fair contest.")


def test_two_places_sharing_one_labour_parties_are_two_branches() -> None:
    text = "Sarah Mitchell is standing for leader.\n\nAshby Vale and Ashby North Labour Parties endorse Sarah Mitchell."
    assert {backer for backer, *_ in edges(text)} == {"Ashby Vale CLP", "Ashby North CLP"}


def test_she_is_the_woman_named_by_title_not_a_place_the_recogniser_called_a_person() -> None:
    text = (
        "Sarah Mitchell is standing for leader.\n\n"
        "In Ashby Vale it took two ballots for Ms Mitchell to win although she had the endorsement of "
        "Ashby Vale’s Labour MP, Tom Okafor."
    )
    assert edges(text) == {("Tom Okafor", "Sarah Mitchell", "supports", "current")}


def test_people_listed_after_a_colon_are_the_supporters_the_noun_counts() -> None:
    text = (
        "Sarah Mitchell is standing for leader.\n\n"
        "Among her supporters are two former party chairs: Tom Okafor and Maria Lopez."
    )
    assert edges(text) == {
        ("Tom Okafor", "Sarah Mitchell", "supports", "current"),
        ("Maria Lopez", "Sarah Mitchell", "supports", "current"),
    }


def test_another_backer_backs_whom_the_sentence_before_named_and_only_then() -> None:
    backed = "Tom Okafor has endorsed Sarah Mitchell.\n\nCouncillor Maria Lopez is another key backer."
    assert ("Maria Lopez", "Sarah Mitchell", "supports", "current") in edges(backed)
    two = "Tom Okafor backs Sarah Mitchell and Ruth Vance backs Alan Brooks.\n\nMaria Lopez is another key backer."
    assert not any(backer == "Maria Lopez" for backer, *_ in edges(two))


def kinds(text: str) -> set[tuple[str, str, str]]:
    return {(r.backer, r.backer_kind, r.backed) for r in records_of(text)}


def test_a_rival_named_in_apposition_to_a_misparsed_subject_is_the_one_backed() -> None:
    text = (
        "Tom Okafor is the front-runner.\n\nHer former aide turned rival, Sunita Rao, commands the support of 40 MPs."
    )
    assert kinds(text) == {("40 MPs", "group", "Sunita Rao")}


def test_a_capitalised_role_as_subject_renames_the_one_person_of_the_sentence_before() -> None:
    text = "The last obstacle is the third contender Sarah Mitchell. The Leader of the House has the backing of 24 MPs."
    assert kinds(text) == {("24 MPs", "group", "Sarah Mitchell")}


def test_a_list_of_people_stays_people_and_their_roles_are_no_extra_backers() -> None:
    text = (
        "Tom Okafor had won the support of old friends, including Nadine Whitfield, James Corrigan, the Foreign "
        "Secretary, and Anne-Marie Pollard, the Transport Secretary."
    )
    people = ("Nadine Whitfield", "James Corrigan", "Anne-Marie Pollard")
    assert kinds(text) == {(name, "person", "Tom Okafor") for name in people}


def test_choosing_someone_as_the_candidate_is_backing_choosing_to_do_something_is_not() -> None:
    chosen = "Labour members have chosen Bolton MP Sarah Mitchell as the party's candidate for mayor."
    assert kinds(chosen) == {("Labour members", "group", "Sarah Mitchell")}
    assert not kinds("Labour members chose Bolton for their conference.")
    assert not kinds("The branch named Tom Okafor as its new treasurer.")


def test_who_after_a_name_is_that_name_and_fellow_mps_are_people_not_a_branch() -> None:
    text = "This comes as a boost for Sir Tom Okafor who has received 30 endorsements from his fellow Labour MPs."
    assert kinds(text) == {("fellow Labour MPs", "group", "Tom Okafor")}


@pytest.mark.parametrize(
    "sentence",
    [
        "In Ohio, Trump’s Senate pick, Rep. Ann Lee, has struggled to make a splash.",
        "In North Dakota, Trump’s Senate pick, Rep. Ann Lee, has failed to make a splash.",
    ],
)
def test_an_owners_pick_named_after_a_comma_is_backed_by_the_owner(sentence: str) -> None:
    assert edges(f"Donald Trump is campaigning.\n\n{sentence}") == {("Donald Trump", "Ann Lee", "supports", "current")}


def test_the_candidate_someone_endorsed_named_after_a_comma_was_backed_in_the_past() -> None:
    text = (
        "Donald Trump is campaigning.\n\nThe House candidate he originally endorsed in Ohio, Tom Okafor, dropped out."
    )
    assert edges(text) == {("Donald Trump", "Tom Okafor", "supports", "past")}


def test_a_second_object_the_parse_left_outside_the_verb_is_backed_in_its_own_year() -> None:
    text = (
        "The support of the GMB is prized, with the union backing Tom Okafor (Leeds East) in 2010 and "
        "Sarah Mitchell (Bolton West) in 2015 and again in 2016."
    )
    found = {(r.backer, r.backed, r.when, r.year) for r in records_of(text, date="2020-01-10")}
    assert found == {("GMB", "Tom Okafor", "past", "2010"), ("GMB", "Sarah Mitchell", "past", "2016")}


def test_a_name_parsed_as_a_second_subject_after_the_object_backs_nobody() -> None:
    text = (
        "The endorsement of Unite is highly sought after with the union backing Tom Okafor (Leeds East) in "
        "2010 and Sarah Mitchell (Bolton West) in 2015."
    )
    assert all(r.backer != "Sarah Mitchell" for r in records_of(text, date="2020-01-10"))


NO_FALSE_BACKER = [
    # a place that begins a person's title is no second backer
    (
        "Sarah Mitchell already had the backing of Senator Ann Lee and Suffolk County Sheriff Tom Okafor, among others.",
        {("Ann Lee", "person", "Sarah Mitchell"), ("Tom Okafor", "person", "Sarah Mitchell")},
    ),
    # a bare plural with a restrictive relative clause describes some, it states nothing about the group
    ("The news shows how Democrats who oppose Mr. Okafor are trying to unite around a few candidates.", set()),
    # "the caucus" is not the rival's campaign named in the sentence before, nor a titled man
    (
        "Mr Combet launched Mr Albanese's leadership campaign in Sydney.\n\n"
        "Mr Shorten, who visited a school in Melbourne, said he had the support of more than half the caucus.",
        set(),
    ),
    # "it has not been announced" is about the endorsement, not whoever confirmed it
    ("The Teachers Council 75 confirmed the endorsement has been decided, though it's not been announced yet.", set()),
]


@pytest.mark.parametrize(("text", "expected"), NO_FALSE_BACKER, ids=[c[0][:40] for c in NO_FALSE_BACKER])
def test_no_backer_is_made_up_from_titles_descriptions_or_campaigns(text: str, expected: set) -> None:
    assert kinds(text) == expected


def test_had_already_lined_up_behind_is_current_backing() -> None:
    text = "Tom Okafor had already lined up behind Sarah Mitchell and did two events with her."
    assert edges(text) == {("Tom Okafor", "Sarah Mitchell", "supports", "current")}


MORE_WAYS = [
    ("Ruth Vance is backed by the Right faction.", "Right faction"),
    ("Ruth Vance said she was pleased to win the endorsement of the Herald editorial board.", "Herald editorial board"),
    ("Ruth Vance also recently garnered the endorsement of the Carpenters Union.", "Carpenters Union"),
    (
        "“Kris Hollis, a strong and early supporter of mine, will make a great governor,” Ruth Vance wrote.",
        "Kris Hollis",
    ),
]


@pytest.mark.parametrize(("text", "backer"), MORE_WAYS, ids=[c[0][:40] for c in MORE_WAYS])
def test_factions_boards_garnering_and_supporters_of_mine(text: str, backer: str) -> None:
    """Ruth Vance is backed, or (in her own words, "of mine") is the one backed."""
    assert (backer, "Ruth Vance", "supports", "current") in edges(text)


def test_a_list_of_supporters_under_a_candidates_heading_backs_that_candidate() -> None:
    text = (
        "Many councillors have said whom they back.\n\n"
        "Sarah Mitchell – supporters: 4\n\n"
        "One of her supporters is former council leader Ruth Vance, who said she was delighted.\n\n"
        "Full list of supporters: Ruth Vance, Tom Okafor, Maria Lopez, Alan Brooks.\n\n"
        "Daniel Reeve – supporters: 2\n\n"
        "Full list of supporters: Priya Shah, Helen Carter."
    )
    found = edges(text)
    assert {backer for backer, backed, *_ in found if backed == "Sarah Mitchell"} == {
        "Ruth Vance",
        "Tom Okafor",
        "Maria Lopez",
        "Alan Brooks",
    }
    assert {backer for backer, backed, *_ in found if backed == "Daniel Reeve"} == {"Priya Shah", "Helen Carter"}


def test_a_list_of_supporters_with_nobody_to_support_backs_nobody() -> None:
    assert not edges("Many councillors have said whom they back.\n\nFull list of supporters: Ruth Vance, Tom Okafor.")


@pytest.mark.parametrize(
    "text",
    [
        "Maria Lopez has not made an endorsement in the race.",
        "Maria Lopez has not yet made an endorsement.",
        "Maria Lopez is one of the still undeclared council members.",
    ],
)
def test_not_having_endorsed_is_undeclared(text: str) -> None:
    assert edges(text) == {("Maria Lopez", "", "undeclared", "current")}


def test_an_organisation_described_in_apposition_backs_and_its_description_does_not() -> None:
    text = "Unite, the largest union in the country and an affiliate of the Labour Party, has endorsed Tom Okafor."
    assert kinds(text) == {("Unite", "group", "Tom Okafor")}


def test_numbered_union_branches_keep_their_numbers_and_us_titles_are_dropped() -> None:
    text = "Ruth Vance has received endorsements from the Joint Council of Teamsters No. 37, which represents 9,000."
    assert kinds(text) == {("Joint Council of Teamsters No. 37", "group", "Ruth Vance")}
    titled = "City Councilor Ruth Vance won the endorsement of the Carpenters Union Local 737."
    assert kinds(titled) == {("Carpenters Union Local 737", "group", "Ruth Vance")}


def test_a_list_of_backers_goes_on_after_a_semicolon_but_not_into_a_new_clause() -> None:
    listed = (
        "Ruth Vance has received endorsements from the Joint Council of Teamsters No. 37, which represents "
        "23,000 members; SMART Local 16 and the Columbia Pacific Building Trades Council."
    )
    assert {backer for backer, *_ in kinds(listed)} == {
        "Joint Council of Teamsters No. 37",
        "SMART Local 16",
        "Columbia Pacific Building Trades Council",
    }
    clause = "Ruth Vance is backed by the GMB; the RMT said it would stay out of the race."
    assert {backer for backer, *_ in kinds(clause)} == {"GMB"}


def test_doubts_about_someones_fitness_to_lead_are_opposition() -> None:
    text = "Tom Okafor urged members to back Ruth Vance, voicing doubts about the fitness for office of Mr Alan Brooks."
    assert ("Tom Okafor", "Alan Brooks", "opposes", "current") in edges(text)


def test_a_group_among_other_candidate_backing_groups_backs_the_candidate() -> None:
    text = "Ruth Vance is running.\n\nHe said the meeting was packed with members of Momentum and other Vance-backing groups."
    assert kinds(text) == {("Momentum", "group", "Ruth Vance")}


def test_a_photo_caption_supported_by_two_people_is_their_backing() -> None:
    text = "Ruth Vance MP supported by council leader Tom Okafor and Maria Lopez MP at a rally on Sunday"
    assert edges(text) == {
        ("Tom Okafor", "Ruth Vance", "supports", "current"),
        ("Maria Lopez", "Ruth Vance", "supports", "current"),
    }


def test_people_in_a_constituency_stand_for_its_local_party() -> None:
    text = "Ruth Vance has the backing of members in the Ashby Vale branch."
    assert kinds(text) == {("Ashby Vale CLP", "branch", "Ruth Vance")}


def test_having_lost_confidence_is_opposition_now_and_lost_support_was_support_then() -> None:
    opposed = (
        "Ruth Vance leads.\n\nTom Okafor said he quit as a shadow minister because he had lost confidence in "
        "Ms Vance’s ability to lead rather than because of policy."
    )
    assert edges(opposed) == {("Tom Okafor", "Ruth Vance", "opposes", "current")}
    lost = "Ruth Vance had lost the support of the GMB after the vote."
    assert edges(lost) == {("GMB", "Ruth Vance", "supports", "past")}


UNSEEN_SHAPES = [
    # a body "of the union" speaks for the union the article named, whatever "60-member" splits into
    (
        "The GMB union has nominated Ruth Vance.\n\n"
        "The 60-member executive council of the trade union also backed Alan Brooks for deputy leader.",
        {("GMB union", "group", "Ruth Vance"), ("GMB union", "group", "Alan Brooks")},
    ),
    # "who" after "MP for the Wrekin" is the MP, not the place
    (
        "Ruth Vance also picked up the support of Tom Okafor, MP for the Wrekin, who had previously endorsed Alan Brooks.",
        {("Tom Okafor", "person", "Ruth Vance"), ("Tom Okafor", "person", "Alan Brooks")},
    ),
    # people described by a plural noun, and the people a people-noun lists, are people
    (
        "Party heavyweights Roy Hollis, Vance's former boss, and Ed Marsh have thrown their support to Ruth Vance.",
        {("Roy Hollis", "person", "Ruth Vance"), ("Ed Marsh", "person", "Ruth Vance")},
    ),
    (
        "Ruth Vance has the backing of two more MPs, Tom Okafor and Alan Brooks.",
        {("Tom Okafor", "person", "Ruth Vance"), ("Alan Brooks", "person", "Ruth Vance")},
    ),
    # "the majority of the party's left" is not the majority of the party
    ("The majority of the party’s left will support Ruth Vance.", set()),
    # "the union" is the one named with an apostrophe just before
    (
        "The Writer’s Union could not pick just one of the candidates. The union endorsed both Ruth Vance and Alan Brooks.",
        {("Writer’s Union", "group", "Ruth Vance"), ("Writer’s Union", "group", "Alan Brooks")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), UNSEEN_SHAPES, ids=[c[0][:40] for c in UNSEEN_SHAPES])
def test_shapes_found_on_unseen_articles(text: str, expected: set) -> None:
    assert kinds(text) == expected


def test_joining_someone_in_endorsing_and_a_narrower_role_than_the_article_gave() -> None:
    """The subject of "joined X in endorsing" backs too; "the former cabinet minister" is not "minister Okafor"."""
    text = (
        "Ruth Vance, who was forced out from her job last week, has joined minister Tom Okafor today in endorsing "
        "Alan Brooks.\n\nThe former cabinet minister was previously a staunch supporter of Maria Lopez."
    )
    assert edges(text) == {
        ("Ruth Vance", "Alan Brooks", "supports", "current"),
        ("Tom Okafor", "Alan Brooks", "supports", "current"),
        ("Ruth Vance", "Maria Lopez", "supports", "past"),
    }


def test_telling_others_to_support_someone_is_the_tellers_backing() -> None:
    text = "Ruth Vance and Tom Okafor told Tory MPs to support Alan Brooks in a message on Sunday."
    assert {backer for backer, *_ in edges(text)} == {"Ruth Vance", "Tom Okafor"}


def test_one_person_spelt_with_and_without_accents_is_one_person() -> None:
    plain = parse_article("a", "title: x\ndate: 2021-05-01\n---\nRep. Nydia Velazquez has endorsed Maya Wiley.")
    accented = parse_article("b", "title: y\ndate: 2025-05-01\n---\nRep. Nydia Velázquez has endorsed Brad Lander.")
    records, entities = extract_corpus([plain, accented])
    assert {r.backer for r in records} == {"Nydia Velázquez"}
    assert "Nydia Velazquez" not in {e.name for e in entities}


THIRD_AUDIT = [
    # two subjects the parser did not join
    (
        "President Joe Biden and Vice President Kamala Harris endorsed Karen Bass for mayor.",
        {("Joe Biden", "Karen Bass", "supports", "current"), ("Kamala Harris", "Karen Bass", "supports", "current")},
    ),
    # a clause parsed as one noun phrase
    (
        "Donald Trump is campaigning.\n\nIn a post shortly after 5 p.m., Trump endorsed businessman Bernie Moreno.",
        {("Donald Trump", "Bernie Moreno", "supports", "current")},
    ),
    # a union's branch number after the parse left it out, and "labor union" no part of the name
    (
        "Brandon Johnson received the endorsement of labor union SEIU Local 1.",
        {("SEIU Local 1", "Brandon Johnson", "supports", "current")},
    ),
    # the year in a backer's description does not date the backing; "a previous race" does
    (
        "Ruth Vance has also been backed by last year's leadership candidate Rosi Sexton.",
        {("Rosi Sexton", "Ruth Vance", "supports", "current")},
    ),
    (
        "In a previous race to keep his seat, Tom Okafor did receive an endorsement from Ruth Vance.",
        {("Ruth Vance", "Tom Okafor", "supports", "past")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), THIRD_AUDIT, ids=[c[0][:40] for c in THIRD_AUDIT])
def test_shapes_found_on_a_third_set_of_unseen_articles(text: str, expected: set) -> None:
    assert edges(text, date="2021-05-01") == expected


SPEAKERS_AND_RELATIVES = [
    # "which" after an organisation is the organisation, not the person the sentence is about
    (
        "Tom Okafor, regional officer at Usdaw – which nominated Mr Reeve – said the vote was clear.",
        {("Usdaw", "group", "Reeve")},
    ),
    # in a quotation "he" is never its speaker
    (
        "Mr Daniel Reeve won the vote.\n\n“So we are delighted that he has won the support of Unite,” said Tom Okafor.",
        {("Unite", "group", "Daniel Reeve")},
    ),
    # where someone is "from" backs nobody
    (
        "“I am thankful to have the endorsement of Ruth Vance for Senate from the Great State of Ohio,” Tom Okafor wrote.",
        {("Ruth Vance", "person", "Tom Okafor")},
    ),
    # "he told the paper" after a quotation naming a candidate is not that candidate
    (
        "Mr Tom Okafor backed Ann Lee as Mr Alan Brooks watched.\n\n"
        "“The only candidate who can win is Ann Lee — and so I will be supporting her,” he told the paper.",
        {("Tom Okafor", "person", "Ann Lee")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPEAKERS_AND_RELATIVES, ids=[c[0][:40] for c in SPEAKERS_AND_RELATIVES])
def test_speakers_pronouns_in_quotations_and_which(text: str, expected: set) -> None:
    assert kinds(text) == expected


MORE_UNSEEN = [
    (
        "Tom Okafor and Maria Lopez endorsed Rishi Sunak for leader.",
        {("Tom Okafor", "Rishi Sunak"), ("Maria Lopez", "Rishi Sunak")},
    ),
    ("Ruth Vance got the nod from the GMB union.", {("GMB union", "Ruth Vance")}),
    (
        "Ruth Vance has won the backing of three MPs (Tom Okafor, Maria Lopez and Alan Brooks).",
        {("Tom Okafor", "Ruth Vance"), ("Maria Lopez", "Ruth Vance"), ("Alan Brooks", "Ruth Vance")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), MORE_UNSEEN, ids=[c[0][:40] for c in MORE_UNSEEN])
def test_candidates_the_recogniser_calls_organisations_nods_and_bracketed_lists(text: str, expected: set) -> None:
    assert {(backer, backed) for backer, backed, *_ in edges(text)} == expected


def test_support_withdrawn_in_favour_of_a_rival_and_staying_out_of_the_race() -> None:
    switched = "Two MPs withdrew their support for Patrick Brown in favour of Pierre Poilievre."
    assert edges(switched) == {
        ("Two MPs", "Patrick Brown", "supports", "past"),
        ("Two MPs", "Pierre Poilievre", "supports", "current"),
    }
    assert edges("Ruth Vance, the party leader, is staying out of the contest.") == {
        ("Ruth Vance", "", "undeclared", "current")
    }
    assert not edges("Ruth Vance stayed out late after the count.")


def test_a_participle_on_a_thing_belongs_to_whoever_did_the_verb() -> None:
    text = "Tom Okafor and Maria Lopez were among those who left the debate backing Ruth Vance."
    assert edges(text) == {
        ("Tom Okafor", "Ruth Vance", "supports", "current"),
        ("Maria Lopez", "Ruth Vance", "supports", "current"),
    }


def test_a_participle_on_a_count_of_people_is_theirs_not_the_sentence_subjects() -> None:
    text = "Nora Quell, his main rival, has said she is not panicked by the numbers declaring for Ruth Vance."
    assert edges(text) == set()


def test_the_latest_member_to_declare_support_is_the_one_named_after_the_copula() -> None:
    text = (
        "Tom Brask is a rival of Ruth Vance.\n\n"
        "The latest member of the party to declare his support for Ruth Vance is Alan Brooks."
    )
    assert edges(text) == {("Alan Brooks", "Ruth Vance", "supports", "current")}


def test_another_backer_named_in_apposition_as_the_subject_backs_whom_the_sentence_before_did() -> None:
    text = "Tom Okafor backs Angela Rayner.\n\nAnother backer, Hampstead MP Tulip Siddiq, added: “She is the right person.”"
    assert ("Tulip Siddiq", "Angela Rayner", "supports", "current") in edges(text)


FOURTH_AUDIT = [
    # "failed to win any support" is none; "with most endorsing her rival" never makes her a backer of her rival
    ("Ruth Vance failed to win any support from her MPs, with most endorsing her rival Tom Okafor.", set()),
    # confirming one's own bid is not declaring for anyone
    ("Alan Brooks has yet to confirm his bid.", set()),
    ("Alan Brooks has yet to declare.", {("Alan Brooks", "", "undeclared", "current")}),
    # "announced his endorsement of X": X is backed
    (
        "Alan Brooks announced his endorsement of Ruth Vance on Friday.",
        {("Alan Brooks", "Ruth Vance", "supports", "current")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), FOURTH_AUDIT, ids=[c[0][:40] for c in FOURTH_AUDIT])
def test_shapes_found_on_a_fourth_set_of_unseen_articles(text: str, expected: set) -> None:
    assert edges(text) == expected


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_the_people_listed_under_the_following_mps_back_whom_they_do(gap: str) -> None:
    """A list under "The following MPs have thrown their support behind X:", one line or paragraph each."""
    text = (
        "The race is on.\n\nThe following Labour MPs have thrown their support behind Ruth Vance:"
        + gap.join(["", "- Tom Okafor, Leeds East", "- Maria Lopez, Bolton West", "- Alan Brooks (Bury)"])
        + "\n\nOther MPs have yet to endorse a candidate."
    )
    backers = {backer for backer, backed, *_ in edges(text) if backed == "Ruth Vance"}
    assert {"Tom Okafor", "Maria Lopez", "Alan Brooks"} <= backers


@pytest.mark.parametrize(
    ("text", "backer"),
    [
        ("Ruth Vance is backed by Merthyr Tydfil and Rhymney MS Dawn Bowden.", "Dawn Bowden"),
        ("The Ashby and Coalville Labour Party backed Ruth Vance.", "Ashby and Coalville CLP"),
    ],
)
def test_a_member_named_after_a_seat_with_and_is_the_backer_and_the_seat_is_one_place(text: str, backer: str) -> None:
    assert {b for b, *_ in edges(text)} == {backer}


def test_a_surname_two_people_of_the_article_share_backs_neither_of_them_by_guess() -> None:
    """ "Ceredigion AM Elin Jones" (however labelled) makes "Ms Jones" ambiguous with Ieuan Wyn Jones: no guess."""
    text = (
        "Arfon MP Hywel Williams has announced his backing for Ceredigion AM Elin Jones.\n\n"
        "Former leader Ieuan Wyn Jones is standing down.\n\n"
        "Ms Jones is also being supported by former AM Dai Lloyd."
    )
    assert all(backed != "Ieuan Wyn Jones" for _, backed, *_ in edges(text))
