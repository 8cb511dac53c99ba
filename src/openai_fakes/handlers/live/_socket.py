"""The server side of one Live websocket: a primary (``client.live.connect()``), a sideband
(``client.live.sideband.connect(session_id=...)``) attached to a `LiveSession`, or a fork
(``client.live.forks.connect(session_id=...)``) that starts a new session from a stored one.

Client events in, the session's server events out (the API's, as the SDK types them):

* ``session.start`` (primary, first) -> ``session.started``; a sideband attaches to a running session
  instead and gets its latest events replayed; on a fork, ``session.start`` carries only overrides
  (`fork_config`) and starts a new session (new id) with the stored one's model, configuration and
  conversation, the fork's socket its primary;
* ``session.update`` -> ``session.updated`` (delegation settings merged, triggers replaced; the
  delegation type and everything else are fixed at startup);
* ``session.input_audio.append`` (primary) -> no acknowledgement; sidebands hear it reflected;
  ``.mute`` / ``.unmute`` -> ``session.input_audio.muted`` / ``.unmuted``;
* ``session.output_audio.fixture.play`` -> ``...fixture.playing`` then ``...fixture.played`` (the fake
  plays it at once);
* ``session.instructions`` / ``.thinking`` / ``.commentary.append`` -> ``...appended``;
* ``decision.item.create`` / ``.delete`` -> ``decision.item.created`` / ``.deleted``;
  ``decision.create`` (Decisions delegation) -> a ``POST /decisions`` to the fake server, answered as
  ``decision.event``;
* ``response.item.create`` (Responses delegation) -> queued for the next ``response.create``, which is
  a streamed ``POST /responses`` to the fake server, each of its events carried by a ``response.event``;
* ``transport.dtmf.send`` (sideband) -> an error: the fake has no SIP calls;
* ``session.close`` -> ``session.closed`` to every connection, which the server then hangs up;
* anything invalid -> an ``error`` event to its sender; the session goes on.

Every connection attached to the session hears these events, whichever sent the command; an error
goes to the sender only, reflected input audio to the sidebands only. Handing a delegated request
to the fake server means it is validated, recorded in ``fake.calls``, scripted by ``fake.stub`` and
stored, as over HTTP. The fake's Live model never speaks or delegates on its own.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import pydantic

from ..._core.exchange import ErrorReply, Exchange, JsonReply, Reply, SseReply
from ..._sim.tokens import text_tokens
from .._base.socket_events import first_problem
from ..realtime._response import ITEM_ID
from ..realtime._session import EVENT_ID
from ._session import (
    Attachment,
    Event,
    Kind,
    LiveSession,
    fork_session,
    live_sessions,
    merge_delegation,
    start_session,
)

if TYPE_CHECKING:
    from ..._control.context import Serving

APPEND_TOKEN_LIMIT = 500
"""The most tokens a ``session.instructions`` / ``.thinking`` / ``.commentary.append`` may carry."""
FIXTURE_SECONDS = 30
_PCM24K_BYTES_PER_SECOND = 24_000 * 2  # mono 16-bit little-endian at 24 kHz

# What a delegated Responses request takes from the session's `delegation.responses`.
_RESPONSES_SETTINGS = (
    "model",
    "instructions",
    "max_output_tokens",
    "parallel_tool_calls",
    "reasoning",
    "service_tier",
    "text",
    "tool_choice",
    "tools",
)
_LIFECYCLE = (
    "response.created",
    "response.in_progress",
    "response.completed",
    "response.incomplete",
    "response.failed",
)


class CommandError(Exception):
    """A client event the session answers with an ``error`` event (``invalid_request_error``)."""

    def __init__(
        self, message: str, *, code: str, param: str | None = None, type: str = "invalid_request_error"
    ) -> None:
        super().__init__(message)
        self.message, self.code, self.param, self.type = message, code, param, type


class SessionNotFound(LookupError):
    """A sideband asked to attach to a session the server does not have (or that has ended), or a
    fork named a session that was not stored."""

    def __init__(self, session_id: str, hint: str = "") -> None:
        super().__init__(session_id)
        self.session_id, self.hint = session_id, hint


@dataclass
class _Delegated:
    """A command the fake server answers (a request to the session's backend), and what to make of its reply."""

    exchange: Exchange
    finish: Callable[[Reply], list[Event]]


@cache
def _client_event_types(kind: str) -> Mapping[str, type[pydantic.BaseModel]]:
    """The client events a connection kind (``primary``, ``sideband``, ``fork``) may send (the members
    of the SDK's union), by their type."""
    from openai.types.live import ClientEvent, ConnectClientEvent, ForkClientEvent

    union: Any = {"primary": ClientEvent, "sideband": ConnectClientEvent, "fork": ForkClientEvent}[kind]
    members = typing.get_args(typing.get_args(union)[0])
    return {typing.get_args(m.model_fields["type"].annotation)[0]: m for m in members}


@cache
def _validator(event_type: type[pydantic.BaseModel]) -> Callable[[Any], Any]:
    # The member itself, not the union: the SDK's union tag is its own metadata, not pydantic's,
    # so the union would report a problem once per member.
    return pydantic.TypeAdapter(event_type).validate_python


@cache
def _fields_of(config: str) -> frozenset[str]:
    from openai.types.live import ForkSessionConfig, SessionConfig, SessionUpdateConfig

    models: dict[str, type[pydantic.BaseModel]] = {
        "start": SessionConfig,
        "update": SessionUpdateConfig,
        "fork": ForkSessionConfig,
    }
    model = models[config]
    return frozenset(model.model_fields)


def _small(event: Mapping[str, Any]) -> Event:
    """A Responses event as a Live ``response.event`` nests it: lifecycle snapshots omit input and
    clear instructions, tools and output (the granular events carry the content)."""
    nested = copy.deepcopy(dict(event))
    if nested.get("type") in _LIFECYCLE and isinstance(nested.get("response"), dict):
        nested["response"].update(instructions=None, tools=[], output=[])
        nested["response"].pop("input", None)
    return nested


class LiveConnection:
    """One websocket of a Live session (see the module docstring)."""

    def __init__(
        self, server: Serving, *, kind: Kind, session: LiveSession | None = None, stored: LiveSession | None = None
    ) -> None:
        self.server = server
        self.kind = kind
        self.live = session
        self.stored = stored
        """The stored session a fork starts from (``None`` on a primary or a sideband)."""
        self.attachment = Attachment(kind, lambda events: None, lambda: None)
        self._types = _client_event_types("fork" if stored is not None else kind)
        self._commands: dict[str, Callable[[dict[str, Any], str | None], list[Event] | _Delegated]] = {
            "session.start": self._start,
            "session.update": self._update,
            "session.input_audio.append": self._audio_append,
            "session.input_audio.mute": self._mute,
            "session.input_audio.unmute": self._unmute,
            "session.output_audio.fixture.play": self._fixture_play,
            "session.instructions.append": self._append,
            "session.thinking.append": self._append,
            "session.commentary.append": self._append,
            "decision.create": self._decision_create,
            "decision.item.create": self._decision_item_create,
            "decision.item.delete": self._decision_item_delete,
            "response.item.create": self._response_item_create,
            "response.create": self._response_create,
            "transport.dtmf.send": self._dtmf_send,
            "session.close": self._close,
        }

    @classmethod
    def attach_to(cls, server: Serving, session_id: str) -> LiveConnection:
        """A sideband of the running session ``session_id``; `SessionNotFound` when there is none."""
        found = live_sessions(server.backend).get(session_id)
        if found is None or found.closed:
            raise SessionNotFound(session_id)
        return cls(server, kind="sideband", session=found)

    @classmethod
    def fork(cls, server: Serving, session_id: str) -> LiveConnection:
        """A fork of the stored session ``session_id`` (running or ended); `SessionNotFound` when the
        server has no such session or it was not stored (``store: true`` at its start)."""
        found = live_sessions(server.backend).get(session_id)
        if found is None:
            raise SessionNotFound(session_id)
        if not found.resource.get("store"):
            raise SessionNotFound(session_id, "it was not stored: start it with session.store set to true to fork it")
        # The fork's socket is the primary of the session it starts.
        return cls(server, kind="primary", stored=found)

    # --- the socket's side ---------------------------------------------------------------------

    def listen(self, deliver: Callable[[list[Event]], None], hang_up: Callable[[], None]) -> None:
        """How to reach this connection's socket with events another connection caused, and how to close it."""
        self.attachment.deliver, self.attachment.hang_up = deliver, hang_up

    def open(self) -> list[Event]:
        if self.live is None:
            return []  # a primary: the client sends session.start first
        with self.server.backend.lock:
            self.live.attach(self.attachment)
            return copy.deepcopy(list(self.live.recent))

    def disconnect(self) -> None:
        """The client closed its socket: a sideband detaches; a primary's session ends with it."""
        with self.server.backend.lock:
            live = self.live
            if live is None or live.closed or self.attachment not in live.attached:
                return
            live.detach(self.attachment)
            if self.kind == "primary":
                live.close("connection_lost", sender=None)

    def receive(self, raw: str | bytes) -> list[Event]:
        """The events this connection hears in answer to one client message (others hear theirs through
        `listen`)."""
        step = self._plan(raw)
        if not isinstance(step, _Delegated):
            return step
        reply, _ = self.server.handle(step.exchange)
        with self.server.backend.lock:
            return step.finish(reply)

    async def areceive(self, raw: str | bytes) -> list[Event]:
        step = self._plan(raw)
        if not isinstance(step, _Delegated):
            return step
        reply, _ = await self.server.ahandle(step.exchange)
        with self.server.backend.lock:
            return step.finish(reply)

    # --- parsing -------------------------------------------------------------------------------

    def _plan(self, raw: str | bytes) -> list[Event] | _Delegated:
        client_event_id: str | None = None
        with self.server.backend.lock:
            try:
                try:
                    message = json.loads(raw)
                except (ValueError, UnicodeDecodeError):
                    raise CommandError("The server could not parse the message as JSON.", code="invalid_json") from None
                if not isinstance(message, dict):
                    raise CommandError("Invalid event: expected an object.", code="invalid_type")
                if isinstance(message.get("event_id"), str):
                    client_event_id = message["event_id"]
                self._check(message)
                kind = message["type"]
                if self.live is None and kind != "session.start":
                    raise CommandError(
                        "Send session.start first and wait for session.started.", code="session_not_started"
                    )
                return self._commands[kind](message, client_event_id)
            except CommandError as error:
                return [self._error(error, client_event_id)]

    def _check(self, message: dict[str, Any]) -> None:
        """The event must be one this connection may send and validate as the SDK's type of it; the
        first problem is reported as the API words it."""
        kind = message.get("type")
        model = self._types.get(kind) if isinstance(kind, str) else None
        if model is None:
            kinds = ", ".join(f"'{k}'" for k in self._types)
            raise CommandError(
                f"Invalid value: '{kind}'. Supported values are: {kinds}.", code="invalid_value", param="type"
            )
        try:
            _validator(model)(message)
        except pydantic.ValidationError as invalid:
            problem = first_problem(invalid, message)
            raise CommandError(problem.message, code=problem.code, param=problem.param) from None
        unknown = [key for key in message if key not in model.model_fields]
        if kind in ("session.start", "session.update"):
            config = "update" if kind == "session.update" else "fork" if self.stored is not None else "start"
            fields = _fields_of(config)
            unknown += [f"session.{key}" for key in message["session"] if key not in fields]
        if unknown:
            raise CommandError(f"Unknown parameter: '{unknown[0]}'.", code="unknown_parameter", param=unknown[0])

    def _error(self, error: CommandError, client_event_id: str | None) -> Event:
        body = {
            "type": error.type,
            "code": error.code,
            "message": error.message,
            "param": error.param,
            "client_event_id": client_event_id,
        }
        event: Event = {"type": "error", "event_id": self.server.backend.new_id(EVENT_ID), "error": body}
        if client_event_id is not None:
            event["client_event_id"] = client_event_id
        return event

    @property
    def _session(self) -> LiveSession:
        assert self.live is not None  # `_plan` refuses every command but session.start before the start
        return self.live

    def _publish(self, events: list[Event], *, to: tuple[Kind, ...] = ("primary", "sideband")) -> list[Event]:
        return self._session.publish(events, sender=self.attachment, to=to)

    # --- session -------------------------------------------------------------------------------

    def _start(self, message: dict[str, Any], cid: str | None) -> list[Event]:
        if self.live is not None:
            raise CommandError(
                "The session has already started: send session.start once, on the primary connection.",
                code="session_already_started",
            )
        if self.stored is not None:
            self.live = fork_session(self.server.backend, self.stored, _fork_overrides(self.stored, message["session"]))
        else:
            self.live = start_session(self.server.backend, message["session"], websocket=True)
        self.live.attach(self.attachment)
        return self._publish([self.live.event("session.started", cid, session=self.live.snapshot())])

    def _update(self, message: dict[str, Any], cid: str | None) -> list[Event]:
        live = self._session
        update = message["session"]
        delegation = update.get("delegation")
        if delegation is not None:
            current = live.resource["delegation"]
            if delegation["type"] != current["type"]:
                raise CommandError(
                    f"Invalid value for 'session.delegation.type': this session delegates to '{current['type']}', "
                    "and the delegation type cannot change.",
                    code="invalid_value",
                    param="session.delegation.type",
                )
            merge_delegation(current, delegation)
        if update.get("triggers") is not None:
            live.resource["triggers"] = copy.deepcopy(update["triggers"])
        return self._publish([live.event("session.updated", cid, session=live.snapshot())])

    def _close(self, message: dict[str, Any], cid: str | None) -> list[Event]:
        return self._session.close("close_requested", sender=self.attachment, client_event_id=cid)

    # --- audio ---------------------------------------------------------------------------------

    def _audio_append(self, message: dict[str, Any], cid: str | None) -> list[Event]:
        live = self._session
        _decoded(message["audio"])
        # Sidebands hear the primary's input (before any mute), always as 24 kHz PCM: the fake
        # reflects only audio that already is, it does not resample.
        if live.resource["audio"].get("format") == {"type": "audio/pcm", "rate": 24000}:
            self._publish([{"type": "session.input_audio.append", "audio": message["audio"]}], to=("sideband",))
        return []  # audio appends have no acknowledgement

    def _mute(self, message: dict[str, Any], cid: str | None) -> list[Event]:
        self._session.muted = True
        return self._publish([self._session.event("session.input_audio.muted", cid)])

    def _unmute(self, message: dict[str, Any], cid: str | None) -> list[Event]:
        self._session.muted = False
        return self._publish([self._session.event("session.input_audio.unmuted", cid)])

    def _fixture_play(self, message: dict[str, Any], cid: str | None) -> list[Event]:
        audio = _decoded(message["audio"])
        if not audio or len(audio) % 2:
            raise CommandError(
                "Invalid 'audio': expected raw mono PCM16 little-endian samples.", code="invalid_value", param="audio"
            )
        seconds = len(audio) / _PCM24K_BYTES_PER_SECOND
        if seconds > FIXTURE_SECONDS:
            raise CommandError(
                f"Invalid 'audio': a fixture plays at most {FIXTURE_SECONDS} seconds, got {seconds:.2f}.",
                code="invalid_value",
                param="audio",
            )
        live = self._session
        # The fake plays it at once: accepted and drained in one go, so one is never still active.
        return self._publish(
            [
                live.event("session.output_audio.fixture.playing", cid),
                live.event("session.output_audio.fixture.played", cid),
            ]
        )

    # --- context -------------------------------------------------------------------------------

    def _append(self, message: dict[str, Any], cid: str | None) -> list[Event]:
        live = self._session
        tokens = text_tokens(message["content"])
        if tokens > APPEND_TOKEN_LIMIT:
            raise CommandError(
                f"Invalid 'content': limited to {APPEND_TOKEN_LIMIT} tokens, got {tokens}.",
                code="invalid_value",
                param="content",
            )
        if message["delegation_id"] is not None:
            if live.resource["delegation"]["type"] == "responses":
                raise CommandError(
                    "Invalid 'delegation_id': non-null delegation IDs are not accepted with Responses delegation.",
                    code="invalid_value",
                    param="delegation_id",
                )
            # A delegation id comes from session.delegation.created; the fake's model never delegates.
            raise CommandError(
                f"Delegation not found: {message['delegation_id']}", code="delegation_not_found", param="delegation_id"
            )
        now = live.elapsed_ms()
        kind = message["type"].removesuffix(".append") + ".appended"
        return self._publish([live.event(kind, cid, start_ms=now, end_ms=now)])

    # --- Decisions -----------------------------------------------------------------------------

    def _decision_item_create(self, message: dict[str, Any], cid: str | None) -> list[Event]:
        live = self._session
        item = copy.deepcopy(message["item"])
        if item.get("id") is not None and any(i["id"] == item["id"] for i in live.decision_items):
            raise CommandError(
                f"Item with id '{item['id']}' already exists.", code="item_already_exists", param="item.id"
            )
        if item.get("id") is None:
            item["id"] = live.backend.new_id(ITEM_ID)
        live.decision_items.append(item)
        return self._publish([live.event("decision.item.created", cid, item=copy.deepcopy(item))])

    def _decision_item_delete(self, message: dict[str, Any], cid: str | None) -> list[Event]:
        live = self._session
        kept = [i for i in live.decision_items if i["id"] != message["item_id"]]
        if len(kept) == len(live.decision_items):
            raise CommandError(
                f"Item with item_id not found: {message['item_id']}", code="item_not_found", param="item_id"
            )
        live.decision_items = kept
        return self._publish([live.event("decision.item.deleted", cid, item_id=message["item_id"])])

    def _decision_create(self, message: dict[str, Any], cid: str | None) -> _Delegated:
        live = self._session
        delegation = live.resource["delegation"]
        if delegation["type"] != "decisions":
            raise CommandError(
                "decision.create requires Decisions delegation (session.delegation.type 'decisions').",
                code="decisions_delegation_required",
                param="session.delegation",
            )
        if message["event_id"] in live.decision_event_ids:
            raise CommandError(
                f"Invalid 'event_id': '{message['event_id']}' was already used in this session.",
                code="duplicate_event_id",
                param="event_id",
            )
        live.decision_event_ids.add(message["event_id"])
        config = delegation["decisions"]
        # A stored message's id is the session's; the Decision API's input items carry none.
        items = [
            {k: v for k, v in item.items() if k != "id" or item.get("type", "message") != "message"}
            for item in live.decision_items
        ]
        body = {"model": config["model"], "questions": copy.deepcopy(config["questions"]), "input": items}

        def finish(reply: Reply) -> list[Event]:
            if isinstance(reply, JsonReply):
                nested = {"type": "decision.completed", "decision": reply.data}
                # A decision.event declares no client_event_id: the command's event_id is not echoed.
                return self._publish([live.event("decision.event", None, event=nested, delegation_id=None)])
            return [self._error(_refused(reply), cid)]

        return _Delegated(_exchange("/decisions", body, stream=False), finish)

    # --- Responses -----------------------------------------------------------------------------

    def _responses_settings(self) -> Mapping[str, Any]:
        delegation = self._session.resource["delegation"]
        if delegation["type"] != "responses":
            raise CommandError(
                "This command requires Responses delegation (session.delegation.type 'responses').",
                code="responses_delegation_required",
                param="session.delegation",
            )
        return dict(delegation["responses"])

    def _response_item_create(self, message: dict[str, Any], cid: str | None) -> list[Event]:
        self._responses_settings()
        self._session.response_items.append(copy.deepcopy(message["item"]))
        return []  # the API declares no acknowledgement for it

    def _response_create(self, message: dict[str, Any], cid: str | None) -> _Delegated:
        live = self._session
        settings = self._responses_settings()
        body: dict[str, Any] = {
            k: copy.deepcopy(settings[k]) for k in _RESPONSES_SETTINGS if settings.get(k) is not None
        }
        body["input"], live.response_items = live.response_items, []
        body["stream"] = True
        if live.last_response_id is not None:
            body["previous_response_id"] = live.last_response_id

        def finish(reply: Reply) -> list[Event]:
            if not isinstance(reply, SseReply):
                live.response_items[:0] = body["input"]  # not taken: still there for the next try
                return [self._error(_refused(reply), cid)]
            events: list[Event] = []
            for _, payload in reply.events:
                if payload.get("type") == "response.created":
                    live.last_response_id = payload["response"]["id"]
                events.append(live.event("response.event", cid, event=_small(payload), delegation_id=None))
            return self._publish(events)

        return _Delegated(_exchange("/responses", body, stream=True), finish)

    # --- SIP -----------------------------------------------------------------------------------

    def _dtmf_send(self, message: dict[str, Any], cid: str | None) -> list[Event]:
        transport = "websocket" if self._session.websocket else "WebRTC"
        raise CommandError(
            f"transport.dtmf.send is supported only for SIP calls; this session's transport is {transport}.",
            code="unsupported_transport",
            param="type",
        )


def _fork_overrides(stored: LiveSession, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The overrides a fork's ``session.start`` may make of the stored session, checked as its
    docs state them: no ``client`` on a websocket fork; ``delegation`` only when the stored session
    already delegates to Responses (the type cannot change)."""
    if overrides.get("client") is not None:
        raise CommandError(
            "Invalid 'session.client': client overrides are only supported for WebRTC forks, not websocket forks.",
            code="invalid_value",
            param="session.client",
        )
    delegation = overrides.get("delegation")
    current = stored.resource["delegation"]["type"]
    if delegation is not None and current != "responses":
        raise CommandError(
            f"Invalid 'session.delegation': the stored session delegates to '{current}'; a fork may only "
            "override the Responses backend of a session that delegates to 'responses'.",
            code="invalid_value",
            param="session.delegation.type",
        )
    return dict(overrides)


def _decoded(audio: str) -> bytes:
    try:
        return base64.b64decode(audio, validate=True)
    except (binascii.Error, ValueError):
        raise CommandError(
            "Invalid 'audio'. Expected base64-encoded audio bytes.", code="invalid_value", param="audio"
        ) from None


def _refused(reply: Reply) -> CommandError:
    """The error a delegated request's refusal (or failure) becomes on the socket."""
    if isinstance(reply, ErrorReply) and reply.status < 500:
        body = reply.body.get("error", {}) if isinstance(reply.body, dict) else {}
        return CommandError(
            str(body.get("message") or "The request was refused."),
            code=str(body.get("code") or body.get("type") or "invalid_request_error"),
            param=body.get("param"),
        )
    return CommandError(
        "The server had an error while processing your request.", code="server_error", type="server_error"
    )


def _exchange(path: str, body: dict[str, Any], *, stream: bool) -> Exchange:
    from openai.types.decision import Decision
    from openai.types.responses import Response, ResponseStreamEvent

    return Exchange(
        method="POST",
        path=path,
        query={},
        body=body,
        files=[],
        headers={},
        cast_to=Response if path == "/responses" else Decision,
        stream=stream,
        stream_item_type=ResponseStreamEvent if stream else None,
    )
