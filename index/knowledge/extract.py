"""Endorsement extraction: who backed whom, from every sentence of the corpus.

Each sentence is read for backing phrases ("gave their backing to", "make the case for", "supported by",
"has yet to declare", "no confidence in", ...). A phrase's backer is the subject found before it (or the
agent after it, for "supported by X"), its backed the person named right after it; pronouns and references
such as "members" or "his own constituency party" are resolved first (see index.knowledge.aliases). A record is made
only when both ends resolve to names of the corpus and the sentence says it without "not", "may" or "would";
its quote is the whole sentence, verbatim.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from index.ingest import corpus
from index.ingest.corpus import Article, Paragraph
from index.knowledge import aliases, entities
from index.knowledge.aliases import (
    ATTRIBUTION,
    PRONOUN,
    RELATIVE,
    TALLY,
    Discourse,
    Mention,
    Tagger,
    is_after_preposition,
    opening_quote,
    quoted_spans,
)
from index.knowledge.entities import BRANCH, GROUP, PERSON, discover_entities
from index.knowledge.extraction_cache import ArticleRecords, ExtractionCache
from index.search import store
from index.search.store import Endorsement, Entity

SUPPORTS, OPPOSES, UNDECLARED = "supports", "opposes", "undeclared"
CURRENT, PAST = "current", "past"
ACTIVE, PASSIVE, INVERTED, INSIDE, ALONE = "active", "passive", "inverted", "inside", "alone"

_GIVE = r"(?:gave|give|gives|giving|given)"
_NOUN = r"(?:backing|support|nominations?|endorsements?|votes?)"
_BACK_VERB = r"(?:back(?:ing)?|support(?:ing)?|vot(?:e|ing) for|endors(?:e|ing)|nominat(?:e|ing)|campaign(?:ing)? for)"
_QUIT = r"(?:quit|resign|stand down|step down|step aside|go)"


@dataclass(frozen=True)
class Trigger:
    """A backing phrase: what it claims and where its backer and backed stand."""

    pattern: re.Pattern[str]
    stance: str
    direction: str


def _trigger(pattern: str, stance: str, direction: str) -> Trigger:
    return Trigger(re.compile(pattern, re.I), stance, direction)


TRIGGERS = (
    # "Also backing Smith is Camden leader Sarah Hayward"
    _trigger(
        r"(?:^|(?<=[,;]\s))(?:also\s+|and\s+)?(?:among (?:those|the \w+)\s+)?(?:backing|supporting|endorsing|"
        r"campaigning for)\b",
        SUPPORTS,
        INVERTED,
    ),
    # "urged members to back Smith", "made his own appeal to members to back", "urged his CLP to join him in backing"
    _trigger(
        rf"\b(?:urg(?:e|es|ed|ing)|call(?:s|ed|ing)? on|appeal(?:s|ed|ing)? to|ask(?:s|ed|ing)?|encourag(?:e|es|ed|ing)|"
        rf"(?:made|make|makes|making) (?:his|her|their|its|an|a)(?: own)? (?:appeal|plea|call) to) "
        rf"(?:[\w’']+ ){{0,4}}?to (?:join (?:him|her|them|us) in )?{_BACK_VERB}\b",
        SUPPORTS,
        ACTIVE,
    ),
    # "Owen Smith MP supported by ...", "Jeremy Corbyn won the nomination of ...", "found support locally with ..."
    _trigger(r"\b(?:supported|backed|endorsed|nominated|championed) by\b", SUPPORTS, PASSIVE),
    _trigger(
        rf"\b(?:found|finds?|finding|won|wins?|winning|received|receives?|receiving|gained|gains?|gaining|secured|"
        rf"secures?|securing|got|gets|getting|enjoy(?:s|ed|ing)?|attract(?:s|ed|ing)?|ha[sd]|have|"
        rf"pick(?:s|ed|ing)? up) "
        rf"(?:the |its |their )?{_NOUN}(?: (?!of|from|with|among)\w+)? (?:of|from|with|among)\b",
        SUPPORTS,
        PASSIVE,
    ),
    # "giving him its nomination"
    _trigger(rf"\b{_GIVE} (?P<obj>him|her|them) (?:its|their|his|her) {_NOUN}\b", SUPPORTS, INSIDE),
    # “Jeremy has my full support,” said Ms Abbott
    _trigger(
        r"\b(?:has|have|had|gets?|got|enjoys?) (?P<agent>my) (?:full |total |complete |unequivocal |wholehearted )?"
        r"(?:support|backing|vote)\b",
        SUPPORTS,
        PASSIVE,
    ),
    _trigger(rf"\b{_GIVE} (?:its|their|his|her) {_NOUN} to\b", SUPPORTS, ACTIVE),
    _trigger(r"\b(?:campaign(?:s|ed|ing)?|canvass(?:es|ed|ing)?) for\b", SUPPORTS, ACTIVE),
    _trigger(r"\b(?:make|makes|made|making) (?:the|a|his|her|their) case for\b", SUPPORTS, ACTIVE),
    _trigger(r"\b(?:speak|speaks|spoke|speaking) (?:on behalf of|in favour of|in support of|for)\b", SUPPORTS, ACTIVE),
    _trigger(r"\b(?:come|comes|came|coming) out (?:for|in support of|in favour of)\b", SUPPORTS, ACTIVE),
    _trigger(r"\b(?:support|backing) (?:for|to)\b", SUPPORTS, ACTIVE),
    _trigger(r"\b(?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?(?:supporter|backer)s? of\b", SUPPORTS, ACTIVE),
    _trigger(
        r"\b(?:thr[eo]w|throws|throwing|thrown) (?:his|her|their|its) (?:weight|support) behind\b", SUPPORTS, ACTIVE
    ),
    _trigger(r"\b(?:swung|swing|swings|swinging|lined up|lines up|lining up) behind\b", SUPPORTS, ACTIVE),
    _trigger(r"(?<![-\w])(?:back(?:s|ed|ing)?|endors(?:e|es|ed|ing)|nominat(?:e|es|ed|ing))\b", SUPPORTS, ACTIVE),
    _trigger(r"(?<![-\w])(?:support(?:s|ed|ing)?|prefer(?:s|red|ring)?|vot(?:e|es|ed|ing) for)\b", SUPPORTS, ACTIVE),
    # "calling on him to quit", "no confidence in Mr Corbyn", "concerns about the fitness for leadership of"
    _trigger(rf"\bcall(?:s|ed|ing)? (?:on|for) (?P<obj>him|her|[A-Z][\w ’']{{1,40}}?) to {_QUIT}\b", OPPOSES, INSIDE),
    _trigger(r"\b(?:no|lost|losing|loses|lack of) confidence (?:in|against)\b", OPPOSES, ACTIVE),
    _trigger(
        r"\b(?:express|rais|voic)(?:e|es|ed|ing) (?:concerns?|doubts?|fears?) (?:about|over) "
        r"(?:the (?:fitness|suitability|ability|capacity)(?: for (?:leadership|office|the job))? of )?",
        OPPOSES,
        ACTIVE,
    ),
    _trigger(r"(?<![-\w])(?:oppos(?:e|es|ed|ing)(?: to)?|against)\b", OPPOSES, ACTIVE),
    # "has so far not confirmed who she will support", "has yet to declare"
    _trigger(
        r"\b(?:has|have|had|is|are)(?: so far| still| yet)? not (?:yet )?(?:confirmed|declared|said|decided|revealed|"
        r"announced|indicated)(?: (?:who|whom|which candidate|whether)(?: (?:she|he|they|it) (?:will|would|is going to)"
        r" (?:support|back|nominate|endorse|vote for))?)?",
        UNDECLARED,
        ALONE,
    ),
    _trigger(
        r"\b(?:has|have|is|are)(?: still)? yet to (?:declare|confirm|decide|say|reveal|announce)|"
        r"\b(?:is|are|remains?) (?:still )?undecided|\b(?:refused|declined|refuses|declines) to (?:say|declare|reveal)|"
        r"\b(?:remains?|remained|stays?|stayed|staying) neutral|"
        r"\b(?:has|have|had|is|are)(?: yet)? not (?:yet )?(?:endorsed|backed|nominated|supported|declared for) "
        r"(?:either|any|a) (?:candidate|contender|side)\b",
        UNDECLARED,
        ALONE,
    ),
)

GAP = re.compile(
    r"\s*(?:(?:the|his|her|their|its|fellow|former|neighbouring|incumbent|rival|current|present|leader|"
    r"challenger|candidate|contender|veteran|shadow|councillor|minister|member|chair|secretary|activist|"
    r"[A-Z][\w’'-]*)\s+){0,5}"
)
COORDINATED = re.compile(r"\s*(?:MP\s*)?(?:,\s*and|,|and|&)\s*")
COPULA = re.compile(r"\s+(?:is|are|was|were)\s+(?:also\s+)?(?:[a-z]+\s+){0,2}")
AS_DID = re.compile(r"^[^.;]{0,20}?,?\s+as (?:did|does|do|has|have|had)\s+")
CLAUSE_BREAK = re.compile(r"\s[-–—]\s*but\b|[,;]\s*(?:but|although|though|while|whereas)\b|;\s")
PAST_MARKER = re.compile(
    r"\blast year\b|\blast year[’']s\b|\bprevious (?:leadership )?(?:contest|election|race)\b|"
    r"\b(?:in|the) 20(?:0\d|1[0-5])\b|\ba year ago\b|\bhad (?:campaigned|backed|supported|endorsed|nominated|voted)\b|"
    r"\bin the last (?:leadership )?(?:contest|election)\b|\bin the past\b|\bpreviously\b|\bformerly\b",
    re.I,
)
NOW = re.compile(r"\b(?:now|currently|this year|this time)\b[^,;]{0,20}$", re.I)
NEGATION = re.compile(
    r"\b(?:not|never|no longer|neither|nor|refus\w*|declin\w*|withdr[ae]wn?|withdrawing|withdraws|unwilling|"
    r"stopped|ceased)\b|n[’']t\b",
    re.I,
)
HEDGE = re.compile(
    r"\b(?:may|might|could|would|should|if|unless|whether|expected|likely|tipped|rumoured|considering)\b", re.I
)
REPORTED_WOULD = re.compile(
    r"\b(?:said|says|confirmed|announced|told [\w&’' ]+?)(?: that)? (?:he|she|they|it|\w+) would(?: be)?\s*$", re.I
)
VOTES = re.compile(r"\b\d[\d,]*\s+votes?\s+to\s+\d[\d,]*\b|(?<=\bby )\d[\d,]*\s*(?:to|-|–)\s*\d[\d,]*\b")
PASSIVE_BRIDGE = re.compile(
    r"\s*(?:MP\s*)?,?\s*(?:(?:who|is|are|was|were|has|have|had|been|being|still|now|also|already|today|locally|"
    r"yesterday|reportedly|formally|officially|so far)\s+)*"
)
RELATIVE_CLAUSE = re.compile(r",\s*(?:who|whose|which)\b[^,;]*(?:,|$)")
# Backing said in a compound word: "Momentum and other Corbyn-backing groups", "the pro-Corbyn group Momentum",
# "Corbyn supporter Jane Doe", "Jane Doe, a long-time Smith supporter". The backer follows (>) or precedes (<).
COMPOUNDS = (
    (
        re.compile(r"\band other (?P<backed>[A-Z][\w’']+)-(?:backing|supporting) (?:groups|organisations|campaigns)\b"),
        "<",
    ),
    (re.compile(r"\b(?P<stance>pro|anti)-(?P<backed>[A-Z][\w’']+)\s+(?:[a-z]+\s+){0,2}"), ">"),
    (re.compile(r"\b(?P<backed>[A-Z][\w’']+)[- ](?:supporters?|backers?|loyalists?|-backing|-supporting)\s+"), ">"),
    (re.compile(r",\s+(?:a|an)\s+(?:[\w-]+\s+)?(?P<backed>[A-Z][\w’']+)[- ](?:supporter|backer|loyalist|ally)\b"), "<"),
)
TALLY_RIVAL = re.compile(
    r",?\s+(?:to|against|compared with|versus|vs\.?)\s+(?P<rival>[A-Z][\w ]+?)[’']s\s+(?P<count>\d[\d,]*)\b"
)
QUOTE_THEN_VERB = re.compile(r"[”\"],?\s+(?:said|says|added|adds|replied|explained|told [\w&’' ]+?)\s+")
QUOTE_THEN_NAME = re.compile(r"[”\"],?\s+")
ATTRIBUTION_AFTER = re.compile(r"\s+(?:said|says|added|adds|replied|explained|told)\b")
UNKNOWN_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b(?=\s*[,’']|\s+(?:is|was|has|had|have|are|were|said|says|who|will|did|does|"
    r"also|then|now|later|told|added)\b)"
)
WHOSE = re.compile(r",\s*whose\b", re.I)
POSSESSIVE_NEXT = re.compile(r"\s+(?!(?:to|for|in|on|at|as|and|or|but|by|with|from|over|last|this|because)\b)[a-z]")
CODE_VERSION = hashlib.sha256(
    b"".join(Path(module.__file__).read_bytes() for module in (corpus, entities, aliases, sys.modules[__name__], store))
).hexdigest()
"""Cached records were extracted by exactly this code."""
WINDOW = 25  # characters before a phrase searched for "not", "may", "would"
AGENT_REACH = 90  # characters after "supported by" within which the backer must be named


@dataclass
class Found:
    """One claim read from a sentence, before it becomes an Endorsement."""

    backer: Mention
    backed: Mention | None
    stance: str
    trigger_start: int
    trigger_end: int
    negated: bool = False


def extract_corpus(
    articles: Sequence[Article], cache: ExtractionCache | None = None
) -> tuple[list[Endorsement], list[Entity]]:
    """Endorsement records and the named entities (with aliases) of the corpus; unchanged articles' from the cache."""
    lexicon = discover_entities(articles)
    tagger = Tagger(lexicon)
    records: list[Endorsement] = []
    for article_records, seats in _extract_articles(articles, tagger, cache):
        records.extend(article_records)
        for seat in seats:
            lexicon.add_branch(seat)
    for backer in {r.backer for r in records if r.backer_kind == GROUP}:
        lexicon.add_group(backer)
    return _unique(records), lexicon.entities()


