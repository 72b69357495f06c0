"""Moderators' commands: /reindex, /corpus add|remove|list and /stats (Manage Server or the moderator role)."""

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
from bot.checks import cooldown_per_server, library_keepers_only, moderators_only
from bot.choices import choices
from bot.render import escaped
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


class Moderation(commands.Cog):
    """Keeps the index and the corpus up to date without a restart, and reports how the bot is doing."""

    corpus = app_commands.Group(
        name="corpus",
        description="Add, remove or list the articles the answers quote.",
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

    async def rebuild_and_report(
        self, interaction: discord.Interaction, done_before: str, undo: Callable[[], str] | None = None
    ) -> None:
        """Join the next rebuild (on its own worker), editing the message with progress; the old index answers
        until the swap. When the rebuild fails, undo (if given) puts the corpus back as the index has it."""
        loop = asyncio.get_running_loop()
        pending: list[Future[object]] = []
        last = 0.0

        async def say(text: str) -> None:
            try:
                await interaction.edit_original_response(content=text)
            except discord.HTTPException:
                log.warning("Could not edit the rebuild message", exc_info=True)

        def progress(stage: str, done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY_SECONDS:
                last = now
                text = f"{done_before}Rebuilding the index: {stage}, {done}/{total} paragraphs…"
                pending.append(asyncio.run_coroutine_threadsafe(say(text), loop))

        started = time.perf_counter()
        try:
            manifest = await self.bot.rebuilds.request(progress)
        except Exception as error:
            if isinstance(error, WhobackedError):
                result = f"{done_before}The rebuild failed and the previous index keeps answering: {error}"
            else:
                log.error("Rebuild failed", exc_info=error)
                result = f"{done_before}The rebuild failed on my side (logged); the previous index keeps answering."
            if undo is not None:
                try:
                    result += " " + await asyncio.to_thread(undo)
                except Exception:
                    log.exception("Could not undo a corpus change after a failed rebuild")
                    result += " I could not undo the change to the corpus folder (logged): tell the operator."
        else:
            result = (
                f"{done_before}Rebuilt the index in {time.perf_counter() - started:.1f} s: "
                f"{len(manifest.articles)} articles, {manifest.paragraphs} paragraphs "
                f"({manifest.embedded} newly embedded). Answers now come from it."
            )
        await asyncio.gather(*(asyncio.wrap_future(f) for f in pending), return_exceptions=True)
        await say(result)

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
        self.bot.run_in_background(self.rebuild_and_report(interaction, ""))

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
            self.bot.run_in_background(self.rebuild_and_report(interaction, page.message, page.undo))
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
        self.bot.run_in_background(self.rebuild_and_report(interaction, f"Added `{added.name}`. "))

    async def article_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        files = await asyncio.to_thread(list_articles, self.corpus_dir)
        return choices([f.article_id for f in files], current)

    @corpus.command(name="remove")
    @app_commands.describe(article="the article to remove (its file name without .md or .txt)")
    @app_commands.autocomplete(article=article_choices)
    @cooldown_per_server()
    @library_keepers_only()
    async def corpus_remove(self, interaction: discord.Interaction, article: str) -> None:
        """Remove an article (into the trash, restorable) from the corpus and the index."""
        removed = await asyncio.to_thread(
            remove_article, self.corpus_dir, article, self.trash_dir, self.note(interaction, "remove")
        )
        await interaction.response.send_message(
            f"Removed `{removed.name}` (kept in the trash: /corpus restore); rebuilding the index…", ephemeral=True
        )

        def undo() -> str:
            restore_article(self.corpus_dir, self.trash_dir, removed.trashed)
            return f"`{removed.name}` is back in the corpus, as the index still has it."

        self.bot.run_in_background(self.rebuild_and_report(interaction, f"Removed `{removed.name}`. ", undo))

    async def trash_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        entries = await asyncio.to_thread(trashed_articles, self.trash_dir)
        return choices([str(e["file"]) for e in entries], current)

    @corpus.command(name="restore")
    @app_commands.describe(trashed="a removed article, as named in the trash (newest first)")
    @app_commands.autocomplete(trashed=trash_choices)
    @cooldown_per_server()
    @library_keepers_only()
    async def corpus_restore(self, interaction: discord.Interaction, trashed: str) -> None:
        """Bring a removed article back from the trash and index it again."""
        restored = await asyncio.to_thread(restore_article, self.corpus_dir, self.trash_dir, trashed)
        await interaction.response.send_message(f"Restored `{restored.name}`; rebuilding the index…", ephemeral=True)
        self.bot.run_in_background(self.rebuild_and_report(interaction, f"Restored `{restored.name}`. "))

    @corpus.command(name="list")
    @moderators_only()
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
        text = ""
        for number, line in enumerate(lines):
            if len(text) + len(line) + 40 > 4096:
                text += f"… and {len(lines) - number} more."
                break
            text += line + "\n"
        embed.description = text
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="stats")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @moderators_only()
    async def stats(self, interaction: discord.Interaction) -> None:
        """Questions answered, abstentions, feedback, answer latency and the index."""
        stats = await asyncio.to_thread(self.bot.state.stats, interaction.guild_id)  # this server's questions only
        manifest = self.bot.engine.snapshot.manifest
        embed = discord.Embed(title="whobacked statistics", colour=discord.Colour.blurple())
        embed.add_field(name="Questions answered", value=f"{stats.answered} ({stats.abstained} abstained)")
        embed.add_field(name="Feedback", value=f"👍 {stats.helpful} · 👎 {stats.unhelpful}")
        embed.add_field(name="Answer latency", value=f"p50 {stats.p50_ms:.0f} ms · p95 {stats.p95_ms:.0f} ms")
        embed.add_field(
            name="Index",
            value=f"{len(manifest.articles)} articles, {manifest.paragraphs} paragraphs; built {manifest.built_at}",
            inline=False,
        )
        embed.add_field(name="Answering now", value=str(self.bot.gate.in_flight))
        await interaction.response.send_message(embed=embed, ephemeral=True)


async def setup(bot: Bot) -> None:
    await bot.add_cog(Moderation(bot))
