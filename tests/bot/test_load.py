"""Load on the wire: 200 members at once are all answered; /graph and /reindex floods never delay acknowledging
any interaction."""

import asyncio
import json
import logging
import threading
import time

import pytest

from bot.bot import Bot
from bot.limits import AnswerGate
from tests.bot.emulator import MODERATOR, DiscordEmulator, Person

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_two_hundred_members_at_once_are_all_answered(
    emulator: DiscordEmulator, bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """With a cap of 8 answers at once, 200 simultaneous /ask wait in the queue and every one is answered."""
    queued, relaxed = AnswerGate(1000, 30, 8, max_waiting=256, wait_seconds=60), bot.gate
    bot.gate = queued
    try:
        members = [Person(960_000_000_000_000_000 + n, f"asker{n}") for n in range(200)]
        tokens = await asyncio.gather(*(emulator.ask("Who backed Jeremy Corbyn?", user=m) for m in members))
        replies = await asyncio.gather(*(emulator.reply_to(t, timeout=120, containing="embeds") for t in tokens))
    finally:
        bot.gate = relaxed
    assert all("> “" in r["embeds"][0]["description"] for r in replies)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_graph_and_reindex_flood_does_not_delay_any_interaction(
    emulator: DiscordEmulator,
    bot: Bot,
    held_rebuild: threading.Event,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """While 20 /graph are drawn (uncached) and a rebuild runs with 20 more /reindex waiting, every interaction
    (the floods' own, /sources, /backers, /stats, /corpus list, /ask) is acknowledged within 3 s; the /reindex
    flood makes at most two builds; nothing is logged as an error, no traceback."""
    monkeypatch.setattr("bot.graphs.CACHED_PICTURES", 0)
    release = held_rebuild
    builds, sent = bot.rebuilds.builds, time.monotonic()
    try:
        reindexes = [await emulator.slash("reindex", user=MODERATOR) for _ in range(20)]
        graphs = [await emulator.slash("graph") for _ in range(20)]
        others = [
            await emulator.slash("sources"),
            await emulator.slash("backers", [{"name": "name", "type": 3, "value": "Jeremy Corbyn"}]),
            await emulator.slash("stats", user=MODERATOR),
            await emulator.slash("corpus", [{"name": "list", "type": 1, "options": []}], user=MODERATOR),
            await emulator.ask("Who backed Owen Smith?"),
        ]
        for token in reindexes + graphs + others:
            first = await emulator.wait_for(lambda c, t=token: c.token == t and c.route == "callback", timeout=10)
            assert first.at - sent < 3.0
        await asyncio.gather(*(emulator.reply_to(t, timeout=60) for t in others))
    finally:
        release.set()
    for token in reindexes:
        await emulator.reply_to(token, containing="Rebuilt the index", timeout=120)
    assert 1 <= bot.rebuilds.builds - builds <= 2  # all merged: one build, or the running one and one more
    for token in graphs:
        await emulator.wait_for(lambda c, t=token: c.token == t and c.route == "edit", timeout=120)
        shown = [c for c in emulator.calls_for(token) if c.route == "edit"][-1]
        assert shown.files or "Slow down" in (shown.body or {}).get("content", "")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info or r.exc_text]


async def test_graph_with_dollar_signs_in_the_name_does_not_raise(
    emulator: DiscordEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    """/graph name:"CLP $^^$" draws (or says what is known) instead of failing in matplotlib's math text."""
    token = await emulator.slash("graph", [{"name": "name", "type": 3, "value": "CLP $^^$"}])
    call = await emulator.wait_for(lambda c: c.token == token and c.route == "edit", timeout=60)
    assert call.files or "No endorsement record" in call.body["content"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_connection_reset_while_opening_the_thread_keeps_the_answer(
    emulator: DiscordEmulator, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """When opening the answer's thread fails on the network, the answer shown stays; nothing says "went wrong"."""
    import aiohttp
    import discord

    async def reset(*args: object, **kwargs: object) -> None:
        raise aiohttp.ClientConnectionError("Connection reset by peer")

    monkeypatch.setattr(discord.Message, "create_thread", reset)
    token = await emulator.ask("Who backed Jeremy Corbyn?")
    answer = await emulator.reply_to(token)
    await asyncio.sleep(0.3)
    assert "> “" in answer["embeds"][0]["description"]
    assert not any("went wrong" in json.dumps(c.body) for c in emulator.calls_for(token))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
