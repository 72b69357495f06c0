"""`whobacked graph [NAME] --out FILE.png`: writes the picture, or says in one sentence why it cannot."""

from pathlib import Path

import pytest

from cli.main import main
from index.engine import Engine

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def built(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point the command at the shared, already built index; return an empty folder for the pictures."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WHOBACKED_CORPUS_DIR", str(engine.settings.corpus_dir))
    monkeypatch.setenv("WHOBACKED_DATA_DIR", str(engine.settings.data_dir))
    return tmp_path


def test_graph_of_a_name_writes_a_png(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`graph Starmer --out starmer.png` writes a PNG and says where."""
    assert main(["graph", "Starmer", "--out", "starmer.png"]) == 0
    assert (built / "starmer.png").read_bytes().startswith(PNG_SIGNATURE)
    assert "starmer.png" in capsys.readouterr().out


def test_unknown_name_is_one_sentence_naming_the_known(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A name in no record exits 1 with one line listing known names, and writes nothing."""
    assert main(["graph", "Nicola Sturgeon", "--out", "sturgeon.png"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("whobacked: ") and error.count("\n") == 1
    assert "Nicola Sturgeon" in error and "Keir Starmer" in error
    assert not (built / "sturgeon.png").exists()


def test_out_must_be_a_png_in_an_existing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong file type or a missing folder is refused in one sentence before any work is done."""
    assert main(["graph", "--out", str(tmp_path / "graph.jpg")]) == 1
    assert "ending in .png" in capsys.readouterr().err
    assert main(["graph", "--out", str(tmp_path / "missing" / "graph.png")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
