"""Endorsement extraction: every backing sentence of the seed articles, the non-endorsements, and new articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.ingest.corpus import Article, load_corpus, parse_article
from index.knowledge.extract import extract_corpus
from index.knowledge.extraction_cache import ExtractionCache
from index.search.store import Endorsement
from tests.conftest import CORPUS

HK = "2016-08-hampstead-kilburn-backs-corbyn"
HSP = "2016-08-holborn-st-pancras-backs-corbyn"
HK_CLP, HSP_CLP = "Hampstead and Kilburn CLP", "Holborn and St Pancras CLP"
CORBYN, SMITH, BURNHAM = "Jeremy Corbyn", "Owen Smith", "Andy Burnham"

# (article, paragraph, backer, backer kind, backed, stance, when, votes): every record the seeds give, each checked
# by hand against its sentence.
SEED_RECORDS = [
    (HK, 1, HK_CLP, "branch", CORBYN, "supports", "current", ""),
    (HK, 4, "Momentum", "group", CORBYN, "supports", "current", ""),
    (HK, 7, HK_CLP, "branch", CORBYN, "supports", "current", ""),
    (HK, 3, HK_CLP, "branch", CORBYN, "supports", "current", "96 votes to 54"),
    (HK, 12, "Keir Starmer", "person", SMITH, "supports", "current", ""),
    (HK, 12, HSP_CLP, "branch", CORBYN, "supports", "current", ""),
    (HK, 13, "Tulip Siddiq", "person", "", "undeclared", "current", ""),
    (HK, 14, "Tulip Siddiq", "person", CORBYN, "supports", "past", ""),
    (HK, 14, "Tulip Siddiq", "person", BURNHAM, "supports", "past", ""),
    (HK, 15, "Tulip Siddiq", "person", "", "undeclared", "current", ""),
    (HK, 15, "Keir Starmer", "person", SMITH, "supports", "current", ""),
    (HK, 16, "Keir Starmer", "person", SMITH, "supports", "current", ""),
    (HK, 17, "Keir Starmer", "person", SMITH, "supports", "current", ""),
    (HK, 18, HSP_CLP, "branch", CORBYN, "supports", "past", ""),
    (HK, 18, HSP_CLP, "branch", CORBYN, "opposes", "current", ""),
    (HK, 20, "Sarah Hayward", "person", SMITH, "supports", "current", ""),
    (HK, 21, "Sarah Hayward", "person", CORBYN, "opposes", "current", ""),
    (HSP, 1, HSP_CLP, "branch", CORBYN, "supports", "current", ""),
    (HSP, 1, "Keir Starmer", "person", SMITH, "supports", "current", ""),
    (HSP, 2, HSP_CLP, "branch", CORBYN, "supports", "current", ""),
    (HSP, 2, "Keir Starmer", "person", SMITH, "supports", "current", ""),
    (HSP, 2, "Sarah Hayward", "person", SMITH, "supports", "current", ""),
    (HSP, 3, HSP_CLP, "branch", CORBYN, "supports", "current", "274 votes to 196"),
    (HSP, 4, "Kate Green", "person", SMITH, "supports", "current", ""),
    (HSP, 5, "Murad Qureshi", "person", CORBYN, "supports", "current", ""),
    (HSP, 7, "Frank Dobson", "person", SMITH, "supports", "current", ""),
    (HSP, 7, "Frank Dobson", "person", CORBYN, "opposes", "current", ""),
    (HSP, 8, "Jane Roberts", "person", SMITH, "supports", "current", ""),
    (HSP, 8, "Sarah Hayward", "person", SMITH, "supports", "current", ""),
    (HSP, 11, "Keir Starmer", "person", CORBYN, "opposes", "current", ""),
    (HSP, 12, "Keir Starmer", "person", SMITH, "supports", "current", ""),
    (HSP, 14, "Keir Starmer", "person", SMITH, "supports", "current", ""),
    (HSP, 16, HSP_CLP, "branch", CORBYN, "supports", "past", ""),
    (HSP, 16, "Keir Starmer", "person", BURNHAM, "supports", "past", ""),
    (HSP, 17, HSP_CLP, "branch", CORBYN, "opposes", "current", ""),
    (HSP, 18, "41 CLPs", "group", SMITH, "supports", "current", "200 CLPs, to Smith’s 41"),
    (HSP, 18, "200 CLPs", "group", CORBYN, "supports", "current", "200 CLPs, to Smith’s 41"),
]

# Sentences that mention backing but say nothing about who backs a candidate.
NOT_ENDORSEMENTS = [
    "vote for a sack of potatoes",  # an anonymous member, and not a candidate
    "I may vote for Corbyn to accelerate a split",  # anonymous, and only "may"
    "@Keir_Starmer is respected and strongly supported",  # a chair praising his MP
    "equal numbers of speakers made the case for each candidate",
    "I congratulate Jeremy on the nomination",
    "walked out of Mr Corbyn’s team",
]


def key(record: Endorsement) -> tuple[str, int, str, str, str, str, str, str]:
    return (
        record.article,
        record.paragraph,
        record.backer,
        record.backer_kind,
        record.backed,
        record.stance,
        record.when,
        record.votes,
    )


@pytest.fixture(scope="module")
def seed_articles() -> list[Article]:
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def seed_records(seed_articles: list[Article]) -> list[Endorsement]:
    return extract_corpus(seed_articles)[0]


@pytest.mark.parametrize("expected", SEED_RECORDS, ids=lambda e: f"{e[0][8:12]}-p{e[1]}-{e[2]}-{e[5]}-{e[4]}")
def test_each_backing_sentence_of_the_seeds_gives_its_record(seed_records: list[Endorsement], expected: tuple) -> None:
    """Every backing sentence of the two seed articles yields the record a reader would write down."""
    assert expected in {key(r) for r in seed_records}


def test_the_seeds_give_no_record_beyond_the_expected_ones(seed_records: list[Endorsement]) -> None:
    """Precision: the extractor claims nothing about the seeds that the table above does not list."""
    assert {key(r) for r in seed_records} - set(SEED_RECORDS) == set()


@pytest.mark.parametrize("fragment", NOT_ENDORSEMENTS)
def test_mentions_that_are_not_endorsements_give_no_record(seed_records: list[Endorsement], fragment: str) -> None:
    """Praise, hypotheticals and anonymous voices are not endorsement records."""
    assert not [r for r in seed_records if fragment in r.quote]


def test_nominating_last_year_without_voting_is_past_support_only(seed_records: list[Endorsement]) -> None:
    """Ms Siddiq nominated Mr Corbyn last year but did not vote for him: a past nomination, never current support."""
    records = [r for r in seed_records if r.backer == "Tulip Siddiq" and r.backed == CORBYN]
    assert records and {(r.stance, r.when) for r in records} == {("supports", "past")}


def test_every_seed_quote_is_a_verbatim_sentence_of_its_paragraph(
    seed_articles: list[Article], seed_records: list[Endorsement]
) -> None:
    """Each record's quote is one whole sentence of the paragraph it cites."""
    paragraphs = {(a.id, p.position): p for a in seed_articles for p in a.paragraphs}
    for record in seed_records:
        text = paragraphs[record.article, record.paragraph].text
        assert record.quote in text and record.quote == record.quote.strip()


