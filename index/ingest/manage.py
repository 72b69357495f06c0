"""Add, remove and list the article files of the corpus folder, safely: a file name never becomes a path."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from index.errors import WhobackedError
from index.ingest.corpus import CORPUS_SUFFIXES, corpus_files, parse_article

MAX_ARTICLE_BYTES = 512 * 1024
MAX_STEM_CHARS = 80
# What one uploaded article may hold: a long news story has ~100 paragraphs and ~300 sentences, so these leave
# room for any real article while one forged file cannot flood every answer with thousands of records.
MAX_PARAGRAPHS = 400
MAX_PARAGRAPH_CHARS = 8000
MAX_SENTENCES = 1200
TRASH_LOG = "trash.jsonl"
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


class ArticleTooBigError(CorpusFileError):
    """The article has more paragraphs, longer paragraphs or more sentences than an article may have."""


@dataclass(frozen=True)
class CorpusFile:
    """One article file of the corpus folder."""

    article_id: str
    name: str
    size: int
    trashed: str = ""
    """The file's name in the trash folder, when it was moved there."""


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
    article = parse_article(stem, text)
    if not article.paragraphs:
        raise NotTextError("That file has no article text after its header: add the article's paragraphs.")
    check_article_shape(article.paragraphs)
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


def check_article_shape(paragraphs: list) -> None:
    """Refuse an article with more paragraphs, longer paragraphs or more sentences than a real article has."""
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise ArticleTooBigError(
            f"That article has {len(paragraphs)} paragraphs; an article can have at most {MAX_PARAGRAPHS}: split it."
        )
    longest = max((len(p.text) for p in paragraphs), default=0)
    if longest > MAX_PARAGRAPH_CHARS:
        raise ArticleTooBigError(
            f"That article has a paragraph of {longest} characters; paragraphs can be at most "
            f"{MAX_PARAGRAPH_CHARS}: separate its paragraphs with blank lines."
        )
    sentences = sum(len(p.sentences) for p in paragraphs)
    if sentences > MAX_SENTENCES:
        raise ArticleTooBigError(
            f"That article has {sentences} sentences; an article can have at most {MAX_SENTENCES}: split it."
        )


def remove_article(
    corpus_dir: Path, article_id: str, trash_dir: Path | None = None, note: dict[str, object] | None = None
) -> CorpusFile:
    """Take the article file whose id is article_id out of the corpus: into trash_dir when given, else deleted."""
    path = _find(corpus_dir, article_id)
    if path is None:
        raise ArticleNotFoundError(f"No article is called `{article_id}`: pick one from the list of articles.")
    if len(list_articles(corpus_dir)) == 1:
        raise CorpusFileError("That is the last article: add another one before removing it.")
    size = path.stat().st_size
    if trash_dir is None:
        path.unlink()
        return CorpusFile(path.stem, path.name, size)
    trashed = trash_file(path, trash_dir, note or {})
    return CorpusFile(path.stem, path.name, size, trashed.name)


def trash_file(path: Path, trash_dir: Path, note: dict[str, object]) -> Path:
    """Move a corpus file into the trash folder under a dated name, logging who, when and from where."""
    trash_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    target = trash_dir / f"{stamp}--{path.name}"
    number = 1
    while target.exists():
        number += 1
        target = trash_dir / f"{stamp}-{number}--{path.name}"
    shutil.move(str(path), target)
    target.chmod(0o600)
    entry = {"at": time.time(), "file": target.name, "article": path.stem, **note}
    with (trash_dir / TRASH_LOG).open("a", encoding="utf-8") as log:
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return target


def trashed_articles(trash_dir: Path) -> list[dict[str, object]]:
    """The trash log's entries whose file is still in the trash, newest first."""
    log = trash_dir / TRASH_LOG
    if not log.is_file():
        return []
    entries = []
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and (trash_dir / str(entry.get("file", ""))).is_file():
            entries.append(entry)
    return entries[::-1]


def find_in_trash(trash_dir: Path, name: str) -> dict[str, object] | None:
    """The trash log's entry of the trashed file NAME, or of the newest trashed copy of the article NAME."""
    entries = trashed_articles(trash_dir)
    return next((e for e in entries if e.get("file") == name), None) or next(
        (e for e in entries if e.get("article") == name), None
    )


def restore_article(corpus_dir: Path, trash_dir: Path, trashed_name: str) -> CorpusFile:
    """Move a trashed file back into the corpus under its old name; refused when that article exists again."""
    path = next((p for p in trash_dir.iterdir() if p.name == trashed_name), None) if trash_dir.is_dir() else None
    if path is None or not path.is_file() or "--" not in path.name:
        raise ArticleNotFoundError(f"Nothing called `{trashed_name}` is in the trash: pick one from the suggestions.")
    name = path.name.split("--", 1)[1]
    if _find(corpus_dir, Path(name).stem) is not None:
        raise ArticleExistsError(f"The article `{Path(name).stem}` exists again: remove it first, then restore.")
    target = corpus_dir / name
    shutil.move(str(path), target)
    return CorpusFile(target.stem, target.name, target.stat().st_size)


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
