"""Rendering answers for a terminal: lead, numbered quotes, numbered sources; colour only on a terminal."""

from __future__ import annotations

import re
import sys
import textwrap
from typing import TextIO

from index import Answer

BOLD, DIM, CYAN, YELLOW, RESET = "\033[1m", "\033[2m", "\033[36m", "\033[33m", "\033[0m"

# Terminal escape sequences (CSI, OSC such as "set the title", and two-character ESC sequences), then any other
# control character (C0 but newline and tab, DEL, C1) and the bidirectional overrides and isolates that would
# reorder a quote. Article text is shown through this; the stored quote stays verbatim.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]?")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to print on a terminal: escape sequences, control and bidi-override characters removed."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def render_answer(answer: Answer, colour: bool = False, width: int = 100) -> str:
    """The answer as the bot shows it: the lead, block quotes tagged [article, ¶paragraph], then the articles."""

    def style(code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if colour else text

    lines = [style(YELLOW if answer.abstained else BOLD, printable(answer.lead))]
    sources: list[str] = []
    for quote in answer.quotes:
        source_line = printable(quote.source_line)
        if source_line not in sources:
            sources.append(source_line)
        number = sources.index(source_line) + 1
        wrapped = textwrap.wrap(printable(quote.text), width=width - 4) or [""]
        lines.append("")
        lines.extend(style(CYAN, f"  > {line}") for line in wrapped)
        lines[-1] += style(DIM, f" [{number}, ¶{quote.paragraph}]")
    if sources:
        lines.append("")
        lines.append(style(DIM, "Sources:"))
        lines.extend(style(DIM, f"  [{n}] {source}") for n, source in enumerate(sources, start=1))
    return "\n".join(lines)


def wants_colour(stream: TextIO = sys.stdout) -> bool:
    return stream.isatty()
