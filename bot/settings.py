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
    """Questions answered at once across all users and servers; beyond that questions wait in the queue."""
    discord_max_upload_kb: int = Field(default=512, ge=1)
    """The largest article file moderators may upload with /corpus add, in KB."""
    discord_home_guild_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    """Comma-separated ids of the community's own servers: only there may moderators change the library."""
    discord_moderator_uses: int = Field(default=3, ge=0)
    """How many times one moderator command may be used per server per window; 0 switches the cooldown off."""
    discord_moderator_cooldown_seconds: float = Field(default=60.0, gt=0)
    """The length of the per-server window of the moderators' commands, in seconds."""
    discord_answer_queue: int = Field(default=1024, ge=0)
    """Questions that may wait for an answer slot when the concurrency cap is reached; beyond it: slow down."""
    discord_answer_queue_per_server: int = Field(default=256, ge=0)
    """Of those waiting places, the most one server (or all DMs together) may hold; free slots go round-robin."""
    discord_answer_wait_seconds: float = Field(default=20.0, gt=0)
    """How long a queued question waits for a slot before the asker is told to slow down."""
    discord_max_concurrent_graphs: int = Field(default=2, ge=1)
    """Pictures drawn at once by /graph (on their own worker threads, so answers never wait behind them)."""
    discord_feed_tick_seconds: float = Field(default=60.0, gt=0)
    """How often the bot looks for followed feeds that are due to be polled, in seconds."""
    discord_retention_days: float = Field(default=30.0, ge=0)
    """Days a question (and its feedback) is kept in the state database; 0 keeps nothing after the answer."""

    @field_validator("discord_allowed_channel_ids", "discord_home_guild_ids", mode="before")
    @classmethod
    def split_channel_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value