def _extract_articles(
    articles: Sequence[Article], tagger: Tagger, cache: ExtractionCache | None
) -> list[ArticleRecords]:
    """Each article's records and seats, read from the cache where its key is found."""
    if cache is None:
        return [extract_article(article, tagger) for article in articles]
    keys = [article_key(article, tagger) for article in articles]
    cached = cache.get_many(keys)
    fresh = {key: extract_article(a, tagger) for a, key in zip(articles, keys, strict=True) if key not in cached}
    cache.put_many(fresh)
    cache.keep_only(keys)
    return [cached[key] if key in cached else fresh[key] for key in keys]


def article_key(article: Article, tagger: Tagger) -> str:
    """Everything an article's records depend on: the code, the article and what the corpus knows of its names."""
    names = tagger.names_known(s for p in article.paragraphs for s in p.sentence_texts)
    text = "\n".join([CODE_VERSION, article.id, article.content_hash, names])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract_article(article: Article, tagger: Tagger) -> ArticleRecords:
    """The records of one article, paragraph by paragraph, with references resolved in reading order, and the
    seats its "his constituency party" resolved to (branches of the corpus too)."""
    discourse = Discourse()
    records: list[Endorsement] = []
    for paragraph in article.paragraphs:
        if paragraph.is_caption:
            records.extend(_paragraph_records(paragraph, tagger, Discourse(seats=discourse.seats)))
            continue
        discourse.start_paragraph(paragraph.text)
        records.extend(_paragraph_records(paragraph, tagger, discourse))
    return records, discourse.seats


