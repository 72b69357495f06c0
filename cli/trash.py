"""The trash as the terminal shows it: one line per trashed article, and the note the command line leaves."""

from __future__ import annotations

import getpass
import time

from cli.terminal import printable

ACTIONS = {"remove": "removed", "replace": "replaced"}
FROM_CLI = "command line"


def cli_note(action: str) -> dict[str, object]:
    """Who did what, from where: kept in the trash log beside a file the command line trashed."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the password database
        user = ""
    return {"action": action, "by": user, "from": FROM_CLI}


def describe_entry(entry: dict[str, object]) -> str:
    """`FILE  removed 2026-05-01 12:00 UTC by alice on the command line` (or by a Discord member, in a server)."""
    at = entry.get("at")
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(at)) if isinstance(at, int | float) else "at an unknown time"
    action = ACTIONS.get(str(entry.get("action")), "trashed")
    by = entry.get("by")
    if entry.get("from") == FROM_CLI:
        who = f" by {by} on the command line" if by else " on the command line"
    else:
        who = f" by Discord user {by}" if by else ""
        who += f" in server {entry['guild']}" if entry.get("guild") else ""
        who += f", channel {entry['channel']}" if entry.get("channel") else ""
    return printable(f"{entry.get('file')}  {action} {when}{who}")
