"""Add, remove and list the article files of the corpus folder, safely: a file name never becomes a path."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from index.errors import WhobackedError
from index.ingest.corpus import CORPUS_SUFFIXES, corpus_files, parse_article

MAX_ARTICLE_BYTES = 512 * 1024
MAX_STEM_CHARS = 80
UNSAFE = re.compile(r"[^a-z0-9]+")


class CorpusFileError(WhobackedError):
    """A corpus file cannot be added or removed; the message says why and what to do."""


class UnsupportedFileError(CorpusFileError):
    """The file is not a .txt or .md article."""


class FileTooLargeError(CorpusFileError):
    """The file is larger than the limit."""


class NotTextError(CorpusFileError):
    """The file is not UTF-8 text or has no article text."""


class ArticleExistsError(CorpusFileError):
    """An article with that name exists and replacing it was not asked for."""


class ArticleNotFoundError(CorpusFileError):
    """No article has that id."""


@dataclass(frozen=True)
class CorpusFile:
    """One article file of the corpus folder."""

    article_id: str
    name: str
    size: int


def safe_file_name(name: str) -> str:
    """A flat, lower-case ASCII file name (``stem.txt`` or ``stem.md``) made from any uploaded name."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in CORPUS_SUFFIXES:
        raise UnsupportedFileError(
            "Only .txt or .md articles can be added: save the article as plain text or Markdown."
        )
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    slug = UNSAFE.sub("-", ascii_stem.lower()).strip("-")[:MAX_STEM_CHARS].strip("-")
    if not slug:
        raise UnsupportedFileError("That file name has no letters or digits: rename the file, e.g. `my-article.md`.")
    return slug + suffix


def add_article(
    corpus_dir: Path, name: str, data: bytes, replace: bool = False, max_bytes: int = MAX_ARTICLE_BYTES
) -> CorpusFile:
    """Check an uploaded article and write it into the corpus folder atomically under a sanitised name."""
    file_name = safe_file_name(name)
    if len(data) > max_bytes:
        raise FileTooLargeError(
            f"That file is {len(data) // 1024} KB; articles can be at most {max_bytes // 1024} KB: split it or trim it."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotTextError("That file is not UTF-8 text: save it as UTF-8 and upload it again.") from None
    if "\x00" in text:
        raise NotTextError("That file is not plain text: upload a .txt or .md article.")
    stem = Path(file_name).stem
    if not parse_article(stem, text).paragraphs:
        raise NotTextError("That file has no article text after its header: add the article's paragraphs.")
    existing = _find(corpus_dir, stem)
    if existing is not None and not replace:
        raise ArticleExistsError(
            f"The article `{stem}` already exists: remove it first, or add the file again with replace set."
        )
    corpus_dir.mkdir(parents=True, exist_ok=True)
    target = corpus_dir / file_name
    handle, temporary = tempfile.mkstemp(dir=corpus_dir, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if existing is not None and existing != target:
        existing.unlink(missing_ok=True)
    return CorpusFile(stem, file_name, len(data))


def remove_article(corpus_dir: Path, article_id: str) -> CorpusFile:
    """Delete the article file whose id (file name without suffix) is article_id."""
    path = _find(corpus_dir, article_id)
    if path is None:
        raise ArticleNotFoundError(f"No article is called `{article_id}`: pick one from the list of articles.")
    if len(list_articles(corpus_dir)) == 1:
        raise CorpusFileError("That is the last article: add another one before removing it.")
    size = path.stat().st_size
    path.unlink()
    return CorpusFile(path.stem, path.name, size)


def list_articles(corpus_dir: Path) -> list[CorpusFile]:
    """The article files of the corpus folder, sorted by id."""
    return [CorpusFile(p.stem, p.name, p.stat().st_size) for p in corpus_files(corpus_dir)]


def _find(corpus_dir: Path, article_id: str) -> Path | None:
    """The file of an article id, looked up among the folder's files (never joined into a path)."""
    if not corpus_dir.is_dir():
        return None
    for path in corpus_dir.iterdir():
        if path.is_file() and path.suffix.lower() in CORPUS_SUFFIXES and path.stem == article_id:
            return path
    return None
