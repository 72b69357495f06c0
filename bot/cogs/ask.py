"""Questions: /ask, @mentions, DMs, replies to answers and messages in answer threads; the answer buttons."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import TYPE_CHECKING, Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from bot import checks
from bot.conversations import Scope, scope_of
from bot.limits import SlowDown
from bot.privacy import redact_secrets
from bot.render import answer_embed, plain_message, sources_embed
from index import Answer, WhobackedError
from index.answer.questions import MAX_QUESTION_CHARS, clean_question

if TYPE_CHECKING:
    from bot.bot import Bot

log = logging.getLogger(__name__)

EXAMPLE = "Ask a question in words, for example: `/ask Who backed Owen Smith?`"
NOT_HERE = "I do not answer questions in this channel: ask in one of the channels the moderators chose for me."
# Threads are named neutrally, never after the question: a thread title is public and outlives the answer.
THREAD_NAME = "whobacked answer {id}"
SORRY = "Something went wrong on my side and it has been logged: try again in a moment."
NOT_YOURS = "That button does not belong to this message: use the buttons under the answer itself."
GONE = "I no longer have that answer: ask again."
FORGOTTEN = "I no longer remember the earlier questions of this conversation, so I read this one on its own."
MAX_ID = 2**63 - 1  # the largest id SQLite stores: a forged button beyond it names no answer
# Errors of the network around an answer already shown: logged, never put in place of the answer.
NETWORK_ERRORS = (discord.HTTPException, aiohttp.ClientError, OSError, asyncio.TimeoutError)


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"whobacked:(?P<action>up|down|more):(?P<question>[0-9]+):(?P<guild>[0-9]+)",
):
    """👍, 👎 and "More sources" under an answer; they keep working after a restart.

    The custom id names the question and the server (0 in DMs); a press counts only on the message that shows
    that answer, in that server, in a channel where the bot answers.
    """

    def __init__(self, action: str, question_id: int, guild_id: int | None = None) -> None:
        emoji, label = {"up": ("👍", None), "down": ("👎", None), "more": (None, "More sources")}[action]
        super().__init__(
            discord.ui.Button(
                emoji=emoji,
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"whobacked:{action}:{question_id}:{guild_id or 0}",
            )
        )
        self.action = action
        self.question_id = question_id
        self.guild_id = guild_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AnswerButton:
        return cls(match["action"], int(match["question"]), int(match["guild"]) or None)

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: Bot = interaction.client  # type: ignore[assignment]
        if not bot.answers_in(interaction.channel):  # the channel is not, or no longer, one the moderators chose
            await interaction.response.send_message(checks.NOT_HERE, ephemeral=True)
            return
        asked = await asyncio.to_thread(bot.state.asked, self.question_id) if self.question_id <= MAX_ID else None
        if asked is None:
            await interaction.response.send_message(GONE, ephemeral=True)
            return
        message_id = interaction.message.id if interaction.message is not None else None
        if (
            self.guild_id != interaction.guild_id
            or asked.guild_id != interaction.guild_id
            or (asked.message_id is not None and asked.message_id != message_id)
        ):
            await interaction.response.send_message(NOT_YOURS, ephemeral=True)
            return
        if self.action == "more":
            await interaction.response.send_message(
                embed=sources_embed(asked.question, asked.citations), ephemeral=True
            )
            return
        helpful = self.action == "up"
        stored = await asyncio.to_thread(bot.state.record_feedback, self.question_id, interaction.user.id, helpful)
        if not stored:
            await interaction.response.send_message(GONE, ephemeral=True)
        elif helpful:
            await interaction.response.send_message("Thanks: noted that this answer helped.", ephemeral=True)
        else:
            await interaction.response.send_message(
                "Thanks: noted that this answer did not help. Rephrasing the question may find better quotes.",
                ephemeral=True,
            )


def answer_view(answer: Answer, question_id: int, guild_id: int | None = None) -> discord.ui.View:
    """Feedback buttons, plus "More sources" when the answer has quotes, bound to the question and server."""
    view = discord.ui.View(timeout=None)
    view.add_item(AnswerButton("up", question_id, guild_id))
    view.add_item(AnswerButton("down", question_id, guild_id))
    if answer.quotes:
        view.add_item(AnswerButton("more", question_id, guild_id))
    return view


class Ask(commands.Cog):
    """Answers questions wherever they are asked, keeping each thread, DM or reply chain's context."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def answer(
        self, question: str, key: int, user_id: int, channel: object, guild_id: int | None
    ) -> tuple[Answer, int]:
        """The engine's answer (worked out off the event loop) and the id it was recorded under."""
        conversation = self.bot.conversations.get(scope_of(guild_id, user_id), key)
        started = time.perf_counter()
        answer = await asyncio.to_thread(self.bot.engine.ask, question, conversation)
        latency_ms = (time.perf_counter() - started) * 1000
        channel_id = getattr(channel, "id", None)
        question_id = await asyncio.to_thread(
            self.bot.state.record_answer, answer, latency_ms, user_id, channel_id, guild_id
        )
        return answer, question_id

    @app_commands.command(name="ask")
    @app_commands.describe(question="for example: Who backed Owen Smith?")
    async def ask(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, MAX_QUESTION_CHARS]
    ) -> None:
        """Ask who backed whom; the answer quotes the articles."""
        if not self.bot.answers_in(interaction.channel):
            await interaction.response.send_message(NOT_HERE, ephemeral=True)
            return
        text = redact_secrets(clean_question(question))
        if not text:
            await interaction.response.send_message(EXAMPLE, ephemeral=True)
            return
        self.bot.gate.check(interaction.user.id)
        await interaction.response.defer(thinking=True)
        channel = interaction.channel
        threaded = isinstance(channel, discord.Thread | discord.DMChannel)
        key = channel.id if threaded and channel is not None else interaction.id
        async with self.bot.gate.slot(interaction.guild_id):
            answer, question_id = await self.answer(text, key, interaction.user.id, channel, interaction.guild_id)
        message = await interaction.edit_original_response(
            embed=answer_embed(answer), view=answer_view(answer, question_id, interaction.guild_id)
        )
        await self.shown(message, question_id, scope_of(interaction.guild_id, interaction.user.id), key)

    async def shown(self, message: discord.Message, question_id: int, scope: Scope, key: int) -> None:
        """After an answer is shown: link it to its conversation and its buttons, and open its thread.

        Nothing here may replace the answer: errors are logged only.
        """
        self.bot.conversations.link_answer(scope, message.id, key)
        try:
            await asyncio.to_thread(self.bot.state.link_message, question_id, message.id)
        except Exception:
            log.warning("Could not record the message of answer %s", question_id, exc_info=True)
        await self.open_thread(message, question_id)

    async def open_thread(self, message: discord.Message, question_id: int) -> None:
        """Start a neutrally named thread on an answer in a text channel, where follow-ups continue it."""
        if not isinstance(message.channel, discord.TextChannel):
            return
        try:
            await message.create_thread(name=THREAD_NAME.format(id=question_id), auto_archive_duration=1440)
        except NETWORK_ERRORS:
            log.info("Could not start a thread on answer %s (missing permission?)", message.id, exc_info=True)

    def conversation_key(self, message: discord.Message) -> tuple[int, bool] | None:
        """Which conversation a message continues or starts, and whether it continues one no longer remembered
        (a follow-up in the bot's answer thread, or a reply to the bot here); None when not addressed to the bot."""
        conversations = self.bot.conversations
        channel = message.channel
        if isinstance(channel, discord.DMChannel):
            return channel.id, False
        scope = scope_of(message.guild.id if message.guild else None, message.author.id)
        reference = message.reference
        if reference is not None and reference.message_id is not None:
            key = conversations.key_of_answer(scope, reference.message_id)
            if key is not None:
                return key, False
        # A thread started on an answer has the answer's id; /ask inside a thread keys by the thread.
        key = conversations.key_of_answer(scope, channel.id)
        if key is not None:
            return key, False
        if isinstance(channel, discord.Thread) and conversations.has(scope, channel.id):
            return channel.id, False
        me = self.bot.user
        if me is None:
            return None
        if any(user.id == me.id for user in message.mentions):
            return (channel.id if isinstance(channel, discord.Thread) else message.id), False
        if isinstance(channel, discord.Thread) and channel.owner_id == me.id:
            return channel.id, True
        replied = reference.resolved if reference is not None else None
        if isinstance(replied, discord.Message) and replied.author.id == me.id and replied.channel.id == channel.id:
            return message.id, True
        return None

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a mention, a DM, a reply to an answer or a message in an answer thread, as a reply."""
        if message.author.bot or self.bot.user is None:
            return
        addressed = self.conversation_key(message)
        if addressed is None or not self.bot.answers_in(message.channel):
            return
        key, forgotten = addressed
        own_mention = re.compile(rf"<@!?{self.bot.user.id}>")
        question = redact_secrets(clean_question(own_mention.sub(" ", message.content)))
        try:
            if not question:
                # Without the Message Content intent, messages that do not mention the bot arrive empty.
                if own_mention.search(message.content):
                    await self.reply(message, EXAMPLE)
                return
            guild_id = message.guild.id if message.guild else None
            async with self.bot.gate.admit(message.author.id, guild_id), message.channel.typing():
                answer, question_id = await self.answer(question, key, message.author.id, message.channel, guild_id)
            sent = await message.reply(
                FORGOTTEN if forgotten else None,
                embed=answer_embed(answer),
                view=answer_view(answer, question_id, guild_id),
                mention_author=False,
            )
            await self.shown(sent, question_id, scope_of(guild_id, message.author.id), key)
        except (SlowDown, WhobackedError) as error:
            await self.reply(message, str(error))
        except Exception:
            log.exception("Could not answer message %s", message.id)
            await self.reply(message, SORRY)

    async def reply(self, message: discord.Message, text: str) -> None:
        try:
            await message.reply(plain_message(text), mention_author=False)
        except discord.HTTPException:
            log.warning("Could not reply to message %s", message.id, exc_info=True)


async def setup(bot: Bot) -> None:
    bot.add_dynamic_items(AnswerButton)
    await bot.add_cog(Ask(bot))
