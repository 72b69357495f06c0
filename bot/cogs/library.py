"""The library commands: /reindex and /corpus add|remove|restore|list|history, registered in home servers only.

They change (or show how to change) the library every server's answers use, so the cog's commands are added
to the tree for the servers named by DISCORD_HOME_GUILD_IDS and never to the global set: other servers do not
see them at all. Each command still checks at run time who uses it, and where (bot/checks.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.articles import add_page, wants_page_path
from bot.checks import cooldown_per_server, library_keepers_only, may_change_library
from bot.choices import choices
from bot.render import escaped, history_embed, listing
from bot.reports import RebuildReport
from index.errors import WhobackedError
from index.ingest.manage import (
    FileTooLargeError,
    add_article,
    list_articles,
    remove_article,
    restore_article,
    safe_file_name,
    trashed_articles,
)

if TYPE_CHECKING:
    from bot.bot import Bot

log = logging.getLogger(__name__)

MANAGE_SERVER = discord.Permissions(manage_guild=True)
PROGRESS_EVERY_SECONDS = 1.0
JOINED = "A rebuild is already running: yours is merged into the next one, which starts when it ends. "


async def audit_action(
    bot: Bot, interaction: discord.Interaction, action: str, subject: str | None, outcome: str = "rebuilding"
) -> int | None:
    """Put one moderator's action in the audit log, off the event loop; its id, or None (logged) when it fails."""
    try:
        return await asyncio.to_thread(
            bot.state.log_action,
            interaction.guild_id,
            interaction.channel_id,
            interaction.user.id,
            interaction.user.name,
            action,
            subject,
            outcome,
        )
    except Exception:
        log.exception("Could not put %s of %s by %s in the audit log", action, subject, interaction.user.id)
        return None