def _paragraph_records(paragraph: Paragraph, tagger: Tagger, discourse: Discourse) -> list[Endorsement]:
    records: list[Endorsement] = []
    spans = quoted_spans(paragraph.text)
    for sentence_span, sentence in zip(paragraph.sentences, paragraph.sentence_texts, strict=True):
        quoted = any(a <= sentence_span.start < b or sentence_span.start <= a < sentence_span.end for a, b in spans)
        if QUOTE_THEN_NAME.search(sentence):
            after = _speaker_after_quote(sentence, tagger.raw_mentions(sentence))
            discourse.speaker = discourse.speaker if after is None else after
        mentions = tagger.resolve(sentence, discourse, quoted)
        speaker = _speaker(sentence, mentions)
        if speaker:
            discourse.speaker = speaker
            mentions = _first_person_is(speaker, sentence, mentions)
        for found in read_sentence(sentence, mentions):
            records.append(_record(found, sentence, paragraph))
    return records


def _speaker(sentence: str, mentions: list[Mention]) -> str:
    """The named person who says the quotation this sentence opens ("Mr Starmer told the Ham&High: “...")."""
    quote = opening_quote(sentence)
    if quote < 0:
        return ""
    verbs = [m for m in ATTRIBUTION.finditer(sentence, 0, quote) if quote - m.end() < 60]
    if not verbs:
        return ""
    subject = _subject(sentence, mentions, verbs[-1].start(), set())
    return subject.name if subject and subject.kind == PERSON and subject.form == "name" else ""


