"""The loopback Discord and the real bot connected to it, started once per test session."""

from __future__ import annotations

import asyncio
import re
import shutil
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.bot import Bot
from bot.settings import BotSettings
from bot.state import State
from index.engine import Engine
from index.settings import Settings
from tests.bot.emulator import CHANNEL_B_ID, CHANNEL_ID, GUILD_ID, MODERATOR_ROLE_ID, TOKEN, DiscordEmulator
from tests.conftest import CORPUS, copy_corpus


@pytest.fixture(scope="session")
def bot_engine(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Engine:
    """An engine of the bot's own over a copy of the shared index (its corpus is changed by /corpus tests)."""
    root = tmp_path_factory.mktemp("bot-index")
    shutil.copytree(engine.settings.data_dir, root / "data", ignore=shutil.ignore_patterns("*.lock"))
    settings = Settings(corpus_dir=copy_corpus(root / "corpus"), data_dir=root / "data", model="")
    return Engine.open(settings, engine.embedder)


def bot_settings(**overrides: object) -> BotSettings:
    """Settings as a server would set them, without reading any .env."""
    values: dict[str, object] = {
        "discord_token": TOKEN,
        "discord_allowed_channel_ids": [CHANNEL_ID, CHANNEL_B_ID],
        "discord_home_guild_ids": [GUILD_ID],
        "discord_moderator_uses": 0,
        "discord_moderator_role_id": MODERATOR_ROLE_ID,
        "discord_cooldown_questions": 1000,
        "discord_max_upload_kb": 64,
    }
    values.update(overrides)
    return BotSettings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def discord_server() -> AsyncIterator[DiscordEmulator]:
    """The emulator, with discord.py pointed at it for the whole session."""
    emulator = DiscordEmulator()
    await emulator.start()
    emulator.point_discord_py_here()
    yield emulator
    await emulator.stop()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def bot(
    discord_server: DiscordEmulator, bot_engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Bot]:
    """The real bot, logged in and connected to the emulator's gateway."""
    state = State(tmp_path_factory.mktemp("bot-state") / "state.sqlite3")
    client = Bot(bot_settings(), bot_engine, state)
    await client.login(TOKEN)
    running = asyncio.create_task(client.connect())
    await asyncio.wait_for(client.wait_until_ready(), 30)
    yield client
    await client.close()
    await running
    state.close()


@pytest.fixture
def emulator(bot: Bot, discord_server: DiscordEmulator) -> Iterator[DiscordEmulator]:
    """The emulator with the bot connected; fails the test if the bot broke a Discord rule during it."""
    already = len(discord_server.violations)
    yield discord_server
    assert discord_server.violations[already:] == []


def unescaped(text: str) -> str:
    """Discord-escaped text back to what it says (markdown escapes and mention breakers removed)."""
    return re.sub(r"\\([\\*_~`|>#\-\[\]()])", r"\1", text).replace("\u200b", "")


def in_corpus(text: str, corpus: Path = CORPUS) -> bool:
    return any(text in path.read_text(encoding="utf-8") for path in corpus.iterdir())


@pytest.fixture
def held_rebuild(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Rebuilds wait until the event is set (always set on exit)."""
    release = threading.Event()
    real_rebuild = bot.engine.rebuild

    def held(progress=None, wait=False):
        release.wait(30)
        return real_rebuild(progress, wait)

    monkeypatch.setattr(bot.engine, "rebuild", held)
    yield release
    release.set()
