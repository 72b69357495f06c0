"""Moderators' commands on the wire: the permission gate, /reindex while answering, /corpus and /stats."""

import asyncio
import threading

import pytest

from bot.bot import Bot
from bot.checks import NOT_HERE
from tests.bot.emulator import GUILD_ID, MEMBER, MODERATOR, OTHER_CHANNEL_ID, ROLE_MODERATOR, DiscordEmulator

pytestmark = pytest.mark.asyncio(loop_scope="session")

MODERATOR_COMMANDS = ("reindex", "corpus", "stats")
HAMPSTEAD = "2016-08-hampstead-kilburn-backs-corbyn"
ARTICLE = b"""title: Islington North branch backs Corbyn
source: Test Gazette
date: 2016-08
---
The Islington North branch gave its backing to Jeremy Corbyn by 300 votes to 12 on Tuesday.

Its secretary, Ada Quill, said the result was never in doubt.
"""


def corpus_files(bot: Bot) -> list[str]:
    return sorted(p.name for p in bot.engine.settings.corpus_dir.iterdir())


def upload(emulator: DiscordEmulator, name: str, data: bytes) -> tuple[list, dict]:
    attachment = emulator.upload(name, data)
    options = [{"name": "file", "type": 11, "value": attachment["id"]}]
    command = [{"name": "add", "type": 1, "options": options}]
    return command, {"attachments": {attachment["id"]: attachment}}


def remove(article: str) -> list[dict]:
    return [{"name": "remove", "type": 1, "options": [{"name": "article", "type": 3, "value": article}]}]


async def test_moderator_commands_are_synced_behind_manage_server(emulator: DiscordEmulator) -> None:
    """The synced payloads (global, and the home server's) hide moderators' commands without Manage Server (32)."""
    synced = {command["name"]: command for command in emulator.commands["global"] + emulator.commands[str(GUILD_ID)]}
    assert {"ask", "backers", "sources", "graph", *MODERATOR_COMMANDS} <= set(synced)
    for name in MODERATOR_COMMANDS:
        assert int(synced[name]["default_member_permissions"]) == 32
    assert synced["ask"]["default_member_permissions"] is None
    assert synced["ask"]["options"][0]["max_length"] == 500


@pytest.mark.parametrize(
    "name, options",
    [("reindex", []), ("stats", []), ("corpus", [{"name": "list", "type": 1, "options": []}])],
    ids=["reindex", "stats", "corpus list"],
)
async def test_member_is_refused_at_run_time(emulator: DiscordEmulator, bot: Bot, name: str, options: list) -> None:
    """A member without Manage Server who still reaches a moderator command is refused with a sentence."""
    built = bot.engine.snapshot.manifest.built_at
    reply = await emulator.reply_to(await emulator.slash(name, options, user=MEMBER))
    assert reply["flags"] & 64 and reply["content"].startswith("Only moderators")
    assert bot.engine.snapshot.manifest.built_at == built


@pytest.mark.parametrize(
    "name, options",
    [
        ("reindex", []),
        ("stats", []),
        ("corpus", [{"name": "remove", "type": 1, "options": [{"name": "article", "type": 3, "value": HAMPSTEAD}]}]),
        ("corpus", [{"name": "history", "type": 1, "options": []}]),
    ],
    ids=["reindex", "stats", "corpus remove", "corpus history"],
)
async def test_moderator_commands_keep_to_the_allowed_channels(
    emulator: DiscordEmulator, bot: Bot, name: str, options: list
) -> None:
    """A moderator using a moderators' command in a channel the bot does not answer in gets NOT_HERE; nothing runs."""
    before, built = corpus_files(bot), bot.engine.snapshot.manifest.built_at
    reply = await emulator.reply_to(await emulator.slash(name, options, user=MODERATOR, channel_id=OTHER_CHANNEL_ID))
    assert reply["flags"] & 64 and reply["content"] == NOT_HERE
    await asyncio.sleep(0.1)
    assert corpus_files(bot) == before and bot.engine.snapshot.manifest.built_at == built and not bot.rebuilds.busy


async def test_moderator_role_grants_stats(emulator: DiscordEmulator) -> None:
    """A member with the configured moderator role (but no Manage Server) gets /stats."""
    reply = await emulator.reply_to(await emulator.slash("stats", user=ROLE_MODERATOR))
    fields = {f["name"]: f["value"] for f in reply["embeds"][0]["fields"]}
    assert {"Questions answered", "Feedback", "Answer latency", "Index"} <= set(fields)
    assert "paragraphs" in fields["Index"] and "p95" in fields["Answer latency"]


