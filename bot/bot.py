"""The Discord bot: one AutoShardedBot holding the long-lived resources its cogs share."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import discord
from discord.ext import commands

from bot.checks import GuildCooldown
from bot.conversations import Conversations
from bot.graphs import Graphs
from bot.limits import AnswerGate
from bot.rebuilds import Rebuilds
from bot.settings import BotSettings
from bot.state import State
from bot.sync import sync_commands
from index import Engine

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.cogs.errors",
    "bot.cogs.ask",
    "bot.cogs.lookup",
    "bot.cogs.moderation",
    "bot.cogs.library",
    "bot.cogs.privacy",
    "bot.cogs.news",
    "bot.cogs.feeds",
)


def bot_intents(settings: BotSettings) -> discord.Intents:
    """Guilds, guild and DM messages; Message Content only when follow-ups in threads are wanted."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = settings.discord_message_content
    return intents


class Bot(commands.AutoShardedBot):
    """whobacked on Discord: slash commands, mentions and DMs over one answer engine."""

    def __init__(self, settings: BotSettings, engine: Engine, state: State, force_sync: bool = False) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
        )
        self.settings = settings
        self.engine = engine
        self.state = state
        self.force_sync = force_sync
        self.conversations = Conversations()
        self.gate = AnswerGate.of(settings)
        self.rebuilding = asyncio.Lock()
        # Heavy work runs on workers of its own, so answers (on the default executor) never queue behind it.
        self.rebuild_worker = ThreadPoolExecutor(1, thread_name_prefix="whobacked-rebuild")
        self.graph_workers = ThreadPoolExecutor(
            settings.discord_max_concurrent_graphs, thread_name_prefix="whobacked-graph"
        )
        self.graphs = Graphs(self.graph_workers, settings.discord_max_concurrent_graphs)
        self.rebuilds = Rebuilds(lambda progress: self.engine.rebuild(progress), self.rebuild_worker, self.rebuilding)
        self.moderator_cooldown = GuildCooldown()
        self.background: set[asyncio.Task[None]] = set()

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await sync_commands(self.tree, self.state, self.settings, force=self.force_sync)

    async def on_ready(self) -> None:
        log.info("Ready as %s in %d servers over %d shards.", self.user, len(self.guilds), self.shard_count or 1)

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: mentions, DMs and replies are questions, handled by the ask cog."""

    def run_in_background(self, coroutine) -> None:
        """Run a coroutine as a task the bot keeps a reference to until it ends."""
        task = asyncio.create_task(coroutine)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    def answers_in(self, channel: object) -> bool:
        """True when the bot may answer in this channel: DMs always, others when allowed (threads by parent)."""
        allowed = self.settings.discord_allowed_channel_ids
        if not allowed or isinstance(channel, discord.DMChannel):
            return True
        return getattr(channel, "id", None) in allowed or getattr(channel, "parent_id", None) in allowed
