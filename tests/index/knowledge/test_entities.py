"""Entities and aliases: every name of the corpus is known, each alias leads to the one person or branch meant."""

from __future__ import annotations

import pytest

from index.ingest.corpus import load_corpus, parse_article
from index.knowledge.aliases import Discourse, Tagger
from index.knowledge.entities import Lexicon, discover_entities
from index.knowledge.extract import extract_corpus
from tests.conftest import CORPUS

SEED_PEOPLE = {
    "Jeremy Corbyn",
    "Owen Smith",
    "Andy Burnham",
    "Keir Starmer",
    "Tulip Siddiq",
    "Sarah Hayward",
    "Kate Green",
    "Murad Qureshi",
    "Frank Dobson",
    "Jane Roberts",
    "Patrick French",
    "Peter Taheri",
}

# (alias as written in the articles, canonical name, kind)
SEED_ALIASES = [
    ("Mr Corbyn", "Jeremy Corbyn", "person"),
    ("Corbyn", "Jeremy Corbyn", "person"),
    ("Jeremy", "Jeremy Corbyn", "person"),
    ("Labour leader", "Jeremy Corbyn", "person"),
    ("Islington North MP", "Jeremy Corbyn", "person"),
    ("Mr Smith", "Owen Smith", "person"),
    ("Owen", "Owen Smith", "person"),
    ("the Welshman", "Owen Smith", "person"),
    ("Mr Starmer", "Keir Starmer", "person"),
    ("Holborn and St Pancras MP", "Keir Starmer", "person"),
    ("@Keir_Starmer", "Keir Starmer", "person"),
    ("Ms Siddiq", "Tulip Siddiq", "person"),
    ("Hampstead and Kilburn MP", "Tulip Siddiq", "person"),
    ("Cllr Hayward", "Sarah Hayward", "person"),
    ("Camden leader", "Sarah Hayward", "person"),
    ("Dr French", "Patrick French", "person"),
    ("Dame Jane Roberts", "Jane Roberts", "person"),
    ("Burnham", "Andy Burnham", "person"),
    ("Holborn and St Pancras", "Holborn and St Pancras CLP", "branch"),
    ("Holborn and St Pancras Labour Party", "Holborn and St Pancras CLP", "branch"),
    ("Holborn and St Pancras Constituency Labour Party", "Holborn and St Pancras CLP", "branch"),
    ("Hampstead and Kilburn constituency branch", "Hampstead and Kilburn CLP", "branch"),
    ("Hampstead and Kilburn CLP", "Hampstead and Kilburn CLP", "branch"),
    ("Momentum", "Momentum", "group"),
    ("Camden Council", "Camden Council", "group"),
    ("Ham&High", "Ham & High", "group"),
]


@pytest.fixture(scope="module")
def seed_lexicon() -> Lexicon:
    return discover_entities(load_corpus(CORPUS))


@pytest.fixture(scope="module")
def seed_entities() -> set[tuple[str, str, str]]:
    return {(e.alias, e.name, e.kind) for e in extract_corpus(load_corpus(CORPUS))[1]}


def test_every_person_named_in_the_seeds_is_an_entity(seed_entities: set[tuple[str, str, str]]) -> None:
    """The answer engine can tell a name of the articles from an unknown one (and then abstain)."""
    people = {name for _, name, kind in seed_entities if kind == "person"}
    assert people == SEED_PEOPLE


def test_places_and_institutions_are_not_taken_for_people(seed_entities: set[tuple[str, str, str]]) -> None:
    """ "Islington North MP" is a seat and "St Pancras Church" a place: neither becomes a person."""
    names = {name for _, name, _ in seed_entities}
    assert not names & {"Islington North", "Islington Noth", "St Pancras Church", "Kentish Town", "Corby Graffiti"}


@pytest.mark.parametrize(("alias", "name", "kind"), SEED_ALIASES)
def test_seed_aliases_lead_to_the_full_name(
    seed_entities: set[tuple[str, str, str]], alias: str, name: str, kind: str
) -> None:
    """Titles, surnames, first names, roles, descriptors and branch spellings resolve to one canonical name."""
    assert (alias, name, kind) in seed_entities


def test_each_entity_lists_its_full_name_as_an_alias(seed_entities: set[tuple[str, str, str]]) -> None:
    """Every canonical name also appears as one of its own aliases."""
    names = {name for _, name, _ in seed_entities}
    assert all((name, name) in {(a, n) for a, n, _ in seed_entities} for name in names)


