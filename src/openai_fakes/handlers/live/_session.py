"""Live sessions (``client.live``): what one session holds, and the sessions of a backend by id.

A session starts with ``session.start`` on a primary websocket (``client.live.connect()``) or with
``client.live.create(...)`` (WebRTC); sideband websockets attach to it by its id. A stored session
(``store: true``) can be forked (``client.live.forks.connect(session_id=...)``): a new session
that starts where it stands (`fork_session`). Every connection
attached to a session hears the session's events, whichever connection caused them (the
`Attachment` callbacks), so a sideband sees what the primary does and the other way round.

Ids are shaped as the Realtime API's (``sess_`` / ``event_`` and 21 base62 characters); the Live
API's own shapes, a session's lifetime (30 minutes here, as a Realtime session's) and how much a
sideband replays on attach (the last 16 events here) are not on record.
"""

from __future__ import annotations

import copy
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..realtime._session import EVENT_ID, SESSION_ID
from ..realtime._transcription import SESSION_SECONDS

if TYPE_CHECKING:
    from ..._state.backend import Backend

Event = dict[str, Any]
Kind = Literal["primary", "sideband"]

REPLAY_EVENTS = 16
"""How many of a session's latest events a sideband gets when it attaches (its "short replay")."""

DEFAULT_VOICE = "marin"

# The fields of the SDK's `SessionResource`: the resolved session keeps exactly these.
_RESOURCE_FIELDS = (
    "id",
    "expires_at",
    "model",
    "status",
    "audio",
    "client",
    "delegation",
    "input",
    "instructions",
    "safety_identifier",
    "store",
    "triggers",
)


def resolved_delegation(delegation: Mapping[str, Any] | None) -> dict[str, Any]:
    """A delegation with the server's defaults: your application (``client``) when none is given;
    an acknowledgement delay of 400 ms for Decisions, 0 otherwise."""
    resolved: dict[str, Any] = dict(delegation) if delegation else {"type": "client"}
    resolved.setdefault("acknowledgement_delay_ms", 400 if resolved["type"] == "decisions" else 0)
    return resolved


def resolved_session(config: Mapping[str, Any], session_id: str, now: int, *, websocket: bool) -> dict[str, Any]:
    """The session a ``session.started`` reports: the startup configuration with the server's
    defaults (voice ``marin``; 24 kHz PCM on a websocket, whose media format WebRTC negotiates
    instead; no stored recording; no triggers)."""
    audio = copy.deepcopy(dict(config.get("audio") or {}))
    audio["output"] = {"voice": DEFAULT_VOICE, **(audio.get("output") or {})}
    if websocket:
        audio.setdefault("format", {"type": "audio/pcm", "rate": 24000})
    else:
        audio.pop("format", None)
    session: dict[str, Any] = {
        **copy.deepcopy(dict(config)),
        "id": session_id,
        "expires_at": now + SESSION_SECONDS,
        "status": "active",
        "audio": audio,
        "delegation": resolved_delegation(config.get("delegation")),
        "input": copy.deepcopy(list(config.get("input") or [])),
        "store": bool(config.get("store", False)),
        "triggers": copy.deepcopy(list(config.get("triggers") or [])),
    }
    return {name: session[name] for name in _RESOURCE_FIELDS if name in session}


