"""/graph pictures: drawn on workers of their own, a few at once, cached per (name, index build), any name safe."""

from __future__ import annotations

import asyncio
import dataclasses
from collections import OrderedDict
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

from bot.limits import SlowDown

if TYPE_CHECKING:
    from index.engine import Engine

DOLLAR, SAFE_DOLLAR = "$", r"\$"  # matplotlib reads $...$ as math text; an escaped sign is shown as a plain $
CACHED_PICTURES = 32
BUSY = "Slow down a little: many pictures are being drawn right now, ask again in a few seconds."


def mathtext_safe(text: str) -> str:
    return text.replace(DOLLAR, SAFE_DOLLAR)


class _MathTextSafeEngine:
    """The engine as the graph sees it: every name and label with its dollar signs made inert."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def endorsements(self, name: str = "") -> list[Any]:
        records = self._engine.endorsements(name.replace(SAFE_DOLLAR, DOLLAR))
        changes: list[dict[str, Any]] = [
            {
                f.name: mathtext_safe(getattr(r, f.name))
                for f in dataclasses.fields(r)
                if isinstance(getattr(r, f.name), str) and DOLLAR in getattr(r, f.name)
            }
            for r in records
        ]
        return [dataclasses.replace(r, **change) for r, change in zip(records, changes, strict=True)]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)


class Graphs:
    """Draws at most `workers` pictures at once; `max_waiting` more may wait, later ones are told to slow down."""

    def __init__(self, executor: Executor, workers: int, max_waiting: int = 16) -> None:
        self._executor = executor
        self._slots = asyncio.Semaphore(workers)
        self.max_waiting = max_waiting
        self.waiting = 0
        self._cache: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self.drawn = 0

    async def picture(self, engine: Engine, name: str, **options: Any) -> bytes:
        """The PNG for NAME (all records when empty), from the cache when this index build drew it already."""
        key = (name.strip().casefold(), str(engine.snapshot.folder))
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        if self._slots.locked() and self.waiting >= self.max_waiting:
            raise SlowDown(BUSY)
        self.waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self.waiting -= 1
        try:
            if key in self._cache:  # drawn while this request waited
                return self._cache[key]
            from index.tools.graph import render_graph_for  # matplotlib loads on first use, not at start-up

            safe = _MathTextSafeEngine(engine)
            loop = asyncio.get_running_loop()
            picture = await loop.run_in_executor(
                self._executor, lambda: render_graph_for(safe, mathtext_safe(name), **options)
            )
            self.drawn += 1
        finally:
            self._slots.release()
        self._cache[key] = picture
        while len(self._cache) > CACHED_PICTURES:
            self._cache.popitem(last=False)
        return picture
