"""Members' data and per-server memory on the wire: /privacy, retention, tokens, buttons and replies across servers."""

import asyncio
import json
import logging
import stat
import time
from pathlib import Path

import pytest

from bot.bot import Bot
from bot.cogs.ask import GONE
from bot.conversations import Conversations, scope_of
from bot.privacy import HIDDEN, redact_secrets
from bot.state import State
from index.models import Answer
from tests.bot.emulator import CHANNEL_B_ID, STRANGER, DiscordEmulator, Person
from tests.bot.test_messages import reply_to_message, said

ASYNC = pytest.mark.asyncio(loop_scope="session")

SECRET = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789"


def buttons(reply: dict) -> dict[str, str]:
    return {b["custom_id"].split(":")[1]: b["custom_id"] for row in reply["components"] for b in row["components"]}


@ASYNC
async def test_privacy_shows_and_deletes_what_is_kept(emulator: DiscordEmulator, bot: Bot) -> None:
    """A member sees their questions with /privacy and deletes them with /privacy action:delete."""
    member = Person(970_000_000_000_000_001, "curious")
    await emulator.reply_to(await emulator.ask("Who backed Owen Smith?", user=member))
    token = await emulator.slash("privacy", user=member)
    shown = await emulator.reply_to(token)
    assert emulator.calls_for(token)[0].body["data"]["flags"] & 64  # deferred privately
    assert "Who backed Owen Smith?" in shown["content"] and "**1** questions" in shown["content"]
    deleted = await emulator.reply_to(
        await emulator.slash("privacy", [{"name": "action", "type": 3, "value": "delete"}], user=member)
    )
    assert "1 questions" in deleted["content"]
    assert bot.state.kept_about(member.id)[0] == 0


@ASYNC
async def test_a_token_in_a_question_is_neither_echoed_nor_stored(emulator: DiscordEmulator, bot: Bot) -> None:
    """A pasted token is hidden in the answer's title, the thread title and the state database."""
    member = Person(970_000_000_000_000_002, "careless")
    answer = await emulator.reply_to(await emulator.ask(f"Who backed Owen Smith? {SECRET}", user=member))
    thread = await emulator.wait_for(lambda c: c.route == "thread" and c.params["message"] == answer["id"])
    assert SECRET not in str(answer) and SECRET not in thread.body["name"] and "Owen" not in thread.body["name"]
    kept = bot.state.kept_about(member.id)[1].questions
    assert kept and SECRET not in kept[0][1] and HIDDEN in kept[0][1]


@ASYNC
async def test_redact_secrets_keeps_ordinary_words() -> None:
    """Names, years and vote counts stay; token-shaped strings go."""
    text = f"Did Hampstead and Kilburn back Corbyn in 2016 by 96 votes to 54? {SECRET} sk-abc123def456ghi789jkl012"
    assert redact_secrets(text) == f"Did Hampstead and Kilburn back Corbyn in 2016 by 96 votes to 54? {HIDDEN} {HIDDEN}"


@ASYNC
async def test_state_is_private_and_retention_deletes_old_questions(tmp_path: Path) -> None:
    """state.sqlite3 is 0600 in a 0700 folder; purge_older_than drops old questions and their votes."""
    state = State(tmp_path / "data" / "state.sqlite3")
    try:
        assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
        assert stat.S_IMODE((tmp_path / "data" / "state.sqlite3").stat().st_mode) == 0o600
        answer = Answer(question="Who backed Corbyn?", lead="", quotes=[], abstained=True)
        old = state.record_answer(answer, 1.0, 7, 1, 2)
        state.record_feedback(old, 8, True)
        with state._connection:
            state._connection.execute("UPDATE questions SET asked_at = ? WHERE id = ?", (time.time() - 40 * 86400, old))
        state.record_answer(answer, 1.0, 7, 1, 2)
        assert state.purge_older_than(30) == 1
        assert state.kept_about(7)[0] == 1 and state.kept_about(8)[1].votes == 0
    finally:
        state.close()


