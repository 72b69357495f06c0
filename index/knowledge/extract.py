"""Endorsement extraction: each article parsed by spaCy, its claims read from the parse, dated by the article.

An article's records depend on that article alone (its text, its header date and title) and on the code and
pipeline that read it, so they are cached per article (index.knowledge.extraction_cache) and adding an unrelated
article never changes them. One corpus-wide step follows: a person named only by surname in one article
("Corbyn") takes the one full name the corpus knows for it ("Jeremy Corbyn").
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from index import lexicon
from index.ingest.corpus import Article, caption_body
from index.knowledge import (
    branches,
    discourse,
    extraction_cache,
    hedges,
    learned,
    mentions,
    relation_model,
    relations,
    shapes,
    timing,
)
from index.knowledge import nlp as pipeline
from index.knowledge.branches import branch_forms, branch_place, canonical_branches, canonical_names
from index.knowledge.discourse import BRANCH, GROUP, PERSON, PLACE_LABELS, Discourse, Mention
from index.knowledge.extraction_cache import ArticleReading, ExtractionCache
from index.knowledge.learned import Context, PairClaim
from index.knowledge.mentions import is_acronym, mention_of
from index.knowledge.nlp import load_nlp
from index.knowledge.relations import Claim, SentenceReader
from index.models import Endorsement, Entity, EntityKind, Stance, When

_CODE = (
    relations,
    shapes,
    hedges,
    mentions,
    discourse,
    branches,
    timing,
    lexicon,
    extraction_cache,
    learned,
    relation_model,
    pipeline,
)
CODE_VERSION = hashlib.sha256(
    b"".join(Path(str(module.__file__)).read_bytes() for module in (*_CODE, sys.modules[__name__]))
).hexdigest()
"""Cached records were read by exactly this code."""
QUOTES = {"“": 1, "”": -1, "\u201e": 1}
LIST_LINE_NAME = re.compile(r"\s*(?:[-–•*]\s*)?(?P<name>[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){1,2})\s*(?:,|–|-|\(|$)")
"""The name a list line opens with: "- Monte McNaughton, Lambton-Kent-Middlesex"."""
BULLETS = ("-", "–", "•", "*")
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


RULE_PRECISION = 0.75
"""How often a rule's record is right on real news it was not written against (0.76 on three fresh audit sets):
with the model reading the rules, a rule's record has the confidence that the rule or the model is right,
1 - (1 - 0.75)(1 - p). Vetoing rule records by the model alone lost more right records than wrong ones on the
development set (recall 0.78 to 0.59), so a rule's record is always stated."""
ADDITION_CONFIDENCE = 0.8
"""The model's probability a pair the rules did not read needs before it becomes a record (stated or tentative, by
its confidence: the probability times ``FIND_PRECISION``). At 0.5 its finds brought contradictions on every set."""
COUNTED = re.compile(r"^(?:\d|(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|several|many)\b)", re.I)
"""A backer that is a count ("33 CLPs", "three affiliates") is a tally, never one backer."""


@dataclass(frozen=True)
class Reader:
    """How records are read: by the rules, the relation model, or the rules checked and completed by the model."""

    mode: str = "model+rules"
    weights: str = ""  # the relation model's file; empty: the bundled one
    threshold: float = 0.6  # a record of lower confidence is tentative: a quote, never a lead

    def key(self) -> str:
        model = learned.weights_hash(self.weights) if self.mode != "rules" else ""
        return f"{self.mode} {model} {self.threshold}"


DEFAULT_READER = Reader()

ReadingStep = Callable[[int, int], None]
"""Called before each article is read with the paragraphs read so far and to read (progress, a time limit)."""


def extract_corpus(
    articles: Sequence[Article],
    cache: ExtractionCache | None = None,
    nlp_model: str = "",
    before_reading: ReadingStep | None = None,
    reader: Reader = DEFAULT_READER,
) -> tuple[list[Endorsement], list[Entity]]:
    """Endorsement records and named entities (with aliases) of the corpus; unchanged articles' from the cache."""
    readings = _readings(articles, cache, nlp_model, before_reading, reader)
    people = sorted({name for reading in readings for name in reading.people})
    records = [r for reading in readings for r in reading.records]
    mapping = canonical_names({n for r in records for n in (r.backer, r.backed) if n}, people)
    records = [
        replace(r, backer=mapping.get(r.backer, r.backer) if r.backer_kind == PERSON else r.backer) for r in records
    ]
    records = [replace(r, backed=mapping.get(r.backed, r.backed)) for r in records]
    known = {b for reading in readings for b in reading.branches}
    branches = canonical_branches(known | {r.backer for r in records if r.backer_kind != EntityKind.PERSON})
    records = [
        replace(r, backer=branches[r.backer], backer_kind=EntityKind.BRANCH) if r.backer in branches else r
        for r in records
    ]
    roles = [(alias, mapping.get(name, name)) for reading in readings for alias, name in reading.roles]
    people = sorted({mapping.get(name, name) for name in people})
    return list(dict.fromkeys(records)), entity_table(records, people, roles)


