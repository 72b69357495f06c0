"""Settings of the Discord bot, read from the environment and `.env`."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class BotSettings(BaseSettings):
    """The Discord token and how the bot behaves in a server."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_ignore_empty=True)

    discord_token: SecretStr | None = None
    """The bot token from the Discord developer portal (Bot → Reset Token). Required to run the bot."""
    discord_test_guild_id: int | None = None
    """While developing: sync the commands to this one server (instantly) instead of globally."""
    discord_allowed_channel_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    """Comma-separated channel ids where the bot answers; empty means every channel it can see."""
    discord_moderator_role_id: int | None = None
    """A role whose members may use the moderators' commands even without Manage Server."""
    discord_message_content: bool = True
    """Read follow-up messages in answer threads (needs the Message Content intent in the portal)."""
    discord_cooldown_questions: int = Field(default=5, ge=1)
    """How many questions one user may ask per cooldown window."""
    discord_cooldown_seconds: float = Field(default=30.0, gt=0)
    """The length of the per-user cooldown window in seconds."""
    discord_max_concurrent_answers: int = Field(default=32, ge=1)
    """Questions answered at once across all users; beyond that users are asked to slow down."""
    discord_max_upload_kb: int = Field(default=512, ge=1)
    """The largest article file moderators may upload with /corpus add, in KB."""

    @field_validator("discord_allowed_channel_ids", mode="before")
    @classmethod
    def split_channel_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value
