"""Who may use the moderators' commands, and where: moderators of a server, the library only from home servers."""

from __future__ import annotations

import time
from collections import deque

import discord
from discord import app_commands

NOT_HERE = "I do not answer in this channel: use one of the channels the moderators chose for me."
NO_HOME = (
    "Changing the library is switched off until the operator names the community's server: set "
    "DISCORD_HOME_GUILD_IDS in .env (see .env.example). Until then only the bot's owner can change it."
)
NOT_HOME = "The library can only be changed from the community's own server, not from this one."


class NotModerator(app_commands.CheckFailure):
    """The member lacks Manage Server and the moderator role."""


class NotHomeServer(app_commands.CheckFailure):
    """The library may not be changed from this server."""


class NotAllowedChannel(app_commands.CheckFailure):
    """The channel is not one of DISCORD_ALLOWED_CHANNEL_IDS."""


class TooSoon(app_commands.CheckFailure):
    """A moderator command was used too often in this server."""


def is_moderator(interaction: discord.Interaction) -> bool:
    """True for members with Manage Server or the configured moderator role."""
    if interaction.permissions.manage_guild:
        return True
    role_id = interaction.client.settings.discord_moderator_role_id  # type: ignore[attr-defined]
    user = interaction.user
    return bool(role_id and isinstance(user, discord.Member) and user.get_role(role_id) is not None)


def _moderator_here(interaction: discord.Interaction) -> None:
    """Raise unless the command is used in a server, in an allowed channel, by a moderator."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    if not interaction.client.answers_in(interaction.channel):  # type: ignore[attr-defined]
        raise NotAllowedChannel(NOT_HERE)
    if not is_moderator(interaction):
        raise NotModerator("Only moderators (Manage Server, or the moderator role) can use this command.")


def moderators_only():
    """Checked again at run time, whatever the server's command permissions say."""

    def predicate(interaction: discord.Interaction) -> bool:
        _moderator_here(interaction)
        return True

    return app_commands.check(predicate)


async def may_change_library(interaction: discord.Interaction) -> bool:
    """The application's owner anywhere; otherwise moderators of a home server (DISCORD_HOME_GUILD_IDS) only."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    client = interaction.client
    home = client.settings.discord_home_guild_ids  # type: ignore[attr-defined]
    if interaction.guild_id not in home:
        if await client.is_owner(interaction.user):  # type: ignore[attr-defined]
            return True
        raise NotHomeServer(NOT_HOME if home else NO_HOME)
    _moderator_here(interaction)
    return True


def library_keepers_only():
    """For commands that change the corpus or the index: see may_change_library."""
    return app_commands.check(may_change_library)


class GuildCooldown:
    """At most `uses` calls of one command per server per window; the settings are read on every call."""

    def __init__(self) -> None:
        self._used: dict[tuple[int, str], deque[float]] = {}

    def clear(self) -> None:
        self._used.clear()

    def use(self, guild_id: int, command: str, uses: int, seconds: float) -> None:
        """Count one use, or raise TooSoon saying when the command can be used again."""
        if uses <= 0:
            return
        now = time.monotonic()
        used = self._used.setdefault((guild_id, command), deque())
        while used and now - used[0] >= seconds:
            used.popleft()
        if len(used) >= uses:
            wait = max(1, round(seconds - (now - used[0])))
            raise TooSoon(f"/{command} was used {uses} times in this server just now: try again in {wait} s.")
        used.append(now)
        if len(self._used) > 10_000:
            self._used = {k: q for k, q in self._used.items() if q and now - q[-1] < seconds}


def cooldown_per_server():
    """A per-server cooldown of moderators' commands (DISCORD_MODERATOR_USES per DISCORD_MODERATOR_COOLDOWN_SECONDS)."""

    def predicate(interaction: discord.Interaction) -> bool:
        client = interaction.client
        settings = client.settings  # type: ignore[attr-defined]
        command = interaction.command.qualified_name if interaction.command else "command"
        client.moderator_cooldown.use(  # type: ignore[attr-defined]
            interaction.guild_id or 0,
            command,
            settings.discord_moderator_uses,
            settings.discord_moderator_cooldown_seconds,
        )
        return True

    return app_commands.check(predicate)
