"""A tracker post: one embed per new article (its records' leads and quotes, its title, date and link)."""

from __future__ import annotations

import discord

from bot.render import escaped
from index.news.tracker import ArticleNews

NEW_COLOUR = discord.Colour.green()
CHANGE_COLOUR = discord.Colour.orange()  # a switch or a withdrawal
LEAD_CHARS, QUOTE_CHARS, TITLE_CHARS, FOOTER_CHARS = 120, 220, 120, 60  # ten records stay under 6,000 characters


def tracker_embeds(told: list[ArticleNews]) -> list[discord.Embed]:
    """The embeds of one tracker post (at most ten articles, as a message holds ten embeds)."""
    embeds = []
    for article in told[:10]:
        info = article.article
        changed = any(item.kind != "new" for item in article.items)
        embed = discord.Embed(
            title=escaped(info.title, TITLE_CHARS),
            url=info.url if info.url.startswith(("http://", "https://")) else None,
            colour=CHANGE_COLOUR if changed else NEW_COLOUR,
        )
        embed.description = "\n".join(
            f"**{escaped(item.lead, LEAD_CHARS)}**\n> “{escaped(item.record.quote, QUOTE_CHARS)}” ¶{item.record.paragraph}"
            for item in article.items
        )
        footer = " · ".join(part for part in (info.source, info.date) if part)
        if footer:
            embed.set_footer(text=escaped(footer, FOOTER_CHARS))
        embeds.append(embed)
    return embeds


def tracker_content(told: list[ArticleNews], more: int, name: str) -> str:
    """The line above the embeds: how many new endorsements, and how many more there are."""
    count = sum(len(a.items) for a in told)
    about = f" naming {escaped(name, 100)}" if name else ""
    line = f"{count} new endorsement{'s' if count != 1 else ''}{about} from the followed feeds"
    return line + (f"; and {more} more: /backers" if more else ".")
