"""Two servers on the wire: A (the community, DISCORD_HOME_GUILD_IDS) and B (a stranger's) cannot touch each other."""

import asyncio

import pytest

from bot.bot import Bot
from bot.checks import NO_HOME, NOT_HOME
from bot.cogs.ask import FORGOTTEN
from bot.cogs.errors import UNKNOWN
from bot.conversations import Conversations
from tests.bot.emulator import (
    CHANNEL_B_ID,
    CHANNEL_ID,
    GUILD_B_ID,
    GUILD_ID,
    MEMBER,
    MODERATOR,
    ROLE_MODERATOR,
    STRANGER,
    DiscordEmulator,
    Person,
)
from tests.bot.test_messages import lead, reply_to_message
from tests.bot.test_moderation import ARTICLE, corpus_files, remove, upload

pytestmark = pytest.mark.asyncio(loop_scope="session")

HAMPSTEAD = "2016-08-hampstead-kilburn-backs-corbyn"
HISTORY = [{"name": "history", "type": 1, "options": []}]


def library(bot: Bot) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in bot.engine.settings.corpus_dir.iterdir() if p.is_file()}


async def test_the_library_commands_are_registered_in_the_home_server_only(emulator: DiscordEmulator) -> None:
    """On the wire: /corpus and /reindex are A's own commands, not global ones, so B's members never see them."""
    library = {"corpus", "reindex"}
    assert not library & {c["name"] for c in emulator.commands["global"]}
    assert library <= emulator.visible_commands(GUILD_ID)
    assert not library & emulator.visible_commands(GUILD_B_ID)
    assert {"ask", "backers", "sources", "graph", "stats", "privacy"} <= emulator.visible_commands(GUILD_B_ID)


async def test_a_stranger_server_cannot_change_the_library(emulator: DiscordEmulator, bot: Bot) -> None:
    """B's owner (Manage Server in B) is refused /corpus add, /corpus remove and /reindex: used in B they are unknown
    there, and forged as A's commands the run-time check refuses them. A's files and index stay."""
    before, built = library(bot), bot.engine.snapshot.manifest.built_at
    tokens = {}
    for forged in (None, GUILD_ID):
        command, resolved = upload(emulator, f"{HAMPSTEAD}.md", b"title: Forged\n---\nKeir Starmer backs Corbyn.\n")
        uses = [("corpus", command, resolved), ("corpus", remove(HAMPSTEAD), None), ("reindex", [], None)]
        tokens[forged] = [
            await emulator.slash(name, options, STRANGER, CHANNEL_B_ID, resolved, registered_in=forged)
            for name, options, resolved in [*uses, ("corpus", HISTORY, None)]
        ]
    for forged, expected in ((None, UNKNOWN), (GUILD_ID, NOT_HOME)):
        for token in tokens[forged]:
            reply = await emulator.reply_to(token)
            assert reply["flags"] & 64 and reply["content"] == expected
    await asyncio.sleep(0.2)
    assert library(bot) == before and bot.engine.snapshot.manifest.built_at == built and not bot.rebuilds.busy
    answer = await emulator.reply_to(await emulator.ask("Who backed Jeremy Corbyn?"))
    assert "Forged" not in str(answer)


