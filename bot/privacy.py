"""What the bot keeps about members, and secrets it never echoes or stores."""

from __future__ import annotations

import re

HIDDEN = "[hidden]"
# A Discord token (three dot-separated base64 parts), or any long run of token characters that mixes letters and
# digits (API keys, passwords pasted by mistake). Each pattern is one character class: linear in the text.
_DISCORD_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,30}\.[A-Za-z0-9_-]{5,8}\.[A-Za-z0-9_-]{20,}")
_LONG_RUN = re.compile(r"[A-Za-z0-9_\-+/=.]{24,}")


def _looks_secret(word: str) -> bool:
    letters = sum(c.isalpha() for c in word)
    digits = sum(c.isdigit() for c in word)
    return letters >= 4 and digits >= 4


def redact_secrets(text: str) -> str:
    """Text with token-looking strings replaced by [hidden]."""
    text = _DISCORD_TOKEN.sub(HIDDEN, text)
    return _LONG_RUN.sub(lambda m: HIDDEN if _looks_secret(m.group()) else m.group(), text)
