"""whobacked's engine: corpus files → paragraphs → embeddings → FAISS + SQLite → retrieval → answers.

The front ends (``bot/``, ``cli/``) import what they use from here::

    from index import Answer, Engine, Settings, WhobackedError

Names are loaded on first use, so ``import index`` (or ``from index import Settings``) does not load spaCy,
torch or FAISS; ``Engine`` does.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.answer.conversation import Conversation
    from index.engine import Engine
    from index.errors import WhobackedError
    from index.models import Answer, Backing, Endorsement, Entity, EntityKind, Quote, Stance, When
    from index.search.build import BuildError, Progress, build_index
    from index.search.snapshot import BuildInProgressError, SnapshotError
    from index.search.store import ArticleInfo, StoreError
    from index.settings import Settings

_WHERE = {
    # the engine and its settings
    "Engine": "index.engine",
    "Settings": "index.settings",
    "Conversation": "index.answer.conversation",
    "build_index": "index.search.build",
    "Progress": "index.search.build",
    # plain data every stage and front end shares
    "Answer": "index.models",
    "Quote": "index.models",
    "Backing": "index.models",
    "Endorsement": "index.models",
    "Entity": "index.models",
    "Stance": "index.models",
    "When": "index.models",
    "EntityKind": "index.models",
    "ArticleInfo": "index.search.store",
    # errors: each says in one sentence what went wrong and what to do
    "WhobackedError": "index.errors",
    "BuildError": "index.search.build",
    "BuildInProgressError": "index.search.snapshot",
    "SnapshotError": "index.search.snapshot",
    "StoreError": "index.search.store",
}

__all__ = [
    "Answer",
    "ArticleInfo",
    "Backing",
    "BuildError",
    "BuildInProgressError",
    "Conversation",
    "Endorsement",
    "Engine",
    "Entity",
    "EntityKind",
    "Progress",
    "Quote",
    "Settings",
    "SnapshotError",
    "Stance",
    "StoreError",
    "When",
    "WhobackedError",
    "build_index",
]
assert sorted(__all__) == sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'index' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
