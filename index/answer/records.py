"""Leads composed from endorsement records: who backed whom, with the right stance, direction and contest.

Every function takes the records the question's restrictions left (kind of backer, year, contest, time)
and returns the lead with the records it came from, or None when the records do not answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from index.answer.known import Knowledge, join
from index.answer.questions import BACKING, Question
from index.answer.restrictions import apply, record_year
from index.answer.sentences import stems
from index.models import Endorsement, Quote

MAX_QUOTES = 5
MAX_NAMES_IN_LEAD = 5
VOTE_COUNT = re.compile(r"\d+ votes? to \d+|by \d+ votes?")
Composed = tuple[str, list[Endorsement]] | None


def restricted(question: Question, records: Iterable[Endorsement], knowledge: Knowledge) -> list[Endorsement]:
    """The records that meet the question's restrictions, none of them about a name it excludes ("besides X")."""
    kept = [r for r in records if r.backer not in question.excluded and r.backed not in question.excluded]
    return apply(question.restrictions, kept, knowledge.years, knowledge.titles)


def backed_by(question: Question, knowledge: Knowledge) -> Composed:
    """Whom the backer backed (or opposed, when asked)."""
    records = restricted(question, (r for r in knowledge.records if r.backer == question.backer), knowledge)
    if not records:
        return None
    against = question.stance == "opposes"
    stated = [r for r in records if against or r.stance != "opposes"]
    if not stated:
        return None
    pronoun = knowledge.pronoun(question.backer)
    return describe_backer(question.backer, stated, question.when, pronoun, against), stated


def describe_backer(backer: str, records: list[Endorsement], when: str, pronoun: str, against: bool = False) -> str:
    """ "X backs Y (by 274 votes to 196). In the previous contest, he backed Z." with years where they differ."""
    current = [r for r in records if r.when == "current"]
    past = [r for r in records if r.when == "past"]
    parts: list[str] = []
    backs = distinct(r.backed for r in current if r.stance == "supports")
    if len(backs) > 1 and len({r.year for r in current if r.stance == "supports"}) > 1:
        by_year = first_per(_newest_first(r for r in current if r.stance == "supports"), lambda r: r.backed)
        parts.append("{Who} backed " + join([f"{r.backed}{_in_year(r)}" for r in by_year], "and") + ".")
    elif len(backs) > 1 and _disagree([r for r in current if r.stance == "supports"]):
        sides = "; ".join(
            f"{_title(r)} says {r.backed}" for r in first_per(current, lambda r: r.backed) if r.stance == "supports"
        )
        parts.append(f"The articles disagree on whom {backer} backs: {sides}.")
    elif backs:
        now = " now" if when == "past" else ""
        parts.append(f"{{Who}}{now} backs {join(backs[:MAX_NAMES_IN_LEAD], 'and')}{votes_of(current, backs[0])}.")
    elif any(r.stance == "undeclared" for r in current):
        parts.append(f"{{Who}} has not declared whom {pronoun} will support.")
    opposed = distinct(r.backed for r in current if r.stance == "opposes" and r.backed)
    if opposed and (against or not parts):
        parts.append(f"{{Who}} has come out against {join(opposed, 'and')}.")
    same_contest_now = {(r.backed, r.article) for r in current if r.stance == "supports"}
    past_backs = distinct(  # a past record of a pair its own article states as current is a misreading: not said
        r.backed for r in past if r.stance == "supports" and (r.backed, r.article) not in same_contest_now
    )
    if past_backs:
        earlier = f"Earlier, {{who}} backed {join(past_backs, 'and')}{votes_of(past, past_backs[0])}."
    else:
        earlier = "The articles do not say whom {who} backed in an earlier contest." if when == "past" else ""
    if earlier:
        parts.insert(0 if when == "past" else len(parts), earlier)
    if not parts:
        return f"The articles mention {backer} but do not say whom {pronoun} backs."
    return " ".join(name_once(parts, backer, pronoun))


