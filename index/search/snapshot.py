"""Where built indexes live, and the atomic switch between them.

``DATA/snapshots/<name>/`` holds one complete index (``manifest.json``, ``vectors.faiss``,
``store.sqlite3``, ``lexical/``). ``DATA/CURRENT`` names the snapshot in use; it is replaced atomically
only once a new snapshot is complete, so a crash mid-build leaves the previous one in use.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.errors import WhobackedError

MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
STORE = "store.sqlite3"
LEXICAL = "lexical"
FORMAT_VERSION = 3
KEEP_SNAPSHOTS = 2

log = logging.getLogger(__name__)


class SnapshotError(WhobackedError):
    """No usable index; the message says what to do."""


class BuildInProgressError(SnapshotError):
    """Another build holds the build lock."""


@dataclass
class Manifest:
    """What a snapshot was built from and with."""

    model: str
    dimension: int
    built_at: str
    paragraphs: int
    articles: dict[str, str] = field(default_factory=dict)  # article id → sha256 of its text
    files: dict[str, int] = field(default_factory=dict)  # file name → size in bytes
    index_type: str = "flat"
    embedded: int = 0  # paragraphs encoded by this build (the rest came from the cache)
    seconds: float = 0.0
    format: int = FORMAT_VERSION


@dataclass(frozen=True)
class DataLayout:
    """Paths inside the data folder."""

    root: Path

    @property
    def snapshots(self) -> Path:
        return self.root / "snapshots"

    @property
    def current_pointer(self) -> Path:
        return self.root / "CURRENT"

    @property
    def embedding_cache(self) -> Path:
        return self.root / "cache" / "embeddings.sqlite3"

    @property
    def extraction_cache(self) -> Path:
        return self.root / "cache" / "extraction.sqlite3"

    @property
    def build_lock(self) -> Path:
        return self.root / "build.lock"

    @property
    def state_db(self) -> Path:
        return self.root / "state.sqlite3"

    @property
    def trash(self) -> Path:
        """Removed and replaced articles, with trash.jsonl saying who, when and from where."""
        return self.root / "trash"

    def current(self) -> Path | None:
        """The snapshot folder in use, or None when no index was built yet."""
        try:
            name = self.current_pointer.read_text(encoding="utf-8").strip()
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        folder = self.snapshots / name
        plain_name = name not in ("", ".", "..") and name == Path(name).name
        return folder if plain_name and folder.is_dir() else None

    def switch_to(self, snapshot: Path) -> None:
        """Point CURRENT at snapshot atomically (write a temp file, fsync, rename)."""
        temporary = self.current_pointer.with_suffix(".tmp")
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(snapshot.name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.current_pointer)
        _fsync_dir(self.root)

    def prune(self) -> None:
        """Delete unfinished snapshots and all but the newest complete ones (never the current one)."""
        if not self.snapshots.is_dir():
            return
        current = self.current()
        complete = sorted(p for p in self.snapshots.iterdir() if p.is_dir() and not p.name.endswith(".partial"))
        keep = set(complete[-KEEP_SNAPSHOTS:]) | ({current} if current else set())
        for folder in self.snapshots.iterdir():
            if folder not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    @contextmanager
    def locked_for_build(self, wait: bool = False) -> Iterator[None]:
        """Hold the build lock; raise BuildInProgressError if another build holds it and wait is False."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.build_lock, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as error:
                if not wait:
                    raise BuildInProgressError(
                        "Another build is running: wait for it to finish and try again."
                    ) from error
                log.warning("Another build is running: waiting for it to finish.")
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def write_manifest(folder: Path, manifest: Manifest) -> None:
    manifest.files = {p.name: p.stat().st_size for p in folder.iterdir() if p.is_file()}
    (folder / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2), encoding="utf-8")


def read_manifest(folder: Path) -> Manifest:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest(**data)
    except (OSError, ValueError, TypeError) as error:
        raise SnapshotError(f"The index manifest in {folder} is missing or damaged: run `whobacked build`.") from error
    for name, size in manifest.files.items():
        path = folder / name
        if not path.is_file() or path.stat().st_size != size:
            raise SnapshotError(f"The index file {name} is truncated or missing: run `whobacked build` to rebuild it.")
    return manifest


def sync_tree(folder: Path) -> None:
    """fsync every file below folder and the folders themselves, so a rename after it is durable."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    for path in [folder, *[p for p in folder.rglob("*") if p.is_dir()]]:
        _fsync_dir(path)


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
