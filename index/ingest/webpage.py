"""A web page's HTML → an article: its main text as paragraphs (trafilatura) and its date (htmldate).

Navigation, cookie banners, bylines, comments and related links are left out; each paragraph of the page
stays one paragraph. The header comes from the page: title, site name, publication date, canonical URL.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date as Date
from typing import Any
from urllib.parse import urlsplit

from index.errors import WhobackedError
from index.ingest.corpus import HEADER_END

log = logging.getLogger(__name__)

MIN_ARTICLE_CHARS = 200
BLOCKS = frozenset({"p", "head", "quote", "list", "item"})
COPYRIGHT = re.compile(r"(?:©|&copy;|&#169;|\(c\)|copyright)\s*(?:\d{4}\s*[-–]\s*)?\d{4}", re.I)
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class NoArticleError(WhobackedError):
    """The page has no article text to store."""


class BadDateError(WhobackedError):
    """A date given by hand is not YYYY-MM-DD (or YYYY-MM, YYYY)."""


@dataclass(frozen=True)
class WebArticle:
    """An article read from a web page, ready to be written as a corpus file."""

    title: str
    source: str
    date: str
    url: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def corpus_text(self) -> str:
        """The corpus file: the header lines, ``---``, then the paragraphs separated by blank lines."""
        header = [f"{key}: {_one_line(value)}" for key, value in self.header().items()]
        return "\n".join([*header, HEADER_END, self.text]) + "\n"

    def header(self) -> dict[str, str]:
        return {"title": self.title, "source": self.source, "date": self.date, "url": self.url}


def checked_date(value: str) -> str:
    """A hand-given date as stored (YYYY-MM-DD, YYYY-MM or YYYY), or BadDateError with what to type."""
    value = value.strip()
    match = DATE.match(value)
    try:
        if match:
            year, month, day = (int(part) if part else 1 for part in match.groups())
            Date(year, month, day)
            return value
    except ValueError:
        pass
    raise BadDateError(f"{value!r} is not a date: give it as YYYY-MM-DD, such as 2016-08-09.")


def read_html(html: str | bytes, url: str = "", date: str | None = None) -> WebArticle:
    """The article of a page; url is where it was fetched from (empty for a local file), date overrides."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
    )
    title = _clean(getattr(document, "title", None) or "")
    paragraphs = _paragraphs(getattr(document, "body", None), title)
    if sum(len(p) for p in paragraphs) < MIN_ARTICLE_CHARS:
        raise NoArticleError(
            "That page has no article text (only menus, banners or links): give the link of the article itself."
        )
    markup = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    return WebArticle(
        title=title or paragraphs[0][:80],
        source=_source(_clean(getattr(document, "sitename", None) or ""), url),
        date=checked_date(date) if date else find_date(markup, url),
        url=_canonical(getattr(document, "url", None) or "", url),
        paragraphs=tuple(paragraphs),
    )


def find_date(html: str, url: str = "") -> str:
    """The page's publication date as YYYY-MM-DD: meta tags and marked-up dates first, then the text.

    Copyright lines are taken out before the text is searched: their year is no publication date.
    """
    from htmldate import find_date as htmldate_find

    options: dict[str, Any] = {"original_date": True, "outputformat": "%Y-%m-%d"}
    if url:
        options["url"] = url
    try:
        found = htmldate_find(html, extensive_search=False, **options)
        if not found:
            found = htmldate_find(COPYRIGHT.sub(" ", html), extensive_search=True, **options)
    except Exception:  # htmldate parses any HTML; a failure there only means no date
        log.warning("htmldate could not read the page's date", exc_info=True)
        return ""
    return str(found or "")


def _paragraphs(body: Any, title: str) -> list[str]:
    """The text of each block of trafilatura's body, in order; a heading that repeats the title is dropped."""
    if body is None:
        return []
    paragraphs: list[str] = []
    for element in body.iter(*BLOCKS):
        if any(child.tag in BLOCKS for child in element):
            continue
        text = _clean(" ".join(element.itertext()))
        if not text or (element.tag == "head" and _same(text, title)):
            continue
        paragraphs.append(text)
    return paragraphs


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _one_line(text: str) -> str:
    return _clean(text)


def _same(a: str, b: str) -> bool:
    return a.casefold().strip(" .") == b.casefold().strip(" .")


def _source(site_name: str, url: str) -> str:
    """The site's own name, or its host name (without www. and port) when it gives none."""
    parts = urlsplit(url)
    if site_name and site_name.lower() != parts.netloc.lower():
        return site_name
    return (parts.hostname or "").removeprefix("www.")


def _canonical(found: str, fetched: str) -> str:
    """The page's own canonical link when it is a web link, else the address it was fetched from."""
    if urlsplit(found).scheme in ("http", "https") and urlsplit(found).hostname:
        return found.strip()
    return fetched
