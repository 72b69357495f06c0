"""/feeds and /tracker through the loopback Discord: feeds from the loopback feed site, news in the tracker channel."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from bot.bot import Bot
from bot.cogs.news import News
from bot.newsroom import Newsroom
from index.news.book import FeedBook
from tests.bot.conftest import unescaped
from tests.bot.emulator import (
    CHANNEL_B_ID,
    CHANNEL_ID,
    GUILD_ID,
    MEMBER,
    MODERATOR,
    OTHER_CHANNEL_ID,
    STRANGER,
    Call,
    DiscordEmulator,
)
from tests.index.ingest.site import guard_loopback
from tests.index.news.feedsite import FIRST_THREE, FOURTH, FeedSite, rss

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest_asyncio.fixture(loop_scope="session")
async def news(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Any]:
    """The news cog, its bot allowed to fetch from 127.0.0.1; feeds, trackers and added articles go after."""
    guard_loopback(monkeypatch)
    monkeypatch.setattr(bot.engine, "settings", bot.engine.settings.model_copy(update={"fetch_allow_private": True}))
    cog: Any = bot.get_cog("News")  # the extension's own module object, loaded apart from bot.cogs.news
    assert cog is not None and type(cog).__name__ == News.__name__
    corpus = bot.engine.settings.corpus_dir
    before = set(corpus.iterdir())
    cog._loop.cancel()  # the tests run the rounds themselves (or a faster loop of their own)
    yield cog
    cog._loop = asyncio.create_task(cog._rounds())
    for feed in cog.book.feeds():
        cog.book.unfollow(feed.url)
    for guild in {t.guild_id for t in cog.book.trackers()}:
        cog.book.tracker_off(guild)
    added = set(corpus.iterdir()) - before
    if added:
        for path in added:
            path.unlink()
        await asyncio.to_thread(bot.engine.rebuild, None, True)


def sub(command: str, **options: object) -> list[dict[str, Any]]:
    types = {"url": 3, "match": 3, "every": 4, "channel": 7, "name": 3}
    given = [{"name": key, "type": types[key], "value": value} for key, value in options.items()]
    return [{"name": command, "type": 1, "options": given}]


def channel_resolved(emulator: DiscordEmulator, channel_id: int) -> dict[str, Any]:
    return {"channels": {str(channel_id): {**emulator.channel(channel_id), "permissions": "2147483647"}}}


def posted_in(channel_id: int) -> Any:
    return lambda call: call.route == "message" and call.params.get("channel") == str(channel_id)


def posts(emulator: DiscordEmulator, channel_id: int, after: int = 0) -> list[Call]:
    return [c for c in emulator.calls[after:] if posted_in(channel_id)(c)]


async def test_follow_a_feed_and_the_tracker_posts_each_new_endorsement_once(
    emulator: DiscordEmulator, news: Any, feeds: FeedSite
) -> None:
    feeds.serve_rss("/bot.xml", FIRST_THREE, etag='"bot-3"')
    url = feeds.url("/bot.xml")
    token = await emulator.slash("feeds", sub("follow", url=url), user=MODERATOR)
    reply = await emulator.reply_to(token, containing="Following")
    followed = unescaped(reply["content"])
    assert followed.startswith(f"Following “Loopback Labour News” ({url}): 3 entries now; polled every 30 minutes.")

    token = await emulator.slash(
        "tracker",
        sub("set", channel=str(OTHER_CHANNEL_ID)),
        user=MODERATOR,
        resolved=channel_resolved(emulator, OTHER_CHANNEL_ID),
    )
    assert "will be posted in <#" in (await emulator.reply_to(token))["content"]
    token = await emulator.slash(
        "tracker",
        sub("set", channel=str(CHANNEL_B_ID), name="Nandy"),
        user=STRANGER,
        channel_id=CHANNEL_B_ID,
        resolved=channel_resolved(emulator, CHANNEL_B_ID),
    )
    assert "naming Nandy" in (await emulator.reply_to(token))["content"]

    start = len(emulator.calls)
    polled = await news.newsroom.round(everything=True)
    assert len(polled.added) == 3
    post = await emulator.wait_for(posted_in(OTHER_CHANNEL_ID), after=start)
    body = post.body if isinstance(post.body, dict) else {}
    assert body["content"] == "3 new endorsements from the followed feeds."
    assert body["allowed_mentions"]["parse"] == []
    embeds = body["embeds"]
    assert [unescaped(e["title"]) for e in embeds] == [
        "Unison backs Keir Starmer for Labour leader",
        "GMB union nominates Lisa Nandy",
        "CWU endorses Rebecca Long-Bailey",
    ]
    first = unescaped(embeds[0]["description"])
    assert first.startswith("**Unison backs Keir Starmer**\n> “The public service union Unison has backed Keir Starmer")
    assert embeds[0]["url"] == feeds.url("/politics/unison-backs-starmer")
    assert embeds[0]["footer"]["text"] == "The Loopback Labour News · 2020-01-14"
    only_nandy = await emulator.wait_for(posted_in(CHANNEL_B_ID), after=start)
    assert isinstance(only_nandy.body, dict)
    assert only_nandy.body["content"] == "1 new endorsement naming Nandy from the followed feeds."
    assert "GMB union backs Lisa Nandy" in unescaped(only_nandy.body["embeds"][0]["description"])

    start = len(emulator.calls)
    polled = await news.newsroom.round(everything=True)  # nothing new: a 304, no rebuild, no post
    assert polled.added == [] and polled.polls[0].unchanged
    assert posts(emulator, OTHER_CHANNEL_ID, start) == [] and posts(emulator, CHANNEL_B_ID, start) == []

    feeds.serve_rss("/bot.xml", [*FIRST_THREE, FOURTH], etag='"bot-4"')
    start = len(emulator.calls)
    polled = await news.newsroom.round(everything=True)
    assert [a.title for a in polled.added] == ["TSSA backs Keir Starmer"]
    post = await emulator.wait_for(posted_in(OTHER_CHANNEL_ID), after=start)
    assert isinstance(post.body, dict) and post.body["content"] == "1 new endorsement from the followed feeds."
    assert unescaped(post.body["embeds"][0]["description"]).startswith("**TSSA backs Keir Starmer**")
    await asyncio.sleep(0.2)
    assert len(posts(emulator, OTHER_CHANNEL_ID, start)) == 1 and posts(emulator, CHANNEL_B_ID, start) == []

    # A restart that lost the "announced" marks (killed between posting and noting it) posts nothing again.
    book = FeedBook(news.book.path)
    with book._db:
        book._db.execute("UPDATE feed_entries SET announced = 0")
    start = len(emulator.calls)
    restarted = Newsroom(news.bot.engine, book, news.bot.rebuilds.join, news.post)  # type: ignore[attr-defined]
    await restarted.announce()
    await asyncio.sleep(0.2)
    assert posts(emulator, OTHER_CHANNEL_ID, start) == [] and book.unannounced() == []
    restarted.close()
    book.close()

    token = await emulator.slash("feeds", sub("list"), user=MODERATOR)
    listed = (await emulator.reply_to(token))["embeds"][0]
    assert listed["title"] == "1 followed feeds" and "Loopback Labour News" in unescaped(listed["description"])
    assert "; ok" in listed["description"]
    token = await emulator.slash("tracker", sub("show"), user=MODERATOR)
    shown = (await emulator.reply_to(token))["content"]
    assert f"<#{OTHER_CHANNEL_ID}>: every new record" in shown and "1 feed(s) followed" in shown
    token = await emulator.slash("tracker", sub("off"), user=MODERATOR)
    assert "Switched off 1 tracker channel(s)." in (await emulator.reply_to(token))["content"]
    token = await emulator.slash("feeds", sub("unfollow", url=url), user=MODERATOR)
    assert "No longer following" in unescaped((await emulator.reply_to(token))["content"])


async def test_bad_input_is_one_sentence_and_members_cannot(
    emulator: DiscordEmulator, news: Any, feeds: FeedSite
) -> None:
    token = await emulator.slash("feeds", sub("follow", url=feeds.url("/bad/web-page.xml")), user=MODERATOR)
    reply = await emulator.reply_to(token, containing="not an RSS or Atom feed")
    assert unescaped(reply["content"]) == (
        "The document at 127.0.0.1 is a web page, not an RSS or Atom feed: give the feed's own link."
    )
    token = await emulator.slash("tracker", sub("show"), user=MEMBER)
    assert "Only moderators" in (await emulator.reply_to(token))["content"]
    token = await emulator.slash("feeds", sub("unfollow", url="https://example.com/nothing.xml"), user=MODERATOR)
    assert "No feed https://example.com/nothing.xml is followed" in unescaped(
        (await emulator.reply_to(token))["content"]
    )
    assert news.book.feeds() == []

    news.book.follow(feeds.url("/bad/not-found.xml"), "Gone", [], 30, "test")
    news.book.follow(feeds.url("/bad/malformed.xml"), "Broken", [], 30, "test")
    polled = await news.newsroom.round(everything=True)
    assert [bool(p.error) for p in polled.polls] == [True, True]
    token = await emulator.slash("feeds", sub("list"), user=MODERATOR)
    listed = unescaped((await emulator.reply_to(token))["embeds"][0]["description"])
    assert "failing (1 in a row): 127.0.0.1 answered 404 Not Found" in listed
    assert "failing (1 in a row): The feed at 127.0.0.1 is not well-formed XML" in listed


async def test_fifty_feeds_polled_while_every_command_is_acknowledged_in_time(
    emulator: DiscordEmulator, news: Any, feeds: FeedSite
) -> None:
    """50 slow feeds (0.3 s each) in one round; commands meanwhile are acknowledged well within Discord's 3 s."""
    for number in range(50):
        path = f"/many/{number}.xml"
        feeds.add(path, 200, {"Content-Type": "application/rss+xml", "X-Delay": "0.3"}, rss(feeds, [FIRST_THREE[0]]))
        news.book.follow(feeds.url(path), "", [], 30, "test")
    started = time.monotonic()
    polling = asyncio.create_task(news.newsroom.round(everything=True))
    delays = []
    while not polling.done():
        sent = time.monotonic()
        token = await emulator.slash("tracker", sub("show"), user=MODERATOR)
        acknowledged = await emulator.wait_for(lambda c, t=token: c.token == t and c.route == "callback")
        delays.append(acknowledged.at - sent)
        await asyncio.sleep(0.2)
    polled = await polling
    assert len(polled.polls) == 50 and not any(p.error for p in polled.polls)
    assert time.monotonic() - started > 3  # the round really took a while
    assert len(delays) >= 5 and max(delays) < 1.0, delays


async def test_the_bot_polls_on_its_own(emulator: DiscordEmulator, news: Any, feeds: FeedSite) -> None:
    """Background rounds find a newly followed feed, add its articles, rebuild and post without being asked."""
    feeds.serve_atom("/by-itself.xml", FIRST_THREE)
    news.book.follow(feeds.url("/by-itself.xml"), "Loopback Labour Atom", [], 30, "test")
    news.book.set_tracker(CHANNEL_ID, GUILD_ID, "", MODERATOR.id)  # a channel these records were not posted in yet
    start = len(emulator.calls)
    rounds = asyncio.create_task(news.newsroom.run_forever(0.2))
    try:
        post = await emulator.wait_for(posted_in(CHANNEL_ID), after=start, timeout=90)
    finally:
        rounds.cancel()
    assert isinstance(post.body, dict) and post.body["content"] == "3 new endorsements from the followed feeds."
    feed = news.book.feed(feeds.url("/by-itself.xml"))
    assert feed is not None and feed.last_new is not None and feed.next_due > time.time() + 25 * 60
