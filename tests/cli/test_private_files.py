"""Everything `whobacked` writes is readable by its user only: files 0600, folders 0700, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

import pytest

from cli.main import main
from index.search.snapshot import DataLayout
from index.settings import Settings


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A permissive umask (0o022, the usual default) around the test."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_build_and_trash_create_nothing_group_or_world_readable(
    workspace: Settings, open_umask: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """After a build and a removal the data folder holds only 0600 files and 0700 folders; the umask comes back."""
    assert main(["build"]) == 0
    assert main(["remove", "2016-08-hampstead-kilburn-backs-corbyn"]) == 0
    assert DataLayout(workspace.data_dir).trash.is_dir()
    created = [workspace.data_dir, *workspace.data_dir.rglob("*")]
    loose = [f"{p} {stat.filemode(p.stat().st_mode)}" for p in created if p.stat().st_mode & 0o077]
    assert len(created) > 10 and loose == []
    assert os.umask(0o022) == 0o022
