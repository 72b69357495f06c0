"""A per-user cooldown and a cap on answers in flight; beyond the cap questions wait in a bounded queue."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class SlowDown(Exception):
    """The user asked too often, or the queue of questions is full; the message says what to do."""


BUSY = "Slow down a little: I am answering many questions right now, ask again in a few seconds."


class AnswerGate:
    """Admits a question when its user is within the cooldown; at most max_in_flight answers run at once.

    Questions beyond the cap wait (at most max_waiting of them, each at most wait_seconds) instead of being
    refused, since an answer takes milliseconds.
    """

    def __init__(
        self,
        questions: int,
        seconds: float,
        max_in_flight: int,
        max_waiting: int = 256,
        wait_seconds: float = 20.0,
    ) -> None:
        self.questions = questions
        self.seconds = seconds
        self.max_in_flight = max_in_flight
        self.max_waiting = max_waiting
        self.wait_seconds = wait_seconds
        self.in_flight = 0
        self.waiting = 0
        self._slots: asyncio.Semaphore | None = None
        self._asked: dict[int, deque[float]] = {}

    def check(self, user_id: int) -> None:
        """Count one question of user_id, or raise SlowDown when they asked too often."""
        now = time.monotonic()
        asked = self._asked.setdefault(user_id, deque())
        while asked and now - asked[0] >= self.seconds:
            asked.popleft()
        if len(asked) >= self.questions:
            wait = self.seconds - (now - asked[0])
            raise SlowDown(f"Slow down a little: you can ask again in {max(1, round(wait))} s.")
        asked.append(now)
        self._forget_idle(now)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one answer slot while the block runs, waiting in the queue when all are taken."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.max_in_flight)
        if self._slots.locked() and self.waiting >= self.max_waiting:
            raise SlowDown(BUSY)
        self.waiting += 1
        try:
            async with asyncio.timeout(self.wait_seconds):
                await self._slots.acquire()
        except TimeoutError:
            raise SlowDown(BUSY) from None
        finally:
            self.waiting -= 1
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1
            self._slots.release()

    @asynccontextmanager
    async def admit(self, user_id: int) -> AsyncIterator[None]:
        """The cooldown check, then a slot (see check and slot)."""
        self.check(user_id)
        async with self.slot():
            yield

    def _forget_idle(self, now: float) -> None:
        """Drop users whose window has passed so the map does not grow without bound."""
        if len(self._asked) > 10_000:
            self._asked = {u: q for u, q in self._asked.items() if q and now - q[-1] < self.seconds}