def test_genders_come_from_titles_and_pronouns(seed_lexicon: Lexicon) -> None:
    """ "Ms Siddiq" and "Cllr Hayward ... her reservations" are women; "Mr Starmer" a man; Kate Green unknown."""
    genders = {name: person.gender for name, person in seed_lexicon.people.items()}
    assert genders["Tulip Siddiq"] == genders["Sarah Hayward"] == genders["Jane Roberts"] == "f"
    assert genders["Keir Starmer"] == genders["Jeremy Corbyn"] == "m"
    assert genders["Kate Green"] == ""


def test_mps_seats_come_from_their_roles(seed_lexicon: Lexicon) -> None:
    """ "Holborn and St Pancras MP Keir Starmer" gives Keir Starmer his seat (for "his own constituency party")."""
    assert seed_lexicon.people["Keir Starmer"].seat == "Holborn and St Pancras"
    assert seed_lexicon.people["Tulip Siddiq"].seat == "Hampstead and Kilburn"


NEW_ARTICLE = """title: Leeds
---
Labour MP Kate Green said she would campaign for Owen Smith.

Ms Green told the rally that Welshman Owen Smith could win, and the Welshman thanked her.

Councillor John Smith, a Leeds North Labour Party officer, and Former Leeds Council leader Ann Jones spoke.
"""


@pytest.fixture(scope="module")
def new_lexicon() -> Lexicon:
    return discover_entities([parse_article("leeds", NEW_ARTICLE)])


def test_a_later_title_and_surname_resolves_to_the_full_name(new_lexicon: Lexicon) -> None:
    """Introduced as "Labour MP Kate Green", she is later "Ms Green": the alias leads to her full name."""
    assert new_lexicon.aliases()["Ms Green"] == "Kate Green"
    assert new_lexicon.people["Kate Green"].gender == "f"


def test_a_descriptor_the_text_uses_becomes_an_alias(new_lexicon: Lexicon) -> None:
    """ "Welshman Owen Smith" and later "the Welshman": the Welshman is Owen Smith."""
    assert new_lexicon.aliases()["the Welshman"] == "Owen Smith"


def test_a_surname_shared_by_two_people_is_no_alias(new_lexicon: Lexicon) -> None:
    """With both Owen Smith and John Smith named, "Smith" alone leads to neither."""
    assert "Smith" not in new_lexicon.aliases()
    assert {"Owen Smith", "John Smith"} <= set(new_lexicon.people)


def test_a_former_role_is_not_an_alias(new_lexicon: Lexicon) -> None:
    """ "Former Leeds Council leader Ann Jones" does not make "Leeds Council leader" mean Ann Jones."""
    assert "Leeds Council leader" not in new_lexicon.aliases()
    assert "Ann Jones" in new_lexicon.people


def test_a_place_is_known_by_its_first_word_only_when_that_is_unambiguous() -> None:
    """ "Holborn" means the Holborn and St Pancras branch; "Leeds" means neither Leeds North nor Leeds West."""
    article = parse_article(
        "a",
        "Members of the Holborn and St Pancras CLP met.\n\nThe Leeds North CLP and the Leeds West CLP met too.",
    )
    aliases = discover_entities([article]).aliases()
    assert aliases["Holborn"] == "Holborn and St Pancras CLP"
    assert "Leeds" not in aliases


def _resolved(text: str) -> list[list[tuple[str, str]]]:
    article = parse_article("a", text)
    tagger = Tagger(discover_entities([article]))
    discourse = Discourse()
    resolved = []
    for paragraph in article.paragraphs:
        discourse.start_paragraph(paragraph.text)
        for sentence in paragraph.sentence_texts:
            resolved.append([(m.text, m.name) for m in tagger.resolve(sentence, discourse, quoted=False)])
    return resolved


def test_the_branch_and_members_refer_to_the_branch_named_before() -> None:
    """ "members" and "the branch" mean the branch the article last named, not a neighbour named in passing."""
    sentences = _resolved(
        "At a meeting of the Leeds North CLP, members backed Owen Smith.\n\n"
        "In common with neighbouring branch Leeds East, the branch then met again."
    )
    assert ("members", "Leeds North CLP") in sentences[0]
    assert ("the branch", "Leeds North CLP") in sentences[1]


def test_a_pronoun_of_an_unnamed_speaker_stays_unresolved() -> None:
    """ "He" with no named antecedent in its paragraph is nobody in particular, not the last man named."""
    sentences = _resolved(
        "Mr Jones backed Owen Smith.\n\nHe did not wish to be named, but said he would back Mr Smith."
    )
    assert all(name == "" for text, name in sentences[1] if text.lower() == "he")