@ASYNC
async def test_buttons_work_only_on_their_own_message_and_server(emulator: DiscordEmulator) -> None:
    """A's button pressed from B, or on another answer's message, is refused; on its own message it counts."""
    first = await emulator.reply_to(await emulator.ask("Who backed Jeremy Corbyn?"))
    second = await emulator.reply_to(await emulator.ask("Who backed Owen Smith?"))
    up = buttons(first)["up"]
    stored = emulator.messages[int(first["id"])]
    payload = emulator.interaction(3, {"custom_id": up, "component_type": 2}, STRANGER, CHANNEL_B_ID, stored)
    await emulator.dispatch("INTERACTION_CREATE", payload)
    from_b = await emulator.reply_to(payload["token"])
    assert "does not belong" in from_b["content"]
    # A forged message (another answer's id, carrying A's first buttons) is refused: the id is checked too.
    forged = {**emulator.messages[int(second["id"])], "components": emulator.messages[int(first["id"])]["components"]}
    payload = emulator.interaction(3, {"custom_id": up, "component_type": 2}, channel_id=int(forged["channel_id"]))
    payload["message"] = forged
    await emulator.dispatch("INTERACTION_CREATE", payload)
    elsewhere = await emulator.reply_to(payload["token"])
    assert "does not belong" in elsewhere["content"]
    own = await emulator.reply_to(await emulator.press(up, first))
    assert own["content"].startswith("Thanks")


@ASYNC
async def test_a_reply_in_b_to_a_message_of_a_does_not_continue_it(emulator: DiscordEmulator) -> None:
    """Replying in B to A's answer is not a follow-up of A's conversation (the bot stays silent)."""
    answer = await emulator.reply_to(await emulator.ask("Who won the vote in Hampstead and Kilburn?"))
    before = len(emulator.calls)
    message = emulator.messages[int(answer["id"])]
    stranger_reply = await emulator.say("by how many votes?", user=STRANGER, channel_id=CHANNEL_B_ID, reply_to=message)
    await asyncio.sleep(0.5)
    answered = [c for c in emulator.calls[before:] if c.route == "message" and c.body.get("message_reference")]
    assert not [c for c in answered if c.body["message_reference"]["message_id"] == stranger_reply["id"]]


@ASYNC
async def test_a_flood_in_one_server_keeps_another_servers_conversations() -> None:
    """Thousands of conversations in B evict only B's; A's conversation and answer links stay."""
    conversations = Conversations(size=100)
    a, b = scope_of(1, 10), scope_of(2, 20)
    kept = conversations.get(a, 555)
    conversations.link_answer(a, 777, 555)
    for key in range(5000):
        conversations.get(b, key)
        conversations.link_answer(b, 10_000 + key, key)
    assert conversations.get(a, 555) is kept and conversations.key_of_answer(a, 777) == 555
    assert conversations.key_of_answer(b, 777) is None and not conversations.has(b, 0)
    assert conversations.key_of_answer(scope_of(None, 10), 777) is None


@ASYNC
async def test_privacy_delete_forgets_the_dm_conversation(emulator: DiscordEmulator) -> None:
    """After /privacy action:delete, a follow-up in the member's DMs is not read against her deleted question,
    and the reply says that server threads are shared conversations kept in memory."""
    member = Person(970_000_000_000_000_003, "leaving")
    dm = emulator.new_dm_channel()
    first = await emulator.say("Who won the vote in Hampstead and Kilburn?", member, None, dm_channel=dm)
    await reply_to_message(emulator, first)
    delete = [{"name": "action", "type": 3, "value": "delete"}]
    deleted = await emulator.reply_to(await emulator.slash("privacy", delete, user=member, channel_id=None))
    assert "DM conversation" in deleted["content"] and "server threads are shared" in deleted["content"]
    follow_up = await emulator.say("by how many votes?", member, None, dm_channel=dm)
    assert "96 votes to 54" not in said(await reply_to_message(emulator, follow_up))


@ASYNC
@pytest.mark.parametrize("action", ["up", "more"])
async def test_a_button_with_a_huge_question_id_says_the_answer_is_gone(
    emulator: DiscordEmulator, caplog: pytest.LogCaptureFixture, action: str
) -> None:
    """A forged button naming question 10^25 (beyond SQLite's integers) is told the answer is gone; no traceback."""
    answer = await emulator.reply_to(await emulator.ask("Who backed Jeremy Corbyn?"))
    real = buttons(answer)[action]
    forged_id = real.replace(f":{real.split(':')[2]}:", f":{10**25}:")
    stored = emulator.messages[int(answer["id"])]
    forged = json.loads(json.dumps(stored).replace(real, forged_id))  # the message as a forger's client shows it
    payload = emulator.interaction(3, {"custom_id": forged_id, "component_type": 2}, message=forged)
    await emulator.dispatch("INTERACTION_CREATE", payload)
    reply = await emulator.reply_to(payload["token"])
    assert reply["content"] == GONE
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
