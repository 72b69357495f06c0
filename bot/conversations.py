"""Conversations of Discord threads, DMs and reply chains, kept in memory in a bounded LRU."""

from __future__ import annotations

from collections import OrderedDict

from index import Conversation

MAX_CONVERSATIONS = 2000
MAX_ANSWER_LINKS = 10_000


class Conversations:
    """Conversation per key (a thread or DM channel id, or the id of the message that started a reply chain)."""

    def __init__(self, size: int = MAX_CONVERSATIONS) -> None:
        self.size = size
        self._by_key: OrderedDict[int, Conversation] = OrderedDict()
        self._key_of_answer: OrderedDict[int, int] = OrderedDict()

    def get(self, key: int) -> Conversation:
        """The conversation of key, started when new; the least recently used is forgotten beyond size."""
        conversation = self._by_key.pop(key, None) or Conversation()
        self._by_key[key] = conversation
        while len(self._by_key) > self.size:
            self._by_key.popitem(last=False)
        return conversation

    def has(self, key: int) -> bool:
        return key in self._by_key

    def link_answer(self, message_id: int, key: int) -> None:
        """Remember that the bot's message message_id answered in conversation key (for replies to it)."""
        self._key_of_answer[message_id] = key
        while len(self._key_of_answer) > MAX_ANSWER_LINKS:
            self._key_of_answer.popitem(last=False)

    def key_of_answer(self, message_id: int) -> int | None:
        return self._key_of_answer.get(message_id)