def _first_person_is(speaker: str, sentence: str, mentions: list[Mention]) -> list[Mention]:
    """ "Ms Hodge said: “I will be voting for ...”": the "I" and "my" inside the quotation are the speaker."""
    opens = opening_quote(sentence)
    return [
        replace(m, name=speaker, kind=PERSON)
        if m.form == PRONOUN and m.text.lower() in ("i", "my") and not m.name and m.start > opens
        else m
        for m in mentions
    ]


def _speaker_after_quote(sentence: str, mentions: list[Mention]) -> str | None:
    """The speaker of a quotation attributed after it (“I back Owen,” said Keir Starmer / Mr Starmer said).

    None when the sentence attributes no quotation that way; "" when it does to someone unnamed ("she said").
    """
    attributed = False
    for match in QUOTE_THEN_VERB.finditer(sentence):
        attributed = True
        gap = GAP.match(sentence, match.end())
        start = gap.end() if gap else match.end()
        speaker = next((m for m in mentions if match.end() <= m.start <= start and m.kind == PERSON), None)
        if speaker:
            return speaker.name
    for match in QUOTE_THEN_NAME.finditer(sentence):
        speaker = next((m for m in mentions if m.start == match.end()), None)
        if speaker and ATTRIBUTION_AFTER.match(sentence, speaker.end):
            return speaker.name if speaker.kind == PERSON else ""
    return "" if attributed else None


