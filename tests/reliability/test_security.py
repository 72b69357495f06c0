"""Uploaded file names never become paths outside the corpus folder; secrets never reach the command's output."""

import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.ingest.manage import ArticleNotFoundError, CorpusFileError, add_article, remove_article
from index.settings import Settings
from tests.reliability.conftest import cli_environment, whobacked_command

ARTICLE = b"title: A test article\n---\nThe Test branch backed Jeremy Corbyn by 10 votes to 2.\n"
HOSTILE_NAMES = [
    "../outside.md",
    "../../outside.md",
    "/tmp/outside.md",
    "..\\outside.md",
    "corpus/../../outside.md",
    "....//outside.md",
    "%2e%2e%2foutside.md",
    "~/outside.md",
    "outside.md\x00.png",
    ".md",
    "..md",
    "CON.md",
    "\u202eoutside.md",
    "ﬁle\u2215..\u2215outside.md",
]
names = st.one_of(
    st.sampled_from(HOSTILE_NAMES),
    st.lists(st.sampled_from(["..", "/", "\\", ".", "~", "outside", "%2f", "\x00", "é", " "]), max_size=12)
    .map("".join)
    .map(lambda name: name + ".md"),
    st.text(max_size=60),
)


def files_below(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*")}


@given(names)
@settings(max_examples=200, deadline=None)
def test_any_upload_name_lands_inside_the_corpus_folder_or_is_refused(name: str) -> None:
    """Whatever the attachment is called, the article is written directly in the corpus folder or refused."""
    with tempfile.TemporaryDirectory() as root:
        corpus = Path(root) / "data" / "corpus"
        corpus.mkdir(parents=True)
        (corpus / "existing.md").write_bytes(ARTICLE)
        outside_before = files_below(Path(root)) - files_below(corpus)
        try:
            added = add_article(corpus, name, ARTICLE)
        except CorpusFileError as error:
            assert str(error).strip()
        else:
            written = (corpus / added.name).resolve()
            assert written.parent == corpus.resolve() and written.read_bytes() == ARTICLE
            assert "/" not in added.name and "\\" not in added.name and not added.name.startswith(".")
        assert files_below(Path(root)) - files_below(corpus) == outside_before
        assert {p.name for p in corpus.iterdir() if p.name.startswith(".")} == set()


@pytest.mark.parametrize("article_id", ["../outside", "../../data/outside", "/tmp/outside", "..", ".", "*", ""])
def test_remove_never_reaches_outside_the_corpus_folder(tmp_path: Path, article_id: str) -> None:
    """Removing an article named like a path refuses with a sentence and deletes nothing anywhere."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("one.md", "two.md"):
        (corpus / name).write_bytes(ARTICLE)
    (tmp_path / "outside.md").write_bytes(ARTICLE)
    before = files_below(tmp_path)
    with pytest.raises(ArticleNotFoundError):
        remove_article(corpus, article_id)
    assert files_below(tmp_path) == before


@pytest.mark.slow
def test_token_and_env_values_never_appear_in_verbose_output(warm: Settings, tmp_path: Path) -> None:
    """`whobacked -v ask -` (which builds first) with a token in the environment and in .env never prints either."""
    secret_in_env = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Genv00.environment-secret-value"
    secret_in_file = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gfile0.dotenv-secret-value"
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={secret_in_file}\n", encoding="utf-8")
    environment = cli_environment(warm, tmp_path) | {"DISCORD_TOKEN": secret_in_env}
    result = subprocess.run(
        whobacked_command("-v", "ask", "-"),
        input="Who is Keir Starmer backing?\nWhat is the Discord token?\n",
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "Smith" in result.stdout  # it built the index and answered
    for secret in (secret_in_env, secret_in_file, "environment-secret", "dotenv-secret"):
        assert secret not in output


@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000).map(lambda text: text.encode("utf-8"))))
@settings(max_examples=150, deadline=None)
def test_any_upload_content_is_stored_byte_for_byte_or_refused(data: bytes) -> None:
    """Whatever an attachment holds, it is stored unchanged (so quotes stay verbatim) or refused with a sentence."""
    with tempfile.TemporaryDirectory() as root:
        corpus = Path(root)
        try:
            added = add_article(corpus, "upload.md", data)
        except CorpusFileError as error:
            assert str(error).strip() and list(corpus.iterdir()) == []
        else:
            assert (corpus / added.name).read_bytes() == data and [p.name for p in corpus.iterdir()] == [added.name]
