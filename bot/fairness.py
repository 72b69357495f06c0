"""A fair share of the answer slots across servers: one queue per server (DMs as one more), served in turn.

A server may hold at most `per_scope` of the waiting places, and a freed slot goes to the next server in
round-robin order among those with questions waiting, so one server's flood never makes another's members
wait behind it or be turned away.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import Hashable


class QueueFull(Exception):
    """No waiting place is left for this scope (its own share, or all places)."""


class FairSlots:
    """At most `slots` holders at once; waiters queue per scope and are served round-robin across scopes."""

    def __init__(self, slots: int, max_waiting: int, per_scope: int) -> None:
        self.slots = slots
        self.max_waiting = max_waiting
        self.per_scope = per_scope
        self.in_flight = 0
        self.waiting = 0
        self._queues: OrderedDict[Hashable, deque[asyncio.Future[None]]] = OrderedDict()

    async def acquire(self, scope: Hashable, wait_seconds: float) -> None:
        """Take a slot, waiting in scope's queue; raises QueueFull, or TimeoutError after wait_seconds of waiting."""
        if self.in_flight < self.slots and not self._queues:
            self.in_flight += 1
            return
        queue = self._queues.get(scope)
        if self.waiting >= self.max_waiting or (queue is not None and len(queue) >= self.per_scope):
            raise QueueFull(scope)
        if queue is None:
            queue = self._queues[scope] = deque()  # a scope that starts waiting joins the round at its end
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue.append(turn)
        self.waiting += 1
        try:
            async with asyncio.timeout(wait_seconds):
                await turn
        except BaseException:
            if turn.done() and not turn.cancelled():
                self.release()  # the slot was handed over just as the wait ended: pass it on
            else:
                self._leave(scope, turn)
            raise

    def _leave(self, scope: Hashable, turn: asyncio.Future[None]) -> None:
        queue = self._queues.get(scope)
        if queue is not None and turn in queue:
            queue.remove(turn)
            self.waiting -= 1
            if not queue:
                del self._queues[scope]

    def release(self) -> None:
        """Hand the freed slot to the first waiter of the scope next in turn (which then goes to the end)."""
        while self._queues:
            scope, queue = next(iter(self._queues.items()))
            turn = queue.popleft()
            self.waiting -= 1
            if queue:
                self._queues.move_to_end(scope)
            else:
                del self._queues[scope]
            if not turn.done():
                turn.set_result(None)
                return
        self.in_flight -= 1
