"""`whobacked remove`, `trash` and `restore`: nothing is deleted, everything comes back, refusals say what to do."""

from __future__ import annotations

import getpass

import pytest

import cli.main
from cli.main import main
from index.ingest.manage import trash_file
from index.search.build import BuildError
from index.search.snapshot import DataLayout
from index.settings import Settings

HAMPSTEAD = "2016-08-hampstead-kilburn-backs-corbyn"


def corpus_ids(settings: Settings) -> list[str]:
    return sorted(p.stem for p in settings.corpus_dir.iterdir())


def test_remove_goes_to_the_trash_and_restore_brings_it_back(
    workspace: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """remove moves the file to the trash and builds; trash lists it; restore by article id puts it back and builds."""
    original = (workspace.corpus_dir / f"{HAMPSTEAD}.md").read_bytes()
    assert main(["remove", HAMPSTEAD]) == 0
    out = capsys.readouterr().out
    assert (
        "Moved 2016-08-hampstead-kilburn-backs-corbyn.md to the trash" in out and "Built the index: 1 articles" in out
    )
    assert HAMPSTEAD not in corpus_ids(workspace)

    assert main(["trash"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert len(listing) == 2 and f"--{HAMPSTEAD}.md  removed " in listing[1]
    assert listing[1].endswith("UTC by " + getpass.getuser() + " on the command line")

    assert main(["restore", HAMPSTEAD]) == 0
    out = capsys.readouterr().out
    assert f"Restored {workspace.corpus_dir / HAMPSTEAD}.md" in out and "Built the index: 2 articles" in out
    assert (workspace.corpus_dir / f"{HAMPSTEAD}.md").read_bytes() == original
    assert main(["trash"]) == 0
    assert capsys.readouterr().out == "The trash is empty: nothing to restore.\n"


def test_restore_of_something_not_in_the_trash_says_where_to_look(
    workspace: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["restore", "no-such-article"]) == 1
    err = capsys.readouterr().err
    assert (
        err
        == "whobacked: Nothing called `no-such-article` is in the trash: run `whobacked trash` to see what can be restored.\n"
    )


def test_restore_over_an_article_of_the_same_id_is_refused(
    workspace: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the article is in the corpus again, restore refuses, names the remove command and keeps the trashed copy."""
    assert main(["remove", HAMPSTEAD, "--no-build"]) == 0
    (workspace.corpus_dir / f"{HAMPSTEAD}.txt").write_text("A new version of the article.", encoding="utf-8")
    capsys.readouterr()
    assert main(["restore", HAMPSTEAD]) == 1
    err = capsys.readouterr().err
    assert f"run `whobacked remove {HAMPSTEAD}` first" in err and err.count("\n") == 1
    assert (workspace.corpus_dir / f"{HAMPSTEAD}.txt").read_text(encoding="utf-8") == "A new version of the article."
    assert len(list(DataLayout(workspace.data_dir).trash.glob(f"*--{HAMPSTEAD}.md"))) == 1


def test_remove_puts_the_article_back_when_the_build_fails(
    workspace: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A removal and its build are one operation: a failed build leaves the article in the corpus, trash empty."""

    def fail(*args: object, **kwargs: object) -> None:
        raise BuildError("The index could not be written to data (No space left on device).")

    monkeypatch.setattr(cli.main, "build_index", fail)
    assert main(["remove", HAMPSTEAD]) == 1
    err = capsys.readouterr().err
    assert err.startswith("whobacked: The index could not be written") and "is back in the corpus" in err
    assert HAMPSTEAD in corpus_ids(workspace)
    assert main(["trash"]) == 0 and "empty" in capsys.readouterr().out


def test_remove_of_an_unknown_article_is_one_sentence(workspace: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remove", "../tests"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("whobacked: No article is called `../tests` in ") and err.count("\n") == 1
    assert len(corpus_ids(workspace)) == 2


def test_trash_shows_who_removed_an_article_in_discord(workspace: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    """An article a moderator removed shows the member's id, the server and the channel."""
    note = {"action": "remove", "by": 123, "guild": 456, "channel": 789}
    trashed = trash_file(workspace.corpus_dir / f"{HAMPSTEAD}.md", DataLayout(workspace.data_dir).trash, note)
    assert main(["trash"]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert line.startswith(f"  {trashed.name}  removed ") and line.endswith(
        "UTC by Discord user 123 in server 456, channel 789"
    )
