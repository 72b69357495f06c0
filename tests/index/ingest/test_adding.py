"""Adding articles from links and files: what is stored, duplicates refused by link or text, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.errors import WhobackedError
from index.ingest.adding import prepare_sources, store
from index.ingest.corpus import parse_article
from index.ingest.dedupe import DuplicateArticleError, url_key
from index.ingest.fetch import UnsafeURLError
from index.ingest.webpage import NoArticleError
from index.settings import Settings
from tests.index.ingest.site import HAMPSTEAD, ISLINGTON, ISLINGTON_TEXT, NewsSite, guard_loopback

ISLINGTON_FILE = "2016-08-09-islington-north-branch-backs-corbyn.md"


@pytest.fixture
def corpus_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A small corpus of one article, fetching allowed on the loopback (only the test site is there)."""
    guard_loopback(monkeypatch)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "existing.md").write_text("title: Existing\n---\nAn article already in the corpus.\n", encoding="utf-8")
    return Settings(corpus_dir=corpus, data_dir=tmp_path / "data", fetch_allow_private=True, fetch_timeout_seconds=10)


def names(settings: Settings) -> list[str]:
    return sorted(p.name for p in settings.corpus_dir.iterdir())


def test_a_link_is_stored_as_a_dated_titled_corpus_file(site: NewsSite, corpus_settings: Settings) -> None:
    added = store(
        corpus_settings.corpus_dir,
        prepare_sources([site.url("/news/islington-north-backs-corbyn")], corpus_settings),
    )
    assert [a.file.name for a in added] == [ISLINGTON_FILE]
    assert added[0].describe() == (
        f"`{ISLINGTON_FILE}`: “Islington North branch backs Corbyn” (The Test Gazette), dated 2016-08-09, 3 paragraphs"
    )
    article = parse_article("x", (corpus_settings.corpus_dir / ISLINGTON_FILE).read_text(encoding="utf-8"))
    assert article.date == "2016-08-09" and article.source == "The Test Gazette"
    assert article.url == "https://gazette.example.com/news/islington-north-backs-corbyn"
    assert article.paragraphs[0].text == ISLINGTON_TEXT and len(article.paragraphs) == 3


def test_the_same_link_or_its_canonical_link_is_refused_naming_the_file(
    site: NewsSite, corpus_settings: Settings
) -> None:
    corpus = corpus_settings.corpus_dir
    store(corpus, prepare_sources([site.url("/news/islington-north-backs-corbyn")], corpus_settings))
    before = names(corpus_settings)
    for again in (
        site.url("/news/islington-north-backs-corbyn") + "#comments",
        site.url("/hop/5"),
    ):  # same page via redirects
        with pytest.raises(DuplicateArticleError, match=f"already in the corpus as `{ISLINGTON_FILE}`"):
            store(corpus, prepare_sources([again], corpus_settings))
    assert names(corpus_settings) == before


def test_the_same_text_from_a_file_is_refused_naming_the_file(
    site: NewsSite, corpus_settings: Settings, tmp_path: Path
) -> None:
    corpus = corpus_settings.corpus_dir
    store(corpus, prepare_sources([site.url("/politics/hampstead-nominates-smith")], corpus_settings))
    saved = tmp_path / "hampstead.html"
    saved.write_text(HAMPSTEAD.replace("<p>", "<p>\n  "), encoding="utf-8")  # re-wrapped, same words
    with pytest.raises(DuplicateArticleError, match="text of hampstead.html is already in the corpus as `2016-08-12"):
        store(corpus, prepare_sources([str(saved)], corpus_settings))


def test_a_batch_with_one_bad_source_writes_nothing(site: NewsSite, corpus_settings: Settings) -> None:
    before = names(corpus_settings)
    for bad in ("/missing-article", "/minutes.pdf", "/hop/1"):
        with pytest.raises(WhobackedError):
            store(
                corpus_settings.corpus_dir,
                prepare_sources([site.url("/news/islington-north-backs-corbyn"), site.url(bad)], corpus_settings),
            )
    assert names(corpus_settings) == before


