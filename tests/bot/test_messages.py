"""Questions as messages on the wire: @mentions, DMs, replies to answers and follow-ups in threads."""

import pytest

from tests.bot.emulator import BOT, BOT_ID, CHANNEL_ID, THREAD_ID, DiscordEmulator

pytestmark = pytest.mark.asyncio(loop_scope="session")


def said(call) -> str:
    """Everything a message shows: content, embed titles, descriptions and fields."""
    body = call.body
    parts = [body.get("content") or ""]
    for embed in body.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        parts += [f["value"] for f in embed.get("fields") or []]
    return "\n".join(parts)


def lead(call) -> str:
    """The answer's lead: the first paragraph of its embed (without the quotes, which may come from any article)."""
    return call.body["embeds"][0]["description"].split("\n\n")[0]


async def reply_to_message(emulator: DiscordEmulator, message: dict) -> object:
    return await emulator.wait_for(
        lambda c: (
            c.route == "message" and str((c.body.get("message_reference") or {}).get("message_id")) == message["id"]
        )
    )


async def test_mention_gets_an_answer_as_a_reply_without_pinging(emulator: DiscordEmulator) -> None:
    """@whobacked with a question gets an embed answer as a reply that does not ping its author."""
    question = await emulator.say(f"<@{BOT_ID}> who backed Jeremy Corbyn?", mentions=[BOT])
    call = await reply_to_message(emulator, question)
    assert int(call.params["channel"]) == CHANNEL_ID and "> “" in said(call)
    assert call.body["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_message_not_addressed_to_the_bot_is_ignored(emulator: DiscordEmulator) -> None:
    """A channel message that neither mentions nor replies to the bot gets no reply."""
    before = len(emulator.calls)
    await emulator.say("who backed Jeremy Corbyn?")
    marker = await emulator.say(f"<@{BOT_ID}> who backed Owen Smith?", mentions=[BOT])
    await reply_to_message(emulator, marker)
    replies = [c for c in emulator.calls[before:] if c.route == "message"]
    assert [str(c.body["message_reference"]["message_id"]) for c in replies] == [marker["id"]]


async def test_bare_mention_gets_an_example(emulator: DiscordEmulator) -> None:
    """A mention with no question gets one sentence showing how to ask."""
    question = await emulator.say(f"<@{BOT_ID}>", mentions=[BOT])
    call = await reply_to_message(emulator, question)
    assert "Ask a question in words" in call.body["content"]


async def test_direct_message_gets_the_same_answer(emulator: DiscordEmulator) -> None:
    """A DM is a question: the reply goes to the DM channel with quotes."""
    dm = emulator.new_dm_channel()
    question = await emulator.say("Who backed Jeremy Corbyn?", channel_id=None, dm_channel=dm)
    call = await reply_to_message(emulator, question)
    assert int(call.params["channel"]) == dm and "> “" in said(call)


async def test_reply_to_an_answer_continues_the_conversation(emulator: DiscordEmulator) -> None:
    """Replying to the bot's answer asks a follow-up that keeps the earlier question's context."""
    first = await emulator.say(f"<@{BOT_ID}> Who won the vote in Holborn and St Pancras?", mentions=[BOT])
    answer = (await reply_to_message(emulator, first)).message
    follow_up = await emulator.say("by how many votes?", reply_to=answer)
    call = await reply_to_message(emulator, follow_up)
    assert "274 votes to 196" in lead(call)  # Holborn's count; Hampstead's (96 to 54) is in the thread tests


async def test_thread_messages_continue_the_conversation_of_an_answer_there(emulator: DiscordEmulator) -> None:
    """After /ask in a thread, a plain message in that thread is a follow-up and gets answered."""
    await emulator.reply_to(await emulator.ask("Who won the vote in Hampstead and Kilburn?", channel_id=THREAD_ID))
    follow_up = await emulator.say("by how many votes?", channel_id=THREAD_ID)
    call = await reply_to_message(emulator, follow_up)
    assert int(call.params["channel"]) == THREAD_ID and "96 votes to 54" in lead(call)


async def test_answers_in_a_channel_open_a_thread_where_follow_ups_continue(emulator: DiscordEmulator) -> None:
    """/ask in a channel starts a thread on its answer; a plain message there is a follow-up with context."""
    token = await emulator.ask("Who won the vote in Hampstead and Kilburn?")
    answer = await emulator.reply_to(token)
    opened = await emulator.wait_for(lambda c: c.route == "thread" and c.params["message"] == answer["id"])
    assert opened.body["name"].startswith("whobacked answer ")  # named neutrally, never after the question
    follow_up = await emulator.say("by how many votes?", channel_id=int(answer["id"]))
    call = await reply_to_message(emulator, follow_up)
    assert int(call.params["channel"]) == int(answer["id"]) and "96 votes to 54" in lead(call)


async def test_empty_messages_in_an_answer_thread_are_ignored(emulator: DiscordEmulator) -> None:
    """A message without text in an answer thread (an image, or no Message Content intent) gets no reply."""
    await emulator.reply_to(await emulator.ask("Who backed Owen Smith?", channel_id=THREAD_ID))
    before = len(emulator.calls)
    await emulator.say("", channel_id=THREAD_ID)
    marker = await emulator.say(f"<@{BOT_ID}> who backed Jeremy Corbyn?", channel_id=THREAD_ID, mentions=[BOT])
    await reply_to_message(emulator, marker)
    replies = [c for c in emulator.calls[before:] if c.route == "message"]
    assert [str(c.body["message_reference"]["message_id"]) for c in replies] == [marker["id"]]
