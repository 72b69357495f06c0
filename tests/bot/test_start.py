"""Starting the bot: a missing token is one sentence and exit 2, the token never reaches the logs, sync only on change."""

import asyncio
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.__main__ import CLOSED, main, serve
from bot.bot import Bot
from bot.logs import setup_logging
from bot.settings import BotSettings
from bot.state import State
from bot.sync import sync_commands
from index.search.snapshot import DataLayout
from index.settings import Settings
from tests.bot.emulator import GUILD_B_ID, GUILD_ID, DiscordEmulator
from tests.bot.emulator import TOKEN as EMULATED_TOKEN
from tests.conftest import REPO

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secret-part-of-the-token"


@pytest.fixture
def umask() -> Iterator[None]:
    """A test that calls main() in this process gets the usual 022 umask and gives back the one it found."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize("token", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_missing_token_is_one_sentence_and_exit_code_2(
    token: str | None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    umask: None,
) -> None:
    """`python -m bot` without DISCORD_TOKEN says how to set it, exits 2 and loads nothing."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    if token is not None:
        monkeypatch.setenv("DISCORD_TOKEN", token)
    monkeypatch.setenv("WHOBACKED_DATA_DIR", str(tmp_path / "data"))
    assert main() == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "DISCORD_TOKEN" in err and ".env" in err and "Traceback" not in err
    assert not (tmp_path / "data").exists()


def test_files_the_bot_creates_are_private(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, umask: None) -> None:
    """main() sets the umask first: the data folder and the build lock the bot's data layout creates are 0700/0600."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main() == 2
    layout = DataLayout(tmp_path / "data")
    with layout.locked_for_build():
        pass
    assert stat.S_IMODE(layout.root.stat().st_mode) == 0o700
    assert stat.S_IMODE(layout.build_lock.stat().st_mode) == 0o600


def test_token_never_reaches_the_logs(capsys: pytest.CaptureFixture[str]) -> None:
    """A log message or traceback that contains the token is written with the token replaced."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        setup_logging(TOKEN)
        logging.getLogger("discord.http").info("Sending Authorization: Bot %s", TOKEN)
        try:
            raise RuntimeError(f"login failed for {TOKEN}")
        except RuntimeError:
            logging.getLogger("bot").exception("Could not start")
        for handler in root.handlers:
            handler.flush()
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    err = capsys.readouterr().err
    assert "Authorization: Bot [token]" in err and "login failed for [token]" in err
    assert TOKEN not in err and "secret-part" not in err


def puts(emulator: DiscordEmulator, after: int = 0) -> list[str]:
    """The targets of the command uploads since call number after: "global" or a server id."""
    return [c.params.get("guild", "global") for c in emulator.calls[after:] if c.route == "commands"]


@pytest.mark.asyncio(loop_scope="session")
async def test_commands_sync_only_when_changed_or_forced(emulator: DiscordEmulator, bot: Bot) -> None:
    """A restart with the same commands uploads nothing; a changed set uploads that set only; forced, every set."""
    before = len(emulator.calls)
    assert await sync_commands(bot.tree, bot.state, bot.settings) is False
    assert puts(emulator, before) == []
    bot.state.put("commands:global", "an older command set")
    assert await sync_commands(bot.tree, bot.state, bot.settings) is True
    assert puts(emulator, before) == ["global"]
    bot.state.put(f"commands:{GUILD_ID}", "an older command set")
    assert await sync_commands(bot.tree, bot.state, bot.settings) is True
    assert puts(emulator, before) == ["global", str(GUILD_ID)]
    assert await sync_commands(bot.tree, bot.state, bot.settings, force=True) is True
    assert puts(emulator, before) == ["global", str(GUILD_ID), "global", str(GUILD_ID)]


