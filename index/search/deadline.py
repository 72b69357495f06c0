"""A build's time limit, checked between its steps so a build stops cleanly instead of holding the lock for hours."""

from __future__ import annotations

from time import monotonic

from index.errors import WhobackedError


class BuildTimeoutError(WhobackedError):
    """The build ran past WHOBACKED_BUILD_TIMEOUT_SECONDS; the previous index stays in use."""


class Deadline:
    """The moment a build must stop by, counted from its creation."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = monotonic() + seconds

    def check(self, stage: str) -> None:
        """Raise BuildTimeoutError when the time is up; stage says what the build was doing."""
        if monotonic() > self.ends:
            raise BuildTimeoutError(
                f"The build took longer than {self.seconds:g} s (WHOBACKED_BUILD_TIMEOUT_SECONDS) and stopped while "
                f"{stage}; the previous index keeps answering. What it read and embedded is cached, so building "
                "again continues from there; or raise WHOBACKED_BUILD_TIMEOUT_SECONDS, or build the corpus in parts "
                "(move some articles out, build, then add them back)."
            )
