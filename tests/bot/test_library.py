"""The library's audit log (/corpus history) and the final word of a rebuild after the interaction token expired."""

import asyncio
import datetime
import threading

import pytest

from bot.bot import Bot
from tests.bot.emulator import BASIC_PERMISSIONS, CHANNEL_ID, MANAGE_GUILD, MEMBER, MODERATOR, DiscordEmulator, Person
from tests.bot.test_moderation import ARTICLE, remove, upload

pytestmark = pytest.mark.asyncio(loop_scope="session")

# A moderator whose name is markdown: the history must show it as written, not as formatting.
MARKDOWN_MODERATOR = Person(900_000_000_000_001_005, "mod_*star*", permissions=BASIC_PERMISSIONS | MANAGE_GUILD)


def history(count: int) -> list[dict]:
    return [{"name": "history", "type": 1, "options": [{"name": "count", "type": 4, "value": count}]}]


async def test_corpus_history_shows_every_library_action_with_its_outcome(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Add, remove and a failed reindex are listed newest first: who, where, what and how the rebuild ended;
    names are escaped; members are refused; /privacy delete leaves the log alone."""
    command, resolved = upload(emulator, "audit-me.md", ARTICLE)
    added = await emulator.slash("corpus", command, user=MARKDOWN_MODERATOR, resolved=resolved)
    await emulator.reply_to(added, containing="Rebuilt the index", timeout=60)
    removed = await emulator.slash("corpus", remove("audit-me"), user=MODERATOR)
    await emulator.reply_to(removed, containing="Rebuilt the index", timeout=60)

    def broken(progress=None, wait=False):
        raise OSError("disk full")

    monkeypatch.setattr(bot.engine, "rebuild", broken)
    await emulator.reply_to(await emulator.slash("reindex", user=MODERATOR), containing="rebuild failed", timeout=60)
    forget = [{"name": "action", "type": 3, "value": "delete"}]
    await emulator.reply_to(await emulator.slash("privacy", forget, user=MODERATOR))

    shown = await emulator.reply_to(await emulator.slash("corpus", history(3), user=MODERATOR))
    assert shown["flags"] & 64
    lines = shown["embeds"][0]["description"].split("\n")
    assert len(lines) == 3
    assert "**reindex** by moderator" in lines[0] and "rebuild failed (logged)" in lines[0]
    assert "**remove** audit-me.md by moderator" in lines[1] and "rebuilt: " in lines[1]
    assert "**add file** audit-me.md by mod\\_\\*star\\*" in lines[2] and f"(<@{MARKDOWN_MODERATOR.id}>)" in lines[2]
    assert all(f"<#{CHANNEL_ID}>" in line and "<t:" in line for line in lines)

    refused = await emulator.reply_to(await emulator.slash("corpus", history(3), user=MEMBER))
    assert refused["content"].startswith("Only moderators")


@pytest.mark.parametrize("way", ["token expired", "14 minutes passed", "channel unreachable"])
async def test_the_final_word_of_a_long_rebuild_reaches_the_moderator(
    emulator: DiscordEmulator, bot: Bot, held_rebuild: threading.Event, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    """When the response can no longer be edited, the result is posted in the channel pinging only the moderator,
    or, when the channel cannot be reached, sent to them by DM."""
    if way == "14 minutes passed":
        monkeypatch.setattr("bot.reports.EDIT_WINDOW", datetime.timedelta(0))
    if way == "channel unreachable":
        monkeypatch.setattr(emulator, "unreachable_channels", {CHANNEL_ID})
    token = await emulator.slash("reindex", user=MODERATOR)
    await emulator.reply_to(token)
    before = len(emulator.calls)
    if way != "14 minutes passed":
        emulator.expire(token)
    held_rebuild.set()
    said = await emulator.wait_for(
        lambda c: c.route == "message" and "Rebuilt the index" in (c.body or {}).get("content", ""),
        timeout=60,
        after=before,
    )
    if way == "channel unreachable":
        assert int(said.params["channel"]) != CHANNEL_ID
        assert said.body["content"].startswith("Your library change in Emulated Labour Branch: Rebuilt the index")
    else:
        assert int(said.params["channel"]) == CHANNEL_ID
        assert said.body["content"].startswith(f"<@{MODERATOR.id}> Rebuilt the index")
        assert said.body["allowed_mentions"] == {"parse": [], "users": [MODERATOR.id]}
    edits = [c for c in emulator.calls_for(token) if c.route in ("edit", "expired")]
    assert len(edits) <= (0 if way == "14 minutes passed" else 1)  # progress stops once the token is gone
    while bot.rebuilds.busy:
        await asyncio.sleep(0.05)
