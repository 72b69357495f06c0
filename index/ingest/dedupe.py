"""Which corpus file already has an article: by its link (normalised) or by its text (spacing ignored)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from index.ingest.corpus import CORPUS_SUFFIXES, parse_article
from index.ingest.manage import CorpusFileError

TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid)$", re.I)


class DuplicateArticleError(CorpusFileError):
    """The article is already in the corpus."""


def url_key(url: str) -> str:
    """A link reduced to what names the page: no scheme, www., default port, fragment, tracking or end slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return ""
    try:
        port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    except ValueError:
        port = ""
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k))
    )
    path = parts.path.rstrip("/")
    return f"{host}{port}{path}" + (f"?{query}" if query else "")


def text_key(text: str) -> str:
    """A hash of an article's words, so re-wrapped or re-spaced copies of one text match."""
    words = " ".join(text.split()).casefold()
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


@dataclass
class CorpusFingerprints:
    """The links and texts of the corpus folder's articles, each mapped to its file name."""

    urls: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, corpus_dir: Path) -> CorpusFingerprints:
        prints = cls()
        if not corpus_dir.is_dir():
            return prints
        for path in sorted(corpus_dir.iterdir()):
            if not path.is_file() or path.suffix.lower() not in CORPUS_SUFFIXES:
                continue
            try:
                article = parse_article(path.stem, path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
            prints.remember(path.name, [article.url], article.text)
        return prints

    def remember(self, name: str, urls: Iterable[str], text: str) -> None:
        for url in urls:
            if key := url_key(url):
                self.urls.setdefault(key, name)
        self.texts.setdefault(text_key(text), name)

    def refuse_duplicate(self, urls: Iterable[str], text: str, origin: str) -> None:
        """Raise DuplicateArticleError naming the file that already has this link or this text."""
        for url in urls:
            if (key := url_key(url)) and key in self.urls:
                raise DuplicateArticleError(
                    f"{origin} is already in the corpus as `{self.urls[key]}`: remove that article first to add it again."
                )
        if text_key(text) in self.texts:
            raise DuplicateArticleError(
                f"The text of {origin} is already in the corpus as `{self.texts[text_key(text)]}`: nothing to add."
            )
