"""/stats for moderators (Manage Server or the moderator role) of any server: that server's questions only.

The commands that change the library are in bot/cogs/library.py, registered in the home servers only.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import moderators_only

if TYPE_CHECKING:
    from bot.bot import Bot


class Moderation(commands.Cog):
    """Reports how the bot is doing in a server."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    @app_commands.command(name="stats")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @moderators_only()
    async def stats(self, interaction: discord.Interaction) -> None:
        """Questions answered, abstentions, feedback, answer latency and the index."""
        stats = await asyncio.to_thread(self.bot.state.stats, interaction.guild_id)  # this server's questions only
        manifest = self.bot.engine.snapshot.manifest
        embed = discord.Embed(title="whobacked statistics", colour=discord.Colour.blurple())
        embed.add_field(name="Questions answered", value=f"{stats.answered} ({stats.abstained} abstained)")
        embed.add_field(name="Feedback", value=f"👍 {stats.helpful} · 👎 {stats.unhelpful}")
        embed.add_field(name="Answer latency", value=f"p50 {stats.p50_ms:.0f} ms · p95 {stats.p95_ms:.0f} ms")
        embed.add_field(
            name="Index",
            value=f"{len(manifest.articles)} articles, {manifest.paragraphs} paragraphs; built {manifest.built_at}",
            inline=False,
        )
        embed.add_field(name="Answering now", value=str(self.bot.gate.in_flight))
        await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: Bot) -> None:
    await bot.add_cog(Moderation(bot))
