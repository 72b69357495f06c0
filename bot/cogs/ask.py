"""Questions: /ask, @mentions, DMs, replies to answers and messages in answer threads; the answer buttons."""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.limits import SlowDown
from bot.render import answer_embed, clip, plain_message, sources_embed
from index import Answer, WhobackedError
from index.answer.questions import MAX_QUESTION_CHARS, clean_question

if TYPE_CHECKING:
    from bot.bot import Bot

log = logging.getLogger(__name__)

EXAMPLE = "Ask a question in words, for example: `/ask Who backed Owen Smith?`"
NOT_HERE = "I do not answer questions in this channel: ask in one of the channels the moderators chose for me."
THREAD_NAME_CHARS = 100
SORRY = "Something went wrong on my side and it has been logged: try again in a moment."


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"whobacked:(?P<action>up|down|more):(?P<question>[0-9]+)",
):
    """👍, 👎 and "More sources" under an answer; they keep working after a restart."""

    def __init__(self, action: str, question_id: int) -> None:
        emoji, label = {"up": ("👍", None), "down": ("👎", None), "more": (None, "More sources")}[action]
        super().__init__(
            discord.ui.Button(
                emoji=emoji,
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"whobacked:{action}:{question_id}",
            )
        )
        self.action = action
        self.question_id = question_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> AnswerButton:
        return cls(match["action"], int(match["question"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: Bot = interaction.client  # type: ignore[assignment]
        if self.action == "more":
            asked = await asyncio.to_thread(bot.state.asked, self.question_id)
            if asked is None:
                await interaction.response.send_message("I no longer have that answer: ask again.", ephemeral=True)
                return
            await interaction.response.send_message(
                embed=sources_embed(asked.question, asked.citations), ephemeral=True
            )
            return
        helpful = self.action == "up"
        stored = await asyncio.to_thread(bot.state.record_feedback, self.question_id, interaction.user.id, helpful)
        if not stored:
            await interaction.response.send_message("I no longer have that answer: ask again.", ephemeral=True)
        elif helpful:
            await interaction.response.send_message("Thanks: noted that this answer helped.", ephemeral=True)
        else:
            await interaction.response.send_message(
                "Thanks: noted that this answer did not help. Rephrasing the question may find better quotes.",
                ephemeral=True,
            )


def answer_view(answer: Answer, question_id: int) -> discord.ui.View:
    """Feedback buttons, plus "More sources" when the answer has quotes."""
    view = discord.ui.View(timeout=None)
    view.add_item(AnswerButton("up", question_id))
    view.add_item(AnswerButton("down", question_id))
    if answer.quotes:
        view.add_item(AnswerButton("more", question_id))
    return view


class Ask(commands.Cog):
    """Answers questions wherever they are asked, keeping each thread, DM or reply chain's context."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def answer(
        self, question: str, key: int, user_id: int, channel: object, guild_id: int | None
    ) -> tuple[Answer, int]:
        """The engine's answer (worked out off the event loop) and the id it was recorded under."""
        conversation = self.bot.conversations.get(key)
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
        text = clean_question(question)
        if not text:
            await interaction.response.send_message(EXAMPLE, ephemeral=True)
            return
        with self.bot.gate.admit(interaction.user.id):
            await interaction.response.defer(thinking=True)
            channel = interaction.channel
            threaded = isinstance(channel, discord.Thread | discord.DMChannel)
            key = channel.id if threaded and channel is not None else interaction.id
            answer, question_id = await self.answer(text, key, interaction.user.id, channel, interaction.guild_id)
            message = await interaction.edit_original_response(
                embed=answer_embed(answer), view=answer_view(answer, question_id)
            )
        self.bot.conversations.link_answer(message.id, key)
        await self.open_thread(message, text)

    async def open_thread(self, message: discord.Message, question: str) -> None:
        """Start a thread on an answer in a text channel, where follow-ups continue its conversation."""
        if not isinstance(message.channel, discord.TextChannel):
            return
        try:
            await message.create_thread(name=clip(question, THREAD_NAME_CHARS), auto_archive_duration=1440)
        except discord.HTTPException:
            log.info("Could not start a thread on answer %s (missing permission?)", message.id, exc_info=True)

    def conversation_key(self, message: discord.Message) -> int | None:
        """Which conversation a message continues or starts; None when it is not addressed to the bot."""
        conversations = self.bot.conversations
        channel = message.channel
        if isinstance(channel, discord.DMChannel):
            return channel.id
        reference = message.reference
        if reference is not None and reference.message_id is not None:
            key = conversations.key_of_answer(reference.message_id)
            if key is not None:
                return key
        # A thread started on an answer has the answer's id; /ask inside a thread keys by the thread.
        key = conversations.key_of_answer(channel.id)
        if key is not None:
            return key
        if isinstance(channel, discord.Thread) and conversations.has(channel.id):
            return channel.id
        me = self.bot.user
        if me is not None and any(user.id == me.id for user in message.mentions):
            return channel.id if isinstance(channel, discord.Thread) else message.id
        return None

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer a mention, a DM, a reply to an answer or a message in an answer thread, as a reply."""
        if message.author.bot or self.bot.user is None:
            return
        key = self.conversation_key(message)
        if key is None or not self.bot.answers_in(message.channel):
            return
        own_mention = re.compile(rf"<@!?{self.bot.user.id}>")
        question = clean_question(own_mention.sub(" ", message.content))
        try:
            if not question:
                # Without the Message Content intent, messages that do not mention the bot arrive empty.
                if own_mention.search(message.content):
                    await self.reply(message, EXAMPLE)
                return
            with self.bot.gate.admit(message.author.id):
                async with message.channel.typing():
                    answer, question_id = await self.answer(
                        question, key, message.author.id, message.channel, message.guild and message.guild.id
                    )
                sent = await message.reply(
                    embed=answer_embed(answer), view=answer_view(answer, question_id), mention_author=False
                )
            self.bot.conversations.link_answer(sent.id, key)
            await self.open_thread(sent, question)
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