def _readings(
    articles: Sequence[Article],
    cache: ExtractionCache | None,
    nlp_model: str,
    before_reading: ReadingStep | None,
    reader: Reader,
) -> list[ArticleReading]:
    """Each article's reading, from the cache or read now and cached at once (a build stopped later keeps it)."""
    keys = [article_key(article, nlp_model, reader) for article in articles]
    cached = cache.get_many(keys) if cache is not None else {}
    missing = [(a, k) for a, k in zip(articles, keys, strict=True) if k not in cached]
    fresh: dict[str, ArticleReading] = {}
    total, done = sum(len(a.paragraphs) for a, _ in missing), 0
    for article, key in missing:
        if before_reading is not None:
            before_reading(done, total)
        fresh[key] = read_article(article, load_nlp(nlp_model), reader)  # loaded once, then cached
        if cache is not None:
            cache.put_many({key: fresh[key]})
        done += len(article.paragraphs)
    if cache is not None:
        cache.keep_only(keys)
    return [cached[key] if key in cached else fresh[key] for key in keys]


def article_key(article: Article, nlp_model: str = "", reader: Reader = DEFAULT_READER) -> str:
    """Everything an article's records depend on: the code, the pipeline, the reader and the article itself."""
    parts = [CODE_VERSION, nlp_model, reader.key(), article.id, article.date, article.title, article.content_hash]
    text = "\n".join(parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_article(article: Article, nlp: Language, reader: Reader = DEFAULT_READER) -> ArticleReading:
    """The records of one article and the full names of the people it names."""
    texts = [caption_body(p.text) or p.text if p.is_caption else p.text for p in article.paragraphs]
    docs = list(nlp.pipe(texts, batch_size=64))
    discourse = Discourse()
    for doc in docs:
        discourse.learn_names(doc)
    discourse.settle()
    discourse.publisher = _publisher(article.source)
    context = timing.ArticleTime.of(article)
    read: list[_Read] = []  # every sentence's rule claims and, when the model reads it, its passage
    topic = _title_person(article.title, nlp, discourse)  # whom the article (or a headed part of it) is about
    carried = ""  # the speaker of a quotation that goes on into the next paragraph
    previous: list[Claim] = []  # the claims of the sentence before, for "The group included: A, B and C"
    listing = False  # the paragraphs are items of a list that "... have been endorsed by:" introduced
    introduced: list[Claim] = []  # "The following MPs back Mulroney:": the lines that follow are those MPs
    before: Context | None = None  # the sentence before, as the model sees it
    heading: Context | None = None  # the paragraph that introduced the list being read
    for paragraph, doc in zip(article.paragraphs, docs, strict=True):
        if introduced and _is_list_item(doc):
            listed = _listed(doc.text, introduced, discourse)
            item = learned.context_of(doc[:], _sentence_mentions(doc[:], discourse))
            read.append(_Read(listed, doc[:], paragraph.position, _passage(reader, doc[:], item, None, heading)))
            continue
        introduced = []
        heading = heading if listing and _is_list_item(doc) else None
        topic = _heading_person(doc, discourse) or topic
        depths = _quote_depths(doc)  # for each token: inside a quotation or not
        opens = doc.text.lstrip()[:1] in ("“", '"', "‘")
        speaker = ""
        said: list[Claim] = []  # the paragraph's claims
        for sentence in doc.sents:
            here = learned.context_of(sentence, _note_sentence(sentence, discourse))
            if not speaker:
                own = _paragraph_speaker(doc, depths, discourse)  # None when the paragraph attributes nothing
                speaker = own if own is not None else carried if opens else ""
            quoted = opens or any(depths[t.i] for t in sentence)
            sentence_reader = SentenceReader(sentence, discourse, speaker if quoted else "", listing, topic)
            claims = sentence_reader.claims()
            claims += sentence_reader.members_of(previous + claims)
            said += claims
            read.append(_Read(claims, sentence, paragraph.position, _passage(reader, sentence, here, before, heading)))
            backed = {c.backed.name: c.backed for c in claims if c.backed is not None and c.stance == Stance.SUPPORTS}
            discourse.last_backed = next(iter(backed.values())) if len(backed) == 1 else None
            previous = claims
            before = here
        following = any(t.lower_ == "following" for t in doc)  # "The following MPs back Mulroney:"
        groups = [c for c in said if c.backer.kind == GROUP and c.backed is not None] if following else []
        for line in _bullet_lines(doc) if groups else []:  # "...:\n- Monte McNaughton, ..." in one paragraph
            read.append(_Read(_listed(line.text, groups, discourse), line, paragraph.position, None))
        introduces = doc.text.rstrip().endswith(":")
        listing = (introduces and _speaks_of_backing(doc)) or (listing and _is_list_item(doc))
        introduced = groups if introduces else []  # or one line or paragraph each
        if introduces:
            heading = learned.context_of(doc[:], _sentence_mentions(doc[:], discourse))
            speaker = speaker or _paragraph_speaker(doc, depths, discourse, outside_only=False) or ""
        carried = speaker if introduces or depths[-1:] == [1] or opens else ""
    records = _records(read, reader, article, context)
    people = sorted({n for n in discourse.full_names.values() if n and " " in n})
    branches = sorted({b for p in article.paragraphs for b in branch_forms(p.text)})
    roles = sorted(
        (f"the {role}", name)
        for role, name in discourse.roles.items()
        if name and (" " in role or role not in lexicon.ROLE_NOUNS)  # "the Welshman", never a bare "the leader"
    )
    return ArticleReading(list(dict.fromkeys(records)), people, branches, roles)


@dataclass(frozen=True)
class _Read:
    """One sentence (or list line) as read: the rules' claims, and the passage the model reads, if any."""

    claims: list[Claim]
    sentence: Span
    position: int
    passage: tuple[relation_model.Passage, list[Mention]] | None


def _passage(
    reader: Reader, sentence: Span, here: Context, before: Context | None, heading: Context | None
) -> tuple[relation_model.Passage, list[Mention]] | None:
    """The passage the model reads for a sentence with a cue word, when the reader uses the model."""
    if reader.mode == "rules" or not here.mentions or not (learned.has_cue(sentence) or heading is not None):
        return None
    passage, mentions = learned.passage_of(here, before, heading)
    return (passage, mentions) if passage.pairs else None


def _records(read: list[_Read], reader: Reader, article: Article, context: timing.ArticleTime) -> list[Endorsement]:
    """Every sentence's records: its rule claims with the model's confidence, and the pairs only the model read."""
    scored = [r for r in read if r.passage is not None]
    model = learned.load_relation_model(reader.weights) if scored else None
    pairs = learned.pair_claims(model, [r.passage for r in scored if r.passage]) if model else []
    by_sentence = {id(r): found for r, found in zip(scored, pairs, strict=True)}
    records: list[Endorsement] = []
    for item in read:
        found = by_sentence.get(id(item), [])
        record = partial(_record, sentence=item.sentence, article=article, position=item.position, context=context)
        if reader.mode != "model":
            records += [record(c, confidence=_confidence(c, found, reader)) for c in item.claims]
        ruled = {(c.backer.name, c.backed.name) for c in item.claims if c.backed is not None}
        for pair in found:
            stance = learned.stance_of(pair)
            read_by_rules = {(pair.backer.name, pair.backed.name), (pair.backed.name, pair.backer.name)} & ruled
            if stance is None or (reader.mode != "model" and read_by_rules):  # the rules' direction stands
                continue
            if _is_addition(pair, reader, item.sentence):
                anchor = learned.cue_token(item.sentence)
                claim = Claim(pair.backer, pair.backed, stance, pair.reading.when == When.PAST, anchor)
                sure = pair.reading.confidence * (1.0 if reader.mode == "model" else relation_model.FIND_PRECISION)
                records.append(record(claim, confidence=round(sure, 3), when=When(pair.reading.when)))
    return records


def _is_addition(pair: PairClaim, reader: Reader, sentence: Span) -> bool:
    """Whether a pair the rules did not read becomes a record: the model is sure enough, the sentence (the quote a
    lead will show) names both as arguments of one backing word, the one backed is a person (a candidate), the backer
    is no count and no place, and no negation, condition or hedge governs the backing word (the model may say it is
    undeclared)."""
    needed = reader.threshold if reader.mode == "model" else max(reader.threshold, ADDITION_CONFIDENCE)
    if pair.reading.confidence < needed or not pair.named_here or pair.backed.kind != PERSON:
        return False
    backer, backed = sentence.doc[pair.backer.token], sentence.doc[pair.backed.token]
    if (
        COUNTED.match(pair.backer.name)
        or backer.ent_type_ in PLACE_LABELS
        or not learned.joins(sentence, backer, backed)
    ):
        return False
    hedge = hedges.blocking(learned.cue_token(sentence))
    return hedge == "" or hedge == "undeclared" == pair.reading.stance


def _confidence(claim: Claim, found: list[PairClaim], reader: Reader) -> float:
    """How sure we are of a rule's claim: that the rule or the model (its probability of the claim's stance) is right."""
    if reader.mode == "rules":
        return 1.0
    pair = next(
        (
            p
            for p in found
            if claim.backed is not None and (p.backer.name, p.backed.name) == (claim.backer.name, claim.backed.name)
        ),
        None,
    )
    agreed = 0.0 if pair is None else pair.reading.stances[claim.stance]
    return round(1 - (1 - RULE_PRECISION) * (1 - agreed), 3)


def _title_person(title: str, nlp: Language, discourse: Discourse) -> Mention | None:
    """The one person an article's title names ("Stringer Losing Support"), if exactly one."""
    names = {discourse.full_names.get(t.lower_, "") for t in nlp(title) if t.pos_ == "PROPN"} - {""}
    return Mention(names.pop(), PERSON, 0) if len(names) == 1 else None


def _bullet_lines(doc: Doc) -> list[Span]:
    """The lines starting with a bullet that follow a line ending with a colon, within one paragraph."""
    spans, offset, listing = [], 0, False
    for line in doc.text.split("\n"):
        stripped = line.strip()
        if listing and stripped[:1] in BULLETS:
            span = doc.char_span(offset, offset + len(line), alignment_mode="expand")
            spans += [span] if span is not None else []
        listing = stripped.endswith(":") or listing and stripped[:1] in BULLETS
        offset += len(line) + 1
    return spans


def _listed(text: str, introduced: list[Claim], discourse: Discourse) -> list[Claim]:
    """A line of the list "The following MPs have thrown their support behind Mulroney:" introduced: the person it
    opens with ("- Monte McNaughton, Lambton-Kent-Middlesex") backs as the group did."""
    name = LIST_LINE_NAME.match(text)
    words = name.group("name").split() if name else []
    if not 2 <= len(words) <= 3 or {w.lower() for w in words} & (lexicon.GROUP_WORDS | lexicon.MEMBER_NOUNS):
        return []
    person = Mention(discourse.person(words) or " ".join(words), PERSON, 0)
    return [replace(c, backer=person) for c in introduced]


def _publisher(source: str) -> Mention | None:
    """The organisation an article's source names when the article is its own ("Unite CEC Branch (union branch
    website)", a newspaper's editorial): who "we" and "our branch" are outside quotations."""
    name = source.split("(")[0].strip()
    words = {w.lower() for w in name.split()}
    if not name or not words & (lexicon.GROUP_WORDS | lexicon.BRANCH_WORDS | lexicon.NEWSPAPER_WORDS):
        return None
    return Mention(name, BRANCH if words & lexicon.BRANCH_WORDS else GROUP, 0)


def _heading_person(doc: Doc, discourse: Discourse) -> Mention | None:
    """The person a short heading line is about: "Rishi Sunak – supporters: 36", "Kate Forbes – 4 MPs"."""
    if len(doc) > 12 or len(list(doc.sents)) != 1 or any(t.tag_ in ("VBD", "VBZ", "VBP") for t in doc):
        return None
    first = next((e for e in doc.ents if e.label_ == "PERSON" and e.start <= 1), None)
    after = doc[first.end] if first is not None and first.end < len(doc) else None
    if first is None or after is None or after.text not in ("–", "—", "-", ":", "("):
        return None
    counted = any(
        t.like_num or t.lemma_.lower() in lexicon.SUPPORTER_NOUNS | lexicon.MEMBER_NOUNS for t in doc[first.end :]
    )
    mention = mention_of(first.root, discourse)
    return mention if counted and mention is not None and mention.kind == PERSON else None


def _speaks_of_backing(doc: Doc) -> bool:
    lemmas = {t.lemma_.lower() for t in doc}
    return bool(lemmas & (lexicon.BACKING_VERBS | lexicon.BACKING_NOUNS | lexicon.SUPPORTER_NOUNS))


def _is_list_item(doc: Doc) -> bool:
    """A short line without a finite verb of its own: "Nandy by GMB, the third largest trade union"."""
    return len(list(doc.sents)) == 1 and not any(t.tag_ in ("VBD", "VBZ", "VBP") for t in doc)


def _sentence_mentions(sentence: Span, discourse: Discourse) -> list[Mention]:
    """The people, branches and groups a sentence names (its pronouns and role nouns aside)."""
    found: list[Mention] = []
    for ent in sentence.ents:
        bracketed = ent.start > 0 and sentence.doc[ent.start - 1].text == "("
        owner_place = ent.label_ == "GPE" and any(c.dep_ == "case" for c in ent.root.children)  # "Cleveland's"
        if ent.label_ in NAME_LABELS and ent.root.dep_ != "compound" and not (bracketed or owner_place):
            mention = mention_of(ent.root, discourse)
            if mention is not None and mention.name:
                found.append(mention)
    for token in sentence:
        group = token.lower_ in lexicon.BRANCH_WORDS | lexicon.GROUP_WORDS and (
            token.pos_ == "NOUN" or not token.ent_type_
        )
        unlabelled = not token.ent_type_ and token.dep_ != "compound"
        known = token.pos_ == "PROPN" and discourse.full_names.get(token.lower_)  # "Ms Long Bailey"
        if group or unlabelled and (known or is_acronym(token)):  # or "AFSCME", never the "IAFF" of "IAFF Local 27"
            mention = mention_of(token, discourse)
            if mention is not None and mention.name and all(mention.name not in m.name for m in found):
                found.append(mention)
    return found


def _note_sentence(sentence: Span, discourse: Discourse) -> list[Mention]:
    """Add the sentence's mentions to what references can point back to: its names first, then the people its
    subject pronouns and role nouns ("he", "the Labour leader") stand for, resolved against those names; returns
    the names."""
    discourse.sentence += 1
    found = _sentence_mentions(sentence, discourse)
    _note(found, sentence, discourse)
    referring: list[Mention] = []
    for token in sentence:
        subject = token.dep_ in ("nsubj", "nsubjpass")
        if subject and (token.pos_ == "PRON" or token.pos_ == "NOUN" and token.lemma_ in lexicon.ROLE_NOUNS):
            mention = mention_of(token, discourse)
            if mention is not None and mention.name and mention.kind == PERSON:
                referring.append(mention)
    _note(referring, sentence, discourse)
    people = {m.name for m in found + referring if m.subject and m.kind == PERSON}
    genders = {lexicon.PERSON_PRONOUNS[t.lower_] for t in sentence if t.dep_ == "poss" and t.lower_ in ("his", "her")}
    if len(people) == 1 and len(genders) == 1:  # "Cllr Hayward has never made a secret of her reservations"
        discourse.genders.setdefault(people.pop(), genders.pop())
    return found


def _note(mentions: list[Mention], sentence: Span, discourse: Discourse) -> None:
    """Note mentions in reading order, the subjects last: they are the most salient."""
    dated = [
        replace(m, sentence=discourse.sentence, subject=_is_main_subject(sentence.doc[m.token]))
        for m in sorted(mentions, key=lambda m: m.token)
    ]
    for mention in [m for m in dated if not m.subject] + [m for m in dated if m.subject]:
        discourse.note(mention)


def _is_main_subject(token: Token) -> bool:
    """The subject of the sentence's main clause, or the owner of it ("Mr Johnson's success ... underlines")."""
    if token.dep_ == "poss":
        token = token.head
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _quote_depths(doc: Doc) -> list[int]:
    depth, depths = 0, []
    for token in doc:
        change = QUOTES.get(token.text, 0) or (
            1 if token.text == '"' and depth == 0 else -1 if token.text == '"' else 0
        )
        if change > 0:
            depth = 1
        depths.append(depth)
        if change < 0:
            depth = 0
    return depths


def _paragraph_speaker(doc: Doc, depths: list[int], discourse: Discourse, outside_only: bool = True) -> str | None:
    """The person a paragraph's quotation is attributed to: the subject of "said", "told", "added"; "" when it
    is attributed to someone unknown ("she said" with no known woman before), None when it is not attributed."""
    if outside_only and not any(depths):
        return None
    attributed = False
    quoted = {discourse.person(e.text.split()) for e in doc.ents if e.label_ == "PERSON" and depths[e.start]}
    for token in doc:
        if token.lemma_ in lexicon.SPEECH_VERBS and not depths[token.i]:
            for subject in (c for c in token.children if c.dep_ == "nsubj"):
                attributed = True
                if subject.pos_ == "PRON":  # not someone the quotation names: "... is Boris Johnson," he said
                    mention = discourse.antecedent(subject, exclude=quoted)
                    gender = lexicon.PERSON_PRONOUNS.get(subject.lower_, "")
                    if mention is not None and discourse.genders.get(mention.name) != gender:
                        mention = None  # "I" is only given to someone known to be a "he" or a "she"
                else:
                    mention = mention_of(subject, discourse)
                if mention is not None and mention.kind == PERSON and mention.name:
                    return mention.name
    return "" if attributed else None


def _record(
    claim: Claim,
    sentence: Span,
    article: Article,
    position: int,
    context: timing.ArticleTime,
    confidence: float = 1.0,
    when: When | None = None,
) -> Endorsement:
    dated, year = context.when(claim.anchor, claim.withdrawn, claim.stance == Stance.UNDECLARED, claim.years)
    when = when or dated
    return Endorsement(
        backer=claim.backer.name,
        backer_kind=claim.backer.kind,
        backed=claim.backed.name if claim.backed else "",
        stance=claim.stance,
        when=when,
        votes=timing.votes(sentence, claim.backer),
        article=article.id,
        paragraph=position,
        quote=(sentence.doc[sentence.start : claim.through] if claim.through > sentence.end else sentence).text,
        year=year,
        contest=context.contest(sentence),
        confidence=round(confidence, 3),
    )


def entity_table(
    records: Sequence[Endorsement], people: Sequence[str], roles: Sequence[tuple[str, str]] = ()
) -> list[Entity]:
    """Every name the records use, with its aliases: full name, surname and first name where unambiguous, and
    the roles articles give them ("the Welshman") where the corpus gives each role to one person only."""
    kinds: dict[str, str] = {}
    for record in records:
        kinds.setdefault(record.backer, record.backer_kind)
        if record.backed:
            kinds.setdefault(record.backed, EntityKind.PERSON)
    for person in people:
        kinds.setdefault(person, EntityKind.PERSON)
    entities = [Entity(name, kind, name) for name, kind in kinds.items()]
    for alias, name in _unambiguous_aliases(n for n, k in kinds.items() if k == EntityKind.PERSON):
        entities.append(Entity(name, EntityKind.PERSON, alias))
    for name, kind in kinds.items():  # "Hampstead and Kilburn" for Hampstead and Kilburn CLP
        place = branch_place(name) if kind == EntityKind.BRANCH else ""
        if place and place != name and place not in kinds:
            entities += [Entity(name, kind, place), Entity(name, kind, f"{place} branch")]
    holders: dict[str, set[str]] = {}
    for alias, name in roles:
        holders.setdefault(alias, set()).add(name)
    for alias, names in holders.items():
        if len(names) == 1 and next(iter(names)) in kinds:
            entities.append(Entity(next(iter(names)), EntityKind.PERSON, alias))
    return sorted(set(entities), key=lambda e: (e.name, e.alias))


COMMON_WORDS = (
    lexicon.MEMBER_NOUNS | lexicon.ROLE_NOUNS | lexicon.GROUP_WORDS | lexicon.BRANCH_WORDS | lexicon.HONORIFICS
)


def _unambiguous_aliases(names: Iterator[str] | Sequence[str]) -> list[tuple[str, str]]:
    """Surname, first name and the rest of each full name, where one person has it and it is no common word."""
    by_alias: dict[str, set[str]] = {}
    for name in names:
        parts = name.split()
        if len(parts) < 2:
            continue
        for alias in {parts[-1], parts[0], " ".join(parts[1:])} - {w for w in parts if w.lower() in COMMON_WORDS}:
            by_alias.setdefault(alias, set()).add(name)
    return [(alias, next(iter(owners))) for alias, owners in by_alias.items() if len(owners) == 1]
