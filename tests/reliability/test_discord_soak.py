"""Soak: 1,000 questions through the loopback Discord; each acknowledged within 3 s, memory growth bounded."""

import asyncio
import gc
import time

import psutil
import pytest

from bot.bot import Bot
from tests.bot.conftest import in_corpus, unescaped
from tests.bot.emulator import DiscordEmulator, Person

pytestmark = pytest.mark.asyncio(loop_scope="session")

QUESTIONS = [
    "Who backed Jeremy Corbyn?",
    "Who is Keir Starmer backing?",
    "Who backed Owen Smith?",
    "Did Tulip Siddiq back Corbyn?",
    "How many votes did Corbyn get in Hampstead and Kilburn?",
    "Which branches nominated Corbyn?",
    "Who did Holborn and St Pancras CLP nominate?",
    "Who did Frank Dobson back?",
    "What did the Prime Minister of Japan eat for breakfast?",
    "@everyone who backed <@&900000000000000400>?",
    "Who is the secretary of the Hampstead and Kilburn branch?",  # answered from sentences: embeds the question
    "who BACKED corbyn",
]
TOTAL = 1000
WAVE = 25  # members asking at the same moment, below the bot's cap of answers in flight
WARM_UP = 200  # questions before the memory baseline (caches, pools and allocator arenas fill up first)
ACKNOWLEDGE_SECONDS = 3.0  # Discord drops an interaction not acknowledged within 3 s
GROWTH_BYTES = 40 * 1024 * 1024


def forget_recorded_traffic(emulator: DiscordEmulator) -> None:
    """Drop what the emulator recorded (it keeps every call), so only the bot's memory is measured."""
    emulator.calls.clear()
    emulator.messages.clear()
    emulator.channel_of_token.clear()


@pytest.mark.slow
async def test_thousand_questions_are_all_acknowledged_in_time_with_bounded_memory(
    emulator: DiscordEmulator, bot: Bot
) -> None:
    """1,000 /ask from 200 members in waves: every ack under 3 s, every reply an answer, RSS growth bounded."""
    members = [Person(960_000_000_000_000_000 + n, f"soak{n}") for n in range(200)]
    process = psutil.Process()
    slowest_ack = 0.0
    baseline = 0
    forget_recorded_traffic(emulator)
    for start in range(0, TOTAL, WAVE):
        sent: dict[str, float] = {}
        for n in range(start, start + WAVE):
            sent_at = time.monotonic()
            sent[await emulator.ask(QUESTIONS[n % len(QUESTIONS)], user=members[n % len(members)])] = sent_at
        replies = await asyncio.gather(*(emulator.reply_to(token, timeout=60) for token in sent))
        for token, reply in zip(sent, replies, strict=True):
            acknowledged = emulator.calls_for(token)[0]
            assert acknowledged.route == "callback" and acknowledged.body["type"] == 5
            slowest_ack = max(slowest_ack, acknowledged.at - sent[token])
            description = reply["embeds"][0]["description"]
            assert description and "Slow down" not in description
            for line in description.split("\n"):
                if line.startswith("> “"):
                    assert in_corpus(unescaped(line[3:].rsplit("” [", 1)[0]))
        forget_recorded_traffic(emulator)
        if start + WAVE == WARM_UP:
            gc.collect()
            baseline = process.memory_info().rss
    gc.collect()
    growth = process.memory_info().rss - baseline
    assert slowest_ack < ACKNOWLEDGE_SECONDS, f"an interaction waited {slowest_ack:.2f} s for its acknowledgement"
    assert growth < GROWTH_BYTES, f"memory grew by {growth / 2**20:.1f} MiB over {TOTAL - WARM_UP} questions"
    print(f"soak: slowest acknowledgement {slowest_ack:.3f} s; memory growth {growth / 2**20:.1f} MiB")