INVENTED = """title: Islington branches split over the leadership
---
Members of the Islington South CLP backed Owen Smith by 120 votes to 80.

Councillor Jane Doe, who is backing Jeremy Corbyn, said the result showed a divided party.

Labour MP Ann Black made the case for Mr Smith, while former minister John Roe spoke on behalf of Mr Corbyn.

Ms Black has yet to say who she will nominate, although she nominated Mr Corbyn last year.

Bristol West MP Thangam Debbonaire urged members to back Mr Smith, as did councillor Mary Poe.

The Bristol West branch gave its nomination to Mr Corbyn last year - but the Bristol West Labour Party recently passed a motion of no confidence in him.

Mr Smith has now received the backing of 53 CLPs, to Corbyn’s 285.

Dr Lee Park did not back Mr Smith, and said he might vote for Mr Corbyn.
"""

INVENTED_RECORDS = [
    (1, "Islington South CLP", "branch", SMITH, "supports", "current", "120 votes to 80"),
    (2, "Jane Doe", "person", CORBYN, "supports", "current", ""),
    (3, "Ann Black", "person", SMITH, "supports", "current", ""),
    (3, "John Roe", "person", CORBYN, "supports", "current", ""),
    (4, "Ann Black", "person", "", "undeclared", "current", ""),
    (4, "Ann Black", "person", CORBYN, "supports", "past", ""),
    (5, "Thangam Debbonaire", "person", SMITH, "supports", "current", ""),
    (5, "Mary Poe", "person", SMITH, "supports", "current", ""),
    (6, "Bristol West CLP", "branch", CORBYN, "supports", "past", ""),
    (6, "Bristol West CLP", "branch", CORBYN, "opposes", "current", ""),
    (7, "53 CLPs", "group", SMITH, "supports", "current", "53 CLPs, to Corbyn’s 285"),
    (7, "285 CLPs", "group", CORBYN, "supports", "current", "53 CLPs, to Corbyn’s 285"),
]


@pytest.fixture(scope="module")
def invented_records() -> list[Endorsement]:
    return extract_corpus([parse_article("invented", INVENTED)])[0]


@pytest.mark.parametrize("expected", INVENTED_RECORDS, ids=lambda e: f"p{e[0]}-{e[1]}-{e[4]}")
def test_new_articles_of_the_same_kind_give_their_records(invented_records: list[Endorsement], expected: tuple) -> None:
    """The rules generalise to other names, branches and phrasings than the seeds'."""
    assert expected in {key(r)[1:] for r in invented_records}


