"""Sync application commands only when a set changed (a hash of each target's payload kept in the state DB).

There are several targets: every server (the global set, or the test guild's copy of it while developing) and
each home server (DISCORD_HOME_GUILD_IDS), which alone gets the library commands. A server that was a target
before but is no longer one (a former home or test server) has its commands taken away.

The functions take the command tree, the state database and the settings rather than the bot, so that this
module does not import `bot.bot` (which imports it).
"""

from __future__ import annotations

import hashlib
import json
import logging

import discord
from discord import app_commands

from bot.settings import BotSettings
from bot.state import State

log = logging.getLogger(__name__)

PREFIX = "commands:"


def sync_target(guild_id: int | None) -> discord.Object | None:
    """The test guild while developing, or None for global commands."""
    return discord.Object(id=guild_id) if guild_id else None


def commands_hash(tree: app_commands.CommandTree, guild: discord.Object | None) -> str:
    """A hash of exactly what would be sent to Discord for this target."""
    payload = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key_of(guild: discord.Object | None) -> str:
    return f"{PREFIX}{guild.id if guild else 'global'}"


async def sync_commands(
    tree: app_commands.CommandTree, state: State, settings: BotSettings, force: bool = False
) -> bool:
    """Upload each command set that changed since its last sync (or all when forced); True when any was uploaded.

    With a test guild (DISCORD_TEST_GUILD_ID) the global commands are copied to that server instead.
    """
    main = sync_target(settings.discord_test_guild_id)
    if main is not None:
        tree.copy_global_to(guild=main)
    targets = [main, *(discord.Object(id=g) for g in settings.discord_home_guild_ids if not main or g != main.id)]
    uploaded = False
    for target in targets:
        uploaded |= await sync_one(tree, state, target, force)
    wanted = {key_of(target) for target in targets}
    for key in state.keys(PREFIX):
        if key not in wanted and key != key_of(None):
            uploaded |= await withdraw(tree, state, discord.Object(id=int(key.removeprefix(PREFIX))))
    return uploaded


async def sync_one(tree: app_commands.CommandTree, state: State, target: discord.Object | None, force: bool) -> bool:
    """Upload one target's commands when they changed; a home server the bot cannot reach is logged, not fatal."""
    key, digest = key_of(target), commands_hash(tree, target)
    where = f"server {target.id}" if target else "all servers"
    if not force and state.get(key) == digest:
        log.info("Application commands of %s unchanged; not syncing.", where)
        return False
    try:
        synced = await tree.sync(guild=target)
    except discord.Forbidden:
        if target is None:
            raise
        log.warning(
            "Could not register the commands in %s: is the bot in that server, invited with the "
            "applications.commands scope? (DISCORD_HOME_GUILD_IDS / DISCORD_TEST_GUILD_ID)",
            where,
        )
        return False
    state.put(key, digest)
    log.info("Synced %d application commands to %s.", len(synced), where)
    return True


async def withdraw(tree: app_commands.CommandTree, state: State, guild: discord.Object) -> bool:
    """Take every command of a server that is no longer a target away from it (the bot may have left it)."""
    tree.clear_commands(guild=guild)
    try:
        await tree.sync(guild=guild)
    except (discord.Forbidden, discord.NotFound):
        log.info("Server %s is no longer a command target and cannot be reached; forgetting it.", guild.id)
        state.delete(key_of(guild))
        return False
    state.delete(key_of(guild))
    log.info("Took the commands away from server %s (no longer a home or test server).", guild.id)
    return True