@pytest.mark.asyncio(loop_scope="session")
async def test_test_guild_gets_the_commands_while_developing(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With DISCORD_TEST_GUILD_ID set, the global commands go to that server; unset, they are taken away from it."""
    monkeypatch.setattr(bot.settings, "discord_test_guild_id", GUILD_B_ID)
    before = len(emulator.calls)
    assert await sync_commands(bot.tree, bot.state, bot.settings) is True
    names = {command["name"] for command in emulator.commands[str(GUILD_B_ID)]}
    assert {"ask", "backers", "stats"} <= names and not {"reindex", "corpus"} & names  # B is no home server
    assert puts(emulator, before) == [str(GUILD_B_ID)]
    monkeypatch.setattr(bot.settings, "discord_test_guild_id", None)
    assert await sync_commands(bot.tree, bot.state, bot.settings) is True
    assert puts(emulator, before) == [str(GUILD_B_ID)] * 2 and emulator.commands[str(GUILD_B_ID)] == []
    assert bot.state.get(f"commands:{GUILD_B_ID}") is None


@pytest.mark.asyncio(loop_scope="session")
async def test_a_home_server_the_bot_is_not_in_is_a_warning(
    emulator: DiscordEmulator, bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A home server id Discord refuses (the bot is not in it) is logged with what to check; the rest syncs."""
    stranger = 900_000_000_000_000_999
    monkeypatch.setattr(bot.settings, "discord_home_guild_ids", [GUILD_ID, stranger])
    assert await sync_commands(bot.tree, bot.state, bot.settings) is False
    warning = next(r for r in caplog.records if r.levelno == logging.WARNING and "applications.commands" in r.message)
    assert str(stranger) in warning.message and bot.state.get(f"commands:{stranger}") is None


def test_env_example_is_a_valid_env_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """.env.example copied to .env loads with the documented defaults, and documents every setting."""
    monkeypatch.chdir(tmp_path)
    for name in ("DISCORD_TOKEN", "DISCORD_TEST_GUILD_ID", "DISCORD_ALLOWED_CHANNEL_IDS", "WHOBACKED_MODEL"):
        monkeypatch.delenv(name, raising=False)
    example = (REPO / ".env.example").read_text(encoding="utf-8")
    (tmp_path / ".env").write_text(example + "DISCORD_ALLOWED_CHANNEL_IDS=1, 2\n", encoding="utf-8")
    settings = BotSettings()
    assert settings.discord_token is None and settings.discord_test_guild_id is None
    assert settings.discord_allowed_channel_ids == [1, 2] and settings.discord_cooldown_questions == 5
    assert Settings().model_name_or_path
    documented = {line.split("=")[0] for line in example.splitlines() if line and not line.startswith("#")}
    expected = {n.upper() for n in BotSettings.model_fields} | {f"WHOBACKED_{n}".upper() for n in Settings.model_fields}
    assert documented == expected


@pytest.mark.asyncio(loop_scope="session")
async def test_refused_token_is_one_sentence(
    emulator: DiscordEmulator, bot: Bot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """When Discord refuses the token, starting says so in one sentence (exit 1) and never prints the token."""
    state = State(tmp_path / "state.sqlite3")
    try:
        code = await serve(Bot(bot.settings, bot.engine, state), TOKEN, connect=False)
    finally:
        state.close()
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("whobacked: Discord refused DISCORD_TOKEN") and err.count("\n") == 1
    assert TOKEN not in err


@pytest.mark.parametrize("code", sorted(CLOSED))
@pytest.mark.asyncio(loop_scope="session")
async def test_a_gateway_refusal_is_one_sentence_with_what_to_do(
    emulator: DiscordEmulator,
    bot: Bot,
    tmp_path: Path,
    code: int,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the gateway closes with 4004 or 4010-4014 after IDENTIFY, the real client stops; starting says what to
    do in one sentence, exits 1, and neither stderr nor the logs hold a traceback."""
    monkeypatch.setattr(emulator, "close_code", code)
    monkeypatch.setattr(emulator, "identify", None)  # set again only when this client reaches the gateway
    state = State(tmp_path / "state.sqlite3")
    try:
        exit_code = await asyncio.wait_for(serve(Bot(bot.settings, bot.engine, state), EMULATED_TOKEN), 30)
    finally:
        state.close()
    err = capsys.readouterr().err
    assert exit_code == 1 and err == f"whobacked: {CLOSED[code]}\n" and emulator.identify is not None
    assert not [r for r in caplog.records if r.exc_info or r.exc_text or r.levelno >= logging.ERROR]
    assert "Traceback" not in caplog.text


@pytest.mark.asyncio(loop_scope="session")
async def test_every_command_and_option_is_described(emulator: DiscordEmulator) -> None:
    """Every synced command, subcommand and option has a real description (discord.py's default is "…"); no name
    is both global and the home server's (members would see it twice)."""

    def walk(items: list[dict]) -> list[dict]:
        return [node for item in items for node in [item, *walk(item.get("options") or [])]]

    for target in ("global", str(GUILD_ID)):
        synced = emulator.commands[target]
        assert len({c["name"] for c in synced}) == len(synced)
        assert all(node["description"] not in ("", "…") for node in walk(synced))
    assert not {c["name"] for c in emulator.commands["global"]} & {c["name"] for c in emulator.commands[str(GUILD_ID)]}


@pytest.mark.parametrize("inside", ["\n", "\r", "\t", "\x07", "\x1b", " ", "\u2028"])
def test_a_token_with_a_control_character_inside_is_one_sentence(
    inside: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    umask: None,
) -> None:
    """A token with a line break, a space or another control character inside says it is not valid, in one
    sentence without the token, exits 2 and loads nothing."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", f"MTIzNDU2Nzg5MDEy.Gabcde{inside}secret-part")
    monkeypatch.setenv("WHOBACKED_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WHOBACKED_CORPUS_DIR", str(tmp_path / "no-corpus"))
    assert main() == 2
    err = capsys.readouterr().err
    assert err.startswith("whobacked: DISCORD_TOKEN is not valid") and err.count("\n") == 1
    assert "secret-part" not in err and "Traceback" not in err and not (tmp_path / "data").exists()
