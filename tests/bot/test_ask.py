"""/ask on the wire: deferred at once, answered with quotes and sources, no pings, feedback stored."""

import pytest

from bot.bot import Bot
from tests.bot.conftest import in_corpus, unescaped
from tests.bot.emulator import DiscordEmulator

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