def merge_delegation(current: dict[str, Any], update: Mapping[str, Any]) -> None:
    """Apply a delegation update in place: nested settings merged (a ``None`` keeps the current
    value), other given values replaced."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(current.get(key), dict):
            current[key] = {**current[key], **{k: v for k, v in value.items() if v is not None}}
        elif value is not None:
            current[key] = copy.deepcopy(value)


@dataclass(eq=False)
class Attachment:
    """One connection attached to a session: how to hand it events, and how to hang it up."""

    kind: Kind
    deliver: Callable[[list[Event]], None]
    hang_up: Callable[[], None]


class LiveSession:
    """One Live session: its resolved configuration, its state, and the connections attached to it."""

    def __init__(self, backend: Backend, config: Mapping[str, Any], *, websocket: bool) -> None:
        self.backend = backend
        self.started_at = backend.clock.now()
        self.resource = resolved_session(config, backend.new_id(SESSION_ID), self.started_at, websocket=websocket)
        self.websocket = websocket
        self.attached: list[Attachment] = []
        self.recent: deque[Event] = deque(maxlen=REPLAY_EVENTS)
        self.closed = False
        self.muted = False
        self.decision_items: list[dict[str, Any]] = []
        self.decision_event_ids: set[str] = set()
        self.response_items: list[Any] = []
        """Input items for the Responses backend's next response (``response.item.create``)."""
        self.last_response_id: str | None = None

    @property
    def id(self) -> str:
        return str(self.resource["id"])

    def event(self, kind: str, client_event_id: str | None = None, **fields: Any) -> Event:
        event: Event = {"type": kind, "event_id": self.backend.new_id(EVENT_ID), **fields}
        if client_event_id is not None:
            event["client_event_id"] = client_event_id
        return event

    def elapsed_ms(self) -> int:
        """Where the session's timeline is now, in milliseconds from its start."""
        return max(0, self.backend.clock.now() - self.started_at) * 1000

    def snapshot(self) -> dict[str, Any]:
        return copy.deepcopy(self.resource)

    # --- who hears what ----------------------------------------------------------------------

    def attach(self, attachment: Attachment) -> None:
        self.attached.append(attachment)

    def detach(self, attachment: Attachment) -> None:
        if attachment in self.attached:
            self.attached.remove(attachment)

    def publish(
        self, events: list[Event], *, sender: Attachment | None, to: tuple[Kind, ...] = ("primary", "sideband")
    ) -> list[Event]:
        """Hand ``events`` to every attached connection of a kind in ``to`` but the sender, and
        return what the sender hears of them (its own answer)."""
        self.recent.extend(events)
        for attachment in list(self.attached):
            if attachment is not sender and attachment.kind in to:
                attachment.deliver(copy.deepcopy(events))
        return events if sender is None or sender.kind in to else []

    def close(self, reason: str, *, sender: Attachment | None, client_event_id: str | None = None) -> list[Event]:
        """End the session: ``session.closed`` (with the final usage) to everyone, then every
        connection is hung up by the server. Returns the sender's share."""
        usage = {"seconds": float(max(0, self.backend.clock.now() - self.started_at))}
        closed = self.event("session.closed", client_event_id, reason=reason, session=self.snapshot(), usage=usage)
        answer = self.publish([closed], sender=sender)
        self.closed = True
        for attachment in list(self.attached):
            attachment.hang_up()
        self.attached.clear()
        return answer


def live_sessions(backend: Backend) -> dict[str, LiveSession]:
    """The backend's Live sessions by id, closed ones included (a closed session cannot be attached to)."""
    return backend.area("live_sessions", dict[str, LiveSession])


def start_session(backend: Backend, config: Mapping[str, Any], *, websocket: bool) -> LiveSession:
    """A new session, known by its id from now on."""
    with backend.lock:
        session = LiveSession(backend, config, websocket=websocket)
        live_sessions(backend)[session.id] = session
        return session


def fork_session(backend: Backend, stored: LiveSession, overrides: Mapping[str, Any]) -> LiveSession:
    """A new session (its own id, a fresh lifetime) started from the stored session ``stored``: its
    model, voice, instructions and the rest of its configuration, and its conversation (Decision
    items, the Responses backend's pending items and last response, which the fork's next response
    continues), with ``overrides`` applied (a fork's ``session.start``: ``audio.format``, the
    Responses backend's settings, ``store``). The fork is a websocket session."""
    config = stored.snapshot()
    for key in ("id", "expires_at", "status"):
        config.pop(key, None)
    audio_format = (overrides.get("audio") or {}).get("format")
    if audio_format is not None:
        config["audio"]["format"] = copy.deepcopy(audio_format)
    if overrides.get("delegation") is not None:
        merge_delegation(config["delegation"], overrides["delegation"])
    if overrides.get("store") is not None:
        config["store"] = overrides["store"]
    with backend.lock:
        forked = start_session(backend, config, websocket=True)
        forked.decision_items = copy.deepcopy(stored.decision_items)
        forked.response_items = copy.deepcopy(stored.response_items)
        forked.last_response_id = stored.last_response_id
        return forked
