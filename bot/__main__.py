"""`python -m bot`: build the long-lived resources (settings, engine, state database) and run the Discord bot."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import TYPE_CHECKING

import discord

from bot.settings import BotSettings
from index import Settings, WhobackedError

if TYPE_CHECKING:
    from bot.bot import Bot

PRIVATE_UMASK = 0o077
"""Every file the bot creates is readable by its user only (0600), every folder 0700: indexes, caches, trash."""
NO_TOKEN = (
    "DISCORD_TOKEN is not set: put your bot's token (Discord developer portal → your application → Bot) "
    "in .env as DISCORD_TOKEN=..., see .env.example."
)
INVALID_TOKEN = (
    "DISCORD_TOKEN is not valid: it holds a space, a line break or another control character; copy the token "
    "again from the developer portal (Bot → Reset Token) into .env on one line."
)
BAD_TOKEN = "Discord refused DISCORD_TOKEN: copy the token again from the developer portal (Bot → Reset Token)."
NO_INTENT = (
    "Discord refused the Message Content intent: enable it in the developer portal (Bot → Privileged Gateway "
    "Intents), or set DISCORD_MESSAGE_CONTENT=false."
)

# Gateway close codes after which discord.py does not reconnect, each with what to do
# (https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes).
CLOSED = {
    4004: BAD_TOKEN,
    4010: (
        "Discord refused the shard the bot asked for (gateway close code 4010, invalid shard): start the bot "
        "again; it asks Discord how many shards to open at every start."
    ),
    4011: (
        "Discord requires more shards (gateway close code 4011): the bot is now in too many servers for its "
        "connections; start it again, and it opens as many shards as Discord recommends."
    ),
    4012: (
        "Discord no longer accepts the gateway version this discord.py speaks (close code 4012): upgrade "
        "discord.py (pip install -U discord.py) and start the bot again."
    ),
    4013: (
        "Discord refused the gateway intents the bot asked for as invalid (close code 4013): upgrade discord.py "
        "(pip install -U discord.py); if it persists, report it with the intents in bot/bot.py."
    ),
    4014: NO_INTENT,
}


def fail(message: str, code: int) -> int:
    print(f"whobacked: {message}", file=sys.stderr)
    return code


def main(force_sync: bool = False, connect: bool = True) -> int:
    """Start the bot (connect=False: log in, sync the commands when asked or changed, and stop)."""
    os.umask(PRIVATE_UMASK)  # for the life of the process, before anything is created
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    bot_settings = BotSettings()
    token = bot_settings.discord_token.get_secret_value().strip() if bot_settings.discord_token else ""
    if not token:
        return fail(NO_TOKEN, 2)
    if not token.isprintable() or any(c.isspace() for c in token):
        return fail(INVALID_TOKEN, 2)
    from bot.logs import setup_logging

    setup_logging(token)
    try:
        from bot.bot import Bot
        from bot.state import State
        from index.engine import Engine
        from index.search.snapshot import DataLayout

        settings = Settings()
        engine = Engine.open(settings)
        state = State(DataLayout(settings.data_dir).state_db)
    except WhobackedError as error:
        return fail(str(error), 1)

    try:
        return asyncio.run(serve(Bot(bot_settings, engine, state, force_sync=force_sync), token, connect))
    except KeyboardInterrupt:
        return 130
    finally:
        state.close()


async def serve(bot: Bot, token: str, connect: bool = True) -> int:
    """Log in and run until closed (or only log in and sync); Discord's refusals become one sentence."""
    try:
        async with bot:
            if connect:
                await bot.start(token)
            else:
                await bot.login(token)
    except discord.LoginFailure:
        return fail(BAD_TOKEN, 1)
    except discord.PrivilegedIntentsRequired:
        return fail(NO_INTENT, 1)
    except discord.ConnectionClosed as error:
        return fail(CLOSED.get(error.code, f"Discord closed the connection (code {error.code}): try again later."), 1)
    except (discord.HTTPException, OSError) as error:
        return fail(f"Could not reach Discord ({type(error).__name__}): check the network and try again.", 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
