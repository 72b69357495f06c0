"""Lists in a parse: which names one backing word reaches, on parses built by hand where spaCy's own parse of a
sentence varies with the names in it."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from index.knowledge.discourse import Discourse
from index.knowledge.mentions import _governing_subjects
from index.knowledge.shapes import expanded


def parsed(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)


def test_a_rival_after_over_is_not_listed_with_the_one_backed() -> None:
    """The parse may hang the rival on the one backed as an apposition: "backing Ned Larkin over Mayor Joe Garvey"
    backs Larkin alone."""
    words = ["Unite", "is", "backing", "Ned", "Larkin", "over", "Mayor", "Joe", "Garvey", "."]
    heads = [2, 2, 2, 4, 2, 4, 8, 8, 4, 2]
    deps = ["nsubj", "aux", "ROOT", "compound", "dobj", "prep", "compound", "compound", "appos", "punct"]
    pos = ["PROPN", "AUX", "VERB", "PROPN", "PROPN", "ADP", "PROPN", "PROPN", "PROPN", "PUNCT"]
    doc = parsed(words, heads, deps, pos)
    assert [t.text for t in expanded([doc[4]], Discourse())] == ["Larkin"]


def test_names_after_such_as_are_members_of_the_group() -> None:
    """ "Colleagues from Leeds, such as Tom Lee and Ann Ray, stuck with her": Lee and Ray are the colleagues."""
    words = ["Colleagues", "from", "Leeds", ",", "such", "as", "Tom", "Lee", "and", "Ann", "Ray", ",", "stuck"]
    heads = [12, 0, 1, 2, 5, 2, 7, 5, 7, 10, 7, 7, 12]
    deps = ["nsubj", "prep", "pobj", "punct", "amod", "prep", "compound", "pobj", "cc", "compound", "conj", "punct"]
    deps += ["ROOT"]
    pos = ["NOUN", "ADP", "PROPN", "PUNCT", "ADJ", "ADP", "PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "PUNCT", "VERB"]
    doc = parsed(words, heads, deps, pos)
    assert {t.text for t in expanded([doc[0]], Discourse())} == {"Colleagues", "Lee", "Ray"}


def test_names_after_a_colon_are_not_listed_with_a_name_before_it() -> None:
    """ "Gray was endorsed by four councillors: Sarah Dowling, Mike Lay" with Dowling hung on Gray by the parse: the
    councillors are not among those endorsed."""
    words = ["Gray", "was", "endorsed", "by", "four", "councillors", ":", "Sarah", "Dowling", ",", "Mike", "Lay"]
    heads = [2, 2, 2, 2, 5, 3, 2, 8, 0, 8, 11, 8]
    deps = ["nsubjpass", "auxpass", "ROOT", "agent", "nummod", "pobj", "punct", "compound", "appos", "punct"]
    deps += ["compound", "conj"]
    pos = ["PROPN", "AUX", "VERB", "ADP", "NUM", "NOUN", "PUNCT", "PROPN", "PROPN", "PUNCT", "PROPN", "PROPN"]
    doc = parsed(words, heads, deps, pos)
    assert [t.text for t in expanded([doc[0]], Discourse())] == ["Gray"]


def test_the_subject_of_a_participle_on_a_noun_is_that_noun() -> None:
    """ "Brown identified MPs backing him": the MPs back him, so "him" may well be Brown."""
    words = ["Brown", "identified", "MPs", "backing", "him"]
    doc = parsed(
        words, [1, 1, 1, 2, 3], ["nsubj", "ROOT", "dobj", "acl", "dobj"], ["PROPN", "VERB", "NOUN", "VERB", "PRON"]
    )
    assert [t.text for t in _governing_subjects(doc[4])] == ["MPs"]
