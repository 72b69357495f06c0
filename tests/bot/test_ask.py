"""/ask on the wire: deferred at once, answered with quotes and sources, no pings, feedback stored."""

import asyncio
import time

import pytest

from bot.bot import Bot
from bot.checks import NOT_HERE
from bot.limits import AnswerGate
from tests.bot.conftest import in_corpus, unescaped
from tests.bot.emulator import BOT, CHANNEL_B_ID, GUILD_ID, MODERATOR, DiscordEmulator, Person

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_ask_defers_then_answers_with_quotes_and_sources(emulator: DiscordEmulator, bot: Bot) -> None:
    """/ask is acknowledged with a deferral, then @original shows the lead, block quotes and a sources field."""
    token = await emulator.ask("Who backed Jeremy Corbyn?")
    reply = await emulator.reply_to(token)
    first = emulator.calls_for(token)[0]
    assert first.route == "callback" and first.body["type"] == 5
    embed = reply["embeds"][0]
    quotes = [line[3:].rsplit("” [", 1)[0] for line in embed["description"].split("\n") if line.startswith("> “")]
    assert quotes and all(in_corpus(unescaped(q)) for q in quotes)
    assert embed["fields"][0]["name"] == "Sources" and "[1] " in embed["fields"][0]["value"]
    assert reply["allowed_mentions"]["parse"] == []


async def test_abstained_answer_has_no_quotes_and_no_more_sources_button(emulator: DiscordEmulator) -> None:
    """A question the articles do not cover gets a plain answer, feedback buttons but no "More sources"."""
    token = await emulator.ask("What did the Prime Minister of Japan eat for breakfast?")
    reply = await emulator.reply_to(token)
    embed = reply["embeds"][0]
    assert embed["description"] and "> “" not in embed["description"] and not embed.get("fields")
    buttons = [b["custom_id"] for row in reply["components"] for b in row["components"]]
    assert [b.split(":")[1] for b in buttons] == ["up", "down"]


async def test_feedback_and_more_sources_buttons(emulator: DiscordEmulator, bot: Bot) -> None:
    """👍 is stored and acknowledged privately; "More sources" shows every quote with its citation privately."""
    token = await emulator.ask("Who backed Jeremy Corbyn?")
    reply = await emulator.reply_to(token)
    buttons = {b["custom_id"].split(":")[1]: b["custom_id"] for row in reply["components"] for b in row["components"]}
    before = bot.state.stats().helpful
    thanks = await emulator.reply_to(await emulator.press(buttons["up"], reply))
    assert thanks["flags"] & 64 and "helped" in thanks["content"]
    assert bot.state.stats().helpful == before + 1
    sources = await emulator.reply_to(await emulator.press(buttons["more"], reply))
    assert sources["flags"] & 64
    fields = sources["embeds"][0]["fields"]
    assert fields and all(in_corpus(unescaped(f["value"][3:].rsplit("” [", 1)[0])) for f in fields)