def _newest_first(records: Iterable[Endorsement]) -> list[Endorsement]:
    return sorted(records, key=lambda r: r.year, reverse=True)


def _disagree(records: list[Endorsement]) -> bool:
    """Different articles naming different people for the same contest, each article only one."""
    by_article: dict[str, set[str]] = {}
    for record in records:
        by_article.setdefault(record.article, set()).add(record.backed)
    contests = {r.contest for r in records}
    return len(by_article) > 1 and all(len(b) == 1 for b in by_article.values()) and len(contests) == 1


def _title(record: Endorsement) -> str:
    return f"article {record.article} ¶{record.paragraph}"


def _in_year(record: Endorsement) -> str:
    return f" in {record.year}" if record.year else ""


def name_once(parts: list[str], name: str, pronoun: str) -> list[str]:
    """Fill {who}/{Who} with the name the first time and the pronoun after (the name again for "they")."""
    filled = []
    named = False
    for part in parts:
        if "{who}" in part.lower():
            subject = pronoun if named and pronoun != "they" else name
            part = part.replace("{Who}", subject[:1].upper() + subject[1:]).replace("{who}", subject)
            named = True
        filled.append(part)
    return filled


def backers_of(question: Question, knowledge: Knowledge) -> Composed:
    """Who backed (or opposed) the one asked about; a rival or an opposer is never listed as a backer."""
    stance = question.stance
    wanted = (lambda r: r.backed == question.backed) if question.backed else (lambda r: bool(r.backed))
    records = [r for r in knowledge.records if wanted(r) and r.stance == stance and r.backer != r.backed]
    records = restricted(question, records, knowledge)
    if not records:
        return None
    ranked = rank(question, records)
    verb = "opposed by" if stance == "opposes" else "backed by"
    if not question.backed:  # "which newspapers endorsed anyone?"
        pairs = first_per(ranked, lambda r: (r.backer, r.backed))
        lines = [f"{r.backer} backed {r.backed}{_in_year(r)}." for r in pairs[:MAX_NAMES_IN_LEAD]]
        return " ".join(lines), ranked
    current = distinct(r.backer for r in ranked if r.when == "current")
    past = distinct(r.backer for r in ranked if r.when == "past")
    tallies = [n for n in current if n[:1].isdigit()]  # "200 CLPs": a count of backers, not one of them
    current = [n for n in current if n not in tallies]
    parts = []
    now = [(record_year(r, knowledge.years), r) for r in ranked if r.when == "current" and r.backer in current]
    years = sorted({year for year, _ in now} - {""}, reverse=True)
    if len(years) > 1 and all(year for year, _ in now):  # several contests: each its own, the newest first
        for year in years:
            named = distinct(r.backer for y, r in now if y == year)
            listed = [n + votes_of(ranked, question.backed, n) for n in named[:MAX_NAMES_IN_LEAD]]
            more = len(named) - len(listed)
            listed += [f"{more} more"] if more else []
            tense = "is" if year == years[0] else "was"
            parts.append(f"In {year}, {question.backed} {tense} {verb} {join(listed, 'and')}.")
    elif current:
        named = current[:MAX_NAMES_IN_LEAD]
        more = len(current) - len(named)
        listed = [n + votes_of(ranked, question.backed, n) for n in named] + ([f"{more} more"] if more else [])
        parts.append(f"{question.backed} is {verb} {join(listed, 'and')}.")
    if tallies and stance == "supports":
        parts.append(f"{join(tallies, 'and')} back {question.backed} in all.")
    if past:
        word = "was backed by" if stance == "supports" else "was opposed by"
        parts.append(f"Earlier, {question.backed} {word} {join(past[:MAX_NAMES_IN_LEAD], 'and')}.")
    if question.when == "past":
        parts.reverse()
    return " ".join(parts), ranked


