"""Moderators' commands: /reindex, /corpus add|remove|list and /stats (Manage Server or the moderator role)."""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import moderators_only
from bot.render import escaped
from index.errors import WhobackedError
from index.ingest.manage import FileTooLargeError, add_article, list_articles, remove_article, safe_file_name

if TYPE_CHECKING:
    from bot.bot import Bot

log = logging.getLogger(__name__)

MANAGE_SERVER = discord.Permissions(manage_guild=True)
PROGRESS_EVERY_SECONDS = 1.0


class RebuildBusy(WhobackedError):
    """A rebuild is already running."""


BUSY = "A rebuild is already running: I will say in its message when it is done, then try again."


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

    async def claim_rebuild(self) -> None:
        """Take the rebuild lock at once, or refuse politely when a rebuild runs."""
        if self.bot.rebuilding.locked():
            raise RebuildBusy(BUSY)
        await self.bot.rebuilding.acquire()

    async def rebuild_and_release(self, interaction: discord.Interaction, done_before: str) -> None:
        """Rebuild in a worker thread, editing the message with progress; the old index answers until the swap."""
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
            manifest = await asyncio.to_thread(self.bot.engine.rebuild, progress)
        except WhobackedError as error:
            result = f"{done_before}The rebuild failed and the previous index keeps answering: {error}"
        except Exception:
            log.exception("Rebuild failed")
            result = f"{done_before}The rebuild failed on my side (logged); the previous index keeps answering."
        else:
            result = (
                f"{done_before}Rebuilt the index in {time.perf_counter() - started:.1f} s: "
                f"{len(manifest.articles)} articles, {manifest.paragraphs} paragraphs "
                f"({manifest.embedded} newly embedded). Answers now come from it."
            )
        finally:
            self.bot.rebuilding.release()
        await asyncio.gather(*(asyncio.wrap_future(f) for f in pending), return_exceptions=True)
        await say(result)

    @app_commands.command(name="reindex")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @moderators_only()
    async def reindex(self, interaction: discord.Interaction) -> None:
        """Rebuild the index from the corpus folder; answers continue meanwhile."""
        await self.claim_rebuild()
        try:
            await interaction.response.send_message(
                "Rebuilding the index; the current one keeps answering until the new one is ready.", ephemeral=True
            )
        except BaseException:
            self.bot.rebuilding.release()
            raise
        self.bot.run_in_background(self.rebuild_and_release(interaction, ""))

    @corpus.command(name="add")
    @app_commands.describe(file="a .txt or .md article (UTF-8)", replace="replace an article of the same name")
    @moderators_only()
    async def corpus_add(
        self, interaction: discord.Interaction, file: discord.Attachment, replace: bool = False
    ) -> None:
        """Add an article file to the corpus and index it."""
        limit = self.bot.settings.discord_max_upload_kb * 1024
        safe_file_name(file.filename)
        if file.size > limit:
            raise FileTooLargeError(
                f"That file is {file.size // 1024} KB; articles can be at most {limit // 1024} KB: split it or trim it."
            )
        await self.claim_rebuild()
        try:
            await interaction.response.defer(ephemeral=True, thinking=True)
            data = await file.read()
            added = await asyncio.to_thread(add_article, self.corpus_dir, file.filename, data, replace, limit)
        except BaseException:
            self.bot.rebuilding.release()
            raise
        self.bot.run_in_background(self.rebuild_and_release(interaction, f"Added `{added.name}`. "))

    async def article_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        needle = current.strip().lower()
        files = await asyncio.to_thread(list_articles, self.corpus_dir)
        ids = [f.article_id for f in files if needle in f.article_id.lower()][:25]
        return [app_commands.Choice(name=i[:100], value=i[:100]) for i in ids]

    @corpus.command(name="remove")
    @app_commands.describe(article="the article to remove (its file name without .md or .txt)")
    @app_commands.autocomplete(article=article_choices)
    @moderators_only()
    async def corpus_remove(self, interaction: discord.Interaction, article: str) -> None:
        """Remove an article from the corpus and the index."""
        await self.claim_rebuild()
        try:
            removed = await asyncio.to_thread(remove_article, self.corpus_dir, article)
            await interaction.response.send_message(f"Removed `{removed.name}`; rebuilding the index…", ephemeral=True)
        except BaseException:
            self.bot.rebuilding.release()
            raise
        self.bot.run_in_background(self.rebuild_and_release(interaction, f"Removed `{removed.name}`. "))

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
        stats = await asyncio.to_thread(self.bot.state.stats)
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