async def test_without_home_servers_only_the_owner_may_change_the_library(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With DISCORD_HOME_GUILD_IDS empty a moderator is told how to configure it; the application's owner may."""
    monkeypatch.setattr(bot.settings, "discord_home_guild_ids", [])
    refused = await emulator.reply_to(await emulator.slash("corpus", remove(HAMPSTEAD), user=ROLE_MODERATOR))
    assert refused["content"] == NO_HOME and "DISCORD_HOME_GUILD_IDS" in refused["content"]
    assert f"{HAMPSTEAD}.md" in corpus_files(bot)
    owner = await emulator.reply_to(await emulator.slash("reindex", user=MODERATOR))  # MODERATOR owns the app
    assert owner["content"].endswith("until the new one is ready.")
    while bot.rebuilds.busy:
        await asyncio.sleep(0.05)


async def test_corpus_add_never_replaces_an_existing_article(emulator: DiscordEmulator, bot: Bot) -> None:
    """An upload named like an existing article (any suffix or case) is refused with a sentence naming it."""
    before = library(bot)
    for name in (f"{HAMPSTEAD}.txt", f"{HAMPSTEAD.upper()}.MD"):
        command, resolved = upload(emulator, name, ARTICLE)
        reply = await emulator.reply_to(await emulator.slash("corpus", command, user=MODERATOR, resolved=resolved))
        assert f"`{HAMPSTEAD}` already exists" in reply["content"]
    assert library(bot) == before


async def test_a_forged_article_of_thousands_of_lines_is_refused(emulator: DiscordEmulator, bot: Bot) -> None:
    """Thousands of "X backs Y" lines (one paragraph each, or one giant paragraph) are refused at upload."""
    before = library(bot)
    lines = [f"M{n} backs Corbyn." for n in range(1500)]  # within the 64 KB upload limit of the tests
    for data, expected in (
        ("\n\n".join(lines).encode(), "paragraphs"),
        ("\n".join(lines).encode(), "a paragraph of"),
    ):
        command, resolved = upload(emulator, "forged.md", data)
        reply = await emulator.reply_to(await emulator.slash("corpus", command, user=MODERATOR, resolved=resolved))
        assert expected in reply["content"] and "at most" in reply["content"]
    assert library(bot) == before


async def test_remove_goes_to_the_trash_and_restore_brings_it_back(emulator: DiscordEmulator, bot: Bot) -> None:
    """/corpus remove keeps the file in the trash (who, when, where); /corpus restore indexes it again."""
    command, resolved = upload(emulator, "trash-me.md", ARTICLE)
    await emulator.reply_to(
        await emulator.slash("corpus", command, user=MODERATOR, resolved=resolved), containing="Rebuilt", timeout=60
    )
    token = await emulator.slash("corpus", remove("trash-me"), user=MODERATOR)
    await emulator.reply_to(token, containing="Rebuilt the index", timeout=60)
    assert "trash-me" not in [a.id for a in bot.engine.articles()]
    trash = bot.engine.settings.data_dir / "trash"
    kept = [p.name for p in trash.iterdir() if p.name.endswith("--trash-me.md")]
    assert len(kept) == 1 and str(MODERATOR.id) in (trash / "trash.jsonl").read_text()
    restore = [{"name": "restore", "type": 1, "options": [{"name": "trashed", "type": 3, "value": kept[0]}]}]
    await emulator.reply_to(
        await emulator.slash("corpus", restore, user=MODERATOR), containing="Rebuilt the index", timeout=60
    )
    assert "trash-me" in [a.id for a in bot.engine.articles()]
    await emulator.reply_to(
        await emulator.slash("corpus", remove("trash-me"), user=MODERATOR), containing="Rebuilt", timeout=60
    )


async def test_a_removal_whose_rebuild_fails_puts_the_file_back(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the rebuild after /corpus remove fails, the file is restored, so /sources never lists a lost article."""

    def broken(progress=None, wait=False):
        raise OSError("disk full")

    monkeypatch.setattr(bot.engine, "rebuild", broken)
    token = await emulator.slash("corpus", remove(HAMPSTEAD), user=MODERATOR)
    done = await emulator.reply_to(token, containing="back in the corpus", timeout=60)
    assert "rebuild failed" in done["content"]
    assert f"{HAMPSTEAD}.md" in corpus_files(bot) and HAMPSTEAD in [a.id for a in bot.engine.articles()]


async def test_moderator_commands_have_a_cooldown_per_server(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beyond DISCORD_MODERATOR_USES per window, /reindex is refused with when to try again."""
    monkeypatch.setattr(bot.settings, "discord_moderator_uses", 1)
    bot.moderator_cooldown.clear()
    try:
        first = await emulator.reply_to(await emulator.slash("reindex", user=MODERATOR))
        assert "Rebuilding" in first["content"]
        again = await emulator.reply_to(await emulator.slash("reindex", user=MODERATOR))
        assert again["flags"] & 64 and "try again in" in again["content"]
    finally:
        bot.moderator_cooldown.clear()
    while bot.rebuilds.busy:
        await asyncio.sleep(0.05)


async def test_a_follow_up_in_a_keeps_its_context_through_a_question_flood_in_b(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With room for 10 conversations per server, 40 members asking in B leave A's answer thread alone: A's
    follow-up "by how many votes?" still knows which vote it is about."""
    monkeypatch.setattr(bot, "conversations", Conversations(size=10))
    answer = await emulator.reply_to(await emulator.ask("Who won the vote in Hampstead and Kilburn?"))
    await emulator.wait_for(lambda c: c.route == "thread" and c.params["message"] == answer["id"])
    members_of_b = [Person(980_000_000_000_000_000 + n, f"visitor{n}") for n in range(40)]
    flood = [await emulator.ask("Who backed Owen Smith?", user=m, channel_id=CHANNEL_B_ID) for m in members_of_b]
    await asyncio.gather(*(emulator.reply_to(t, timeout=60) for t in flood))
    follow_up = await emulator.say("by how many votes?", channel_id=int(answer["id"]))
    call = await reply_to_message(emulator, follow_up)
    assert "96 votes to 54" in lead(call)


async def answer_thread(emulator: DiscordEmulator, question: str) -> int:
    """Ask in A's channel; the id of the thread the bot opened on its answer."""
    answer = await emulator.reply_to(await emulator.ask(question))
    await emulator.wait_for(lambda c: c.route == "thread" and c.params["message"] == answer["id"])
    return int(answer["id"])


async def test_direct_messages_never_evict_a_servers_conversation(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With room for 5 DM users, 12 accounts writing to the bot in DMs leave A's answer thread alone: its
    follow-up "by how many votes?" still knows which vote it is about."""
    monkeypatch.setattr(bot, "conversations", Conversations(dm_users=5))
    thread = await answer_thread(emulator, "Who won the vote in Hampstead and Kilburn?")
    for n in range(12):
        dm = await emulator.say(
            "Who backed Owen Smith?",
            user=Person(981_000_000_000_000_000 + n, f"dm{n}"),
            channel_id=None,
            dm_channel=emulator.new_dm_channel(),
        )
        await reply_to_message(emulator, dm)
    call = await reply_to_message(emulator, await emulator.say("by how many votes?", channel_id=thread))
    assert "96 votes to 54" in lead(call) and not call.body.get("content")


async def test_a_follow_up_whose_conversation_was_forgotten_is_answered_as_a_new_question(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the bot no longer remembers an answer thread's conversation, a plain message there is still answered:
    as a new question, with one line saying so."""
    thread = await answer_thread(emulator, "Who won the vote in Hampstead and Kilburn?")
    monkeypatch.setattr(bot, "conversations", Conversations())  # as after a restart or an eviction
    call = await reply_to_message(emulator, await emulator.say("Who backed Owen Smith?", channel_id=thread))
    assert call.body["content"] == FORGOTTEN and "Owen Smith" in lead(call)
    again = await reply_to_message(emulator, await emulator.say("and Jeremy Corbyn?", channel_id=thread))
    assert not again.body.get("content")  # the thread's new conversation is remembered from then on


@pytest.mark.parametrize("option, subcommand", [("article", "remove"), ("trashed", "restore")])
async def test_a_forged_autocomplete_of_the_library_commands_offers_nothing(
    emulator: DiscordEmulator, bot: Bot, option: str, subcommand: str
) -> None:
    """/corpus remove and restore autocomplete run the commands' own check: a member of A without Manage Server,
    and B's owner forging A's command, are offered no article id and no trash entry; A's moderator is."""
    typed = [{"name": subcommand, "type": 1, "options": [{"name": option, "type": 3, "value": "", "focused": True}]}]
    if subcommand == "restore":  # something in the trash to be offered
        await emulator.reply_to(
            await emulator.slash("corpus", remove(HAMPSTEAD), user=MODERATOR), containing="Rebuilt", timeout=60
        )
    try:
        offered = {}
        for who, user, channel, forged in (
            ("member", MEMBER, CHANNEL_ID, None),
            ("stranger", STRANGER, CHANNEL_B_ID, GUILD_ID),
            ("moderator", MODERATOR, CHANNEL_ID, None),
        ):
            token = await emulator.autocomplete("corpus", typed, user, channel, registered_in=forged)
            call = await emulator.wait_for(lambda c, t=token: c.token == t and c.route == "callback")
            offered[who] = call.body["data"]["choices"]
        assert offered["member"] == [] and offered["stranger"] == [] and offered["moderator"]
    finally:
        if subcommand == "restore":
            trashed = offered["moderator"][0]["value"]
            restore = [{"name": "restore", "type": 1, "options": [{"name": "trashed", "type": 3, "value": trashed}]}]
            await emulator.reply_to(
                await emulator.slash("corpus", restore, user=MODERATOR), containing="Rebuilt", timeout=60
            )


def trash(bot: Bot) -> list[str]:
    folder = bot.engine.settings.data_dir / "trash"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("subcommand", ["remove", "restore"])
async def test_a_failed_acknowledgement_leaves_the_library_as_it_was(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch, subcommand: str
) -> None:
    """When Discord refuses to take the acknowledgement of /corpus remove or restore (a duplicate delivery, a
    network fault), no file moves, nothing is rebuilt and nothing enters the audit log."""
    options = remove(HAMPSTEAD)
    if subcommand == "restore":
        await emulator.reply_to(
            await emulator.slash("corpus", remove(HAMPSTEAD), user=MODERATOR), containing="Rebuilt", timeout=60
        )
        trashed = [name for name in trash(bot) if name.endswith(f"--{HAMPSTEAD}.md")][-1]
        options = [{"name": "restore", "type": 1, "options": [{"name": "trashed", "type": 3, "value": trashed}]}]
    before, trashed_before = library(bot), trash(bot)
    builds, actions = bot.rebuilds.builds, len(bot.state.history(1000))
    try:
        monkeypatch.setattr(emulator, "unknown_interactions", True)
        token = await emulator.slash("corpus", options, user=MODERATOR)
        await emulator.wait_for(lambda c: c.token == token and c.route == "refused callback")
        await asyncio.sleep(0.5)
        monkeypatch.setattr(emulator, "unknown_interactions", False)
        assert library(bot) == before and trash(bot) == trashed_before
        assert bot.rebuilds.builds == builds and not bot.rebuilds.busy and len(bot.state.history(1000)) == actions
    finally:
        monkeypatch.setattr(emulator, "unknown_interactions", False)
        if subcommand == "restore":
            await emulator.reply_to(
                await emulator.slash("corpus", options, user=MODERATOR), containing="Rebuilt", timeout=60
            )
