"""The one error handler of the slash commands: users get a short sentence, logs get the traceback."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.limits import SlowDown
from bot.render import plain_message
from index import WhobackedError

if TYPE_CHECKING:
    from bot.bot import Bot

log = logging.getLogger(__name__)

SORRY = "Something went wrong on my side and it has been logged: try again in a moment."
UNKNOWN = "That command is not available in this server."


def sentence_for(error: app_commands.AppCommandError) -> str:
    """What to tell the user about an error; unexpected errors are logged with their traceback."""
    cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(cause, SlowDown | WhobackedError):
        return str(cause)
    if isinstance(cause, app_commands.CommandNotFound):
        # Discord still lists a command this server no longer has (a former home or test server), or a forgery.
        log.info("Unknown command /%s used", " ".join([*cause.parents, cause.name]))
        return UNKNOWN
    if isinstance(cause, app_commands.NoPrivateMessage):
        return "That command works only in a server, not in direct messages."
    if isinstance(cause, app_commands.CheckFailure):
        return str(cause) or "You cannot use this command here."
    if isinstance(cause, app_commands.TransformerError | app_commands.CommandSignatureMismatch):
        return "I could not read that input: check it and try the command again."
    log.error("Command failed", exc_info=cause)
    return SORRY


class Errors(commands.Cog):
    """Installs the tree's error handler."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        bot.tree.error(self.on_app_command_error)

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        text = plain_message(sentence_for(error))
        try:
            if interaction.response.is_done():
                await interaction.edit_original_response(content=text, embed=None, view=None)
            else:
                await interaction.response.send_message(text, ephemeral=True)
        except discord.HTTPException:
            log.warning("Could not tell the user about an error", exc_info=True)


async def setup(bot: Bot) -> None:
    await bot.add_cog(Errors(bot))