def test_the_servers_charset_is_used(site: NewsSite, corpus_settings: Settings) -> None:
    """A windows-1252 page comes out as the same words in UTF-8."""
    added = store(corpus_settings.corpus_dir, prepare_sources([site.url("/latin")], corpus_settings))
    text = (corpus_settings.corpus_dir / added[0].file.name).read_text(encoding="utf-8")
    assert "Its secretary, Zoë Café, said" in text


def test_a_page_with_no_article_is_refused(site: NewsSite, corpus_settings: Settings) -> None:
    with pytest.raises(NoArticleError, match="no article text"):
        prepare_sources([site.url("/missing-article")], corpus_settings)


def test_the_allowance_off_refuses_the_loopback_site(site: NewsSite, corpus_settings: Settings) -> None:
    settings = corpus_settings.model_copy(update={"fetch_allow_private": False})
    with pytest.raises(UnsafeURLError, match="loopback"):
        prepare_sources([site.url("/news/islington-north-backs-corbyn")], settings)


def test_a_plain_text_link_keeps_its_text(site: NewsSite, corpus_settings: Settings) -> None:
    added = store(
        corpus_settings.corpus_dir, prepare_sources([site.url("/notes/kentish-town.txt")], corpus_settings, "2016-08")
    )
    raw = (corpus_settings.corpus_dir / added[0].file.name).read_text(encoding="utf-8")
    assert added[0].file.name == "kentish-town.txt" and added[0].date == "2016-08"
    assert raw.startswith("date: 2016-08\n---\nKentish Town branch backs Smith\n")


def test_local_files_html_md_and_a_date_override(corpus_settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "Islington Page.HTML").write_text(ISLINGTON, encoding="utf-8")
    (tmp_path / "notes.md").write_text("title: Notes\nsource: Minutes\n---\nThe branch met.\n", encoding="utf-8")
    added = store(
        corpus_settings.corpus_dir,
        prepare_sources(
            [str(tmp_path / "Islington Page.HTML"), str(tmp_path / "notes.md")], corpus_settings, "2016-08-10"
        ),
    )
    assert [a.file.name for a in added] == ["2016-08-10-islington-north-branch-backs-corbyn.md", "notes.md"]
    notes = (corpus_settings.corpus_dir / "notes.md").read_text(encoding="utf-8")
    assert notes == "title: Notes\nsource: Minutes\ndate: 2016-08-10\n---\nThe branch met.\n"


def test_a_taken_name_gets_a_number_for_a_page_but_a_file_is_refused(corpus_settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "existing.txt").write_text("Another text.\n", encoding="utf-8")
    with pytest.raises(WhobackedError, match="`existing` is already in the corpus: rename existing.txt"):
        store(corpus_settings.corpus_dir, prepare_sources([str(tmp_path / "existing.txt")], corpus_settings))
    first = tmp_path / "a.html"
    second = tmp_path / "b.html"
    first.write_text(ISLINGTON, encoding="utf-8")
    second.write_text(
        ISLINGTON.replace("300 votes", "301 votes").replace('backs-corbyn"', 'backs-corbyn-2"'), encoding="utf-8"
    )
    added = store(corpus_settings.corpus_dir, prepare_sources([str(first), str(second)], corpus_settings))
    assert [a.file.name for a in added] == [ISLINGTON_FILE, ISLINGTON_FILE.replace(".md", "-2.md")]


@pytest.mark.parametrize(
    "source, expected",
    [
        ("missing.md", "does not exist"),
        ("minutes.pdf", "not a .txt, .md or .html file"),
        ("ftp://127.0.0.1/a.html", "Only http and https"),
    ],
)
def test_bad_sources_are_one_sentence(corpus_settings: Settings, tmp_path: Path, source: str, expected: str) -> None:
    (tmp_path / "minutes.pdf").write_bytes(b"%PDF")
    path_or_url = source if "://" in source else str(tmp_path / source)
    with pytest.raises(WhobackedError, match=expected):
        prepare_sources([path_or_url], corpus_settings)


def test_url_key_ignores_scheme_www_slash_fragment_and_tracking() -> None:
    assert url_key("https://www.Example.com/a/b/?utm_source=x&id=3#top") == url_key("http://example.com/a/b?id=3")
    assert url_key("http://example.com/a") != url_key("http://example.com/b")
