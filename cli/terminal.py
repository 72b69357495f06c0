"""Rendering answers for a terminal: lead, numbered quotes, numbered sources; colour only on a terminal."""

from __future__ import annotations

import sys
import textwrap
from typing import TextIO

from index import Answer

BOLD, DIM, CYAN, YELLOW, RESET = "\033[1m", "\033[2m", "\033[36m", "\033[33m", "\033[0m"


def render_answer(answer: Answer, colour: bool = False, width: int = 100) -> str:
    """The answer as the bot shows it: the lead, block quotes tagged [article, ¶paragraph], then the articles."""

    def style(code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if colour else text

    lines = [style(YELLOW if answer.abstained else BOLD, answer.lead)]
    sources: list[str] = []
    for quote in answer.quotes:
        if quote.source_line not in sources:
            sources.append(quote.source_line)
        number = sources.index(quote.source_line) + 1
        wrapped = textwrap.wrap(quote.text, width=width - 4) or [""]
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