def read_sentence(sentence: str, mentions: list[Mention]) -> list[Found]:
    """Every claim of who backed whom that the sentence makes."""
    spans = _trigger_spans(sentence)
    found: list[Found] = []
    used: set[Mention] = set()  # objects of earlier phrases and words inside phrases: never a backer
    for start, end, _, _ in spans:
        used |= {m for m in mentions if m.start >= start and m.end <= end}
    for index, (start, end, trigger, match) in enumerate(spans):
        limit = spans[index + 1][0] if index + 1 < len(spans) else len(sentence)
        claims = _claims(sentence, mentions, used, trigger, match, start, end, limit)
        claims = [c for c in claims if c.backed is None or c.backed.name != c.backer.name]
        claims += _tally_rival(sentence, mentions, [c.backer for c in claims], start, end)
        for claim in claims:
            if claim.backed is not None:
                used.add(claim.backed)
        found.extend(claims)
    found.extend(_compound_backing(sentence, mentions))
    negated = {(f.backer.name, f.backed.name) for f in found if f.negated and f.backed}
    return [
        f
        for f in found
        if not f.negated and not (f.stance == SUPPORTS and f.backed and (f.backer.name, f.backed.name) in negated)
    ]


def _trigger_spans(sentence: str) -> list[tuple[int, int, Trigger, re.Match[str]]]:
    """Backing phrases of the sentence, longest first where they overlap, in reading order."""
    candidates = [(m.start(), m.end(), t, m) for t in TRIGGERS for m in t.pattern.finditer(sentence)]
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    kept: list[tuple[int, int, Trigger, re.Match[str]]] = []
    for candidate in candidates:
        if all(candidate[1] <= k[0] or candidate[0] >= k[1] for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c[0])


