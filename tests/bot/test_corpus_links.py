"""/corpus add url: and .html attachments through the loopback Discord, fetching from the loopback news site."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from bot.bot import Bot
from tests.bot.conftest import unescaped
from tests.bot.emulator import MEMBER, MODERATOR, DiscordEmulator
from tests.index.ingest.site import HAMPSTEAD, NewsSite, guard_loopback

pytestmark = pytest.mark.asyncio(loop_scope="session")

ISLINGTON_FILE = "2016-08-09-islington-north-branch-backs-corbyn.md"


@pytest_asyncio.fixture(loop_scope="session")
async def fetching(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Bot]:
    """The bot may fetch from 127.0.0.1 (only the test site is there); articles added are taken out after."""
    guard_loopback(monkeypatch)
    monkeypatch.setattr(bot.engine, "settings", bot.engine.settings.model_copy(update={"fetch_allow_private": True}))
    corpus = bot.engine.settings.corpus_dir
    before = set(corpus.iterdir())
    yield bot
    added = set(corpus.iterdir()) - before
    if added:
        for path in added:
            path.unlink()
        await asyncio.to_thread(bot.engine.rebuild, None, True)


def add(**options: object) -> list[dict]:
    types = {"url": 3, "date": 3, "file": 11}
    given = [{"name": name, "type": types[name], "value": value} for name, value in options.items()]
    return [{"name": "add", "type": 1, "options": given}]


def corpus_names(bot: Bot) -> list[str]:
    return sorted(p.name for p in bot.engine.settings.corpus_dir.iterdir())


async def test_corpus_add_url_shows_title_and_date_then_answers_from_it(
    emulator: DiscordEmulator, fetching: Bot, site: NewsSite
) -> None:
    """The link is fetched, stored with its header, reported with title and date, rebuilt, and answered from."""
    token = await emulator.slash("corpus", add(url=site.url("/news/islington-north-backs-corbyn")), user=MODERATOR)
    done = await emulator.reply_to(token, containing="Rebuilt the index", timeout=90)
    text = unescaped(done["content"])
    assert text.startswith(
        f"Added `{ISLINGTON_FILE}`: “Islington North branch backs Corbyn” (The Test Gazette), dated 2016-08-09, "
        "3 paragraphs. Rebuilt the index"
    )
    assert ISLINGTON_FILE in corpus_names(fetching)
    assert ISLINGTON_FILE.removesuffix(".md") in [a.id for a in fetching.engine.articles()]
    answer = await emulator.reply_to(await emulator.ask("Who did the Islington North branch back?"))
    assert "Corbyn" in answer["embeds"][0]["description"]

    again = await emulator.slash("corpus", add(url=site.url("/short-chain")), user=MODERATOR)  # same page, redirected
    reply = await emulator.reply_to(again)
    assert f"already in the corpus as `{ISLINGTON_FILE}`" in unescaped(reply["content"])


async def test_an_html_attachment_with_a_date_override(emulator: DiscordEmulator, fetching: Bot) -> None:
    attachment = emulator.upload("Hampstead.html", HAMPSTEAD.encode(), content_type="text/html")
    token = await emulator.slash(
        "corpus",
        add(file=attachment["id"], date="2016-08-13"),
        user=MODERATOR,
        resolved={"attachments": {attachment["id"]: attachment}},
    )
    done = await emulator.reply_to(token, containing="Rebuilt the index", timeout=90)
    assert "“Hampstead members nominate Smith”, dated 2016-08-13, 3 paragraphs" in unescaped(done["content"])
    assert "2016-08-13-hampstead-members-nominate-smith.md" in corpus_names(fetching)


@pytest.mark.parametrize(
    "path, options, expected",
    [
        ("/missing-article", {}, "no article text"),
        ("/minutes.pdf", {}, "not a web page"),
        ("/hop/1", {}, "redirects more than 5 times"),
        ("/news/islington-north-backs-corbyn", {"date": "9/8/2016"}, "YYYY-MM-DD"),
        ("", {"url": "file:///etc/passwd"}, "Only http and https"),
        ("", {}, "either a file or a url"),
    ],
    ids=["no article", "pdf", "redirect chain", "bad date", "file scheme", "nothing given"],
)
async def test_refusals_are_one_private_sentence_and_change_nothing(
    emulator: DiscordEmulator, fetching: Bot, site: NewsSite, path: str, options: dict, expected: str
) -> None:
    before, built = corpus_names(fetching), fetching.engine.snapshot.manifest.built_at
    given = {"url": site.url(path)} if path else {}
    token = await emulator.slash("corpus", add(**{**given, **options}), user=MODERATOR)
    reply = await emulator.reply_to(token)
    assert expected in unescaped(reply["content"]) and "Traceback" not in reply["content"]
    assert reply["content"].count(". ") == 0 and reply["content"].endswith(".")
    await asyncio.sleep(0.2)
    assert corpus_names(fetching) == before and fetching.engine.snapshot.manifest.built_at == built


async def test_a_name_resolving_to_loopback_is_refused_with_the_allowance_off(
    emulator: DiscordEmulator, bot: Bot, site: NewsSite
) -> None:
    """The bot's own settings (allowance off): localhost is refused, nothing is fetched."""
    before = len(site.requests)
    url = site.url("/news/islington-north-backs-corbyn", host="localhost")
    reply = await emulator.reply_to(await emulator.slash("corpus", add(url=url), user=MODERATOR))
    assert "localhost resolves to a loopback address" in unescaped(reply["content"])
    assert len(site.requests) == before


async def test_a_member_cannot_add_links(emulator: DiscordEmulator, fetching: Bot, site: NewsSite) -> None:
    before = len(site.requests)
    url = site.url("/news/islington-north-backs-corbyn")
    reply = await emulator.reply_to(await emulator.slash("corpus", add(url=url), user=MEMBER))
    assert reply["content"].startswith("Only moderators") and len(site.requests) == before
