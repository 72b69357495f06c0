"""Conversations of Discord threads, DMs and reply chains, kept in memory: one bounded LRU per server (DMs per user).

A flood of questions in one server only evicts that server's conversations, and a reply in one server to a
message of another never continues the other server's conversation. Servers and DM users are bounded apart,
so that however many accounts write to the bot in DMs, no server's conversations are forgotten for them.
"""

from __future__ import annotations

from collections import OrderedDict

from index import Conversation

MAX_CONVERSATIONS = 500
"""Conversations remembered per server (or per DM user)."""
MAX_ANSWER_LINKS = 2000
"""Answer messages remembered per server, for replies to them."""
MAX_SERVERS = 2000
"""Servers remembered at all; the least recently active server is forgotten beyond it."""
MAX_DM_USERS = 2000
"""DM users remembered, apart from the servers; the least recently active is forgotten beyond it."""

Scope = tuple[str, int]


def scope_of(guild_id: int | None, user_id: int) -> Scope:
    """A server's scope, or a DM user's own."""
    return ("guild", guild_id) if guild_id is not None else ("dm", user_id)


class _Memory:
    """One scope's conversations and answer links."""

    def __init__(self) -> None:
        self.conversations: OrderedDict[int, Conversation] = OrderedDict()
        self.answers: OrderedDict[int, int] = OrderedDict()


class Conversations:
    """Conversation per (scope, key): a thread or DM channel id, or the id of the message that started a chain."""

    def __init__(self, size: int = MAX_CONVERSATIONS, servers: int = MAX_SERVERS, dm_users: int = MAX_DM_USERS) -> None:
        self.size = size
        self._bounds = {"guild": servers, "dm": dm_users}
        self._memories: dict[str, OrderedDict[int, _Memory]] = {"guild": OrderedDict(), "dm": OrderedDict()}

    def _memory(self, scope: Scope) -> _Memory:
        """The scope's memory, made the most recent of its kind; the least recent of that kind is forgotten."""
        kind, ident = scope
        memories = self._memories[kind]
        memory = memories.pop(ident, None) or _Memory()
        memories[ident] = memory
        while len(memories) > self._bounds[kind]:
            memories.popitem(last=False)
        return memory

    def _peek(self, scope: Scope) -> _Memory | None:
        kind, ident = scope
        return self._memories[kind].get(ident)

    def get(self, scope: Scope, key: int) -> Conversation:
        """The conversation of key in scope, started when new; the least recently used of the scope is forgotten."""
        memory = self._memory(scope)
        conversation = memory.conversations.pop(key, None) or Conversation()
        memory.conversations[key] = conversation
        while len(memory.conversations) > self.size:
            memory.conversations.popitem(last=False)
        return conversation

    def has(self, scope: Scope, key: int) -> bool:
        memory = self._peek(scope)
        return memory is not None and key in memory.conversations

    def link_answer(self, scope: Scope, message_id: int, key: int) -> None:
        """Remember that the bot's message message_id answered in conversation key of scope."""
        memory = self._memory(scope)
        memory.answers[message_id] = key
        while len(memory.answers) > MAX_ANSWER_LINKS:
            memory.answers.popitem(last=False)

    def key_of_answer(self, scope: Scope, message_id: int) -> int | None:
        """The conversation an answer message of this scope belongs to; None for other scopes' messages."""
        memory = self._peek(scope)
        return memory.answers.get(message_id) if memory is not None else None

    def forget_scope(self, scope: Scope) -> None:
        """Forget every conversation of one scope (a DM user's, for /privacy action:delete)."""
        kind, ident = scope
        self._memories[kind].pop(ident, None)