def test_new_articles_give_nothing_unstated(invented_records: list[Endorsement]) -> None:
    """Negated and hedged backing ("did not back", "might vote for") gives no record."""
    assert {key(r)[1:] for r in invented_records} - set(INVENTED_RECORDS) == set()


MORE_PHRASINGS = """title: Leeds and Bristol
---
Bristol East MP Kerry Doe, who backed Andy Burnham last year, is backing Owen Smith.

Corbyn supporter Tom Lee said the vote was fair.

Mr Smith has been endorsed by the Leeds West CLP.

“I am voting for Owen,” said councillor Ruth Cole.

Leeds Central MP Pat Reed refused to back Mr Corbyn.

Mr Reed is expected to back Mr Smith.

Mr Reed said he would back Mr Smith.

The Leeds West branch remains neutral.

Also backing Mr Corbyn is Leeds North West MP Alex Sobel.

Mr Reed praised the motion, supported by Ruth Cole.

The pro-Corbyn group Momentum, whose members joined the meeting, was delighted.

Jo Bird, a long-time Smith supporter, spoke at the meeting.

Labour MP Sam Hill threw her weight behind Mr Corbyn, while Ms Hill’s friend Dan Lake is a supporter of Owen Smith.
"""

MORE_RECORDS = [
    (1, "Kerry Doe", "person", BURNHAM, "supports", "past", ""),  # the relative clause is last year's
    (1, "Kerry Doe", "person", SMITH, "supports", "current", ""),
    (3, "Leeds West CLP", "branch", SMITH, "supports", "current", ""),
    (4, "Ruth Cole", "person", SMITH, "supports", "current", ""),  # "I" is the speaker named after the quote
    (7, "Pat Reed", "person", SMITH, "supports", "current", ""),  # reported "would", not a hypothetical
    (8, "Leeds West CLP", "branch", "", "undeclared", "current", ""),
    (9, "Alex Sobel", "person", "Corbyn", "supports", "current", ""),
    (12, "Jo Bird", "person", SMITH, "supports", "current", ""),
    (13, "Sam Hill", "person", "Corbyn", "supports", "current", ""),
    (13, "Dan Lake", "person", SMITH, "supports", "current", ""),  # "is a supporter of Owen Smith"
]


@pytest.mark.parametrize("expected", MORE_RECORDS, ids=lambda e: f"p{e[0]}-{e[1]}-{e[4]}")
def test_other_phrasings_of_backing_give_their_records(expected: tuple) -> None:
    """Relative clauses, compounds ("Corbyn supporter"), passives, quotes attributed after them, inversions."""
    records = extract_corpus([parse_article("more", MORE_PHRASINGS)])[0]
    assert expected in {key(r)[1:] for r in records}


def test_refusals_forecasts_and_unknown_subjects_give_no_record() -> None:
    """ "refused to back", "is expected to back", a passive about a motion, an unknown name: no record."""
    records = extract_corpus([parse_article("more", MORE_PHRASINGS)])[0]
    assert {key(r)[1:] for r in records} - set(MORE_RECORDS) == set()


ISLINGTON = """title: Islington
---
Islington North Labour members have nominated Jeremy Corbyn by an overwhelming margin, with 320 votes to 12.

The vote came as Islington South and Finsbury MP Emily Thornberry, a staunch Corbyn ally, said she was "delighted".

Hackney North MP Diane Abbott, who has been one of Mr Corbyn's closest allies, spoke in favour of the motion.

Meanwhile, the neighbouring Hornsey and Wood Green CLP backed Owen Smith by 150 votes to 140, in a close-run contest.

Local MP Catherine West said she had not yet decided whom to support.

Mr Smith, who launched his campaign in July, thanked the branch for its support.

Critics of Mr Corbyn, including former minister Margaret Hodge, tabled a motion of no confidence in him this summer.

Ms Hodge said: "I will be voting for Owen Smith because Labour needs a leader who can win."

Tottenham MP David Lammy has not endorsed either candidate.

Councillor Richard Watts, leader of Islington Council, is supporting Mr Corbyn.

"Jeremy has my full support," said Ms Abbott.
"""

ISLINGTON_RECORDS = {
    (1, "Islington North CLP", "branch", CORBYN, "supports", "current", "320 votes to 12"),
    (2, "Emily Thornberry", "person", CORBYN, "supports", "current", ""),
    (4, "Hornsey and Wood Green CLP", "branch", SMITH, "supports", "current", "150 votes to 140"),
    (5, "Catherine West", "person", "", "undeclared", "current", ""),
    (8, "Margaret Hodge", "person", SMITH, "supports", "current", ""),  # "I" in straight quotes
    (9, "David Lammy", "person", "", "undeclared", "current", ""),
    (10, "Richard Watts", "person", CORBYN, "supports", "current", ""),
    (11, "Diane Abbott", "person", CORBYN, "supports", "current", ""),  # "my support", speaker named after
}


