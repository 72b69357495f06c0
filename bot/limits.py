"""A per-user cooldown and a global cap on answers in flight: refuse with "slow down" instead of queueing forever."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager


class SlowDown(Exception):
    """The user asked too often, or too many answers are in flight; the message says what to do."""


class AnswerGate:
    """Admits a question when its user is within the cooldown and fewer than max_in_flight answers run."""

    def __init__(self, questions: int, seconds: float, max_in_flight: int) -> None:
        self.questions = questions
        self.seconds = seconds
        self.max_in_flight = max_in_flight
        self.in_flight = 0
        self._asked: dict[int, deque[float]] = {}

    @contextmanager
    def admit(self, user_id: int) -> Iterator[None]:
        """Hold one answer slot for user_id while the block runs; raises SlowDown when refused."""
        now = time.monotonic()
        asked = self._asked.setdefault(user_id, deque())
        while asked and now - asked[0] >= self.seconds:
            asked.popleft()
        if len(asked) >= self.questions:
            wait = self.seconds - (now - asked[0])
            raise SlowDown(f"Slow down a little: you can ask again in {max(1, round(wait))} s.")
        if self.in_flight >= self.max_in_flight:
            raise SlowDown("Slow down a little: I am answering many questions right now, ask again in a few seconds.")
        asked.append(now)
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1
            self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        """Drop users whose window has passed so the map does not grow without bound."""
        if len(self._asked) > 10_000:
            self._asked = {u: q for u, q in self._asked.items() if q and now - q[-1] < self.seconds}
