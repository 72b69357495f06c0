"""An Answer as a Discord embed, within Discord's limits, cut on word boundaries and never silently inside a quote."""

from __future__ import annotations

import datetime
import re

import discord

from bot.state import Action
from index import Answer, ArticleInfo, Endorsement, Quote

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
LIST_ARTICLES = " Try /sources to see them."  # after an abstention that names no records (Answer.lists_articles)
ANSWER_COLOUR = discord.Colour.blurple()
ABSTAINED_COLOUR = discord.Colour.light_grey()


def clip(text: str, limit: int) -> str:
    """Text cut to at most limit characters on a word boundary, ending with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    head = text[: max(limit - len(ELLIPSIS), 0)]
    cut = head.rsplit(None, 1)[0] if " " in head.strip() else head
    return cut.rstrip(" ,;:.-–—") + ELLIPSIS


# Control characters (but newline and tab) and the bidirectional overrides and isolates that would reorder a quote.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def neutralised(text: str) -> str:
    """Text without control characters (but newline and tab) and bidi overrides: what Discord is shown."""
    return _CONTROLS.sub("", text)


def escaped(text: str, limit: int) -> str:
    """User or corpus text made inert (no markdown, mentions, controls or bidi overrides), cut to fit limit."""
    text = neutralised(text)
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
    lead = escaped(answer.lead + (LIST_ARTICLES if answer.lists_articles else ""), LEAD_CHARS)
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


def record_line(record: Endorsement) -> str:
    """One endorsement record: who, stance, whom, when and votes, with its quote and source."""
    backed = record.backed or "(undeclared)"
    details = ", ".join(part for part in (record.when, f"by {record.votes}" if record.votes else "") if part)
    summary = escaped(f"{record.backer} {record.stance} {backed}" + (f" ({details})" if details else ""), 300)
    quote = escaped(record.quote, 600)
    return f"**{summary}**\n> “{quote}” — {escaped(record.article, 120)}, ¶{record.paragraph}"


def records_embed(name: str, backed_name: list[Endorsement], backed_by_name: list[Endorsement]) -> discord.Embed:
    """Both directions for /backers: who backed NAME and whom NAME backed, as many records as fit."""
    embed = discord.Embed(title=escaped(f"Backers: {name}", TITLE_CHARS), colour=ANSWER_COLOUR)
    left = 0
    for heading, records in ((f"Who backed {name}", backed_name), (f"Whom {name} backed", backed_by_name)):
        if not records:
            continue
        lines: list[str] = []
        for record in records:
            line = record_line(record)
            if len("\n".join([*lines, line])) > FIELD_VALUE_CHARS or len(embed) + len(line) > EMBED_CHARS - 600:
                left += len(records) - len(lines)
                break
            lines.append(line)
        if lines:
            embed.add_field(name=escaped(heading, FIELD_NAME_CHARS), value="\n".join(lines), inline=False)
    if left:
        embed.set_footer(text=f"{left} more records did not fit: ask about one of them with /ask.")
    return embed


def articles_embed(articles: list[ArticleInfo]) -> discord.Embed:
    """The articles of the index, one line each, as many as fit."""
    embed = discord.Embed(title=f"{len(articles)} articles", colour=ANSWER_COLOUR)
    lines = []
    for article in articles:
        where = ", ".join(part for part in (article.source, article.date) if part)
        lines.append(f"• {escaped(article.title, 200)}" + (f" — {escaped(where, 100)}" if where else ""))
    embed.description = listing(lines)
    return embed


def listing(lines: list[str], limit: int = DESCRIPTION_CHARS) -> str:
    """Lines joined, as many as fit in limit characters, then how many more did not fit."""
    kept: list[str] = []
    used = 0
    for number, line in enumerate(lines):
        if used + len(line) + 1 > limit - 40:
            kept.append(f"*… and {len(lines) - number} more.*")
            break
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


def history_embed(actions: list[Action], here: int | None, server_names: dict[int, str]) -> discord.Embed:
    """The audit log's newest actions, one line each: when, what, which article, who, where and the outcome."""
    embed = discord.Embed(title=f"The library's last {len(actions)} changes", colour=ANSWER_COLOUR)
    lines = []
    for action in actions:
        when = discord.utils.format_dt(datetime.datetime.fromtimestamp(action.at, datetime.UTC), "f")
        article = f" {escaped(action.article, 120)}" if action.article else ""
        where = f"<#{action.channel_id}>" if action.channel_id else "?"
        if action.guild_id != here:
            where += f" in {escaped(server_names.get(action.guild_id or 0, str(action.guild_id)), 100)}"
        who = f"{escaped(action.user_name, 64)} (<@{action.user_id}>)"
        lines.append(f"{when} **{action.action}**{article} by {who}, {where}: {escaped(action.outcome, 300)}")
    embed.description = listing(lines) or "No moderator has changed the library yet."
    return embed
