"""/tracker set|off|show for moderators of any server, and the background rounds that poll feeds and post news.

A tracker channel is sent, after each rebuild that added articles from the followed feeds, every new
endorsement record at or above the confidence threshold (all of them, or those naming one name), at most ten a
round, grouped by article, never pinging anyone and never the same record twice.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import cooldown_per_server, moderators_only
from bot.newsroom import Newsroom
from bot.render import escaped
from bot.tracker_posts import tracker_content, tracker_embeds
from index.news.book import FeedBook, Tracker
from index.news.tracker import ArticleNews

if TYPE_CHECKING:
    from bot.bot import Bot

log = logging.getLogger(__name__)

MANAGE_SERVER = discord.Permissions(manage_guild=True)


class News(commands.Cog):
    """Polls the followed feeds in the background and tells the tracker channels what changed."""

    tracker = app_commands.Group(
        name="tracker",
        description="A channel that is sent each new endorsement the followed feeds bring.",
        default_permissions=MANAGE_SERVER,
        guild_only=True,
    )

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.book = FeedBook(bot.state.path)
        self.newsroom = Newsroom(bot.engine, self.book, lambda: bot.rebuilds.join(), self.post)
        self._loop: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self._loop = asyncio.create_task(self._rounds())

    async def cog_unload(self) -> None:
        if self._loop is not None:
            self._loop.cancel()
        self.newsroom.close()
        self.book.close()

    async def _rounds(self) -> None:
        await self.bot.wait_until_ready()
        await self.newsroom.run_forever(self.bot.settings.discord_feed_tick_seconds)

    async def post(self, tracker: Tracker, told: list[ArticleNews], more: int) -> bool:
        """Send one tracker post; False (logged) when the channel cannot be reached."""
        channel = self.bot.get_channel(tracker.channel_id) or self.bot.get_partial_messageable(tracker.channel_id)
        try:
            await channel.send(  # type: ignore[union-attr]
                content=tracker_content(told, more, tracker.name),
                embeds=tracker_embeds(told),
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except discord.HTTPException as error:
            log.warning("Could not post news to tracker channel %s: %s", tracker.channel_id, error)
            return False
        return True

    @tracker.command(name="set")
    @app_commands.describe(
        channel="the channel the new endorsements are posted in",
        name="only the records naming this person, branch or candidate (empty: all)",
    )
    @cooldown_per_server()
    @moderators_only()
    async def tracker_set(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        name: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """Post each new endorsement from the followed feeds in a channel (all, or those naming one name)."""
        assert interaction.guild_id is not None
        chosen = " ".join((name or "").split())
        await asyncio.to_thread(self.book.set_tracker, channel.id, interaction.guild_id, chosen, interaction.user.id)
        which = f"naming {escaped(chosen, 100)}" if chosen else "of every name"
        await interaction.response.send_message(
            f"New endorsements {which} from the followed feeds will be posted in {channel.mention}, "
            "after each rebuild that adds articles. /tracker off stops it.",
            ephemeral=True,
        )

    @tracker.command(name="off")
    @app_commands.describe(channel="the tracker channel to switch off (empty: every one of this server)")
    @moderators_only()
    async def tracker_off(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        """Stop posting new endorsements (in one channel, or in every channel of this server)."""
        assert interaction.guild_id is not None
        removed = await asyncio.to_thread(self.book.tracker_off, interaction.guild_id, channel.id if channel else None)
        text = f"Switched off {removed} tracker channel(s)." if removed else "No tracker channel was set here."
        await interaction.response.send_message(text, ephemeral=True)

    @tracker.command(name="show")
    @moderators_only()
    async def tracker_show(self, interaction: discord.Interaction) -> None:
        """Which channels of this server are sent new endorsements, and which feeds are followed."""
        trackers = await asyncio.to_thread(self.book.trackers, interaction.guild_id)
        feeds = await asyncio.to_thread(self.book.feeds)
        lines = [
            f"<#{t.channel_id}>: " + (f"records naming {escaped(t.name, 100)}" if t.name else "every new record")
            for t in trackers
        ] or ["No tracker channel is set: /tracker set channel: starts one."]
        failing = sum(1 for f in feeds if f.failures)
        lines.append(
            f"{len(feeds)} feed(s) followed"
            + (f", {failing} failing" if failing else "")
            + " (/feeds list in the home server)."
        )
        await interaction.response.send_message("\n".join(lines), ephemeral=True)


async def setup(bot: Bot) -> None:
    await bot.add_cog(News(bot))
