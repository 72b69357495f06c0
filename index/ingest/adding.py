"""Add articles to the corpus from links, web pages and text files: read them all, check them, then write them.

Nothing is written until every source has been read and checked, so a refused source changes nothing. An
article whose link or text is already in the corpus is refused, naming the file that has it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from index.errors import WhobackedError
from index.ingest.corpus import CORPUS_SUFFIXES, HEADER_END, HEADER_FIELDS, Article, parse_article, split_header
from index.ingest.dedupe import CorpusFingerprints
from index.ingest.fetch import Fetcher, FetchPolicy
from index.ingest.manage import (
    MAX_ARTICLE_BYTES,
    MAX_STEM_CHARS,
    ArticleExistsError,
    CorpusFile,
    NotTextError,
    UnsupportedFileError,
    add_article,
    safe_file_name,
)
from index.ingest.webpage import WebArticle, checked_date, read_html
from index.settings import Settings

HTML_SUFFIXES = (".html", ".htm")
URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Prepared:
    """One article read and checked, not yet written: its file name, file text and what to report."""

    name: str
    data: bytes
    title: str
    date: str
    source: str
    paragraphs: int
    urls: tuple[str, ...]
    text: str
    origin: str
    web: bool


@dataclass(frozen=True)
class Added:
    """One article written into the corpus folder."""

    file: CorpusFile
    title: str
    date: str
    source: str
    paragraphs: int

    def describe(self, date_hint: str = "set one with --date") -> str:
        """'`name`: “Title” (Source), dated 2016-08-09, 3 paragraphs' for the user."""
        return f"`{self.file.name}`: {self.summary(date_hint)}"

    def summary(self, date_hint: str = "set one with --date", quote: Callable[[str], str] = str) -> str:
        """'“Title” (Source), dated 2016-08-09, 3 paragraphs'; quote escapes the page's words for display."""
        source = f" ({quote(self.source)})" if self.source else ""
        dated = f"dated {self.date}" if self.date else f"no date found ({date_hint})"
        return f"“{quote(self.title)}”{source}, {dated}, {self.paragraphs} paragraphs"


def fetch_policy(settings: Settings) -> FetchPolicy:
    """The fetch limits the settings ask for."""
    return FetchPolicy(
        allow_private=settings.fetch_allow_private,
        max_bytes=int(settings.fetch_max_mb * 1024 * 1024),
        timeout=settings.fetch_timeout_seconds,
    )


def is_url(source: str) -> bool:
    return bool(URL.match(source.strip()))


def prepare_url(url: str, fetcher: Fetcher, date: str | None = None) -> Prepared:
    """Fetch a link and read its article (HTML) or its text (plain text)."""
    page = fetcher.fetch(url)
    urls = (page.requested_url, page.url)
    if page.is_html:
        return _from_web(read_html(_html(page.body, page.charset), page.url, date), urls, origin=url)
    text = _decoded(page.body, page.charset)
    stem = _slug(Path(page.url.split("?", 1)[0].rstrip("/")).stem)[:MAX_STEM_CHARS] or "article"
    return _from_text(stem + ".txt", text, date, urls=urls, origin=url, web=True)


def prepare_html(name: str, data: bytes, date: str | None = None) -> Prepared:
    """Read the article of a saved web page (an .html file)."""
    return _from_web(read_html(data, "", date), (), origin=name)


def prepare_text(name: str, data: bytes, date: str | None = None) -> Prepared:
    """Check a .txt or .md article file; a date given by hand goes into its header."""
    return _from_text(name, _decoded(data, "utf-8"), date, urls=(), origin=name, web=False)


