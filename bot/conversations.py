"""Conversations of Discord threads, DMs and reply chains, kept in memory: one bounded LRU per server (DMs per user).

A flood of questions in one server only evicts that server's conversations, and a reply in one server to a
message of another never continues the other server's conversation.
"""

from __future__ import annotations

from collections import OrderedDict

from index import Conversation

MAX_CONVERSATIONS = 500
"""Conversations remembered per server (or per DM user)."""
MAX_ANSWER_LINKS = 2000
"""Answer messages remembered per server, for replies to them."""
MAX_SCOPES = 2000
"""Servers and DM users remembered at all; the least recently active is forgotten beyond it."""

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

    def __init__(self, size: int = MAX_CONVERSATIONS, scopes: int = MAX_SCOPES) -> None:
        self.size = size
        self.scopes = scopes
        self._memories: OrderedDict[Scope, _Memory] = OrderedDict()

    def _memory(self, scope: Scope, create: bool = True) -> _Memory | None:
        memory = self._memories.pop(scope, None)
        if memory is None:
            if not create:
                return None
            memory = _Memory()
        self._memories[scope] = memory
        while len(self._memories) > self.scopes:
            self._memories.popitem(last=False)
        return memory

    def get(self, scope: Scope, key: int) -> Conversation:
        """The conversation of key in scope, started when new; the least recently used of the scope is forgotten."""
        memory = self._memory(scope)
        assert memory is not None
        conversation = memory.conversations.pop(key, None) or Conversation()
        memory.conversations[key] = conversation
        while len(memory.conversations) > self.size:
            memory.conversations.popitem(last=False)
        return conversation

    def has(self, scope: Scope, key: int) -> bool:
        memory = self._memories.get(scope)
        return memory is not None and key in memory.conversations

    def link_answer(self, scope: Scope, message_id: int, key: int) -> None:
        """Remember that the bot's message message_id answered in conversation key of scope."""
        memory = self._memory(scope)
        assert memory is not None
        memory.answers[message_id] = key
        while len(memory.answers) > MAX_ANSWER_LINKS:
            memory.answers.popitem(last=False)

    def key_of_answer(self, scope: Scope, message_id: int) -> int | None:
        """The conversation an answer message of this scope belongs to; None for other scopes' messages."""
        memory = self._memories.get(scope)
        return memory.answers.get(message_id) if memory is not None else None

    def forget_scope(self, scope: Scope) -> None:
        self._memories.pop(scope, None)
