"""Corpus files → articles → paragraphs → sentences.

A corpus file is UTF-8 text (``.md`` or ``.txt``) with an optional header of ``key: value`` lines
(``title``, ``source``, ``date``, ``url``) ended by a line ``---``; everything after it is the article,
kept unchanged. Paragraphs are separated by blank lines. Every sentence is a slice of its paragraph,
so a quote taken from it stands verbatim in the file.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from index import lexicon
from index.errors import WhobackedError

log = logging.getLogger(__name__)

CORPUS_SUFFIXES = (".md", ".txt")
HEADER_FIELDS = ("title", "source", "date", "url")
HEADER_END = "---"

# "Ham & High: <caption><caption again> (Image: <credit>)": a photo caption scraped with its credit. Found by
# caption_body in one pass (no backtracking pattern: a long paragraph must not take quadratic time).
CREDIT_WORDS = ("Image:", "Picture:", "Photo:")
OUTLET_CHARS = (2, 40)

# Titles and abbreviations that end with a full stop but never end a sentence.
ABBREVIATIONS = lexicon.ABBREVIATED_TITLES | frozenset(
    "mr mrs ms dr st prof sir rev rt gen no vs etc jr sr mt ft approx dept est pres "
    "jan feb apr jun jul aug sep sept oct nov dec".split()
)
"""Words written short with a full stop that goes on: titles ("Sens. Mike Rounds") and months ("on Feb. 26")."""
# A run of stops is tried once, from its start, and never backtracked: the search is linear in the text's length.
SENTENCE_END = re.compile(r"(?<![.!?])[.!?]++[\"'”’)]*+(?=\s++[\"'“‘(]?[A-Z0-9])")
LONGEST_ABBREVIATION = max(len(a) for a in ABBREVIATIONS)


class CorpusError(WhobackedError):
    """The corpus folder cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Sentence:
    """A sentence as character offsets into its paragraph's text."""

    start: int
    end: int


@dataclass
class Paragraph:
    """One paragraph of an article; captions are photo captions, not body text."""

    article_id: str
    position: int
    text: str
    is_caption: bool = False
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def sentence_texts(self) -> list[str]:
        return [self.text[s.start : s.end] for s in self.sentences]

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class Article:
    """One corpus file: its header fields and its paragraphs."""

    id: str
    title: str
    source: str
    date: str
    url: str
    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences, never after a title such as "Mr" or "Cllr"."""
    sentences: list[Sentence] = []
    start = _skip_space(text, 0)
    for match in SENTENCE_END.finditer(text):
        if match.group().startswith(".") and _word_before(text, start, match.start()) in ABBREVIATIONS:
            continue
        if match.group() == "." and _initialism_before(text, match.start()):  # "former U.S. Sen. David Perdue"
            continue
        end = match.end()
        if end > start:
            sentences.append(Sentence(start, end))
        start = _skip_space(text, end)
    tail_end = len(text.rstrip())
    if tail_end > start:
        sentences.append(Sentence(start, tail_end))
    return sentences


def _initialism_before(text: str, end: int) -> bool:
    """Whether a full stop ends a dotted initialism ("U.S.", "D.C."): a capital, a stop and a capital before it."""
    return end >= 3 and text[end - 1].isupper() and text[end - 2] == "." and text[end - 3].isupper()


def _word_before(text: str, start: int, end: int) -> str:
    """The lower-cased word just before end (not before start), or "" when it cannot be an abbreviation.

    A sentence end is followed by a capital or digit, so the non-word characters walked back over here are never
    walked again for a later sentence end: checking every full stop stays linear in the text's length.
    """
    position = end
    while position > start and not text[position - 1].isalnum() and text[position - 1] != "_":
        position -= 1
    word_end = position
    while position > start and (text[position - 1].isalnum() or text[position - 1] == "_"):
        position -= 1
        if word_end - position > LONGEST_ABBREVIATION:
            return ""
    return text[position:word_end].lower()


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def caption_body(text: str) -> str | None:
    """The caption proper of a photo-caption paragraph, or None when the paragraph is body text.

    Scraped captions often repeat their text twice without a space; the body returned is one copy,
    still a verbatim slice of the paragraph.
    """
    body = _caption_match(text)
    if body is None:
        return None
    half = len(body) // 2
    for cut in range(half - 2, half + 3):
        if body[:cut].strip() and body[:cut].strip() == body[cut:].strip():
            return body[:cut].strip()
    return body


def _caption_match(text: str) -> str | None:
    """The body of "Outlet: body (Image: credit)", as the old pattern's lazy body group found it, in linear time."""
    colon = text.find(":")
    if not OUTLET_CHARS[0] <= colon <= OUTLET_CHARS[1] or "\n" in text[:colon]:
        return None
    if colon + 1 >= len(text) or not text[colon + 1].isspace():
        return None
    end = len(text.rstrip())
    opening = text.rfind("(", 0, end)
    if end == 0 or text[end - 1] != ")" or opening < colon + 2:
        return None
    credit = text[opening + 1 : end - 1]
    if not credit.startswith(CREDIT_WORDS) or ")" in credit:
        return None
    region = text[colon + 2 : opening]
    return region.rstrip() or region[:1] or None