ASKS_NOW = re.compile(
    r"\b(?:is|are|does|do)\b.*\b(?:back|backing|support|supporting|endorse|endorsing)\b|"
    r"\b(?:backs|supports|endorses|now|currently)\b",
    re.I,
)
"""A yes-or-no question about backing now ("is X backing Y?", "does X support Y?"), not "did X back Y?"."""


def did_back(question: Question, knowledge: Knowledge) -> Composed:
    """Yes or no from the backer's records about the backed; None when the records say nothing of the pair."""
    mine = restricted(question, (r for r in knowledge.records if r.backer == question.backer), knowledge)
    about = [r for r in mine if r.backed == question.backed]
    supports = [r for r in about if r.stance == "supports"]
    opposes = [r for r in about if r.stance == "opposes"]
    if question.stance == "opposes" and opposes:
        return f"Yes: {question.backer} has come out against {question.backed}.", opposes
    if supports:
        now = [r for r in mine if r.when == "current" and r.stance == "supports" and r.backed != question.backed]
        if all(r.when == "past" for r in supports) and now:
            others = distinct(r.backed for r in now)
            lead = (
                f"{question.backer} backed {question.backed} earlier{votes_of(about, question.backed)}, "
                f"but now backs {join(others, 'and')}."
            )
            return lead, supports + now
        earlier = all(r.when == "past" for r in supports)
        if earlier and ASKS_NOW.search(question.text):  # "is AFSCME backing Hardesty?" with 2018 records only
            lead = (
                f"The articles do not say that {question.backer} backs {question.backed} now: "
                f"{question.backer} backed {question.backed} earlier{votes_of(about, question.backed)}."
            )
            return lead, supports
        when = " earlier" if earlier else ""
        return f"Yes: {question.backer} backed {question.backed}{when}{votes_of(about, question.backed)}.", supports
    if opposes:
        return f"No: {question.backer} has come out against {question.backed}.", opposes
    return None


def votes(question: Question, knowledge: Knowledge) -> Composed:
    """Vote counts of the records naming the question's names."""
    records = [r for r in knowledge.records if VOTE_COUNT.search(r.votes)]
    named = set(question.names)
    if not named:
        return None
    records = restricted(question, [r for r in records if r.backer in named or r.backed in named], knowledge)
    asked = {m.name for m in question.named_candidates}
    if asked:  # "by how much did X win the branch": the branch's count for another candidate is not X's
        records = [r for r in records if r.backed in asked or r.backer in asked]
    if not records:
        return None
    ranked = rank(question, records)
    lines = [
        f"{r.backer} {'backed' if r.stance == 'supports' else 'voted against'} {r.backed} {_by(r.votes)}."
        for r in first_per(ranked, lambda r: (r.backer, r.backed))
    ]
    return " ".join(lines[:3]), ranked


def _by(votes: str) -> str:
    return votes if votes.startswith("by ") else f"by {votes}"


def declared(question: Question, knowledge: Knowledge) -> Composed:
    """Whether the backer has declared; with no backer, who has not."""
    if not question.backer:
        undeclared = restricted(
            question, (r for r in knowledge.records if r.stance == "undeclared" and r.when == "current"), knowledge
        )
        names = distinct(r.backer for r in undeclared)
        if not names:
            return None
        if len(names) == 1:
            return f"{names[0]} has not declared whom {knowledge.pronoun(names[0])} will support.", undeclared
        return f"{join(names, 'and')} have not declared whom they will support.", undeclared
    records = restricted(question, (r for r in knowledge.records if r.backer == question.backer), knowledge)
    records = [r for r in records if r.stance != "opposes"]
    if not records:
        return None
    current = [r for r in records if r.when == "current"]
    pronoun = knowledge.pronoun(question.backer)
    if any(r.stance == "supports" for r in current):
        return f"Yes: {describe_backer(question.backer, records, question.when, pronoun)}", records
    return describe_backer(question.backer, records, question.when, pronoun), records