class Library(commands.Cog):
    """Keeps the index and the corpus up to date without a restart; every change is in the audit log."""

    corpus = app_commands.Group(
        name="corpus",
        description="Add, remove, restore or list the articles the answers quote, and see who changed them.",
        default_permissions=MANAGE_SERVER,
        guild_only=True,
    )

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    @property
    def corpus_dir(self) -> Path:
        return self.bot.engine.settings.corpus_dir

    @property
    def trash_dir(self) -> Path:
        return self.bot.engine.settings.data_dir / "trash"

    def note(self, interaction: discord.Interaction, action: str) -> dict[str, object]:
        """Who did what, where: kept with a trashed file."""
        return {
            "action": action,
            "by": interaction.user.id,
            "guild": interaction.guild_id,
            "channel": interaction.channel_id,
        }

    async def audit(self, interaction: discord.Interaction, action: str, article: str | None) -> int | None:
        """Put one action in the audit log (its outcome follows when its rebuild ends); returns its id."""
        return await audit_action(self.bot, interaction, action, article)

    async def rebuild_and_report(
        self,
        interaction: discord.Interaction,
        action: str,
        article: str | None,
        done_before: str,
        undo: Callable[[], str] | None = None,
    ) -> None:
        """Join the next rebuild (on its own worker), showing progress; the old index answers until the swap.

        The action goes into the audit log with the outcome of its rebuild. When the rebuild fails, undo (if
        given) puts the corpus back as the index has it. The final word reaches the moderator even after the
        interaction token expired.
        """
        loop = asyncio.get_running_loop()
        report = RebuildReport(interaction)
        pending: list[Future[bool]] = []
        last = 0.0

        def progress(stage: str, done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY_SECONDS and not report.late():
                last = now
                text = f"{done_before}Rebuilding the index: {stage}, {done}/{total} paragraphs…"
                pending.append(asyncio.run_coroutine_threadsafe(report.edit(text), loop))

        started = time.perf_counter()
        rebuilt = self.bot.rebuilds.join(progress)  # at once, so that a later request knows a rebuild is coming
        action_id = await self.audit(interaction, action, article)
        try:
            manifest = await rebuilt
        except Exception as error:
            if isinstance(error, WhobackedError):
                result = f"{done_before}The rebuild failed and the previous index keeps answering: {error}"
                outcome = f"rebuild failed: {error}"
            else:
                log.error("Rebuild failed", exc_info=error)
                result = f"{done_before}The rebuild failed on my side (logged); the previous index keeps answering."
                outcome = "rebuild failed (logged)"
            if undo is not None:
                try:
                    result += " " + await asyncio.to_thread(undo)
                    outcome += "; change undone"
                except Exception:
                    log.exception("Could not undo a corpus change after a failed rebuild")
                    result += " I could not undo the change to the corpus folder (logged): tell the operator."
                    outcome += "; could not undo the change"
        else:
            result = (
                f"{done_before}Rebuilt the index in {time.perf_counter() - started:.1f} s: "
                f"{len(manifest.articles)} articles, {manifest.paragraphs} paragraphs "
                f"({manifest.embedded} newly embedded). Answers now come from it."
            )
            outcome = f"rebuilt: {len(manifest.articles)} articles"
        await asyncio.gather(*(asyncio.wrap_future(f) for f in pending), return_exceptions=True)
        if action_id is not None:
            try:
                await asyncio.to_thread(self.bot.state.set_outcome, action_id, outcome)
            except Exception:
                log.exception("Could not record the outcome of library action %s", action_id)
        await report.final(result)

    @app_commands.command(name="reindex")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @cooldown_per_server()
    @library_keepers_only()
    async def reindex(self, interaction: discord.Interaction) -> None:
        """Rebuild the index from the corpus folder; answers continue meanwhile."""
        joined = JOINED if self.bot.rebuilds.busy else ""
        await interaction.response.send_message(
            f"{joined}Rebuilding the index; the current one keeps answering until the new one is ready.",
            ephemeral=True,
        )
        self.bot.run_in_background(self.rebuild_and_report(interaction, "reindex", None, ""))

    @corpus.command(name="add")
    @app_commands.describe(
        file="a .txt, .md or .html article whose name no article has yet",
        url="or a link to the article's web page (http or https)",
        date="the article's date as YYYY-MM-DD, when the page's is missing or wrong",
    )
    @cooldown_per_server()
    @library_keepers_only()
    async def corpus_add(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment | None = None,
        url: app_commands.Range[str, 1, 2000] | None = None,
        date: app_commands.Range[str, 4, 10] | None = None,
    ) -> None:
        """Add an article (a file or a link) to the corpus and index it (an existing article is never replaced)."""
        limit = self.bot.settings.discord_max_upload_kb * 1024
        if wants_page_path(file, url, date):
            await interaction.response.defer(ephemeral=True, thinking=True)
            page = await add_page(self.corpus_dir, self.bot.engine.settings, file, url, date, limit)
            action = "add link" if url else "add file"
            self.bot.run_in_background(self.rebuild_and_report(interaction, action, page.name, page.message, page.undo))
            return
        assert file is not None
        safe_file_name(file.filename)
        if file.size > limit:
            raise FileTooLargeError(
                f"That file is {file.size // 1024} KB; articles can be at most {limit // 1024} KB: split it or trim it."
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await file.read()
        added = await asyncio.to_thread(add_article, self.corpus_dir, file.filename, data, False, limit)
        log.info("Article %s added by %s in server %s", added.name, interaction.user.id, interaction.guild_id)
        done = f"Added `{added.name}`. "
        self.bot.run_in_background(self.rebuild_and_report(interaction, "add file", added.name, done))

    async def offered(self, interaction: discord.Interaction) -> bool:
        """The commands' own check, run for their autocomplete too: whoever may not use them is offered nothing."""
        try:
            return await may_change_library(interaction)
        except app_commands.AppCommandError:
            return False

    async def article_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        if not await self.offered(interaction):
            return []
        files = await asyncio.to_thread(list_articles, self.corpus_dir)
        return choices([f.article_id for f in files], current)

    @corpus.command(name="remove")
    @app_commands.describe(article="the article to remove (its file name without .md or .txt)")
    @app_commands.autocomplete(article=article_choices)
    @cooldown_per_server()
    @library_keepers_only()
    async def corpus_remove(self, interaction: discord.Interaction, article: str) -> None:
        """Remove an article (into the trash, restorable) from the corpus and the index."""
        await interaction.response.defer(ephemeral=True, thinking=True)  # first: a failed acknowledgement moves nothing
        removed = await asyncio.to_thread(
            remove_article, self.corpus_dir, article, self.trash_dir, self.note(interaction, "remove")
        )

        def undo() -> str:
            restore_article(self.corpus_dir, self.trash_dir, removed.trashed)
            return f"`{removed.name}` is back in the corpus, as the index still has it."

        done = f"Removed `{removed.name}` (kept in the trash: /corpus restore). "
        self.bot.run_in_background(self.rebuild_and_report(interaction, "remove", removed.name, done, undo))

    async def trash_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        if not await self.offered(interaction):
            return []
        entries = await asyncio.to_thread(trashed_articles, self.trash_dir)
        return choices([str(e["file"]) for e in entries], current)

    @corpus.command(name="restore")
    @app_commands.describe(trashed="a removed article, as named in the trash (newest first)")
    @app_commands.autocomplete(trashed=trash_choices)
    @cooldown_per_server()
    @library_keepers_only()
    async def corpus_restore(self, interaction: discord.Interaction, trashed: str) -> None:
        """Bring a removed article back from the trash and index it again."""
        await interaction.response.defer(ephemeral=True, thinking=True)  # first: a failed acknowledgement moves nothing
        restored = await asyncio.to_thread(restore_article, self.corpus_dir, self.trash_dir, trashed)
        done = f"Restored `{restored.name}`. "
        self.bot.run_in_background(self.rebuild_and_report(interaction, "restore", restored.name, done))

    @corpus.command(name="list")
    @library_keepers_only()
    async def corpus_list(self, interaction: discord.Interaction) -> None:
        """List the article files of the corpus folder."""
        files = await asyncio.to_thread(list_articles, self.corpus_dir)
        indexed = self.bot.engine.snapshot.manifest.articles
        lines = [
            f"`{escaped(f.article_id, 100)}` ({max(1, f.size // 1024)} KB)"
            + ("" if f.article_id in indexed else " — not indexed yet: run /reindex")
            for f in files
        ]
        embed = discord.Embed(title=f"{len(files)} article files", colour=discord.Colour.blurple())
        embed.description = listing(lines)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @corpus.command(name="history")
    @app_commands.describe(count="how many of the newest actions to show")
    @library_keepers_only()
    async def corpus_history(
        self, interaction: discord.Interaction, count: app_commands.Range[int, 1, 25] = 10
    ) -> None:
        """Who added, removed, restored or re-indexed what, when and where, and how each rebuild ended."""
        actions = await asyncio.to_thread(self.bot.state.history, count)
        names = {guild.id: guild.name for guild in self.bot.guilds}
        await interaction.response.send_message(
            embed=history_embed(actions, interaction.guild_id, names), ephemeral=True
        )


async def setup(bot: Bot) -> None:
    home = [discord.Object(id=guild_id) for guild_id in bot.settings.discord_home_guild_ids]
    if not home:
        log.info(
            "DISCORD_HOME_GUILD_IDS is empty: /corpus and /reindex are registered in no server; "
            "change the library with the whobacked command line."
        )
        return
    await bot.add_cog(Library(bot), guilds=home)
