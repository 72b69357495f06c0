"""Looking things up directly: /backers NAME (both directions), /sources and /graph."""

from __future__ import annotations

import asyncio
import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import NOT_HERE
from bot.choices import NAME_CHARS, choices
from bot.render import articles_embed, escaped, records_embed

if TYPE_CHECKING:
    from bot.bot import Bot

GRAPH_DPI = 160  # the picture is 7 inches wide: 1120 px, which Discord previews at about half size
GRAPH_MAX_BACKERS = 24  # more would not be readable at Discord's preview size


class Lookup(commands.Cog):
    """Endorsement records, the list of articles and the picture of who backed whom."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def name_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Known people, branches and groups containing what was typed so far."""
        return choices(self.bot.engine.known_names(), current)

    @app_commands.command(name="backers")
    @app_commands.describe(name="a person, branch or candidate, e.g. Owen Smith")
    @app_commands.autocomplete(name=name_choices)
    async def backers(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, NAME_CHARS]) -> None:
        """Who backed NAME, and whom NAME backed, with the quote that says so."""
        if not self.bot.answers_in(interaction.channel):
            await interaction.response.send_message(NOT_HERE, ephemeral=True)
            return
        await interaction.response.defer(thinking=True)  # acknowledged at once, whatever else is running
        backing = await asyncio.to_thread(self.bot.engine.backers, name)
        if not name.strip() or not backing.found:
            known = ", ".join(self.bot.engine.known_names()[:10])
            hint = f" Known names include: {escaped(known, 800)}." if known else ""
            await interaction.delete_original_response()
            await interaction.followup.send(
                f"No endorsement records name {escaped(name.strip(), NAME_CHARS) or 'that'}: pick a name from the "
                f"suggestions, or use /ask.{hint}",
                ephemeral=True,
            )
            return
        shown = backing.names[0] if len(backing.names) == 1 else name.strip()
        await interaction.edit_original_response(embed=records_embed(shown, backing.backed_by, backing.backs))

    @app_commands.command(name="sources")
    async def sources(self, interaction: discord.Interaction) -> None:
        """List the articles the answers quote."""
        if not self.bot.answers_in(interaction.channel):
            await interaction.response.send_message(NOT_HERE, ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        articles = await asyncio.to_thread(self.bot.engine.articles)
        await interaction.edit_original_response(embed=articles_embed(articles))

    @app_commands.command(name="graph")
    @app_commands.describe(name="only this person, branch or candidate and their links (optional)")
    @app_commands.autocomplete(name=name_choices)
    async def graph(
        self, interaction: discord.Interaction, name: app_commands.Range[str, 1, NAME_CHARS] | None = None
    ) -> None:
        """A picture of who backed whom."""
        if not self.bot.answers_in(interaction.channel):
            await interaction.response.send_message(NOT_HERE, ephemeral=True)
            return
        await interaction.response.defer(thinking=True)
        picture = await self.bot.graphs.picture(
            self.bot.engine, name or "", dpi=GRAPH_DPI, max_backers=GRAPH_MAX_BACKERS
        )
        await interaction.edit_original_response(
            attachments=[discord.File(io.BytesIO(picture), filename="whobacked.png")]
        )


async def setup(bot: Bot) -> None:
    await bot.add_cog(Lookup(bot))
