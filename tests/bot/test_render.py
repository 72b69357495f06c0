"""Answers as embeds: always within Discord's limits, cut on word boundaries, never silently inside a quote."""

from bot.render import SHORTENED, answer_embed, clip, records_embed, sources_embed
from index.models import Answer, Quote
from index.search.store import Endorsement
from tests.bot.conftest import unescaped
from tests.bot.emulator import check_embed

WORDS = "Members of the Holborn and St Pancras Labour Party gave their backing to Jeremy Corbyn last night "


def quote(text: str, paragraph: int = 1, title: str = "A long article title " * 3) -> Quote:
    return Quote(text, "article", title, "Ham & High", "2016-08", "", paragraph, 1.0)


def test_clip_cuts_on_a_word_boundary_with_an_ellipsis() -> None:
    """Cut text ends with a whole word and "…", and fits the limit."""
    assert clip("alpha beta gamma", 14) == "alpha beta…"
    assert clip("alpha beta gamma", 16) == "alpha beta gamma"


def test_huge_answer_fits_and_says_where_a_quote_was_shortened() -> None:
    """A 3,000-character lead and five 2,000-character quotes fit every limit; a cut quote says so."""
    answer = Answer("q " * 200, WORDS * 30, [quote(WORDS * 20, n) for n in range(1, 6)])
    embed = answer_embed(answer)
    assert check_embed(embed.to_dict()) == []
    blocks = [b for b in embed.description.split("\n\n") if b.startswith("> ")]
    assert blocks and blocks[-1].endswith(SHORTENED)
    shown = unescaped(blocks[-1][3:].split("…”")[0])
    assert (WORDS * 20).startswith(shown) and (WORDS * 20)[len(shown)] == " "
    assert "more quotes: press More sources" in embed.description


def test_quotes_that_do_not_fit_are_counted_not_dropped_silently() -> None:
    """Whole quotes beyond the room are announced as "more quotes", and each shown quote is complete."""
    answer = Answer("Who backed Corbyn?", "Many did.", [quote(WORDS * 8, n) for n in range(1, 6)])
    embed = answer_embed(answer)
    assert check_embed(embed.to_dict()) == []
    shown = [b for b in embed.description.split("\n\n") if b.startswith("> ")]
    assert all(not b.endswith(SHORTENED) for b in shown)
    assert f"{5 - len(shown)} more quote" in embed.description


def test_echoed_question_cannot_ping_or_format() -> None:
    """Mentions and markdown in the question are defused in the embed title."""
    embed = answer_embed(Answer("@everyone **who** backed <@&900000000000000400>?", "Nobody.", []))
    assert "@everyone" not in embed.title and "<@&9" not in embed.title and "\\*\\*who" in embed.title


def test_more_sources_and_records_fit_with_many_items() -> None:
    """30 long quotes or 100 records still make embeds within every limit, saying how many did not fit."""
    sources = sources_embed("Who?", [(f"Title {n} — Source, ¶{n}", WORDS * 12) for n in range(30)])
    assert check_embed(sources.to_dict()) == [] and "did not fit" in sources.footer.text
    backer = Endorsement("Keir Starmer", "person", "Owen Smith", "supports", "current", "", "article", 3, WORDS * 3)
    backed = Endorsement("Owen Smith", "person", "Jeremy Corbyn", "opposes", "current", "", "article", 4, WORDS * 3)
    records = records_embed("Owen Smith", [backer] * 100, [backed] * 100)
    assert check_embed(records.to_dict()) == []
    fields = {field.name: field.value for field in records.fields}
    assert set(fields) == {"Who backed Owen Smith", "Whom Owen Smith backed"}
    summaries = {name: [line for line in value.split("\n") if line.startswith("**")] for name, value in fields.items()}
    assert set(summaries["Who backed Owen Smith"]) == {"**Keir Starmer supports Owen Smith (current)**"}
    assert set(summaries["Whom Owen Smith backed"]) == {"**Owen Smith opposes Jeremy Corbyn (current)**"}
    shown = sum(len(lines) for lines in summaries.values())
    assert records.footer.text.startswith(f"{200 - shown} more records did not fit")


def test_an_abstention_that_names_no_records_points_to_sources() -> None:
    """The engine flags an abstention that names nothing the articles cover; the bot adds where to list them."""
    flagged = answer_embed(Answer("Who?", "The articles do not say. They cover 2 article(s).", [], True, True))
    plain = answer_embed(Answer("Who?", "The articles do not say. They cover who backed X.", [], True))
    assert flagged.description.endswith("Try /sources to see them.") and "/sources" not in plain.description


def test_escaped_drops_control_and_bidi_override_characters() -> None:
    """A quote with an escape sequence or a right-to-left override is shown inert in Discord."""
    from bot.render import escaped

    shown = escaped("Corbyn\x1b[2J won by 96\u202e votes\u2066 to 54\x00.", 200)
    assert "\x1b" not in shown and "\u202e" not in shown and "\u2066" not in shown and "\x00" not in shown
    assert "96 votes to 54." in shown
