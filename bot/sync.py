"""Sync application commands only when the command set changed (a hash of the payload kept in the state DB)."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import TYPE_CHECKING

import discord

if TYPE_CHECKING:
    from bot.bot import Bot

log = logging.getLogger(__name__)


def sync_target(bot: Bot) -> discord.Object | None:
    """The test guild while developing, or None for global commands."""
    guild_id = bot.settings.discord_test_guild_id
    return discord.Object(id=guild_id) if guild_id else None


def commands_hash(bot: Bot, guild: discord.Object | None) -> str:
    """A hash of exactly what would be sent to Discord for this target."""
    payload = [command.to_dict(bot.tree) for command in bot.tree.get_commands(guild=guild)]
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


async def sync_commands(bot: Bot, force: bool = False) -> bool:
    """Upload the commands when they changed since the last sync (or when forced); True when uploaded."""
    guild = sync_target(bot)
    if guild is not None:
        bot.tree.copy_global_to(guild=guild)
    key = f"commands:{guild.id if guild else 'global'}"
    digest = commands_hash(bot, guild)
    if not force and bot.state.get(key) == digest:
        log.info("Application commands unchanged; not syncing.")
        return False
    synced = await bot.tree.sync(guild=guild)
    bot.state.put(key, digest)
    log.info("Synced %d application commands to %s.", len(synced), f"guild {guild.id}" if guild else "all servers")
    return True
