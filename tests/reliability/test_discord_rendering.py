"""Any answer, question or record renders within Discord's limits, with no live mention and quotes kept verbatim."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.render import answer_embed, neutralised, plain_message, records_embed, sources_embed
from index.models import Answer, Quote
from index.search.store import Endorsement
from tests.bot.conftest import unescaped
from tests.bot.emulator import CONTENT_CHARS, check_embed

LIVE_MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d{17,20}>")  # what Discord resolves to a ping
HOSTILE = ["@everyone", "@here", "<@123456789012345678>", "<@&900000000000000400>", "<@!1>", "**", "`", "> ", "\n"]
texts = st.lists(st.one_of(st.text(max_size=300), st.sampled_from(HOSTILE)), max_size=12).map("".join)
long_texts = st.one_of(texts, st.integers(1, 2000).map(lambda n: "word " * n))
quotes = st.builds(
    Quote,
    text=long_texts,
    article=texts,
    title=texts,
    source=texts,
    date=texts,
    url=st.just(""),
    paragraph=st.integers(1, 500),
    score=st.floats(0, 1),
)
answers = st.builds(
    Answer, question=texts, lead=long_texts, quotes=st.lists(quotes, max_size=12), abstained=st.booleans()
)
records = st.builds(
    Endorsement,
    backer=texts,
    backer_kind=st.sampled_from(["person", "branch", "group"]),
    backed=texts,
    stance=st.sampled_from(["supports", "opposes", "undeclared"]),
    when=st.sampled_from(["current", "past"]),
    votes=texts,
    article=texts,
    paragraph=st.integers(1, 500),
    quote=long_texts,
)


def shown_texts(embed: dict) -> list[str]:
    fields = embed.get("fields") or []
    return [embed.get("title") or "", embed.get("description") or ""] + [f["name"] + f["value"] for f in fields]


def assert_inert_and_within_limits(embed: dict) -> None:
    assert check_embed(embed) == []
    for text in shown_texts(embed):
        assert not LIVE_MENTION.search(text), text


@given(answers)
@settings(max_examples=150, deadline=None)
def test_any_answer_fits_discord_and_cannot_ping(answer: Answer) -> None:
    """Every embed field within limits, no @everyone/@here/role/user mention left live, quotes shown verbatim."""
    embed = answer_embed(answer).to_dict()
    assert_inert_and_within_limits(embed)
    description = embed.get("description") or ""
    for number, quote in enumerate(answer.quotes, start=1):
        marker = f" [{number}]"
        shown = [line for line in description.split("\n\n") if line.startswith("> “") and marker in line]
        if not shown:
            continue
        body = unescaped(shown[0][len("> “") :].split(f"”{marker}")[0].replace("\n> ", "\n"))
        # Shown verbatim but for control and bidi-override characters, which are neutralised when shown.
        assert neutralised(quote.text).startswith(body.removesuffix("…")), (body, quote.text)


@given(texts, st.lists(st.tuples(long_texts, texts), max_size=40))
@settings(max_examples=75, deadline=None)
def test_more_sources_fits_and_cannot_ping(question: str, cited: list[tuple[str, str]]) -> None:
    """The "More sources" embed of any quotes stays within Discord's limits and inert."""
    assert_inert_and_within_limits(sources_embed(question, cited).to_dict())


@given(texts, st.lists(records, max_size=30), st.lists(records, max_size=30))
@settings(max_examples=40, deadline=None)
def test_backers_records_fit_and_cannot_ping(name: str, backed: list[Endorsement], backers: list[Endorsement]) -> None:
    """/backers output for any records stays within Discord's limits and inert."""
    assert_inert_and_within_limits(records_embed(name, backed, backers).to_dict())


@given(long_texts)
@settings(max_examples=75, deadline=None)
def test_plain_messages_fit(text: str) -> None:
    """A plain message body never exceeds 2,000 characters."""
    assert len(plain_message(text)) <= CONTENT_CHARS