def _claims(
    sentence: str,
    mentions: list[Mention],
    used: set[Mention],
    trigger: Trigger,
    match: re.Match[str],
    start: int,
    end: int,
    limit: int,
) -> list[Found]:
    window = sentence[max(0, start - WINDOW) : start]
    if HEDGE.search(window) and not REPORTED_WOULD.search(sentence[:start]):
        return []
    negated = NEGATION.search(re.split(r"[,;:–—]|\s-\s", window)[-1]) is not None
    if trigger.direction == ALONE:
        backer = _subject(sentence, mentions, start, used)
        return [Found(backer, None, trigger.stance, start, end, negated)] if backer else []
    if trigger.direction == PASSIVE:
        backed = _subject(sentence, mentions, start, used, person_only=True)
        if backed is None or not PASSIVE_BRIDGE.fullmatch(sentence, backed.end, start):
            return []
        if "agent" in match.groupdict():
            agents = [m for m in mentions if m.start == match.start("agent") and m.name and m.kind == PERSON]
        else:
            agents = _agents(sentence, mentions, end, limit, backed)
        return [Found(a, backed, trigger.stance, start, end, negated) for a in agents]
    if trigger.direction == INVERTED:
        backed = _object(sentence, mentions, end)
        if backed is None:
            return []
        first = next((m for m in mentions if m.start > backed.end), None)
        if first is None or not COPULA.fullmatch(sentence[backed.end : first.start]):
            return []
        agents = _agents(sentence, mentions, first.start, limit, backed)
        return [Found(a, backed, trigger.stance, start, end, negated) for a in agents]
    if trigger.direction == INSIDE:
        backed = next((m for m in mentions if match.start("obj") <= m.start < match.end("obj")), None)
    else:
        backed = _object(sentence, mentions, end)
    if backed is None or backed.kind != PERSON or not backed.name:
        return []
    used.add(backed)
    backer = _subject(sentence, mentions, start, used)
    if backer is None:
        return []
    if backed.name == backer.name:  # "X ... calling on him to quit": him is someone other than X
        other = next((n for n in backed.others if n != backer.name), "")
        if not other:
            return []
        backed = replace(backed, name=other)
    backers = _coordinated_before(sentence, mentions, backer) + [backer]
    backers += _as_did(sentence, mentions, backed.end, limit)
    backers += [m for m in mentions if m.aside and m.end <= start and m.kind == backer.kind == BRANCH]
    return [Found(b, backed, trigger.stance, start, end, negated) for b in backers]


