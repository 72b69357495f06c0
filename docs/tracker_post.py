"""Draw docs/tracker-post.png: a tracker post as Discord lays it out, from bot/tracker_posts.py's own embeds.

The records are those the tests' feed site (tests/index/news/feedsite.py) gives; run from the repository:
`.venv/bin/python docs/tracker_post.py`.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import discord
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from bot.tracker_posts import tracker_content, tracker_embeds
from index.models import Endorsement
from index.news.tracker import news_of
from index.search.store import ArticleInfo

OUT = Path(__file__).with_name("tracker-post.png")
WIDTH, LINE = 1100, 26
BACKGROUND, EMBED, TEXT, MUTED, LINK = "#313338", "#2b2d31", "#dbdee1", "#949ba4", "#00a8fc"
STORIES = [
    ("unison", "Unison", "Keir Starmer", "Unison backs Keir Starmer for Labour leader", "2020-01-14",
     "The public service union Unison has backed Keir Starmer to be the next leader of the Labour Party."),
    ("gmb", "GMB union", "Lisa Nandy", "GMB union nominates Lisa Nandy", "2020-01-15",
     "The GMB union has nominated Lisa Nandy for the Labour leadership after a vote of its executive."),
    ("cwu", "Communication Workers Union", "Rebecca Long-Bailey", "CWU endorses Rebecca Long-Bailey", "2020-01-16",
     "The Communication Workers Union has endorsed Rebecca Long-Bailey for the Labour leadership."),
]  # fmt: skip


def plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def lines_of(embed: discord.Embed) -> list[tuple[str, str, str]]:
    """(text, colour, weight) per drawn line of one embed."""
    drawn = [(line, LINK, "bold") for line in textwrap.wrap(plain(embed.title or ""), 90)]
    for line in plain(embed.description or "").split("\n"):
        if line.startswith("**"):
            drawn += [(part, TEXT, "bold") for part in textwrap.wrap(line.strip("*"), 90)]
        else:
            drawn += [("▎" + part, TEXT, "normal") for part in textwrap.wrap(line.removeprefix("> "), 92)]
    drawn.append((plain(embed.footer.text or ""), MUTED, "normal"))
    return drawn


def main() -> None:
    records = [
        Endorsement(backer, "group", backed, "supports", "current", "", key, 1, quote)
        for key, backer, backed, _, _, quote in STORIES
    ]
    articles = [
        ArticleInfo(key, title, "The Loopback Labour News", date, f"https://news.example/{key}", 3)
        for key, _, _, title, date, _ in STORIES
    ]
    told = news_of(records, articles, [s[0] for s in STORIES], 0.5)
    embeds = [lines_of(e) for e in tracker_embeds(told)]
    height = 90 + sum(len(e) * LINE + 34 for e in embeds)
    figure = Figure(figsize=(WIDTH / 100, height / 100), dpi=100, facecolor=BACKGROUND)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, WIDTH)
    axes.set_ylim(height, 0)
    axes.axis("off")
    axes.text(24, 30, "whobacked", color="#f2f3f5", fontsize=13, fontweight="bold", va="center")
    axes.text(132, 30, "BOT  · #labour-news", color=MUTED, fontsize=10, va="center")
    axes.text(24, 60, plain(tracker_content(told, 0, "")), color=TEXT, fontsize=12, va="center")
    top = 84
    for drawn in embeds:
        size = len(drawn) * LINE + 20
        axes.add_patch(Rectangle((24, top), WIDTH - 48, size, color=EMBED))
        axes.add_patch(Rectangle((24, top), 5, size, color="#57f287"))
        for number, (text, colour, weight) in enumerate(drawn):
            small = number == len(drawn) - 1
            axes.text(44, top + 22 + number * LINE, text, color=colour, fontsize=10 if small else 12, fontweight=weight)
        top += size + 14
    FigureCanvasAgg(figure).print_png(str(OUT))
    print(f"Wrote {OUT}")


if __name__ == "__main__":
    main()
