"""Two builds at once from the command line: the second is refused, or waits with --wait; the data stays whole."""

import select
import subprocess
import threading
import time
from pathlib import Path

import pytest

from index.engine import Engine
from index.search.build import build_index
from index.search.embedder import Embedder
from index.search.snapshot import DataLayout, read_manifest
from index.settings import Settings
from tests.reliability.conftest import cli_environment, corpus_hashes, whobacked_command

STARTUP_SECONDS = 120  # a fresh `whobacked` process imports torch and loads the model; CI machines are slow


def wait_for_line(stream: object, text: str) -> str:
    """The first line of an unbuffered binary stream that contains text; fails after STARTUP_SECONDS."""
    deadline = time.monotonic() + STARTUP_SECONDS
    seen = []
    while (left := deadline - time.monotonic()) > 0 and select.select([stream], [], [], left)[0]:
        line = stream.readline().decode("utf-8", "replace")  # type: ignore[attr-defined]
        if not line:
            break
        seen.append(line)
        if text in line:
            return line
    raise AssertionError(f"no line with {text!r} in {seen}")


@pytest.mark.slow
def test_second_build_is_refused_and_a_waiting_one_runs_after(
    warm: Settings, embedder: Embedder, tmp_path: Path
) -> None:
    """While a build runs, `whobacked build` says so in one sentence; `--wait` waits, then builds; no mix-up."""
    settings = warm
    corpus_before = corpus_hashes(settings.corpus_dir)
    running, release = threading.Event(), threading.Event()

    def hold(stage: str, done: int, total: int) -> None:
        if stage == "embedding":
            running.set()
            release.wait(STARTUP_SECONDS)

    first = threading.Thread(target=build_index, args=(settings, embedder, hold))
    first.start()
    try:
        assert running.wait(60), "the first build did not start"
        environment = cli_environment(settings, tmp_path)
        refused = subprocess.run(
            whobacked_command("build"), env=environment, cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert refused.returncode == 1
        assert refused.stderr.strip().splitlines() == [
            "whobacked: Another build is running: wait for it to finish and try again. Or run `whobacked build --wait` to wait for it."
        ]
        waiting = subprocess.Popen(
            whobacked_command("build", "--wait"),
            env=environment,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
        )
        assert "waiting for it to finish" in wait_for_line(waiting.stderr, "Another build is running")
    finally:
        release.set()
        first.join()
    out, err = waiting.communicate(timeout=STARTUP_SECONDS)
    assert waiting.returncode == 0, err.decode()
    assert out.decode().startswith("Built the index: 2 articles, 41 paragraphs (0 embedded")

    layout = DataLayout(settings.data_dir)
    assert len(list(layout.snapshots.iterdir())) == 2 and not list(layout.snapshots.glob("*.partial"))
    assert read_manifest(layout.current()).paragraphs == 41
    engine = Engine(settings, embedder)
    engine.reload()
    assert "Peter Taheri" in engine.snapshot.retriever.search("Peter Taheri branch secretary", k=1)[0].paragraph.text
    assert corpus_hashes(settings.corpus_dir) == corpus_before
