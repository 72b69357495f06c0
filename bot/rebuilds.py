"""One index rebuild at a time; every request that arrives while one runs is merged into the next one."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Generic, TypeVar

Progress = Callable[[str, int, int], None]
T = TypeVar("T")


class Rebuilds(Generic[T]):
    """Runs `rebuild(progress)` on its own executor; a request joins the build that has not started yet.

    A request that arrives while a build runs cannot know whether that build saw its change (a new article),
    so it waits for the next build, which all such requests share: 811 requests make at most two builds.
    """

    def __init__(self, rebuild: Callable[[Progress], T], executor: Executor, running: asyncio.Lock) -> None:
        self._rebuild = rebuild
        self._executor = executor
        self.running = running
        self._next: asyncio.Future[T] | None = None
        self._listeners: list[Progress] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self.builds = 0

    @property
    def busy(self) -> bool:
        """True while a build runs or one is waiting to start."""
        return self.running.locked() or self._next is not None

    def join(self, progress: Progress | None = None) -> asyncio.Future[T]:
        """Join the next build at once (starting one when none is pending): a future of its result or error."""
        if self._next is None:
            self._next = asyncio.get_running_loop().create_future()
            self._listeners = []
            task = asyncio.create_task(self._run(self._next, self._listeners))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        if progress is not None:
            self._listeners.append(progress)
        return asyncio.shield(self._next)

    async def _run(self, future: asyncio.Future[T], listeners: list[Progress]) -> None:
        async with self.running:
            if self._next is future:
                self._next = None  # requests from now on wait for a later build

            def progress(stage: str, done: int, total: int) -> None:
                for listener in list(listeners):
                    listener(stage, done, total)

            self.builds += 1
            try:
                result = await asyncio.get_running_loop().run_in_executor(self._executor, self._rebuild, progress)
            except asyncio.CancelledError:
                future.cancel()
                raise
            except Exception as error:  # every waiting requester gets the error
                future.set_exception(error)
            else:
                future.set_result(result)
