"""Starting the bot: a missing token is one sentence and exit 2, the token never reaches the logs, sync only on change."""

import logging
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.bot import Bot
from bot.logs import setup_logging
from bot.sync import sync_commands
from tests.bot.emulator import GUILD_ID, DiscordEmulator

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secret-part-of-the-token"


@pytest.mark.parametrize("token", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_missing_token_is_one_sentence_and_exit_code_2(
    token: str | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
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


@pytest.mark.asyncio(loop_scope="session")
async def test_commands_sync_only_when_changed_or_forced(emulator: DiscordEmulator, bot: Bot) -> None:
    """A restart with the same commands uploads nothing; a changed set or `whobacked sync` uploads them."""
    puts = len([c for c in emulator.calls if c.route == "commands"])
    assert await sync_commands(bot) is False
    assert len([c for c in emulator.calls if c.route == "commands"]) == puts
    bot.state.put("commands:global", "an older command set")
    assert await sync_commands(bot) is True
    assert await sync_commands(bot, force=True) is True
    assert len([c for c in emulator.calls if c.route == "commands"]) == puts + 2


@pytest.mark.asyncio(loop_scope="session")
async def test_test_guild_gets_the_commands_while_developing(emulator: DiscordEmulator, bot: Bot) -> None:
    """With DISCORD_TEST_GUILD_ID set, the commands go to that server only."""
    bot.settings.discord_test_guild_id = GUILD_ID
    try:
        assert await sync_commands(bot) is True
        names = {command["name"] for command in emulator.commands[str(GUILD_ID)]}
        assert {"ask", "backers", "reindex"} <= names
    finally:
        bot.settings.discord_test_guild_id = None
        bot.tree.clear_commands(guild=bot.get_guild(GUILD_ID))
