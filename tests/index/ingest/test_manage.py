"""Corpus file management: uploaded names never become paths; type, size, encoding and overwrite are checked."""

from pathlib import Path

import pytest

from index.ingest.manage import (
    ArticleExistsError,
    ArticleNotFoundError,
    CorpusFileError,
    FileTooLargeError,
    NotTextError,
    UnsupportedFileError,
    add_article,
    list_articles,
    remove_article,
    safe_file_name,
)

ARTICLE = b"title: A branch\n---\nThe branch backed Jeremy Corbyn.\n"


@pytest.mark.parametrize(
    "name, safe",
    [
        ("../../etc/evil.md", "evil.md"),
        ("..\\..\\Windows\\Notes.TXT", "notes.txt"),
        ("Café Société – Report (2016).md", "cafe-societe-report-2016.md"),
        ("/abs/path/.hidden.md", "hidden.md"),
        ("x" * 300 + ".md", "x" * 80 + ".md"),
    ],
)
def test_safe_file_name_is_flat_and_plain(name: str, safe: str) -> None:
    """Any uploaded name becomes one flat lower-case ASCII file name with its .md or .txt suffix."""
    assert safe_file_name(name) == safe


@pytest.mark.parametrize("name", ["../../etc/passwd", "report.pdf", "script.md.exe", "....md", "—.txt", ""])
def test_unusable_names_are_refused(name: str) -> None:
    """Names without a .md/.txt suffix or without letters are refused with a sentence."""
    with pytest.raises(UnsupportedFileError):
        safe_file_name(name)


def test_add_writes_inside_the_corpus_only(tmp_path: Path) -> None:
    """A name that tries to climb out is written inside the corpus folder, nowhere else."""
    corpus = tmp_path / "corpus"
    added = add_article(corpus, "../../escape.md", ARTICLE)
    assert added.name == "escape.md" and (corpus / "escape.md").read_bytes() == ARTICLE
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["escape.md"]


def test_add_refuses_bad_content_and_changes_nothing(tmp_path: Path) -> None:
    """Too large, not UTF-8, no text: each refused, the folder unchanged."""
    corpus = tmp_path / "corpus"
    add_article(corpus, "first.md", ARTICLE)
    for data, error in [
        (b"a" * 2048, FileTooLargeError),
        ("Café".encode("latin-1"), NotTextError),
        (b"title: x\n---\n\n", NotTextError),
        (b"text\x00with nul", NotTextError),
    ]:
        with pytest.raises(error):
            add_article(corpus, "second.md", data, max_bytes=1024)
    assert [f.name for f in list_articles(corpus)] == ["first.md"]


def test_overwrite_needs_intent_and_replaces_across_suffixes(tmp_path: Path) -> None:
    """Adding an existing article id is refused unless replace is set; replacing a .txt with .md keeps one file."""
    corpus = tmp_path / "corpus"
    add_article(corpus, "branch.txt", ARTICLE)
    with pytest.raises(ArticleExistsError):
        add_article(corpus, "Branch.md", ARTICLE)
    add_article(corpus, "Branch.md", ARTICLE + b"\nMore.\n", replace=True)
    assert [f.name for f in list_articles(corpus)] == ["branch.md"]


def test_remove_by_id_and_keeps_the_last_article(tmp_path: Path) -> None:
    """Remove deletes by article id; an unknown id or the last article is refused."""
    corpus = tmp_path / "corpus"
    add_article(corpus, "one.md", ARTICLE)
    add_article(corpus, "two.md", ARTICLE)
    with pytest.raises(ArticleNotFoundError):
        remove_article(corpus, "../two")
    assert remove_article(corpus, "two").name == "two.md"
    with pytest.raises(CorpusFileError):
        remove_article(corpus, "one")
    assert [f.article_id for f in list_articles(corpus)] == ["one"]
