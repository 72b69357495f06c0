"""/backers with autocomplete, /sources and /graph on the wire."""

import struct

import pytest

from bot.cogs.lookup import GRAPH_DPI
from index.tools.graph_layout import WIDTH
from tests.bot.conftest import in_corpus, unescaped
from tests.bot.emulator import DiscordEmulator

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_backers_autocomplete_suggests_known_names(emulator: DiscordEmulator) -> None:
    """Typing "star" into /backers name suggests Keir Starmer, within Discord's 25 choices."""
    token = await emulator.autocomplete("backers", [{"name": "name", "type": 3, "value": "star", "focused": True}])
    call = await emulator.wait_for(lambda c: c.token == token and c.route == "callback")
    assert call.body["type"] == 8
    assert "Keir Starmer" in [choice["value"] for choice in call.body["data"]["choices"]]


async def test_backers_shows_both_directions_with_verbatim_quotes(emulator: DiscordEmulator) -> None:
    """/backers Keir Starmer lists whom he backed, each record with a quote standing in the corpus."""
    reply = await emulator.reply_to(
        await emulator.slash("backers", [{"name": "name", "type": 3, "value": "Keir Starmer"}])
    )
    fields = reply["embeds"][0]["fields"]
    backed = next(f for f in fields if f["name"].startswith("Whom Keir Starmer backed"))
    assert "Owen Smith" in backed["value"]
    quotes = [line[3:].split("” — ")[0] for line in backed["value"].split("\n") if line.startswith("> “")]
    assert quotes and all(in_corpus(unescaped(q)) for q in quotes)


async def test_backers_files_a_persons_own_endorsements_under_whom_they_backed(emulator: DiscordEmulator) -> None:
    """/backers Mr Starmer is Keir Starmer: his endorsements of others are "whom he backed", never "who backed him"."""
    reply = await emulator.reply_to(
        await emulator.slash("backers", [{"name": "name", "type": 3, "value": "Mr Starmer"}])
    )
    fields = {unescaped(f["name"]): unescaped(f["value"]) for f in reply["embeds"][0]["fields"]}
    assert "Owen Smith" in fields["Whom Keir Starmer backed"]
    for heading, value in fields.items():
        summaries = [line for line in value.split("\n") if line.startswith("**")]
        his_own = [line for line in summaries if line.startswith("**Keir Starmer ")]
        assert his_own == (summaries if heading.startswith("Whom") else []), heading


async def test_backers_of_an_unknown_name_says_what_to_do(emulator: DiscordEmulator) -> None:
    """An unknown name gets a private sentence suggesting known names, and never echoes a mention."""
    token = await emulator.slash("backers", [{"name": "name", "type": 3, "value": "@everyone Nobody"}])
    reply = await emulator.reply_to(token)
    assert reply["flags"] & 64 and "No endorsement records name" in reply["content"]
    assert "@everyone" not in reply["content"]


async def test_sources_lists_the_articles(emulator: DiscordEmulator) -> None:
    """/sources lists the titles of the indexed articles."""
    reply = await emulator.reply_to(await emulator.slash("sources"))
    assert "Hampstead and Kilburn Labour branch nominates Jeremy Corbyn" in unescaped(reply["embeds"][0]["description"])


async def test_graph_sends_a_png(emulator: DiscordEmulator) -> None:
    """/graph Owen Smith edits its deferred reply with a PNG picture attached."""
    token = await emulator.slash("graph", [{"name": "name", "type": 3, "value": "Owen Smith"}])
    call = await emulator.wait_for(lambda c: c.token == token and c.route == "edit" and bool(c.files), timeout=60)
    name, data = call.files[0]
    assert name == "whobacked.png" and data.startswith(b"\x89PNG")
    assert struct.unpack(">I", data[16:20])[0] == round(WIDTH * GRAPH_DPI)  # the size the bot asks for


async def test_graph_understands_aliases(emulator: DiscordEmulator) -> None:
    """/graph the Welshman draws Owen Smith's neighbourhood, as `whobacked graph` does."""
    token = await emulator.slash("graph", [{"name": "name", "type": 3, "value": "the Welshman"}])
    call = await emulator.wait_for(lambda c: c.token == token and c.route == "edit", timeout=60)
    assert call.files and call.files[0][1].startswith(b"\x89PNG")