def prepare_path(path: Path, max_bytes: int, date: str | None = None) -> Prepared:
    """Read a local .txt, .md or .html file."""
    suffix = path.suffix.lower()
    if suffix not in (*CORPUS_SUFFIXES, *HTML_SUFFIXES):
        raise UnsupportedFileError(f"{path.name} is not a .txt, .md or .html file: save the article as one of those.")
    try:
        if path.stat().st_size > max_bytes:
            raise NotTextError(f"{path.name} is larger than {max_bytes // 1024} KB: trim it or split it.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise WhobackedError(f"{path} does not exist: check the path.") from None
    except IsADirectoryError:
        raise WhobackedError(f"{path} is a folder: give the article files in it one by one.") from None
    except OSError as error:
        raise WhobackedError(f"{path} cannot be read ({error.strerror}): check its permissions.") from None
    if suffix in HTML_SUFFIXES:
        return prepare_html(path.name, data, date)
    return prepare_text(path.name, data, date)


def prepare_sources(sources: Sequence[str], settings: Settings, date: str | None = None) -> list[Prepared]:
    """Read and check every source (links and local files) without writing anything."""
    if date is not None:
        date = checked_date(date)
    fetcher = Fetcher(fetch_policy(settings))
    max_bytes = int(settings.fetch_max_mb * 1024 * 1024)
    return [
        prepare_url(s, fetcher, date) if is_url(s) else prepare_path(Path(s).expanduser(), max_bytes, date)
        for s in sources
    ]


def store(corpus_dir: Path, prepared: Iterable[Prepared]) -> list[Added]:
    """Write checked articles into the corpus folder, or none of them: duplicates are refused first."""
    prepared = list(prepared)
    fingerprints = CorpusFingerprints.of(corpus_dir)
    named: list[Prepared] = []
    for item in prepared:
        fingerprints.refuse_duplicate(item.urls, item.text, item.origin)
        item = _with_free_name(corpus_dir, item, {p.name for p in named})
        fingerprints.remember(item.name, item.urls, item.text)
        named.append(item)
    written: list[Added] = []
    try:
        for item in named:
            file = add_article(corpus_dir, item.name, item.data, max_bytes=max(MAX_ARTICLE_BYTES, len(item.data)))
            written.append(Added(file, item.title, item.date, item.source, item.paragraphs))
    except BaseException:
        for added in written:
            (corpus_dir / added.file.name).unlink(missing_ok=True)
        raise
    return written


def add_one(
    corpus_dir: Path, settings: Settings, *, url: str = "", name: str = "", data: bytes = b"", date: str | None = None
) -> Added:
    """Read, check and store one link, or one uploaded .html/.txt/.md file (the bot's /corpus add)."""
    date = checked_date(date) if date else None
    if url:
        prepared = prepare_url(url, Fetcher(fetch_policy(settings)), date)
    elif name.lower().endswith(HTML_SUFFIXES):
        prepared = prepare_html(name, data, date)
    else:
        prepared = prepare_text(name, data, date)
    return store(corpus_dir, [prepared])[0]


def _from_web(article: WebArticle, urls: tuple[str, ...], origin: str) -> Prepared:
    stem = "-".join(part for part in (article.date, _slug(article.title)) if part) or "article"
    name = stem[:MAX_STEM_CHARS].strip("-") + ".md"
    return _prepared(name, article.corpus_text(), article, urls, origin, web=True)


def _from_text(name: str, raw: str, date: str | None, urls: tuple[str, ...], origin: str, web: bool) -> Prepared:
    file_name = safe_file_name(name)
    if "\x00" in raw:
        raise NotTextError(f"{origin} is not plain text: give a .txt, .md or .html article.")
    if date:
        header, text = split_header(raw)
        raw = _with_header(header, text, date=date) if header else f"date: {date}\n{HEADER_END}\n{raw}"
    article = parse_article(Path(file_name).stem, raw)
    if not article.paragraphs:
        raise NotTextError(f"{origin} has no article text after its header: add the article's paragraphs.")
    return _prepared(file_name, raw, article, urls, origin, web)


def _prepared(
    name: str, raw: str, article: Article | WebArticle, urls: tuple[str, ...], origin: str, web: bool
) -> Prepared:
    """What will be stored: the file and what the reply says about it."""
    return Prepared(
        name=name,
        data=raw.encode("utf-8"),
        title=article.title,
        date=article.date,
        source=article.source,
        paragraphs=len(article.paragraphs),
        urls=tuple(u for u in (*urls, article.url) if u),
        text=article.text,
        origin=origin,
        web=web,
    )


def _with_header(header: dict[str, str], text: str, **changes: str) -> str:
    fields = {**header, **changes}
    lines = [f"{key}: {fields[key]}" for key in HEADER_FIELDS if key in fields]
    return "\n".join([*lines, HEADER_END, text])


def _with_free_name(corpus_dir: Path, item: Prepared, taken: set[str]) -> Prepared:
    """A web article gets -2, -3… when its name is taken; a file keeps its name or is refused by add_article."""
    existing = {p.stem for p in corpus_dir.iterdir()} if corpus_dir.is_dir() else set()
    stems = existing | {Path(name).stem for name in taken}
    stem, suffix = os.path.splitext(item.name)
    if stem not in stems:
        return item
    if not item.web:
        raise ArticleExistsError(
            f"An article called `{stem}` is already in the corpus: rename {item.origin} or remove that article first."
        )
    number = 2
    while f"{stem}-{number}" in stems:
        number += 1
    return Prepared(**{**item.__dict__, "name": f"{stem}-{number}{suffix}"})


def _html(data: bytes, charset: str | None) -> str | bytes:
    """The page as text when the server named a charset that decodes it; else bytes (trafilatura guesses)."""
    if charset:
        try:
            return data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
    return data


def _decoded(data: bytes, charset: str | None) -> str:
    try:
        return data.decode(charset or "utf-8")
    except (UnicodeDecodeError, LookupError):
        raise NotTextError("That text is not UTF-8: save it as UTF-8 and add it again.") from None


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return SLUG_UNSAFE.sub("-", ascii_title.lower()).strip("-")