def _subject(
    sentence: str, mentions: list[Mention], position: int, used: set[Mention], person_only: bool = False
) -> Mention | None:
    """The nearest mention before position that can be the phrase's subject, if it resolves to a name.

    A relative clause the phrase is not in is skipped ("Ms Hill, whose husband backs Mr Corbyn, is undecided");
    inside a "whose" clause the subject is the clause's own ("whose husband"), never a name before it.
    """
    clauses = list(RELATIVE_CLAUSE.finditer(sentence))
    home = next((c for c in clauses if c.start() <= position < c.end()), None)
    others = [c for c in clauses if c is not home]
    for mention in reversed([m for m in mentions if m.end <= position]):
        if home and WHOSE.match(home.group()) and mention.start < home.start():
            return None
        if mention in used or mention.aside or any(c.start() <= mention.start < c.end() for c in others):
            continue
        between = sentence[mention.end : position]
        if _names_someone_unknown(sentence, mentions, mention.end, position, others):
            return None
        close = not between.strip() or RELATIVE.fullmatch(between) is not None
        if not close and is_after_preposition(sentence, mention):
            continue
        if person_only and mention.kind != PERSON:
            continue
        return mention if mention.name and mention.kind in (PERSON, BRANCH, GROUP) else None
    return None


def _names_someone_unknown(
    sentence: str, mentions: list[Mention], start: int, end: int, skipped: Sequence[re.Match[str]]
) -> bool:
    """True where a capitalised name the corpus does not know stands between a subject and its phrase."""
    text = list(sentence[start:end])
    for a, b in [(m.start, m.end) for m in mentions] + [(c.start(), c.end()) for c in skipped]:
        for index in range(max(a, start), min(b, end)):
            text[index - start] = "#"
    return UNKNOWN_NAME.search("".join(text)) is not None


def _object(sentence: str, mentions: list[Mention], position: int) -> Mention | None:
    """The person named right after the phrase ("backing Islington North MP Mr Corbyn")."""
    for mention in mentions:
        if mention.start >= position:
            close = GAP.fullmatch(sentence, position, mention.start) is not None
            possessive = mention.form == PRONOUN and POSSESSIVE_NEXT.match(sentence, mention.end) is not None
            return mention if close and mention.kind == PERSON and not possessive else None
    return None


def _agents(sentence: str, mentions: list[Mention], position: int, limit: int, backed: Mention) -> list[Mention]:
    """ "supported by Camden leader Sarah Hayward and Keir Starmer MP": the first named backer and those joined to it."""
    after = [m for m in mentions if position <= m.start < min(limit, position + AGENT_REACH) and m is not backed]
    first = next((m for m in after if m.name and m.kind in (PERSON, BRANCH, GROUP) and not m.aside), None)
    if first is None or first.name == backed.name:
        return []
    agents = [first]
    for mention in after[after.index(first) + 1 :]:
        if not COORDINATED.fullmatch(sentence[agents[-1].end : mention.start]) or not mention.name:
            break
        agents.append(mention)
    return agents


def _coordinated_before(sentence: str, mentions: list[Mention], backer: Mention) -> list[Mention]:
    """ "Sarah Hayward and Keir Starmer backed ...": the backers joined to the subject."""
    joined: list[Mention] = []
    current = backer
    for mention in reversed([m for m in mentions if m.end <= backer.start]):
        if not COORDINATED.fullmatch(sentence[mention.end : current.start]) or not mention.name:
            break
        if mention.kind == backer.kind:
            joined.insert(0, mention)
        current = mention
    return joined


def _as_did(sentence: str, mentions: list[Mention], position: int, limit: int) -> list[Mention]:
    """ "urged members to back Smith, as did present leader Sarah Hayward"."""
    match = AS_DID.match(sentence[position:limit])
    if not match:
        return []
    start = position + match.end()
    after = [m for m in mentions if m.start >= start and m.name and m.kind == PERSON]
    return after[:1] if after and GAP.fullmatch(sentence, start, after[0].start) else []


