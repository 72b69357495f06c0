"""Whether a backing word is stated as a fact: negation, modality, hedges and the words governing it."""

from __future__ import annotations

from spacy.tokens import Token

from index import lexicon
from index.knowledge.shapes import is_negated, shares_aux

MODALS = frozenset({"could", "may", "might", "would", "should", "can", "must", "ca"})
LOWER_PREFERENCES = frozenset({"second", "third", "fourth", "fifth", "last"})
"""A ranked ballot's later places: a vote for someone second is no backing of them."""
INDEPENDENT_PREPOSITIONS = frozenset({"with", "after", "before", "despite", "since", "while", "by", "as"})
"""A backing phrase after these ("with the union backing X") is stated for itself, not under the main verb."""


def blocking(word: Token) -> str:
    """ "undeclared" when negation or a governor says the backer has not chosen, "hedged" for any other
    negation or hedge on the word or the words governing it, "" when the claim is stated as a fact."""
    if any(c.lower_ in LOWER_PREFERENCES and c.dep_ in ("advmod", "npadvmod", "amod") for c in word.children):
        return "hedged"  # "she'll be voting for Denyer and Ramsay second": a later preference, not her choice
    token: Token | None = word
    steps = 0
    while token is not None and steps < 5:
        steps += 1
        lemma = token.lemma_.lower()
        negated = is_negated(token)
        if lemma in lexicon.UNDECLARED_GOVERNORS and token.i != word.i:
            return "undeclared"
        if lemma in lexicon.REGRETTING_VERBS and token.i != word.i:
            return "regretted"
        if token.lower_ == "short" and token.head.lemma_ == "stop":
            return "undeclared"  # "praises Biden but stops short of endorsing him"
        if negated:
            yet = any(c.lower_ == "yet" for c in token.children)
            return "undeclared" if yet or token.i != word.i and lemma in ("ready",) else "hedged"
        modal = [c for c in token.children if c.dep_ == "aux" and c.lower_ in MODALS]
        reported = token.dep_ == "ccomp" and token.head.lemma_ in lexicon.SPEECH_VERBS | {"confirm"}
        if modal and not (reported and all(c.lower_ == "would" for c in modal)):  # "said he would back"
            return "hedged"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless") for c in token.children):
            return "undeclared" if token.head.lemma_.lower() in lexicon.UNDECLARED_GOVERNORS else "hedged"
        if token.i != word.i and lemma in lexicon.URGING_WORDS:
            return ""
        if token.i != word.i and lemma in lexicon.HEDGING_WORDS:
            return "hedged"
        if token.dep_ == "conj" and token.head.pos_ in ("VERB", "AUX"):
            # "withdrew ... and endorsed Nandy": the other verb's negation is its own; a modal is shared
            shared = shares_aux(token) and any(c.dep_ == "aux" and c.lower_ in MODALS for c in token.head.children)
            return "hedged" if shared else ""
        if token.dep_ == "xcomp" and token.head.lemma_ in ("fail", "neglect"):
            return "hedged"  # "failed to win any support": none was won
        if token.dep_ == "xcomp" and token.head.lemma_.lower() in lexicon.FORECAST_GOVERNORS:
            return "hedged"  # "is set to back", "is believed to have the support of"
        independent = token.dep_ in ("pcomp", "pobj") and token.head.lower_ in INDEPENDENT_PREPOSITIONS
        if token.dep_ in ("xcomp", "acomp", "pcomp", "pobj", "prep", "dobj") and not independent:
            token = token.head
            continue
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in lexicon.UNDECLARED_GOVERNORS:
            return "undeclared"  # "considering whether to back"
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in lexicon.HEDGING_WORDS | lexicon.FORECAST_GOVERNORS:
            return "hedged"  # "it appears that X will vote for Y"
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in lexicon.SPEECH_VERBS:
            token = token.head  # "is expected to announce it will back": the announcing is hedged
            continue
        return ""
    return ""
