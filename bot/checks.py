"""Who may use the moderators' commands: Manage Server, or the optional moderator role."""

from __future__ import annotations

import discord
from discord import app_commands


class NotModerator(app_commands.CheckFailure):
    """The member lacks Manage Server and the moderator role."""


def is_moderator(interaction: discord.Interaction) -> bool:
    """True for members with Manage Server or the configured moderator role."""
    if interaction.permissions.manage_guild:
        return True
    role_id = interaction.client.settings.discord_moderator_role_id  # type: ignore[attr-defined]
    user = interaction.user
    return bool(role_id and isinstance(user, discord.Member) and user.get_role(role_id) is not None)


def moderators_only():
    """Checked again at run time, whatever the server's command permissions say."""

    def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        if not is_moderator(interaction):
            raise NotModerator("Only moderators (Manage Server, or the moderator role) can use this command.")
        return True

    return app_commands.check(predicate)