def test_an_unseen_article_gives_exactly_what_it_says() -> None:
    """A new article with other MPs and branches: each stated backing, and no more (praise of a motion is none)."""
    records = extract_corpus([parse_article("islington", ISLINGTON)])[0]
    assert {key(r)[1:] for r in records} == ISLINGTON_RECORDS


QUOTATIONS = """title: Quotes
---
Keir Starmer told the paper: “I am backing Owen Smith.

“I back Mr Corbyn,” she said.

“I back Mr Corbyn,” said Labour MP Ann Lee.
"""


def test_i_in_a_quotation_is_its_named_speaker_and_nobody_else() -> None:
    """ "I" is the named speaker; a quote attributed to an unnamed "she" is not given to the previous speaker."""
    records = extract_corpus([parse_article("quotes", QUOTATIONS)])[0]
    assert {(r.paragraph, r.backer, r.backed) for r in records} == {
        (1, "Keir Starmer", SMITH),
        (3, "Ann Lee", "Corbyn"),
    }


TRICKY = """title: Tricky
---
Labour MP Sam Hill said the vote was close.

Mr Corbyn thanked Ms Hill and backed her call for unity.

Asked whether he backed Mr Smith, Labour MP Tim Lee declined to comment.

Mr Lee, who has backed Mr Corbyn in the past, said he now supports Owen Smith.

Ms Hill, whose husband backs Mr Corbyn, is undecided.
"""


def test_possessives_questions_and_relative_clauses_are_read_right() -> None:
    """ "backed her call" backs no one; "whether he backed" is a question; a "whose" clause has its own subject."""
    records = extract_corpus([parse_article("tricky", TRICKY)])[0]
    assert {key(r)[1:] for r in records} == {
        (4, "Tim Lee", "person", "Corbyn", "supports", "past", ""),
        (4, "Tim Lee", "person", SMITH, "supports", "current", ""),
        (5, "Sam Hill", "person", "", "undeclared", "current", ""),
    }


def _article_from(paragraphs: list[str]) -> Article:
    return parse_article("mixed", "\n\n".join(paragraphs))


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_records_from_any_mix_of_paragraphs_quote_their_paragraph_verbatim(data: st.DataObject) -> None:
    """Whatever paragraphs an article is made of, every quote is a sentence of the paragraph it cites."""
    pool = [p.text for a in load_corpus(CORPUS) for p in a.paragraphs]
    for text in (INVENTED, MORE_PHRASINGS, ISLINGTON, QUOTATIONS, TRICKY):
        pool += [block for block in text.split("---\n", 1)[1].split("\n\n") if block.strip()]
    chosen = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=8))
    article = _article_from(chosen)
    records, entities = extract_corpus([article])
    names = {e.name for e in entities}
    for record in records:
        paragraph = article.paragraphs[record.paragraph - 1]
        assert record.quote in paragraph.text
        assert record.backer != record.backed
        assert record.stance in ("supports", "opposes", "undeclared")
        assert record.when in ("current", "past")
        assert record.backer in names and (record.backed in names or record.backed == "")


ANOTHER_SMITH = """title: Sheffield MP backs her namesake
source: Test Gazette
date: 2016-08-20
---
Penistone and Stocksbridge MP Angela Smith is backing Owen Smith in the leadership contest.
"""


def test_records_from_the_extraction_cache_are_those_of_a_fresh_extraction(tmp_path: Path) -> None:
    """A rebuild reads unchanged articles from the cache and gives exactly the records and names of a fresh one."""
    articles = load_corpus(CORPUS)
    fresh = extract_corpus(articles)
    for _ in range(2):  # the first fills the cache, the second reads every article from it
        cache = ExtractionCache(tmp_path / "extraction.sqlite3")
        assert extract_corpus(articles, cache) == fresh
        cache.close()


def test_adding_an_unrelated_article_changes_no_other_articles_records(tmp_path: Path) -> None:
    """Each article is read on its own: a new article about other people leaves every seed record as it was,
    and the seeds are read from the cache, not parsed again."""
    seeds = load_corpus(CORPUS)
    cache = ExtractionCache(tmp_path / "extraction.sqlite3")
    alone = extract_corpus(seeds, cache)[0]
    unrelated = parse_article("sheffield", ANOTHER_SMITH)
    together = extract_corpus([*seeds, unrelated], cache)[0]
    assert [r for r in together if r.article != "sheffield"] == alone
    assert {(r.backer, r.backed) for r in together if r.article == "sheffield"} == {("Angela Smith", SMITH)}
    cache.close()
