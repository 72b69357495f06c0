"""Runs builds in forked children of one process that loaded the real model once, and can SIGKILL them.

Protocol: one JSON request per stdin line, one JSON result per stdout line (after a first line ``ready``).
A request names ``corpus_dir`` and ``data_dir`` and may set ``kill_after`` (seconds after the fork to SIGKILL
the child), ``cold`` (delete the embedding cache first, so the child must embed) and ``file_size_limit``
(RLIMIT_FSIZE in bytes for the child, so its writes fail like on a full disk). The result says whether the
child was killed, the last build stage it reached, how long it ran and, when it finished, the error it raised and whether that error was one for users.

This process never encodes anything itself: a forked child can then use the model's threads safely.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
from pathlib import Path

from index.errors import WhobackedError
from index.search.build import build_index
from index.search.embedder import Embedder
from index.search.snapshot import DataLayout
from index.settings import Settings

HANG_SECONDS = 180


def run_child(settings: Settings, embedder: Embedder, file_size_limit: int | None, report: int) -> None:
    """Build once in this forked child, write the outcome to the report pipe, then exit without cleanup."""
    if file_size_limit is not None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, resource.RLIM_INFINITY))
    outcome: dict[str, object] = {"error": None, "error_type": None, "user_error": False}
    try:
        build_index(settings, embedder, lambda stage, done, total: os.write(report, f"{stage}\n".encode()))
    except BaseException as error:  # the test decides which errors are acceptable
        outcome = {
            "error": str(error),
            "error_type": type(error).__name__,
            "user_error": isinstance(error, WhobackedError),
        }
    os.write(report, json.dumps(outcome).encode("utf-8") + b"\n")
    os._exit(0)


def wait_at_most(child: int, seconds: float) -> int:
    """The child's exit status; a child still running after seconds is killed, so a hang cannot stall the tests."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        finished, status = os.waitpid(child, os.WNOHANG)
        if finished:
            return status
        time.sleep(0.01)
    os.kill(child, signal.SIGKILL)
    return os.waitpid(child, 0)[1]


def serve(embedder: Embedder, request: dict) -> dict:
    """Fork one build as the request says and report how it ended."""
    settings = Settings(corpus_dir=Path(request["corpus_dir"]), data_dir=Path(request["data_dir"]), model="")
    if request.get("cold"):
        DataLayout(settings.data_dir).embedding_cache.unlink(missing_ok=True)
    readable, writable = os.pipe()
    started = time.perf_counter()
    child = os.fork()
    if child == 0:
        os.close(readable)
        run_child(settings, embedder, request.get("file_size_limit"), writable)
    os.close(writable)
    if request.get("kill_after") is not None:
        time.sleep(request["kill_after"])
        os.kill(child, signal.SIGKILL)
        _, status = os.waitpid(child, 0)
    else:
        status = wait_at_most(child, HANG_SECONDS)
    seconds = time.perf_counter() - started
    with os.fdopen(readable, encoding="utf-8") as pipe:
        reported = ["started", *pipe.read().splitlines()]
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    stages = [line for line in reported if not line.startswith("{")]
    outcome = json.loads(reported[-1]) if reported[-1].startswith("{") and not killed else {}
    return {"killed": killed, "stage": stages[-1], "seconds": seconds, **outcome}


def main() -> None:
    embedder = Embedder(Settings(model="").model_name_or_path)
    print("ready", flush=True)
    for line in sys.stdin:
        print(json.dumps(serve(embedder, json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
