"""`whobacked add`: links and files stored, printed, built incrementally; every refusal one sentence, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main
from index.settings import Settings
from tests.index.ingest.site import HAMPSTEAD, NewsSite, guard_loopback

ISLINGTON_FILE = "2016-08-09-islington-north-branch-backs-corbyn.md"


@pytest.fixture
def environment(settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    """The command over the test's corpus and data, fetching allowed only because the test site is on 127.0.0.1."""
    guard_loopback(monkeypatch)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WHOBACKED_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("WHOBACKED_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("WHOBACKED_FETCH_ALLOW_PRIVATE", "true")
    return settings


def corpus_names(settings: Settings) -> list[str]:
    return sorted(p.name for p in settings.corpus_dir.iterdir())


def test_add_a_link_prints_what_it_stored_and_builds(
    site: NewsSite, environment: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """The article is stored with its header, reported, built, and then answers questions."""
    assert main(["add", site.url("/news/islington-north-backs-corbyn")]) == 0
    out = capsys.readouterr().out
    assert (
        f"Stored {environment.corpus_dir / ISLINGTON_FILE}: “Islington North branch backs Corbyn” "
        "(The Test Gazette), dated 2016-08-09, 3 paragraphs." in out
    )
    assert "Built the index: 3 articles" in out
    assert main(["backers", "Islington North"]) == 0
    assert "Jeremy Corbyn" in capsys.readouterr().out


def test_add_no_build_with_a_date_and_a_local_html_file(
    environment: Settings, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "saved.html"
    page.write_text(HAMPSTEAD, encoding="utf-8")
    assert main(["add", str(page), "--no-build", "--date", "2016-08-11"]) == 0
    out = capsys.readouterr().out
    assert "2016-08-11-hampstead-members-nominate-smith.md: “Hampstead members nominate Smith”, dated 2016-08-11" in out
    assert "Not built (--no-build)" in out and not environment.data_dir.exists()


@pytest.mark.parametrize(
    "arguments, expected",
    [
        (["/missing-article"], "no article text"),
        (["/minutes.pdf"], "not a web page"),
        (["/hop/1"], "redirects more than 5 times"),
        (["/huge"], None),
        (["/news/islington-north-backs-corbyn", "--date", "9 Aug 2016"], "give it as YYYY-MM-DD"),
        (["/news/islington-north-backs-corbyn", "/news/islington-north-backs-corbyn"], "already in the corpus as"),
    ],
    ids=["no article", "pdf", "redirect chain", "huge", "bad date", "twice"],
)
def test_refusals_are_one_sentence_exit_1_and_change_nothing(
    site: NewsSite,
    environment: Settings,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    expected: str | None,
) -> None:
    monkeypatch.setenv("WHOBACKED_FETCH_MAX_MB", "0.25")
    before = corpus_names(environment)
    argv = ["add", *(site.url(a) if a.startswith("/") else a for a in arguments)]
    assert main(argv) == 1
    captured = capsys.readouterr()
    error = captured.err.strip()
    assert error.startswith("whobacked: ") and error.count("\n") == 0 and error.endswith(".")
    assert (expected or "larger than 256 KB") in error and captured.out == ""
    assert corpus_names(environment) == before and not environment.data_dir.exists()


def test_the_allowance_off_refuses_a_name_resolving_to_loopback(
    site: NewsSite, environment: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WHOBACKED_FETCH_ALLOW_PRIVATE", "false")
    assert main(["add", site.url("/news/islington-north-backs-corbyn", host="localhost")]) == 1
    assert "localhost resolves to a loopback address" in capsys.readouterr().err
