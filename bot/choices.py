"""Autocomplete for slash-command options, within Discord's limits."""

from __future__ import annotations

from discord import app_commands

NAME_CHARS = 100  # the longest choice name or value Discord takes
MAX_CHOICES = 25  # the most choices Discord shows


def choices(names: list[str], typed: str) -> list[app_commands.Choice[str]]:
    """The first names containing what was typed so far, in any case."""
    needle = typed.strip().lower()
    matching = [n for n in names if needle in n.lower()][:MAX_CHOICES]
    return [app_commands.Choice(name=n[:NAME_CHARS], value=n[:NAME_CHARS]) for n in matching]