def parse_article(article_id: str, raw: str) -> Article:
    """Parse one corpus file's text into an article with its paragraphs and sentences."""
    header, text = _split_header(raw)
    article = Article(
        id=article_id,
        title=header.get("title") or _title_from_id(article_id),
        source=header.get("source", ""),
        date=header.get("date", ""),
        url=header.get("url", ""),
        text=text,
    )
    for position, block in enumerate(_paragraph_blocks(text), start=1):
        body = caption_body(block)
        paragraph = Paragraph(article_id, position, block, is_caption=body is not None)
        if body is not None:
            offset = block.index(body)
            paragraph.sentences = [Sentence(s.start + offset, s.end + offset) for s in split_sentences(body)]
        else:
            paragraph.sentences = split_sentences(block)
        article.paragraphs.append(paragraph)
    return article


def split_header(raw: str) -> tuple[dict[str, str], str]:
    """A corpus file's header fields (empty when it has none) and its article text."""
    return _split_header(raw)


def _split_header(raw: str) -> tuple[dict[str, str], str]:
    raw = raw.lstrip("\ufeff")
    lines = raw.split("\n")
    header: dict[str, str] = {}
    for number, line in enumerate(lines):
        if line.strip() == HEADER_END:
            return header, "\n".join(lines[number + 1 :])
        key, sep, value = line.partition(":")
        if not sep or key.strip().lower() not in HEADER_FIELDS:
            break
        header[key.strip().lower()] = value.strip()
    return {}, raw


def _paragraph_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def _title_from_id(article_id: str) -> str:
    return re.sub(r"[-_]+", " ", article_id).strip().capitalize()


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The article files of a corpus folder, sorted; raises CorpusError when there are none."""
    if not corpus_dir.is_dir():
        raise CorpusError(
            f"The corpus folder {corpus_dir} does not exist: create it and put articles (.md or .txt) in it, "
            "or set WHOBACKED_CORPUS_DIR."
        )
    files = sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix.lower() in CORPUS_SUFFIXES)
    if not files:
        raise CorpusError(
            f"The corpus folder {corpus_dir} has no articles: add .md or .txt files to it, "
            "or set WHOBACKED_CORPUS_DIR to the folder that has them."
        )
    return files


def load_corpus(corpus_dir: Path) -> list[Article]:
    """Read every article of the corpus folder; unreadable or non-UTF-8 files are skipped with a warning."""
    articles = []
    for path in corpus_files(corpus_dir):
        try:
            raw = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            log.warning("Skipped %s: it is not UTF-8 text. Save it as UTF-8 and rebuild.", path.name)
            continue
        except OSError as error:
            log.warning(
                "Skipped %s: it cannot be read (%s). Check its permissions and rebuild.", path.name, error.strerror
            )
            continue
        article = parse_article(path.stem, raw)
        if not article.paragraphs:
            log.warning("Skipped %s: it has no text after its header.", path.name)
            continue
        articles.append(article)
    if not articles:
        raise CorpusError(
            f"No article in {corpus_dir} could be read: see the warnings above, fix the files and rebuild."
        )
    return articles
