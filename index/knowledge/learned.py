"""Candidates from the parse, read by the relation model: the pairs of one sentence and what the model says of them.

The mention machinery (names, aliases, branches, "the union") finds who a sentence names; the people and
organisations of the sentence before (and of the heading a list item sits under) join them, so "He later won the
support of X" is read against the person the paragraph is about, marked where they were named. Only sentences
with a cue word of the lexicon are read, so the cost stays bounded.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from index import lexicon
from index.knowledge.discourse import BRANCH, PLACE_LABELS, Mention
from index.knowledge.mentions import name_tokens
from index.knowledge.relation_model import BUNDLED_WEIGHTS, PairReading, Passage, RelationModel, refers_back
from index.models import Stance

CUE_LEMMAS = (
    lexicon.BACKING_VERBS
    | lexicon.OPPOSING_VERBS
    | lexicon.WITHDRAWING_VERBS
    | lexicon.BACKING_NOUNS
    | lexicon.SUPPORTER_NOUNS
    | lexicon.RECEIVING_VERBS
    | lexicon.SIGNING_VERBS
    | lexicon.UNDECLARED_GOVERNORS
    | lexicon.UNDECLARED_ADJECTIVES
    | frozenset(lexicon.BACKING_VERB_PREPOSITIONS)
    | frozenset({"vote", "declare", "campaign", "endorser", "nominee", "switch", "defect", "urge", "reject"})
)
"""A sentence is read by the model only when one of its words has one of these lemmas."""
STATING_LEMMAS = (
    lexicon.BACKING_VERBS
    | lexicon.OPPOSING_VERBS
    | lexicon.WITHDRAWING_VERBS
    | lexicon.BACKING_NOUNS - {"vote"}
    | lexicon.SUPPORTER_NOUNS
    | lexicon.UNDECLARED_ADJECTIVES
)
"""The words that say backing itself: a pair only the model read must be joined by one of them ("endorsed",
"the support of"), not by a word that only often goes with backing ("declared the victor", "the primary
campaign", "18 of the 94 votes")."""


@dataclass(frozen=True)
class Context:
    """A sentence or heading and the mentions it names, as the model sees them."""

    text: str
    start: int  # where the text starts in its Doc, in characters
    mentions: tuple[tuple[Mention, int, int], ...]  # each mention with its span, in characters of ``text``


@dataclass(frozen=True)
class PairClaim:
    """What the model read of one ordered pair of a sentence."""

    backer: Mention
    backed: Mention
    reading: PairReading
    named_here: bool  # both are named in the sentence itself, not only in the one before or the heading


def context_of(span: Span, mentions: Sequence[Mention]) -> Context:
    """A sentence (or heading paragraph) with the character span of each of its mentions."""
    marked = []
    for mention in mentions:
        head = span.doc[mention.token]
        if not span.start <= head.i < span.end or (head.ent_type_ in PLACE_LABELS and mention.kind != BRANCH):
            continue  # a place ("Scotland") backs no one; a branch named by its place ("Makerfield") may
        tokens = _span_tokens(head)
        start, end = tokens[0].idx - span.start_char, tokens[-1].idx + len(tokens[-1]) - span.start_char
        written = start + len(mention.name) if span.text.startswith(mention.name, start) else end  # "A and B"
        if not _describes(tokens) and not _names_a_seat(span.text, max(end, written)):
            marked.append((mention, start, end))
    return Context(span.text, span.start_char, tuple(marked))


def joins(sentence: Span, backer: Token, backed: Token) -> bool:
    """Whether one word of the sentence that says backing itself has both names as arguments: each is reached from
    it through the parse without entering a clause or description of its own (lists are followed: "A, B and C back
    D")."""
    return any(
        _reaches(cue, backer) and _reaches(cue, backed) for cue in sentence if cue.lemma_.lower() in STATING_LEMMAS
    )


def _reaches(cue: Token, name: Token) -> bool:
    above = [name, *name.ancestors]
    meeting = next((t for t in [cue, *cue.ancestors] if t in above), None)
    if meeting is None:
        return False
    path = above[: above.index(meeting)] + [t for t in [cue, *cue.ancestors][: [cue, *cue.ancestors].index(meeting)]]
    return not any(t.dep_ in CLAUSE_EDGES and not _listed(t) for t in path)


def _listed(token: Token) -> bool:
    """A conjunct of a list of names ("Smith, Jones and Brown"), not a clause joined by "and"."""
    return token.dep_ == "conj" and token.pos_ in ("PROPN", "NOUN") and token.head.pos_ in ("PROPN", "NOUN")


SEAT_BEFORE_TITLE = re.compile(r"\s+(\w+)\s+[A-Z]")


def _names_a_seat(text: str, end: int) -> bool:
    """Whether the name ending at text[end] is a seat before a member's title: "Hackney North MP Diane Abbott",
    "Merthyr Tydfil and Rhymney MS Dawn Bowden" name where the member serves, not a party to the relation."""
    title = SEAT_BEFORE_TITLE.match(text, end)
    return title is not None and title.group(1).lower() in lexicon.TITLE_NOUNS


def _describes(tokens: list[Token]) -> bool:
    """Whether a name only describes another noun, a title or an office: "former NAACP President Benjamin
    Jealous", "Secretary of State Jesse White", "the U.S. Senate's second-ranking Republican" is no party to
    the relation of the person it describes."""
    inside = {t.i for t in tokens}
    root = next((t for t in tokens if t.head.i not in inside), tokens[-1])
    if root.dep_ in ("compound", "nmod") and root.head.pos_ in ("NOUN", "PROPN"):
        return True
    governor = root.head.head if root.dep_ == "pobj" and root.head.lower_ in ("of", "for") else None
    return governor is not None and governor.lower_ in lexicon.TITLE_NOUNS


def _span_tokens(head: Token) -> list[Token]:
    """The words that name a mention: its name, or a noun with the words that make it one thing ("Unite's
    executive", "constituency Labour parties")."""
    if head.pos_ == "PROPN" or head.ent_type_:
        return name_tokens(head) or [head]
    left = [c for c in head.lefts if c.dep_ in ("compound", "amod", "nummod", "poss") and c.i < head.i]
    start = min([c.left_edge.i for c in left], default=head.i)
    return list(head.doc[start : head.i + 1])


def has_cue(sentence: Span) -> bool:
    return any(t.lemma_.lower() in CUE_LEMMAS for t in sentence)


CLAUSE_EDGES = frozenset({"relcl", "advcl", "acl", "appos", "parataxis", "csubj", "conj"})
"""Dependency edges into a clause or description of its own: a name reached only across one is not an argument
of the backing word ("Abbott, one of Corbyn's closest allies, spoke"; "Unite, an affiliate of the Labour Party")."""


def cue_token(sentence: Span) -> Token:
    """The backing word of a sentence the model read (its first cue word, else its root): what dates its record."""
    return next((t for t in sentence if t.lemma_.lower() in CUE_LEMMAS), sentence.root)


def passage_of(sentence: Context, previous: Context | None, heading: Context | None) -> tuple[Passage, list[Mention]]:
    """The passage of a sentence and the mentions its spans mark: the sentence's own first, then the heading's
    and the previous sentence's people and organisations not named again; pairs need one end in the sentence."""
    chosen: list[tuple[Mention, tuple[int, int, int], bool]] = []
    names: set[str] = set()
    refers = refers_back(sentence.text)
    for part, context in ((1, sentence), (0, previous), (-1, heading)):
        if context is None or (part == 0 and not refers):
            continue
        for mention, start, end in reversed(context.mentions) if part != 1 else context.mentions:
            if mention.name and mention.name not in names:
                names.add(mention.name)
                chosen.append((mention, (part, start, end), part == 1))
    pairs = tuple(
        (i, j)
        for i, (_, _, here_i) in enumerate(chosen)
        for j, (_, _, here_j) in enumerate(chosen)
        if i != j and (here_i or here_j)
    )
    passage = Passage(
        heading.text if heading else "",
        previous.text if previous else "",
        sentence.text,
        tuple(span for _, span, _ in chosen),
        pairs,
    )
    return passage, [m for m, _, _ in chosen]


def pair_claims(model: RelationModel, items: Sequence[tuple[Passage, list[Mention]]]) -> list[list[PairClaim]]:
    """The model's reading of every pair of every passage, in one batched pass."""
    readings = model.read([p for p, _ in items])
    return [
        [
            PairClaim(mentions[a], mentions[b], r, passage.spans[a][0] == passage.spans[b][0] == 1)
            for (a, b), r in zip(passage.pairs, found, strict=True)
        ]
        for (passage, mentions), found in zip(items, readings, strict=True)
    ]


def stance_of(claim: PairClaim) -> Stance | None:
    stance = claim.reading.stance
    return None if stance == "none" else Stance(stance)


@lru_cache(maxsize=2)
def load_relation_model(path: str = "") -> RelationModel:
    """The relation model, loaded once per process."""
    return RelationModel(path)


def weights_hash(path: str = "") -> str:
    """What the records depend on: the weights file's sha256 (read once per version of the file)."""
    file = Path(path).expanduser() if path else BUNDLED_WEIGHTS
    if not file.is_file():
        return ""
    stat = file.stat()
    return _sha256(str(file), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _sha256(path: str, mtime_ns: int, size: int) -> str:
    """The sha256 of one version of a file: its modification time and size key the cache."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
