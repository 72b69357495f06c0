"""The place a question asks about ("for kansas governor") restricts the records to that race."""

from __future__ import annotations

import pytest

from index.answer.restrictions import apply, read_place, read_restrictions
from index.models import Endorsement


def record(backed: str, article: str, quote: str) -> Endorsement:
    return Endorsement("Ann Lee", "person", backed, "supports", "current", "", article, 1, quote)


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("who did trump endorse for kansas governor?", "kansas"),
        ("who is backed in the alabama senate race", "alabama"),
        ("who backed cox for california governor", "california"),
        ("who won the labour leadership race?", ""),
        ("who did she back for deputy leader?", ""),
    ],
)
def test_the_place_of_a_race_is_read_from_the_question(question: str, place: str) -> None:
    assert read_place(question) == place


TITLES = {"k": "lee backs ruiz for kansas governor the star", "c": "california race heats up the post"}
RECORDS = [record("Tom Ruiz", "k", "Ann Lee endorsed Tom Ruiz."), record("Jo Cole", "c", "Lee backs Jo Cole.")]


def test_a_place_keeps_the_records_of_that_race() -> None:
    kept = apply(read_restrictions("who did ann lee endorse for kansas governor"), RECORDS, {}, TITLES)
    assert [r.backed for r in kept] == ["Tom Ruiz"]


def test_a_place_no_article_names_restricts_nothing() -> None:
    kept = apply(read_restrictions("who did ann lee endorse for ohio governor"), RECORDS, {}, TITLES)
    assert kept == RECORDS


@pytest.mark.parametrize(
    "question",
    [
        "who did ann lee back in the first round?",
        "who was ann lee backing on the first ballot",
        "who did lee back before",
    ],
)
def test_the_first_round_asks_about_earlier_backing(question: str) -> None:
    assert read_restrictions(question).when == "past"


def test_which_ministers_keeps_the_backers_the_articles_call_ministers() -> None:
    minister = Endorsement(
        "Ann Lee", "person", "Tom Ruiz", "supports", "current", "", "k", 1, "Health Minister Ann Lee backs Ruiz."
    )
    member = Endorsement(
        "Bo Diaz", "person", "Tom Ruiz", "supports", "current", "", "k", 2, "Louth TD Bo Diaz backs Ruiz."
    )
    kept = apply(read_restrictions("which ministers backed tom ruiz?"), [minister, member], {})
    assert kept == [minister]
    assert read_restrictions("did minister ann lee back tom ruiz?").kinds == ()


def test_which_aldermen_keeps_council_members_and_aldermen_written_short() -> None:
    def backer(name: str, quote: str) -> Endorsement:
        return Endorsement(name, "person", "Tom Ruiz", "supports", "current", "", "c", 1, quote)

    short = backer("Bo Lin", "Meanwhile, Alds. Bo Lin (19th) and Ann Lee (15th) both endorsed Ruiz.")
    members = backer("Jo Cole", "Ruiz has endorsements from City Council members Jo Cole and Al Ray.")
    mayor = backer("Ed Fox", "Former mayor Ed Fox endorsed Ruiz.")
    kept = apply(read_restrictions("which aldermen are backing ruiz"), [short, members, mayor], {})
    assert kept == [short, members]
