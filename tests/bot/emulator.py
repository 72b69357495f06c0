"""A loopback Discord: the REST routes and the gateway the real discord.py client uses, on 127.0.0.1.

The bot connects to it exactly as to Discord (``Route.BASE`` and the gateway URL point here). The emulator
records every request, checks each message against Discord's limits and the no-pings rule (a payload that
breaks them is refused with a 400 like Discord does, and listed in ``violations``), and lets a test act as a
member or a moderator: dispatch slash commands, button presses, autocomplete, mentions, replies and DMs.

It keeps the global and each server's registered commands apart, as Discord does; a slash command used in a
server where it is registered for that server carries ``guild_id`` in its data. A test can also make Discord
misbehave: expire interaction tokens (401, code 50027), refuse acknowledgements as for a duplicate delivery
(404, code 10062), make a channel unreachable (403, code 50001) or close the gateway with a given code right
after IDENTIFY. Tests may also watch every call as it is recorded (``listeners``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import discord
import yarl
from aiohttp import WSMsgType, web

APPLICATION_ID = 900_000_000_000_000_001
BOT_ID = APPLICATION_ID
GUILD_ID = 900_000_000_000_000_100
CHANNEL_ID = 900_000_000_000_000_200
OTHER_CHANNEL_ID = 900_000_000_000_000_201
THREAD_ID = 900_000_000_000_000_300
MODERATOR_ROLE_ID = 900_000_000_000_000_400
# A second server: a stranger's, which invited the bot but is not the community that runs it.
GUILD_B_ID = 900_000_000_000_000_110
CHANNEL_B_ID = 900_000_000_000_000_210
TOKEN = "emulated.bot.token-0123456789abcdef"
TIMESTAMP = "2026-01-01T00:00:00.000000+00:00"

BASIC_PERMISSIONS = 0x400 | 0x800 | 0x4000 | 0x10000 | 0x80000000  # view, send, embed, history, slash commands
MANAGE_GUILD = 1 << 5

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
CONTENT_CHARS, TITLE_CHARS, DESCRIPTION_CHARS, FIELDS, FIELD_NAME_CHARS, FIELD_VALUE_CHARS = (
    2000,
    256,
    4096,
    25,
    256,
    1024,
)
FOOTER_CHARS, EMBED_CHARS, CHOICES, CHOICE_CHARS = 2048, 6000, 25, 100


@dataclass(frozen=True)
class Person:
    """A Discord user as the emulator presents them in a guild."""

    id: int
    name: str
    permissions: int = BASIC_PERMISSIONS
    roles: tuple[int, ...] = ()
    bot: bool = False

    def user(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "discriminator": "0",
            "global_name": self.name,
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }

    def member(self) -> dict[str, Any]:
        return {
            "user": self.user(),
            "roles": [str(r) for r in self.roles],
            "joined_at": TIMESTAMP,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": str(self.permissions),
        }


BOT = Person(BOT_ID, "whobacked", bot=True)
MEMBER = Person(900_000_000_000_001_001, "member")
MODERATOR = Person(900_000_000_000_001_002, "moderator", permissions=BASIC_PERMISSIONS | MANAGE_GUILD)
ROLE_MODERATOR = Person(900_000_000_000_001_003, "helper", roles=(MODERATOR_ROLE_ID,))
STRANGER = Person(900_000_000_000_001_004, "stranger", permissions=BASIC_PERMISSIONS | MANAGE_GUILD)


@dataclass
class Call:
    """One REST request the bot made."""

    method: str
    route: str
    params: dict[str, str]
    body: dict[str, Any] | list[Any] | None
    files: list[tuple[str, bytes]] = field(default_factory=list)
    message: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    @property
    def token(self) -> str | None:
        return self.params.get("token")


class DiscordEmulator:
    """The loopback Discord server: start it, point discord.py at it, then act as users."""

    def __init__(self, heartbeat_interval_ms: int = 1000) -> None:
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.calls: list[Call] = []
        self.listeners: list[Callable[[Call], None]] = []
        self.violations: list[str] = []
        self.heartbeats: list[float] = []
        self.identify: dict[str, Any] | None = None
        self.attachments: dict[str, bytes] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.channel_of_token: dict[str, int] = {}
        self.thread_parents: dict[int, int] = {}
        self.expired_tokens: set[str] = set()
        self.unreachable_channels: set[int] = set()
        self.unknown_interactions = False
        self.close_code: int | None = None
        self._last_id = 0
        self._sequence = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._discord: tuple[str, yarl.URL] | None = None
        self.port = 0

    def new_id(self) -> int:
        """A fresh snowflake of the current time, as Discord makes them (discord.py reads creation times off ids)."""
        self._last_id = max(self._last_id + 1, discord.utils.time_snowflake(discord.utils.utcnow()))
        return self._last_id

    # ---- life cycle -------------------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.add_routes(
            [
                web.get("/gateway", self.gateway),
                web.get("/api/v10/gateway/bot", self.gateway_bot),
                web.get("/api/v10/users/@me", self.me),
                web.get("/api/v10/oauth2/applications/@me", self.application),
                web.put("/api/v10/applications/{app}/commands", self.put_commands),
                web.put("/api/v10/applications/{app}/guilds/{guild}/commands", self.put_commands),
                web.post("/api/v10/users/@me/channels", self.create_dm),
                web.post("/api/v10/interactions/{interaction}/{token}/callback", self.callback),
                web.post("/api/v10/webhooks/{app}/{token}", self.followup),
                web.get("/api/v10/webhooks/{app}/{token}/messages/{message}", self.get_webhook_message),
                web.patch("/api/v10/webhooks/{app}/{token}/messages/{message}", self.edit_webhook_message),
                web.delete("/api/v10/webhooks/{app}/{token}/messages/{message}", self.delete_webhook_message),
                web.post("/api/v10/channels/{channel}/messages", self.create_message),
                web.post("/api/v10/channels/{channel}/typing", self.typing),
                web.post("/api/v10/channels/{channel}/messages/{message}/threads", self.start_thread),
                web.get("/attachments/{name}", self.attachment),
            ]
        )
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        for socket in self._sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._discord is not None:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._discord

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def point_discord_py_here(self) -> None:
        """Send the real discord.py client's REST calls and gateway connection to this emulator (until stop)."""
        self._discord = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)

    # ---- recording and waiting --------------------------------------------------------------------------------

    async def record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        for listener in self.listeners:
            listener(call)

    async def wait_for(self, predicate: Callable[[Call], bool], timeout: float = 20.0, after: int = 0) -> Call:
        """The first call (from index after on) matching predicate, waiting for it up to timeout seconds.

        Each call is looked at once, so that many waiters during a flood of calls cost linear time, not quadratic.
        """
        seen, match = after, None

        def found() -> bool:
            nonlocal seen, match
            while match is None and seen < len(self.calls):
                match = self.calls[seen] if predicate(self.calls[seen]) else None
                seen += 1
            return match is not None

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(found), timeout)
        assert match is not None
        return match

    def calls_for(self, token: str) -> list[Call]:
        return [c for c in self.calls if c.token == token]

    def visible_commands(self, guild_id: int) -> set[str]:
        """The names of the commands members of a server see: the global ones and that server's own."""
        return {c["name"] for c in self.commands.get("global", []) + self.commands.get(str(guild_id), [])}

    async def reply_to(self, token: str, timeout: float = 20.0, containing: str = "") -> dict[str, Any]:
        """The message the bot showed for an interaction: the callback message, or an edit of @original."""

        def shows(call: Call) -> bool:
            if call.token != token or not isinstance(call.body, dict):
                return False
            body = call.body.get("data", call.body) if call.route == "callback" else call.body
            if call.route == "callback" and call.body.get("type") not in (4, 7):
                return False
            return containing in json.dumps(body, ensure_ascii=False) or bool(call.files and not containing)

        call = await self.wait_for(shows, timeout)
        body = call.body if isinstance(call.body, dict) else {}
        shown = dict(body.get("data", body) if call.route == "callback" else body)
        return {**shown, "id": call.message["id"], "channel_id": call.message["channel_id"]}

    # ---- what a test does as a user ---------------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send one gateway DISPATCH to every connected shard."""
        frame = json.dumps({"op": 0, "t": event, "s": next(self._sequence), "d": data})
        for socket in self._sockets:
            await socket.send_str(frame)

    def guild_of(self, channel_id: int) -> int:
        """The server a channel (or a thread, by its parent) belongs to: B's channels, else A."""
        parent = self.thread_parents.get(channel_id, channel_id)
        return GUILD_B_ID if parent == CHANNEL_B_ID else GUILD_ID

    def channel(self, channel_id: int) -> dict[str, Any]:
        if channel_id == THREAD_ID:
            return self.thread()
        return {
            "id": str(channel_id),
            "type": 0,
            "guild_id": str(self.guild_of(channel_id)),
            "name": {CHANNEL_ID: "general", CHANNEL_B_ID: "strangers"}.get(channel_id, "elsewhere"),
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "rate_limit_per_user": 0,
            "topic": None,
            "last_message_id": None,
        }

    def thread(
        self, thread_id: int = THREAD_ID, parent_id: int = CHANNEL_ID, name: str = "questions", owner: Person = MEMBER
    ) -> dict[str, Any]:
        self.thread_parents[thread_id] = parent_id
        return {
            "id": str(thread_id),
            "guild_id": str(self.guild_of(parent_id)),
            "parent_id": str(parent_id),
            "owner_id": str(owner.id),
            "name": name,
            "type": 11,
            "last_message_id": None,
            "message_count": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": TIMESTAMP,
                "locked": False,
            },
        }

    def interaction(
        self,
        kind: int,
        data: dict[str, Any],
        user: Person = MEMBER,
        channel_id: int | None = CHANNEL_ID,
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """An INTERACTION_CREATE payload in a guild channel, or in a DM when channel_id is None."""
        interaction_id = self.new_id()
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(APPLICATION_ID),
            "type": kind,
            "data": data,
            "token": f"interaction-token-{interaction_id}",
            "version": 1,
            "locale": "en-GB",
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            "app_permissions": str(BASIC_PERMISSIONS),
        }
        if channel_id is None:
            dm = self.new_id()
            payload.update(
                user=user.user(),
                channel_id=str(dm),
                channel={"id": str(dm), "type": 1, "recipients": [user.user()]},
                context=1,
            )
        else:
            guild_id = self.guild_of(channel_id)
            payload.update(
                guild_id=str(guild_id),
                guild_locale="en-GB",
                channel_id=str(channel_id),
                channel=self.channel(channel_id),
                member=user.member(),
                context=0,
                authorizing_integration_owners={"0": str(guild_id)},
            )
        if message is not None:
            payload["message"] = message
        self.channel_of_token[payload["token"]] = int(payload["channel_id"])
        return payload

    def command_data(
        self, name: str, options: list[dict[str, Any]], channel_id: int | None, registered_in: int | None
    ) -> dict[str, Any]:
        """A command's interaction data; guild_id names the server it is registered for (by default: where it
        is used, when registered there), as Discord sends it for guild commands."""
        data: dict[str, Any] = {"id": str(self.new_id()), "name": name, "type": 1, "options": options}
        if registered_in is None and channel_id is not None:
            here = self.guild_of(channel_id)
            if name in {c["name"] for c in self.commands.get(str(here), [])}:
                registered_in = here
        if registered_in is not None:
            data["guild_id"] = str(registered_in)
        return data

    async def slash(
        self,
        name: str,
        options: list[dict[str, Any]] | None = None,
        user: Person = MEMBER,
        channel_id: int | None = CHANNEL_ID,
        resolved: dict[str, Any] | None = None,
        registered_in: int | None = None,
    ) -> str:
        """Run a slash command as user; returns the interaction token to follow the bot's answer.

        registered_in forges the server the command is registered for (say A's command used in B)."""
        data = self.command_data(name, options or [], channel_id, registered_in)
        if resolved:
            data["resolved"] = resolved
        payload = self.interaction(2, data, user, channel_id)
        await self.dispatch("INTERACTION_CREATE", payload)
        return str(payload["token"])

    async def ask(self, question: str, user: Person = MEMBER, channel_id: int | None = CHANNEL_ID) -> str:
        return await self.slash("ask", [{"name": "question", "type": 3, "value": question}], user, channel_id)

    async def autocomplete(
        self,
        name: str,
        options: list[dict[str, Any]],
        user: Person = MEMBER,
        channel_id: int = CHANNEL_ID,
        registered_in: int | None = None,
    ) -> str:
        """Type into an option marked "focused"; returns the token of the autocomplete interaction.

        registered_in forges the server the command is registered for, as for slash."""
        payload = self.interaction(4, self.command_data(name, options, channel_id, registered_in), user, channel_id)
        await self.dispatch("INTERACTION_CREATE", payload)
        return str(payload["token"])

    def expire(self, token: str) -> None:
        """Make an interaction's token expire, as Discord does after 15 minutes."""
        self.expired_tokens.add(token)

    async def press(self, custom_id: str, message: dict[str, Any], user: Person = MEMBER) -> str:
        """Press a button of one of the bot's messages (as returned by reply_to)."""
        stored = self.messages[int(message["id"])]
        channel_id = int(stored["channel_id"])
        payload = self.interaction(3, {"custom_id": custom_id, "component_type": 2}, user, channel_id, stored)
        await self.dispatch("INTERACTION_CREATE", payload)
        return str(payload["token"])

    async def say(
        self,
        content: str,
        user: Person = MEMBER,
        channel_id: int | None = CHANNEL_ID,
        mentions: list[Person] = (),  # type: ignore[assignment]
        reply_to: dict[str, Any] | None = None,
        dm_channel: int | None = None,
    ) -> dict[str, Any]:
        """Post a message as user in a guild channel (or in the DM channel dm_channel when channel_id is None)."""
        message_id = self.new_id()
        payload: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel_id if channel_id is not None else dm_channel),
            "author": user.user(),
            "content": content,
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [p.user() for p in mentions],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if channel_id is not None:
            payload.update(
                guild_id=str(self.guild_of(channel_id)),
                member={k: v for k, v in user.member().items() if k != "user"},
            )
        if reply_to is not None:
            payload["type"] = 19
            payload["message_reference"] = {
                "message_id": reply_to["id"],
                "channel_id": reply_to["channel_id"],
                **({"guild_id": str(self.guild_of(int(reply_to["channel_id"])))} if channel_id is not None else {}),
            }
            payload["referenced_message"] = reply_to
        await self.dispatch("MESSAGE_CREATE", payload)
        return payload

    def new_dm_channel(self) -> int:
        return self.new_id()

    def upload(self, name: str, data: bytes, content_type: str = "text/plain") -> dict[str, Any]:
        """An attachment the bot can download, as it appears in an interaction's resolved data."""
        attachment_id = str(self.new_id())
        self.attachments[attachment_id] = data
        url = f"http://127.0.0.1:{self.port}/attachments/{attachment_id}"
        return {
            "id": attachment_id,
            "filename": name,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
        }

    # ---- the gateway ------------------------------------------------------------------------------------------

    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(max_msg_size=0)
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json({"op": 10, "d": {"heartbeat_interval": self.heartbeat_interval_ms}})
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            if message["op"] == 1:
                self.heartbeats.append(time.monotonic())
                await socket.send_json({"op": 11})
            elif message["op"] == 2:
                self.identify = message["d"]
                if self.close_code is not None:
                    await socket.close(code=self.close_code, message=b"emulated refusal")
                    break
                await self.send_ready(socket)
        self._sockets.remove(socket)
        return socket

    async def send_ready(self, socket: web.WebSocketResponse) -> None:
        ready = {
            "v": 10,
            "user": BOT.user(),
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}, {"id": str(GUILD_B_ID), "unavailable": True}],
            "session_id": "emulated-session",
            "resume_gateway_url": self.gateway_url,
            "shard": [0, 1],
            "application": {"id": str(APPLICATION_ID), "flags": 0},
            "private_channels": [],
        }
        await socket.send_json({"op": 0, "t": "READY", "s": next(self._sequence), "d": ready})
        for guild in (self.guild_a(), self.guild_b()):
            for role in guild["roles"]:
                role.update(color=0, hoist=False, managed=False, mentionable=False, flags=0)
            await socket.send_json({"op": 0, "t": "GUILD_CREATE", "s": next(self._sequence), "d": guild})

    def guild_b(self) -> dict[str, Any]:
        """The stranger's server: one channel, owned by STRANGER."""
        return {
            **self.guild_a(),
            "id": str(GUILD_B_ID),
            "name": "A Stranger's Server",
            "owner_id": str(STRANGER.id),
            "roles": [
                {"id": str(GUILD_B_ID), "name": "@everyone", "permissions": str(BASIC_PERMISSIONS), "position": 0}
            ],
            "channels": [self.channel(CHANNEL_B_ID)],
            "threads": [],
        }

    def guild_a(self) -> dict[str, Any]:
        """The community's own server."""
        return {
            "id": str(GUILD_ID),
            "name": "Emulated Labour Branch",
            "owner_id": str(MODERATOR.id),
            "unavailable": False,
            "member_count": 4,
            "large": False,
            "joined_at": TIMESTAMP,
            "features": [],
            "emojis": [],
            "stickers": [],
            "voice_states": [],
            "presences": [],
            "premium_tier": 0,
            "verification_level": 0,
            "roles": [
                {"id": str(GUILD_ID), "name": "@everyone", "permissions": str(BASIC_PERMISSIONS), "position": 0},
                {"id": str(MODERATOR_ROLE_ID), "name": "helpers", "permissions": str(BASIC_PERMISSIONS), "position": 1},
            ],
            "channels": [self.channel(CHANNEL_ID), self.channel(OTHER_CHANNEL_ID)],
            "threads": [self.thread()],
            "members": [BOT.member()],
        }

    # ---- REST -------------------------------------------------------------------------------------------------

    async def gateway_bot(self, request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return reply_json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def me(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bot {TOKEN}":
            return reply_json({"message": "401: Unauthorized", "code": 0}, 401)
        return reply_json(BOT.user())

    async def application(self, request: web.Request) -> web.Response:
        return reply_json(
            {
                "id": str(APPLICATION_ID),
                "name": "whobacked",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": MODERATOR.user(),
                "verify_key": "0" * 64,
                "flags": 0,
                "team": None,
            }
        )

    async def put_commands(self, request: web.Request) -> web.Response:
        payload = await request.json()
        await self.record(Call("PUT", "commands", dict(request.match_info), payload))
        target = request.match_info.get("guild", "global")
        if target not in ("global", str(GUILD_ID), str(GUILD_B_ID)):
            return reply_json({"message": "Missing Access", "code": 50001}, 403)
        self.commands[target] = payload
        return reply_json(
            [{**c, "id": str(self.new_id()), "application_id": str(APPLICATION_ID), "version": "1"} for c in payload]
        )

    async def callback(self, request: web.Request) -> web.Response:
        if self.unknown_interactions:
            await self.record(Call("POST", "refused callback", dict(request.match_info), None))
            return reply_json({"message": "Unknown interaction", "code": 10062}, 404)
        body, files = await read_body(request)
        kind = body.get("type") if isinstance(body, dict) else None
        data = body.get("data") or {} if isinstance(body, dict) else {}
        message = self.store_message(data, self.channel_of_token.get(request.match_info["token"], 0), files)
        await self.record(Call("POST", "callback", dict(request.match_info), body, files, message))
        problems = check_choices(data) if kind == 8 else check_message(data) if kind in (4, 7) else []
        if problems:
            return self.refuse(problems)
        interaction = {"id": request.match_info["interaction"], "type": 2}
        resource: dict[str, Any] = {"type": kind}
        if kind in (4, 5):
            interaction.update(response_message_id=message["id"], response_message_loading=kind == 5)
            interaction["response_message_ephemeral"] = bool(data.get("flags", 0) & 64)
            resource["message"] = message
        return reply_json({"interaction": interaction, "resource": resource})

    def expired(self, request: web.Request) -> web.Response | None:
        """Discord's answer to a webhook call with an expired interaction token, or None while it lives."""
        if request.match_info["token"] not in self.expired_tokens:
            return None
        return reply_json({"message": "Invalid Webhook Token", "code": 50027}, 401)

    async def followup(self, request: web.Request) -> web.Response:
        if (refusal := self.expired(request)) is not None:
            return refusal
        body, files = await read_body(request)
        message = self.store_message(body, self.channel_of_token.get(request.match_info["token"], 0), files)
        await self.record(Call("POST", "followup", dict(request.match_info), body, files, message))
        problems = check_message(body)
        return self.refuse(problems) if problems else reply_json(message)

    async def get_webhook_message(self, request: web.Request) -> web.Response:
        return reply_json(self.store_message({}, self.channel_of_token.get(request.match_info["token"], 0), []))

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        if (refusal := self.expired(request)) is not None:
            await self.record(Call("PATCH", "expired", dict(request.match_info), None))
            return refusal
        body, files = await read_body(request)
        message = self.store_message(body, self.channel_of_token.get(request.match_info["token"], 0), files)
        await self.record(Call("PATCH", "edit", dict(request.match_info), body, files, message))
        problems = check_message(body)
        return self.refuse(problems) if problems else reply_json(message)

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        await self.record(Call("DELETE", "edit", dict(request.match_info), None))
        return web.Response(status=204)

    async def create_message(self, request: web.Request) -> web.Response:
        if int(request.match_info["channel"]) in self.unreachable_channels:
            return reply_json({"message": "Missing Access", "code": 50001}, 403)
        body, files = await read_body(request)
        message = self.store_message(body, int(request.match_info["channel"]), files)
        await self.record(Call("POST", "message", dict(request.match_info), body, files, message))
        problems = check_message(body)
        return self.refuse(problems) if problems else reply_json(message)

    async def create_dm(self, request: web.Request) -> web.Response:
        """Open (or find) the DM channel with a user; messages sent there are recorded like any other."""
        body, _ = await read_body(request)
        recipient = {"id": str(body["recipient_id"]), "username": "someone", "discriminator": "0", "avatar": None}
        return reply_json({"id": str(self.new_id()), "type": 1, "recipients": [recipient], "last_message_id": None})

    async def typing(self, request: web.Request) -> web.Response:
        await self.record(Call("POST", "typing", dict(request.match_info), None))
        return web.Response(status=204)

    async def start_thread(self, request: web.Request) -> web.Response:
        """A thread on a message: it takes the message's id, and the gateway announces it (THREAD_CREATE)."""
        body, _ = await read_body(request)
        await self.record(Call("POST", "thread", dict(request.match_info), body))
        name = body.get("name") or ""
        if not 1 <= len(name) <= 100:
            return self.refuse([f"thread name of {len(name)} characters"])
        thread = self.thread(int(request.match_info["message"]), int(request.match_info["channel"]), name, BOT)
        await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return reply_json(thread)

    async def attachment(self, request: web.Request) -> web.Response:
        data = self.attachments.get(request.match_info["name"])
        return web.Response(body=data) if data is not None else web.Response(status=404)

    def store_message(self, body: Any, channel_id: int, files: list[tuple[str, bytes]]) -> dict[str, Any]:
        body = body if isinstance(body, dict) else {}
        message_id = self.new_id()
        message = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": BOT.user(),
            "content": body.get("content") or "",
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [
                {"id": str(self.new_id()), "filename": name, "size": len(data), "url": "", "proxy_url": ""}
                for name, data in files
            ],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 19 if body.get("message_reference") else 0,
            "flags": body.get("flags", 0),
        }
        self.messages[message_id] = message
        return message

    def refuse(self, problems: list[str]) -> web.Response:
        self.violations.extend(problems)
        return reply_json({"code": 50035, "message": "Invalid Form Body", "errors": {"_errors": problems}}, 400)


def reply_json(data: Any, status: int = 200) -> web.Response:
    """JSON with exactly the Content-Type discord.py checks for."""
    return web.Response(
        body=json.dumps(data).encode("utf-8"), status=status, headers={"Content-Type": "application/json"}
    )


async def read_body(request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
    """A JSON body, or the payload_json and files of a multipart body."""
    if request.content_type == "multipart/form-data":
        form = await request.post()
        files = [(part.filename, part.file.read()) for key, part in form.items() if key.startswith("files[")]
        return json.loads(str(form.get("payload_json", "{}"))), files  # type: ignore[union-attr]
    if not request.can_read_body:
        return None, []
    return await request.json(), []


def check_message(body: Any) -> list[str]:
    """What Discord would refuse in a message payload, and any way it could ping someone."""
    if not isinstance(body, dict):
        return []
    problems = []
    content = body.get("content") or ""
    if len(content) > CONTENT_CHARS:
        problems.append(f"content has {len(content)} characters")
    embeds = body.get("embeds") or []
    for embed in embeds:
        problems.extend(check_embed(embed))
    if (content or embeds) and (body.get("allowed_mentions") or {}).get("parse", ["all"]) != []:
        problems.append(f"message may ping: allowed_mentions={body.get('allowed_mentions')}")
    if (body.get("allowed_mentions") or {}).get("replied_user"):
        problems.append("reply pings its author")
    return problems


def check_embed(embed: dict[str, Any]) -> list[str]:
    problems = []
    fields = embed.get("fields") or []
    title, description = embed.get("title") or "", embed.get("description") or ""
    footer = (embed.get("footer") or {}).get("text") or ""
    total = len(title) + len(description) + len(footer)
    if len(title) > TITLE_CHARS:
        problems.append(f"embed title has {len(title)} characters")
    if len(description) > DESCRIPTION_CHARS:
        problems.append(f"embed description has {len(description)} characters")
    if len(footer) > FOOTER_CHARS:
        problems.append(f"embed footer has {len(footer)} characters")
    if len(fields) > FIELDS:
        problems.append(f"embed has {len(fields)} fields")
    for item in fields:
        name, value = item.get("name") or "", item.get("value") or ""
        total += len(name) + len(value)
        if not name or not value or len(name) > FIELD_NAME_CHARS or len(value) > FIELD_VALUE_CHARS:
            problems.append(f"embed field of {len(name)}/{len(value)} characters")
    if total > EMBED_CHARS:
        problems.append(f"embed has {total} characters")
    return problems


def check_choices(data: dict[str, Any]) -> list[str]:
    choices = data.get("choices") or []
    problems = [f"{len(choices)} autocomplete choices"] if len(choices) > CHOICES else []
    return problems + [f"choice of {len(c['name'])} characters" for c in choices if len(c["name"]) > CHOICE_CHARS]
