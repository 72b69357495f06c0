"""A per-user cooldown and a cap on answers in flight; beyond the cap questions wait in a fair, bounded queue."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.fairness import FairSlots, QueueFull
from bot.settings import BotSettings


class SlowDown(Exception):
    """The user asked too often, or the queue of questions is full; the message says what to do."""


BUSY = "Slow down a little: I am answering many questions right now, ask again in a few seconds."


class AnswerGate:
    """Admits a question when its user is within the cooldown; at most max_in_flight answers run at once.

    Questions beyond the cap wait (at most max_waiting of them, at most per_server of one server or of the DMs,
    each at most wait_seconds) instead of being refused, since an answer takes milliseconds; freed slots go
    round-robin across the servers with questions waiting (bot/fairness.py).
    """

    def __init__(
        self,
        questions: int,
        seconds: float,
        max_in_flight: int,
        max_waiting: int = 1024,
        wait_seconds: float = 20.0,
        per_server: int = 256,
    ) -> None:
        self.questions = questions
        self.seconds = seconds
        self.wait_seconds = wait_seconds
        self.slots = FairSlots(max_in_flight, max_waiting, per_server)
        self._asked: dict[int, deque[float]] = {}

    @classmethod
    def of(cls, settings: BotSettings) -> AnswerGate:
        """The gate the settings describe (DISCORD_COOLDOWN_*, DISCORD_MAX_CONCURRENT_ANSWERS, DISCORD_ANSWER_*)."""
        return cls(
            settings.discord_cooldown_questions,
            settings.discord_cooldown_seconds,
            settings.discord_max_concurrent_answers,
            settings.discord_answer_queue,
            settings.discord_answer_wait_seconds,
            settings.discord_answer_queue_per_server,
        )

    @property
    def in_flight(self) -> int:
        return self.slots.in_flight

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
    async def slot(self, guild_id: int | None) -> AsyncIterator[None]:
        """Hold one answer slot while the block runs, waiting in the server's queue (guild_id None: the DMs')."""
        try:
            await self.slots.acquire(guild_id, self.wait_seconds)
        except (QueueFull, TimeoutError):
            raise SlowDown(BUSY) from None
        try:
            yield
        finally:
            self.slots.release()

    @asynccontextmanager
    async def admit(self, user_id: int, guild_id: int | None) -> AsyncIterator[None]:
        """The cooldown check, then a slot (see check and slot)."""
        self.check(user_id)
        async with self.slot(guild_id):
            yield

    def _forget_idle(self, now: float) -> None:
        """Drop users whose window has passed so the map does not grow without bound."""
        if len(self._asked) > 10_000:
            self._asked = {u: q for u, q in self._asked.items() if q and now - q[-1] < self.seconds}
