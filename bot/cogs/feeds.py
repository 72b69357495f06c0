"""/feeds follow|unfollow|list: the feeds that keep the shared library current, in home servers only.

Like /corpus, they change the library every server's answers use, so they are registered only in the servers
named by DISCORD_HOME_GUILD_IDS and checked again at run time. The polling itself runs in bot/cogs/news.py.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import cooldown_per_server, library_keepers_only
from bot.choices import choices
from bot.cogs.library import audit_action
from bot.render import escaped, listing
from index.news.book import FeedBook, FollowedFeed
from index.news.following import follow, unfollow

if TYPE_CHECKING:
    from bot.bot import Bot

log = logging.getLogger(__name__)

MANAGE_SERVER = discord.Permissions(manage_guild=True)


class Feeds(commands.Cog):
    """Follow and unfollow RSS and Atom feeds; their new entries' articles join the corpus."""

    feeds = app_commands.Group(
        name="feeds",
        description="Follow the RSS or Atom feeds whose new articles join the library.",
        default_permissions=MANAGE_SERVER,
        guild_only=True,
    )

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.book = FeedBook(bot.state.path)

    async def cog_unload(self) -> None:
        self.book.close()

    async def audit(self, interaction: discord.Interaction, action: str, url: str, outcome: str) -> None:
        await audit_action(self.bot, interaction, action, url, outcome)

    @feeds.command(name="follow")
    @app_commands.describe(
        url="the feed's link (RSS or Atom, http or https)",
        match="keep only entries whose title or summary mentions one of these (comma-separated)",
        every="minutes between polls (at least 5; default 30)",
    )
    @cooldown_per_server()
    @library_keepers_only()
    async def feeds_follow(
        self,
        interaction: discord.Interaction,
        url: app_commands.Range[str, 1, 2000],
        match: app_commands.Range[str, 1, 300] | None = None,
        every: app_commands.Range[int, 5, 10080] | None = None,
    ) -> None:
        """Follow a feed: the articles of its new entries are added to the library and indexed."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        who = f"{interaction.user.name} ({interaction.user.id})"
        followed = await asyncio.to_thread(
            follow, self.bot.engine.settings, self.book, url, match, float(every) if every else None, who
        )
        await self.audit(interaction, "follow feed", followed.url, "followed")
        await interaction.edit_original_response(
            content=escaped(followed.describe(), 1500) + " Its articles are added at the next poll, within minutes."
        )

    async def feed_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        feeds = await asyncio.to_thread(self.book.feeds)
        return choices([f.url for f in feeds], current)

    @feeds.command(name="unfollow")
    @app_commands.describe(url="the followed feed's link")
    @app_commands.autocomplete(url=feed_choices)
    @library_keepers_only()
    async def feeds_unfollow(self, interaction: discord.Interaction, url: app_commands.Range[str, 1, 2000]) -> None:
        """Stop following a feed (the articles it added stay)."""
        text = await asyncio.to_thread(unfollow, self.book, url)
        await self.audit(interaction, "unfollow feed", url.strip(), "unfollowed")
        await interaction.response.send_message(escaped(text, 1500), ephemeral=True)

    @feeds.command(name="list")
    @library_keepers_only()
    async def feeds_list(self, interaction: discord.Interaction) -> None:
        """The followed feeds: title, last poll, last new entry and state."""
        feeds = await asyncio.to_thread(self.book.feeds)
        embed = discord.Embed(title=f"{len(feeds)} followed feeds", colour=discord.Colour.blurple())
        embed.description = (
            listing([feed_line(f) for f in feeds]) if feeds else "None yet: /feeds follow url: adds one."
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)


def feed_line(feed: FollowedFeed) -> str:
    """'**Title** <url>: polled 5 minutes ago, new entry 1 hour ago; ok'."""
    polled = f"<t:{int(feed.last_poll)}:R>" if feed.last_poll else "never"
    new = f"<t:{int(feed.last_new)}:R>" if feed.last_new else "never"
    matching = f"; only {escaped(', '.join(feed.match), 100)}" if feed.match else ""
    return (
        f"**{escaped(feed.title, 100)}** <{escaped(feed.url, 300)}>: polled {polled}, new entry {new}, "
        f"every {feed.every_minutes:g} min{matching}; {escaped(feed.state, 300)}"
    )


async def setup(bot: Bot) -> None:
    home = [discord.Object(id=guild_id) for guild_id in bot.settings.discord_home_guild_ids]
    if home:
        await bot.add_cog(Feeds(bot), guilds=home)