async def test_buttons_in_a_channel_that_is_not_allowed_change_nothing(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """👍 and "More sources" pressed where the bot no longer answers get the private NOT_HERE sentence; no vote."""
    reply = await emulator.reply_to(await emulator.ask("Who backed Jeremy Corbyn?"))
    buttons = {b["custom_id"].split(":")[1]: b["custom_id"] for row in reply["components"] for b in row["components"]}
    monkeypatch.setattr(bot.settings, "discord_allowed_channel_ids", [CHANNEL_B_ID])
    before = bot.state.stats().helpful
    for action in ("up", "more"):
        refused = await emulator.reply_to(await emulator.press(buttons[action], reply))
        assert refused["flags"] & 64 and refused["content"] == NOT_HERE and not refused.get("embeds")
    assert bot.state.stats().helpful == before


BAD_QUESTIONS = {
    "empty": ("", "Ask a question in words"),
    "blank after cleaning": ("\u200b\u200d \x07", "Ask a question in words"),
    "5,000 characters": ("Who backed Corbyn? " * 263, "too long"),
    "@everyone injection": ("@everyone @here who backed <@&900000000000000400> and <@900000000000001002>?", ""),
    "control and zero-width": ("Who\u200b backed\x00 Jeremy\u202e Corbyn\x1b[31m?", ""),
    "non-English": ("¿Quién apoyó a Jeremy Corbyn? 谁支持科尔宾？", ""),
}


@pytest.mark.parametrize("question, expected", BAD_QUESTIONS.values(), ids=BAD_QUESTIONS.keys())
async def test_bad_input_gets_a_clear_reply_and_never_a_ping(
    emulator: DiscordEmulator, question: str, expected: str
) -> None:
    """Each bad question gets a readable reply; echoed mentions are defused and nothing can ping."""
    token = await emulator.ask(question)
    reply = await emulator.reply_to(token)
    text = reply.get("content") or "\n".join(e.get("title", "") + e.get("description", "") for e in reply["embeds"])
    assert expected in text and len(text.strip()) > 10
    for mention in ("@everyone", "@here", "<@&", "<@9"):
        assert mention not in text
    assert all(call.route != "message" or call.body["allowed_mentions"]["parse"] == [] for call in emulator.calls)


async def test_ask_outside_the_allowed_channels_is_refused_privately(emulator: DiscordEmulator) -> None:
    """In a channel the moderators did not allow, /ask answers with a private sentence and no answer."""
    from tests.bot.emulator import OTHER_CHANNEL_ID

    reply = await emulator.reply_to(await emulator.ask("Who backed Jeremy Corbyn?", channel_id=OTHER_CHANNEL_ID))
    assert reply["flags"] & 64 and "channel" in reply["content"] and not reply.get("embeds")


async def test_cooldown_and_full_queue_say_slow_down(emulator: DiscordEmulator, bot: Bot) -> None:
    """A user over the cooldown, or anyone while the cap is reached and the queue is full, is told to slow down."""
    strict, relaxed = AnswerGate(1, 60, 1, max_waiting=0), bot.gate
    bot.gate = strict
    try:
        await emulator.reply_to(await emulator.ask("Who backed Jeremy Corbyn?"))
        again = await emulator.reply_to(await emulator.ask("Who backed Owen Smith?"))
        assert again["flags"] & 64 and again["content"].startswith("Slow down")
        async with strict.slot(None):
            busy = await emulator.reply_to(await emulator.ask("Who backed Owen Smith?", user=MODERATOR))
        assert busy["content"].startswith("Slow down")
    finally:
        bot.gate = relaxed


async def test_thirty_concurrent_asks_are_acknowledged_in_time_and_all_answered(emulator: DiscordEmulator) -> None:
    """30 members asking at once: every /ask is deferred within Discord's 3 s and every one gets its answer."""
    members = [Person(950_000_000_000_000_000 + n, f"member{n}") for n in range(30)]
    sent = time.monotonic()
    tokens = [await emulator.ask(f"Who backed Jeremy Corbyn? ({n})", user=m) for n, m in enumerate(members)]
    replies = await asyncio.gather(*(emulator.reply_to(t, timeout=60) for t in tokens))
    for token in tokens:
        acknowledged = emulator.calls_for(token)[0]
        assert acknowledged.route == "callback" and acknowledged.body["type"] == 5
        assert acknowledged.at - sent < 3.0
    assert all(reply["embeds"][0]["description"] for reply in replies)


async def test_heartbeats_keep_flowing_while_an_answer_is_worked_out(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow, CPU-bound answer does not stall the gateway: heartbeats keep arriving while it is worked out."""
    real_ask = bot.engine.ask

    def slow_ask(question, conversation=None):
        end = time.monotonic() + 2.5
        while time.monotonic() < end:
            pass
        return real_ask(question, conversation)

    monkeypatch.setattr(bot.engine, "ask", slow_ask)
    beats = len(emulator.heartbeats)
    await emulator.reply_to(await emulator.ask("Who backed Jeremy Corbyn?"))
    assert len(emulator.heartbeats) > beats


async def test_unexpected_failure_is_one_sentence_for_users_and_a_traceback_in_the_logs(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """When answering crashes, /ask and a mention each get a short sentence; the log has the traceback."""

    def broken_ask(question, conversation=None):
        raise RuntimeError("index exploded")

    monkeypatch.setattr(bot.engine, "ask", broken_ask)
    reply = await emulator.reply_to(await emulator.ask("Who backed Jeremy Corbyn?"))
    assert reply["content"].startswith("Something went wrong on my side") and not reply.get("embeds")
    message = await emulator.say(f"<@{BOT.id}> Who backed Jeremy Corbyn?", mentions=[BOT])
    call = await emulator.wait_for(
        lambda c: (
            c.route == "message" and str((c.body.get("message_reference") or {}).get("message_id")) == message["id"]
        )
    )
    assert call.body["content"].startswith("Something went wrong on my side")
    assert "index exploded" not in reply["content"] + call.body["content"]
    assert sum("RuntimeError: index exploded" in (r.exc_text or "") or bool(r.exc_info) for r in caplog.records) >= 2


async def test_ask_in_a_direct_message_answers_there(emulator: DiscordEmulator) -> None:
    """/ask in a DM is answered in the DM (allowed channels do not apply) and opens no thread."""
    token = await emulator.ask("Who backed Jeremy Corbyn?", channel_id=None)
    reply = await emulator.reply_to(token)
    assert "> “" in reply["embeds"][0]["description"]
    await asyncio.sleep(0.2)
    assert not [c for c in emulator.calls if c.route == "thread" and c.params["message"] == reply["id"]]


async def test_moderator_commands_are_refused_in_direct_messages(emulator: DiscordEmulator, bot: Bot) -> None:
    """/stats, and A's /reindex forged into a DM, even by a moderator, are refused with a sentence; nothing starts."""
    tokens = [
        await emulator.slash("stats", user=MODERATOR, channel_id=None),
        await emulator.slash("reindex", user=MODERATOR, channel_id=None, registered_in=GUILD_ID),
    ]
    for token in tokens:
        reply = await emulator.reply_to(token)
        assert reply["flags"] & 64 and "only in a server" in reply["content"]
    assert not bot.rebuilds.busy