def switched(question: Question, knowledge: Knowledge) -> Composed:
    """Who backed one candidate in the previous contest and another (or no one yet) now."""
    lines: list[str] = []
    proof: list[Endorsement] = []
    backers = [question.backer] if question.backer else distinct(r.backer for r in knowledge.records)
    asked = [n for n in question.names if n != question.backer]  # "from A to B": both must be among the sides
    for backer in backers:
        mine = [r for r in knowledge.records if r.backer == backer and r.stance != "opposes"]
        earlier = [r for r in mine if r.when == "past" and r.stance == "supports"]
        current = [r for r in mine if r.when == "current" and r.stance == "supports"]
        now = distinct(r.backed for r in current if any(_one_contest(r, e) for e in earlier))
        before = [n for n in distinct(r.backed for r in earlier) if n not in now]
        if not before or not set(asked) <= set(before + now):
            continue
        if now:
            lines.append(f"{backer} backed {join(before, 'and')} earlier and backs {join(now, 'and')} now.")
        elif any(r.when == "current" and r.stance == "undeclared" for r in mine):
            lines.append(f"{backer} backed {join(before, 'and')} earlier and has not declared this time.")
        else:
            continue
        proof.extend(r for r in mine if r.backed in before + now or r.stance == "undeclared")
    if not lines and question.backer:
        mine = [r for r in knowledge.records if r.backer == question.backer]
        if not mine:
            return None
        # what the records show, never that no switch happened: a quote may tell of one the records missed
        return describe_backer(question.backer, mine, "", knowledge.pronoun(question.backer)), mine
    if not lines:
        return None
    return " ".join(lines[:MAX_NAMES_IN_LEAD]), proof


def _one_contest(now: Endorsement, before: Endorsement) -> bool:
    """Whether two records can be one switch: from different articles (a later contest, or the same one told
    again), or from one sentence; two sentences of one article may tell different races ("the candidate he
    originally endorsed in Pennsylvania, A"; "in North Carolina, his pick, B")."""
    return now.article != before.article or now.quote == before.quote


def rank(question: Question, records: Sequence[Endorsement]) -> list[Endorsement]:
    """Records ordered by how much of the question's own words (not its names) their quotes share."""
    verb = BACKING.search(question.text)
    verb_words = stems(verb.group()) if verb else set()
    name_words = set().union(*(stems(n) for n in question.names)) if question.names else set()
    wanted = stems(question.text) - name_words

    def relevance(record: Endorsement) -> float:
        said = stems(record.quote)
        return len(wanted & said) + 2 * len(verb_words & said) + (0.5 if record.when == "current" else 0.0)

    return sorted(records, key=relevance, reverse=True)


def record_quotes(question: Question, records: Sequence[Endorsement], knowledge: Knowledge) -> list[Quote]:
    """The best quote for each distinct claim (backer, backed, stance, time) first, then the others."""
    ranked = rank(question, records)
    claims = first_per(ranked, lambda r: (r.backer, r.backed, r.stance, r.when))
    quotes: list[Quote] = []
    shown: set[str] = set()
    for record in [*claims, *ranked]:
        if len(quotes) == MAX_QUOTES:
            break
        if record.quote not in shown:
            shown.add(record.quote)
            quotes.append(knowledge.quote(record, 1.0 / (len(quotes) + 1)))
    return quotes


def distinct(values: Iterable[str]) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]


def first_per(records: Iterable[Endorsement], key: Callable[[Endorsement], object]) -> list[Endorsement]:
    seen: set[object] = set()
    first = []
    for record in records:
        if key(record) not in seen:
            seen.add(key(record))
            first.append(record)
    return first


def votes_of(records: Iterable[Endorsement], backed: str, backer: str = "") -> str:
    for record in records:
        if VOTE_COUNT.search(record.votes) and record.backed == backed and (not backer or record.backer == backer):
            return f" ({_by(record.votes)})"
    return ""
