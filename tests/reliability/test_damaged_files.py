"""Damaged index files, a locked database, a missing model, a full disk: one sentence, then a rebuild recovers."""

import errno
import sqlite3
from pathlib import Path

import pytest

import index.search.build
from cli.main import main
from index.search.build import build_index
from index.search.embedder import Embedder
from index.search.snapshot import LEXICAL, STORE, VECTORS, DataLayout, read_manifest
from index.settings import Settings
from tests.reliability.conftest import BuildWorker

QUESTION = "Who is the secretary of the Hampstead and Kilburn branch?"


def one_sentence(err: str) -> str:
    """The single line a command wrote to stderr, checked to be a user message, not a traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("whobacked: ") and "Traceback" not in err, err
    return lines[0]


def no_partial_snapshot(settings: Settings) -> bool:
    return not list(DataLayout(settings.data_dir).snapshots.glob("*.partial"))


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def scramble_start(path: Path) -> None:
    """Overwrite the first kilobyte, keeping the size (so the manifest's size check passes)."""
    data = path.read_bytes()
    path.write_bytes(b"\xa5" * 1024 + data[1024:])


def replace_with_other_json(path: Path) -> None:
    path.write_text("[1, 2, 3]", encoding="utf-8")


def delete(path: Path) -> None:
    path.unlink()


def rebuild_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelname == "WARNING" and "rebuilding it" in r.getMessage()]


@pytest.mark.parametrize(
    ("file_name", "damage"),
    [
        (VECTORS, truncate),
        (VECTORS, scramble_start),
        (STORE, scramble_start),
        (STORE, truncate),
        (f"{LEXICAL}/vocab.index.json", replace_with_other_json),
        (f"{LEXICAL}/params.index.json", delete),
    ],
    ids=["truncated-faiss", "corrupted-faiss", "corrupted-sqlite", "truncated-sqlite", "bm25-vocab", "bm25-params"],
)
def test_damaged_index_file_is_reported_in_one_sentence_and_rebuilt(
    cli: Settings, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, file_name: str, damage: object
) -> None:
    """`ask` over a damaged index warns in one sentence, rebuilds from the corpus and answers; nothing crashes."""
    assert main(["build"]) == 0
    damaged = DataLayout(cli.data_dir).current()
    damage(damaged / file_name)  # type: ignore[operator]
    capsys.readouterr()
    assert main(["ask", QUESTION]) == 0
    [warning] = rebuild_warnings(caplog)
    assert any(word in warning for word in (file_name, "cannot be read", "lexical index")) and "\n" not in warning
    assert DataLayout(cli.data_dir).current() != damaged
    assert main(["ask", QUESTION]) == 0
    out, err = capsys.readouterr()
    assert "Peter Taheri" in out and not err