def _tally_rival(sentence: str, mentions: list[Mention], backers: list[Mention], start: int, end: int) -> list[Found]:
    """ "the backing of 200 CLPs, to Smith’s 41": the rival's tally as a record of its own."""
    found: list[Found] = []
    for backer in backers:
        if backer.form != TALLY:
            continue
        match = TALLY_RIVAL.match(sentence, backer.end)
        rival = next((m for m in mentions if match and m.start == match.start("rival") and m.kind == PERSON), None)
        if match and rival:
            unit = backer.name.split(" ", 1)[1]
            name = f"{match.group('count')} {unit}"
            tally = Mention(backer.start, match.end(), sentence[backer.start : match.end()], name, GROUP, TALLY)
            found.append(Found(tally, rival, SUPPORTS, start, end))
    return found


def _compound_backing(sentence: str, mentions: list[Mention]) -> list[Found]:
    """Backing said in one compound word, with the backer named right beside it."""
    found: list[Found] = []
    by_start = {m.start: m for m in mentions if m.name}
    by_end = {m.end: m for m in mentions if m.name}
    for pattern, side in COMPOUNDS:
        for match in pattern.finditer(sentence):
            backed = by_start.get(match.start("backed"))
            before = len(sentence[: match.start()].rstrip())
            backer = by_start.get(match.end()) if side == ">" else by_end.get(before)
            if backed is None or backer is None or backed.kind != PERSON or backer.name == backed.name:
                continue
            stance = OPPOSES if "stance" in pattern.groupindex and match.group("stance") == "anti" else SUPPORTS
            found.append(Found(backer, backed, stance, match.start(), match.end()))
    return found


def _record(found: Found, sentence: str, paragraph: Paragraph) -> Endorsement:
    clause_start, clause_end = _clause(sentence, found.trigger_start)
    clause = _time_scope(sentence, clause_start, clause_end, found.trigger_start)
    past = PAST_MARKER.search(clause) and not NOW.search(sentence[clause_start : found.trigger_start])
    votes = VOTES.search(sentence, found.trigger_end, clause_end)
    if found.backer.form == TALLY:
        votes = _tally_votes(sentence, found)
    return Endorsement(
        backer=found.backer.name,
        backer_kind=found.backer.kind,
        backed=found.backed.name if found.backed else "",
        stance=found.stance,
        when=PAST if past else CURRENT,
        votes=votes if isinstance(votes, str) else votes.group() if votes else "",
        article=paragraph.article_id,
        paragraph=paragraph.position,
        quote=sentence,
    )


def _tally_votes(sentence: str, found: Found) -> str:
    tally = re.compile(r"\d[\d,]*\s+\w+(?:,?\s+(?:to|against|compared with|versus)\s+[\w ]+?[’']s\s+\d[\d,]*)?")
    match = tally.search(sentence, found.trigger_end)
    return match.group() if match else ""


def _time_scope(sentence: str, start: int, end: int, position: int) -> str:
    """The words whose tense applies at position: its relative clause, or its clause without relative clauses."""
    relatives = [m for m in RELATIVE_CLAUSE.finditer(sentence, start, end)]
    inside = next((m for m in relatives if m.start() <= position < m.end()), None)
    if inside:
        return inside.group()
    return RELATIVE_CLAUSE.sub(" ", sentence[start:end])


def _clause(sentence: str, position: int) -> tuple[int, int]:
    """The part of the sentence between "but"s that holds the position."""
    start, end = 0, len(sentence)
    for match in CLAUSE_BREAK.finditer(sentence):
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            end = match.start()
            break
    return start, end


def _unique(records: list[Endorsement]) -> list[Endorsement]:
    return list(dict.fromkeys(records))