async def test_reindex_keeps_answering_merges_the_next_ones_and_swaps_when_done(
    emulator: DiscordEmulator, bot: Bot, held_rebuild: threading.Event
) -> None:
    """While /reindex runs, /ask still answers; the /reindex requests meanwhile share one next build."""
    release = held_rebuild
    old, builds = bot.engine.snapshot.folder, bot.rebuilds.builds
    token = await emulator.slash("reindex", user=MODERATOR)
    started = await emulator.reply_to(token)
    assert "Rebuilding" in started["content"]
    later = [await emulator.slash("reindex", user=MODERATOR) for _ in range(5)]
    second = await emulator.reply_to(later[0])
    assert second["flags"] & 64 and "merged into the next one" in second["content"]
    answer = await emulator.reply_to(await emulator.ask("Who backed Jeremy Corbyn?"))
    assert "> “" in answer["embeds"][0]["description"]
    release.set()
    done = await emulator.reply_to(token, containing="Rebuilt the index")
    assert "Answers now come from it" in done["content"]
    for other in later:
        await emulator.reply_to(other, containing="Rebuilt the index", timeout=60)
    assert bot.rebuilds.builds - builds == 2  # six requests, two builds
    edits = [c.body.get("content") or "" for c in emulator.calls_for(token) if c.route == "edit"]
    assert any(e.startswith("Rebuilding the index: ") and "paragraphs" in e for e in edits[:-1])
    assert bot.engine.snapshot.folder != old and not bot.rebuilds.busy


async def test_corpus_add_indexes_the_article_and_remove_takes_it_out(emulator: DiscordEmulator, bot: Bot) -> None:
    """/corpus add stores a sanitised .md, rebuilds and answers from it; /corpus remove takes it out again."""
    command, resolved = upload(emulator, "../../Islington North (final).MD", ARTICLE)
    token = await emulator.slash("corpus", command, user=MODERATOR, resolved=resolved)
    done = await emulator.reply_to(token, containing="Rebuilt the index", timeout=60)
    assert "islington-north-final.md" in done["content"] and "(2 newly embedded)" in done["content"]
    assert "islington-north-final.md" in corpus_files(bot)
    assert "islington-north-final" in [a.id for a in bot.engine.articles()]

    answer = await emulator.reply_to(await emulator.ask("Who did the Islington North branch back?"))
    assert "Islington North" in answer["embeds"][0]["fields"][0]["value"]

    listing = await emulator.reply_to(
        await emulator.slash("corpus", [{"name": "list", "type": 1, "options": []}], user=MODERATOR)
    )
    assert "islington-north-final" in listing["embeds"][0]["description"]

    remove = [
        {"name": "remove", "type": 1, "options": [{"name": "article", "type": 3, "value": "islington-north-final"}]}
    ]
    token = await emulator.slash("corpus", remove, user=MODERATOR)
    await emulator.reply_to(token, containing="Rebuilt the index", timeout=60)
    assert "islington-north-final.md" not in corpus_files(bot)
    assert "islington-north-final" not in [a.id for a in bot.engine.articles()]


BAD_UPLOADS = {
    "wrong type": ("minutes.pdf", b"%PDF-1.7", "Only .txt or .md"),
    "path as name": ("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n", "Only .txt or .md"),
    "too large": ("long.md", b"word " * 14_000, "at most 64 KB"),
    "not UTF-8": ("latin.txt", "Caf\xe9 branch backs Smith".encode("latin-1"), "not UTF-8"),
    "no text": ("empty.md", b"title: Nothing\n---\n\n", "no article text"),
    "existing name": ("2016-08-hampstead-kilburn-backs-corbyn.md", ARTICLE, "already exists"),
}


@pytest.mark.parametrize("name, data, expected", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
async def test_bad_uploads_are_refused_with_a_sentence_and_change_nothing(
    emulator: DiscordEmulator, bot: Bot, name: str, data: bytes, expected: str
) -> None:
    """Each bad attachment gets one private sentence; the corpus folder and the index stay as they were."""
    before, built = corpus_files(bot), bot.engine.snapshot.manifest.built_at
    command, resolved = upload(emulator, name, data)
    reply = await emulator.reply_to(await emulator.slash("corpus", command, user=MODERATOR, resolved=resolved))
    assert expected in reply["content"] and "Traceback" not in reply["content"]
    await asyncio.sleep(0.2)
    assert corpus_files(bot) == before and bot.engine.snapshot.manifest.built_at == built
    assert not bot.rebuilding.locked()


async def test_member_cannot_add_articles(emulator: DiscordEmulator, bot: Bot) -> None:
    """/corpus add by a member is refused at run time and writes nothing."""
    before = corpus_files(bot)
    command, resolved = upload(emulator, "sneaky.md", ARTICLE)
    reply = await emulator.reply_to(await emulator.slash("corpus", command, user=MEMBER, resolved=resolved))
    assert reply["content"].startswith("Only moderators") and corpus_files(bot) == before


async def test_corpus_remove_autocompletes_article_ids(emulator: DiscordEmulator) -> None:
    """Typing "hamp" into /corpus remove suggests the Hampstead article's id."""
    typed = [{"name": "article", "type": 3, "value": "hamp", "focused": True}]
    token = await emulator.autocomplete("corpus", [{"name": "remove", "type": 1, "options": typed}], user=MODERATOR)
    call = await emulator.wait_for(lambda c: c.token == token and c.route == "callback")
    assert [c["value"] for c in call.body["data"]["choices"]] == ["2016-08-hampstead-kilburn-backs-corbyn"]
