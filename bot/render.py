"""An Answer as a Discord embed, within Discord's limits, cut on word boundaries and never silently inside a quote."""

from __future__ import annotations

import discord

from index.answer import Answer, Quote

MESSAGE_CHARS = 2000
TITLE_CHARS = 256
DESCRIPTION_CHARS = 4096
FIELD_NAME_CHARS = 256
FIELD_VALUE_CHARS = 1024
FOOTER_CHARS = 2048
EMBED_CHARS = 6000
MAX_FIELDS = 25
LEAD_CHARS = 1500
QUOTES_IN_ANSWER = 3
ELLIPSIS = "…"
SHORTENED = " *(quote shortened; the full sentence is in the source)*"
ANSWER_COLOUR = discord.Colour.blurple()
ABSTAINED_COLOUR = discord.Colour.light_grey()


def clip(text: str, limit: int) -> str:
    """Text cut to at most limit characters on a word boundary, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    head = text[: max(limit - len(ELLIPSIS), 0)]
    cut = head.rsplit(None, 1)[0] if " " in head.strip() else head
    return cut.rstrip(" ,;:.-–—") + ELLIPSIS


def escaped(text: str, limit: int) -> str:
    """User or corpus text made inert (no markdown, no mentions) and cut to fit limit characters."""
    budget = limit
    while True:
        safe = discord.utils.escape_mentions(discord.utils.escape_markdown(clip(text, budget)))
        if len(safe) <= limit:
            return safe
        budget -= len(safe) - limit


def plain_message(text: str) -> str:
    """A message body within the 2,000-character limit."""
    return clip(text, MESSAGE_CHARS)


def block_quote(text: str, number: int, limit: int) -> str | None:
    """A numbered block quote in at most limit characters; shortened (and saying so) or None when too little room."""

    def shape(body: str) -> str:
        return "> " + body.replace("\n", "\n> ") + f" [{number}]"

    full = shape("“" + escaped(text, len(text) * 2) + "”")
    if len(full) <= limit:
        return full
    room = limit - len(shape("“”")) - len(SHORTENED)
    if room < 40:
        return None
    return shape("“" + escaped(text, room) + "”") + SHORTENED


def answer_embed(answer: Answer, max_quotes: int = QUOTES_IN_ANSWER) -> discord.Embed:
    """The lead, the quotes as numbered block quotes and a sources field, all within Discord's limits."""
    embed = discord.Embed(
        title=escaped(answer.question, TITLE_CHARS) or None,
        colour=ABSTAINED_COLOUR if answer.abstained else ANSWER_COLOUR,
    )
    lead = escaped(answer.lead, LEAD_CHARS)
    shown: list[Quote] = []
    parts = [lead]
    for quote in answer.quotes[:max_quotes]:
        room = DESCRIPTION_CHARS - len("\n\n".join(parts)) - 2 - 120  # keep room for the "more quotes" note
        text = block_quote(quote.text, len(shown) + 1, room)
        if text is None:
            break
        parts.append(text)
        shown.append(quote)
        if text.endswith(SHORTENED):
            break
    hidden = len(answer.quotes) - len(shown)
    if hidden:
        parts.append(f"*{hidden} more quote{'s' if hidden > 1 else ''}: press More sources.*")
    embed.description = "\n\n".join(parts)
    add_sources(embed, [q.citation for q in shown])
    return embed


def add_sources(embed: discord.Embed, citations: list[str], name: str = "Sources") -> None:
    """Numbered citation lines as fields of at most 1,024 characters, within the embed's total budget."""
    lines = [f"[{number}] {escaped(citation, 300)}" for number, citation in enumerate(citations, start=1)]
    field: list[str] = []
    for line in lines:
        if field and len("\n".join([*field, line])) > FIELD_VALUE_CHARS:
            if not _add_field(embed, name, field):
                return
            name, field = f"{name} (continued)", []
        field.append(line)
    if field:
        _add_field(embed, name, field)


def _add_field(embed: discord.Embed, name: str, lines: list[str]) -> bool:
    value = "\n".join(lines)
    if len(embed.fields) >= MAX_FIELDS or len(embed) + len(name) + len(value) > EMBED_CHARS:
        return False
    embed.add_field(name=name, value=value, inline=False)
    return True


def sources_embed(question: str, quotes: list[tuple[str, str]]) -> discord.Embed:
    """Every quote of an answer with its full citation, one field each (the "More sources" reply)."""
    embed = discord.Embed(title=escaped(f"Sources for: {question}", TITLE_CHARS), colour=ANSWER_COLOUR)
    if not quotes:
        embed.description = "This answer has no quotes: the articles do not cover the question."
        return embed
    for number, (citation, text) in enumerate(quotes, start=1):
        name = escaped(f"[{number}] {citation}", FIELD_NAME_CHARS)
        value = block_quote(text, number, FIELD_VALUE_CHARS) or ">" + ELLIPSIS
        if len(embed.fields) >= MAX_FIELDS or len(embed) + len(name) + len(value) > EMBED_CHARS - 100:
            embed.set_footer(text=f"{len(quotes) - number + 1} more quotes did not fit.")
            break
        embed.add_field(name=name, value=value, inline=False)
    return embed
