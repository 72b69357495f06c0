"""Telling a moderator how their rebuild went, even after the 15-minute interaction token has expired.

While the token lives, the private response is edited in place. Once it has expired (Discord answers 401
"Invalid Webhook Token" or 404 "Unknown Webhook", or 14 minutes have passed), the final word is posted in the
command's channel mentioning only that moderator, or sent to them by DM when the channel cannot be reached.
"""

from __future__ import annotations

import datetime
import logging

import discord

from bot.render import escaped, plain_message

log = logging.getLogger(__name__)

EDIT_WINDOW = datetime.timedelta(minutes=14)
"""How long after the command its response is still edited (Discord's tokens last 15 minutes)."""


class RebuildReport:
    """The progress and the final word of one moderator's rebuild request."""

    def __init__(self, interaction: discord.Interaction) -> None:
        self.interaction = interaction
        self.expired = False

    def late(self) -> bool:
        """True once the interaction's response can no longer be edited."""
        return self.expired or discord.utils.utcnow() - self.interaction.created_at > EDIT_WINDOW

    async def edit(self, text: str) -> bool:
        """Show text in place of the response; False when it could not be (the token expired, or Discord failed)."""
        if self.late():
            return False
        try:
            await self.interaction.edit_original_response(content=text)
        except discord.HTTPException as error:
            if error.status in (401, 404):
                self.expired = True
            else:
                log.warning("Could not edit the rebuild message", exc_info=True)
            return False
        return True

    async def final(self, text: str) -> None:
        """The result: in place of the response, else in the channel mentioning the moderator, else by DM."""
        if await self.edit(text):
            return
        user = self.interaction.user
        channel = self.interaction.channel
        if isinstance(channel, discord.abc.Messageable):
            only_them = discord.AllowedMentions(everyone=False, roles=False, replied_user=False, users=[user])
            try:
                await channel.send(plain_message(f"{user.mention} {text}"), allowed_mentions=only_them)
                return
            except discord.HTTPException:
                log.info(
                    "Could not post a rebuild result in channel %s; sending it by DM",
                    self.interaction.channel_id,
                    exc_info=True,
                )
        server = self.interaction.guild.name if self.interaction.guild else "a server"
        try:
            await user.send(plain_message(f"Your library change in {escaped(server, 100)}: {text}"))
        except discord.HTTPException:
            log.warning("Could not tell moderator %s how their rebuild went", user.id, exc_info=True)