@pytest.mark.slow
def test_locked_database_is_reported_and_answers_come_from_a_rebuild(
    cli: Settings, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """A database another program locks exclusively is reported in one sentence; a rebuilt index answers."""
    assert main(["build"]) == 0
    locker = sqlite3.connect(DataLayout(cli.data_dir).current() / STORE)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        capsys.readouterr()
        assert main(["ask", QUESTION]) == 0
        assert "Peter Taheri" in capsys.readouterr().out
        [warning] = rebuild_warnings(caplog)
        assert "database is locked" in warning
    finally:
        locker.close()


@pytest.mark.parametrize("model", ["/nope", "no-such-model-anywhere"])
def test_missing_model_is_one_sentence_and_changes_nothing(
    warm: Settings,
    embedder: Embedder,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    model: str,
) -> None:
    """WHOBACKED_MODEL naming no model: `build` and `ask` exit 1 with one sentence; the index in use is kept."""
    settings = warm
    build_index(settings, embedder)
    layout = DataLayout(settings.data_dir)
    before = sorted(layout.snapshots.iterdir()), layout.current()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WHOBACKED_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("WHOBACKED_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("WHOBACKED_MODEL", model)
    for command in (["build"], ["ask", QUESTION]):
        capsys.readouterr()
        assert main(command) == 1
        assert "WHOBACKED_MODEL" in one_sentence(capsys.readouterr().err)
    assert (sorted(layout.snapshots.iterdir()), layout.current()) == before


def full_disk(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def full_database(*args: object, **kwargs: object) -> None:
    raise sqlite3.OperationalError("database or disk is full")


@pytest.mark.parametrize(
    ("writer", "failure"),
    [
        ("write_store", full_database),
        ("EmbeddingCache", full_database),
        ("save_vector_index", full_disk),
        ("build_lexical_index", full_disk),
        ("write_manifest", full_disk),
        ("sync_tree", full_disk),
    ],
)
def test_full_disk_during_build_is_one_sentence_and_keeps_the_index(
    cli: Settings,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    writer: str,
    failure: object,
) -> None:
    """A write failing for lack of space: exit 1, one sentence naming it, no partial snapshot, old index answers."""
    assert main(["build"]) == 0
    before = DataLayout(cli.data_dir).current()
    monkeypatch.setattr(index.search.build, writer, failure)
    capsys.readouterr()
    assert main(["build"]) == 1
    message = one_sentence(capsys.readouterr().err)
    assert "disk is full" in message or "No space left on device" in message
    assert DataLayout(cli.data_dir).current() == before and no_partial_snapshot(cli)
    assert main(["ask", QUESTION]) == 0
    assert "Peter Taheri" in capsys.readouterr().out


@pytest.mark.slow
def test_real_write_failures_never_switch_to_a_half_written_index(
    build_worker: BuildWorker, settings: Settings
) -> None:
    """Builds whose writes hit a file-size limit (as on a full disk) fail with a user message and keep the index."""
    assert build_worker.build(settings, cold=True)["error"] is None
    layout = DataLayout(settings.data_dir)
    before = layout.current()
    largest = sorted(read_manifest(before).files.values(), reverse=True)
    cache = layout.embedding_cache.stat().st_size
    cases = [(largest[0] - 1, False), (largest[1] - 1, False), (1024, False), (cache // 2, True)]
    for limit, cold in cases:  # the FAISS file one byte short, the store, the first write, the embedding cache
        result = build_worker.build(settings, cold=cold, file_size_limit=limit)
        assert result["user_error"] and result["error_type"] == "BuildError", (limit, result)
        assert layout.current() == before and read_manifest(before) and no_partial_snapshot(settings)
    assert build_worker.build(settings)["error"] is None


def test_damaged_embedding_cache_is_started_afresh(
    warm: Settings, embedder: Embedder, caplog: pytest.LogCaptureFixture
) -> None:
    """A cache file that is not a database is replaced with a warning; the build embeds everything again."""
    settings = warm
    cache = DataLayout(settings.data_dir).embedding_cache
    cache.write_bytes(b"not a database" * 100)
    manifest = build_index(settings, embedder)
    assert manifest.embedded == manifest.paragraphs
    assert "embedding cache" in caplog.text and "damaged" in caplog.text
    assert build_index(settings, embedder).embedded == 0


@pytest.mark.parametrize(
    "pointer",
    [b"20990101T000000000000Z", b"..", b"../../etc", b"", b"\x00garbage\n", b"\xff\xfe not UTF-8"],
    ids=["missing", "parent", "outside", "empty", "nul", "not-utf8"],
)
def test_current_pointer_to_nothing_rebuilds_on_the_next_ask(
    cli: Settings, capsys: pytest.CaptureFixture[str], pointer: bytes
) -> None:
    """CURRENT naming a missing, odd or outside folder counts as no index: `ask` builds a fresh one and answers."""
    assert main(["build"]) == 0
    layout = DataLayout(cli.data_dir)
    layout.current_pointer.write_bytes(pointer)
    capsys.readouterr()
    assert main(["ask", QUESTION]) == 0
    assert "Peter Taheri" in capsys.readouterr().out
    assert layout.current() is not None and layout.current().parent == layout.snapshots
