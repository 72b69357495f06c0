"""Sync application commands only when the command set changed (a hash of the payload kept in the state DB).

The functions take the command tree, the state database and the test guild rather than the bot, so that this
module does not import `bot.bot` (which imports it).
"""

from __future__ import annotations

import hashlib
import json
import logging

import discord
from discord import app_commands

from bot.state import State

log = logging.getLogger(__name__)


def sync_target(guild_id: int | None) -> discord.Object | None:
    """The test guild while developing, or None for global commands."""
    return discord.Object(id=guild_id) if guild_id else None


def commands_hash(tree: app_commands.CommandTree, guild: discord.Object | None) -> str:
    """A hash of exactly what would be sent to Discord for this target."""
    payload = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


async def sync_commands(
    tree: app_commands.CommandTree, state: State, guild_id: int | None = None, force: bool = False
) -> bool:
    """Upload the commands when they changed since the last sync (or when forced); True when uploaded.

    With a test guild (DISCORD_TEST_GUILD_ID) the commands are copied to that server only.
    """
    guild = sync_target(guild_id)
    if guild is not None:
        tree.copy_global_to(guild=guild)
    key = f"commands:{guild.id if guild else 'global'}"
    digest = commands_hash(tree, guild)
    if not force and state.get(key) == digest:
        log.info("Application commands unchanged; not syncing.")
        return False
    synced = await tree.sync(guild=guild)
    state.put(key, digest)
    log.info("Synced %d application commands to %s.", len(synced), f"guild {guild.id}" if guild else "all servers")
    return True
