"""What the bot keeps about members: /privacy shows and deletes it; questions older than the retention limit go."""

from __future__ import annotations

import asyncio
import datetime
import logging
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.conversations import scope_of
from bot.render import escaped

if TYPE_CHECKING:
    from bot.bot import Bot

log = logging.getLogger(__name__)

DELETED = (
    "Deleted everything I kept about you: {questions} questions and {votes} votes, and our DM conversation. "
    "Conversations in server threads are shared by everyone there and stay, in memory only, until they are "
    "forgotten for newer ones or the bot restarts."
)


class Privacy(commands.Cog):
    """/privacy for members; the daily retention purge."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        await self.purge()
        self.daily_purge.start()

    async def cog_unload(self) -> None:
        self.daily_purge.cancel()

    async def purge(self) -> int:
        """Delete the questions older than DISCORD_RETENTION_DAYS."""
        days = self.bot.settings.discord_retention_days
        removed = await asyncio.to_thread(self.bot.state.purge_older_than, days)
        if removed:
            log.info("Deleted %d questions older than %g days (DISCORD_RETENTION_DAYS).", removed, days)
        return removed

    @tasks.loop(hours=24)
    async def daily_purge(self) -> None:
        try:
            await self.purge()
        except Exception:
            log.exception("The daily retention purge failed")

    @app_commands.command(name="privacy")
    @app_commands.describe(action="show what I keep about you, or delete it")
    async def privacy(self, interaction: discord.Interaction, action: Literal["show", "delete"] = "show") -> None:
        """See, or delete, what I keep about you (your questions and votes)."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        state, user_id = self.bot.state, interaction.user.id
        if action == "delete":
            questions, votes = await asyncio.to_thread(state.forget_user, user_id)
            self.bot.conversations.forget_scope(scope_of(None, user_id))
            await interaction.edit_original_response(content=DELETED.format(questions=questions, votes=votes))
            return
        count, kept = await asyncio.to_thread(state.kept_about, user_id)
        days = self.bot.settings.discord_retention_days
        lines = [
            f"I keep your questions (with your user id, the server and channel, and the quotes shown) for "
            f"{days:g} days, to answer the *More sources* button and for /stats; and your 👍/👎 votes with them. "
            f"Conversations are kept in memory only (per server, and our DMs apart). "
            f"Use `/privacy action:delete` to delete it all now.",
            "",
            f"Kept now: **{count}** questions and **{kept.votes}** votes.",
        ]
        for asked_at, question in kept.questions:
            when = discord.utils.format_dt(datetime.datetime.fromtimestamp(asked_at, datetime.UTC), "d")
            lines.append(f"- {when}: {escaped(question, 200)}")
        if count > len(kept.questions):
            lines.append(f"… and {count - len(kept.questions)} older ones.")
        await interaction.edit_original_response(content="\n".join(lines)[:2000])


async def setup(bot: Bot) -> None:
    await bot.add_cog(Privacy(bot))
