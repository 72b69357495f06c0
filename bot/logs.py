"""Logging for the bot: readable lines on stderr, and the token never written anywhere."""

from __future__ import annotations

import logging

QUIET = ("sentence_transformers", "transformers", "bm25s", "httpx", "huggingface_hub", "faiss")


class RedactSecret(logging.Filter):
    """Replaces a secret (the bot token) in every record's message and traceback text."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secret:
            return True
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "[token]"), None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            if self.secret in text:
                record.exc_info, record.exc_text = None, text.replace(self.secret, "[token]")
                record.msg = f"{record.msg}\n{record.exc_text}"
                record.exc_text = None
        return True


def setup_logging(token: str, level: int = logging.INFO) -> None:
    """Log to stderr through a handler that redacts the token."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecret(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
