"""Moderators' rebuilds under load: /reindex while 30 /ask run, /corpus add during a build, members kept out."""

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

import index.search.build
from bot.bot import Bot
from index.search.snapshot import DataLayout
from tests.bot.conftest import in_corpus, unescaped
from tests.bot.emulator import MEMBER, MODERATOR, DiscordEmulator, Person

pytestmark = pytest.mark.asyncio(loop_scope="session")

QUESTIONS = [
    "Who backed Jeremy Corbyn?",
    "Who is Keir Starmer backing?",
    "Who is the secretary of the Hampstead and Kilburn branch?",
    "How many votes did Corbyn get in Hampstead and Kilburn?",
    "Who backed Owen Smith?",
]
ARTICLE = b"""title: Camden Town branch backs Smith
source: Test Gazette
date: 2016-08
---
The Camden Town branch gave its backing to Owen Smith by 41 votes to 40 on Monday.
"""


@contextmanager
def build_held_while_writing_vectors(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, ...]]:
    """Real builds pause just before writing the FAISS file until released (always released on exit)."""
    writing, release = threading.Event(), threading.Event()
    real_save = index.search.build.save_vector_index

    def held_save(*args: object) -> None:
        writing.set()
        release.wait(60)
        real_save(*args)

    monkeypatch.setattr(index.search.build, "save_vector_index", held_save)
    try:
        yield writing, release
    finally:
        release.set()


def corpus_names(bot: Bot) -> list[str]:
    return sorted(path.name for path in bot.engine.settings.corpus_dir.iterdir())


def upload_command(emulator: DiscordEmulator, name: str, data: bytes) -> tuple[list, dict]:
    attachment = emulator.upload(name, data)
    options = [{"name": "file", "type": 11, "value": attachment["id"]}]
    return [{"name": "add", "type": 1, "options": options}], {"attachments": {attachment["id"]: attachment}}


async def wait_in_thread(event: threading.Event) -> bool:
    return await asyncio.to_thread(event.wait, 60)


@pytest.mark.slow
async def test_thirty_asks_during_a_real_reindex_are_acknowledged_and_answered(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a real rebuild is mid-way, 30 members' /ask are acked within 3 s and answered from the old index."""
    old = bot.engine.snapshot.folder
    members = [Person(970_000_000_000_000_000 + n, f"busy{n}") for n in range(30)]
    with build_held_while_writing_vectors(monkeypatch) as (writing, release):
        token = await emulator.slash("reindex", user=MODERATOR)
        assert "Rebuilding" in (await emulator.reply_to(token))["content"]
        assert await wait_in_thread(writing)
        sent = time.monotonic()
        tokens = [await emulator.ask(QUESTIONS[n % len(QUESTIONS)], user=m) for n, m in enumerate(members)]
        replies = await asyncio.gather(*(emulator.reply_to(t, timeout=60) for t in tokens))
        assert bot.engine.snapshot.folder == old
        release.set()
        done = await emulator.reply_to(token, containing="Rebuilt the index", timeout=60)
    for token_of_ask, reply in zip(tokens, replies, strict=True):
        acknowledged = emulator.calls_for(token_of_ask)[0]
        assert acknowledged.route == "callback" and acknowledged.at - sent < 3.0
        description = reply["embeds"][0]["description"]
        quotes = [line[3:].rsplit("” [", 1)[0] for line in description.split("\n") if line.startswith("> “")]
        assert description and all(in_corpus(unescaped(q), bot.engine.settings.corpus_dir) for q in quotes)
    assert "Answers now come from it" in done["content"] and bot.engine.snapshot.folder != old
    after = await emulator.reply_to(await emulator.ask("Who backed Jeremy Corbyn?"))
    assert "> “" in after["embeds"][0]["description"]


async def test_corpus_add_during_a_reindex_joins_the_next_build(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/corpus add while /reindex runs stores the file and is indexed by the next build (never refused)."""
    before = corpus_names(bot)
    with build_held_while_writing_vectors(monkeypatch) as (writing, release):
        token = await emulator.slash("reindex", user=MODERATOR)
        assert await wait_in_thread(writing)
        command, resolved = upload_command(emulator, "camden-town.md", ARTICLE)
        adding = await emulator.slash("corpus", command, user=MODERATOR, resolved=resolved)
        while "camden-town.md" not in corpus_names(bot):
            await asyncio.sleep(0.05)
        release.set()
        await emulator.reply_to(token, containing="Rebuilt the index", timeout=60)
        done = await emulator.reply_to(adding, containing="Rebuilt the index", timeout=60)
    assert "Added `camden-town.md`" in done["content"] and "camden-town" in bot.engine.snapshot.manifest.articles
    remove = [{"name": "remove", "type": 1, "options": [{"name": "article", "type": 3, "value": "camden-town"}]}]
    await emulator.reply_to(await emulator.slash("corpus", remove, user=MODERATOR), containing="Rebuilt", timeout=60)
    assert corpus_names(bot) == before and not bot.rebuilds.busy


async def test_corpus_add_while_a_command_line_build_runs_keeps_the_index_and_says_so(
    emulator: DiscordEmulator, bot: Bot
) -> None:
    """With `whobacked build` holding the build lock, /corpus add stores the file, keeps the index, and says so."""
    old = bot.engine.snapshot.folder
    before = corpus_names(bot)
    with DataLayout(bot.engine.settings.data_dir).locked_for_build():
        command, resolved = upload_command(emulator, "camden-town.md", ARTICLE)
        token = await emulator.slash("corpus", command, user=MODERATOR, resolved=resolved)
        reply = await emulator.reply_to(token, containing="previous index keeps answering", timeout=60)
    assert "Another build is running" in reply["content"] and "Traceback" not in reply["content"]
    assert bot.engine.snapshot.folder == old and corpus_names(bot) == sorted([*before, "camden-town.md"])
    remove = [{"name": "remove", "type": 1, "options": [{"name": "article", "type": 3, "value": "camden-town"}]}]
    removing = await emulator.slash("corpus", remove, user=MODERATOR)
    await emulator.reply_to(removing, containing="Rebuilt the index", timeout=60)
    assert corpus_names(bot) == before and "camden-town" not in bot.engine.snapshot.manifest.articles


async def test_member_cannot_remove_articles(emulator: DiscordEmulator, bot: Bot) -> None:
    """/corpus remove by a member is refused at run time and deletes nothing."""
    before = corpus_names(bot)
    article = before[0].rsplit(".", 1)[0]
    remove = [{"name": "remove", "type": 1, "options": [{"name": "article", "type": 3, "value": article}]}]
    reply = await emulator.reply_to(await emulator.slash("corpus", remove, user=MEMBER))
    assert reply["content"].startswith("Only moderators") and corpus_names(bot) == before
