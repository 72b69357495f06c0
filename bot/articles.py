"""/corpus add from a link or a saved web page (or any file with a date): read and stored off the event loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import discord

from bot.render import escaped
from index.errors import WhobackedError
from index.ingest.adding import HTML_SUFFIXES, add_one
from index.ingest.manage import FileTooLargeError
from index.settings import Settings

log = logging.getLogger(__name__)

DATE_HINT = "add it again with date: to set one"


class SourceMissing(WhobackedError):
    """/corpus add was given neither a file nor a link, or both."""


@dataclass(frozen=True)
class PageAdded:
    """The file stored, what the moderator is told, and how to take the file out again if the rebuild fails."""

    name: str
    message: str
    undo: Callable[[], str]


def wants_page_path(file: discord.Attachment | None, url: str | None, date: str | None) -> bool:
    """True when /corpus add needs the page reader: a link, an .html file, or a date to set."""
    if (file is None) == (url is None):
        raise SourceMissing(
            "Give /corpus add either a file or a url (one of them), such as url:https://example.com/news."
        )
    return url is not None or date is not None or file is not None and is_html(file.filename)


def is_html(name: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES)


async def add_page(
    corpus_dir: Path,
    settings: Settings,
    file: discord.Attachment | None,
    url: str | None,
    date: str | None,
    text_limit: int,
) -> PageAdded:
    """Fetch or read the article, store it (all checks in a worker thread), and say what was found."""
    if file is not None:
        limit = int(settings.fetch_max_mb * 1024 * 1024) if is_html(file.filename) else text_limit
        if file.size > limit:
            raise FileTooLargeError(
                f"That file is {file.size // 1024} KB; it can be at most {limit // 1024} KB: trim it or split it."
            )
        data = await file.read()
        added = await asyncio.to_thread(add_one, corpus_dir, settings, name=file.filename, data=data, date=date)
    else:
        added = await asyncio.to_thread(add_one, corpus_dir, settings, url=(url or "").strip(), date=date)
    name = added.file.name
    log.info("Article %s added from %s", name, url or (file.filename if file else ""))

    def undo() -> str:
        (corpus_dir / name).unlink(missing_ok=True)
        return f"`{name}` was taken out of the corpus again."

    summary = added.summary(DATE_HINT, quote=lambda text: escaped(text, 300))
    return PageAdded(name, f"Added `{name}`: {summary}. ", undo)
