"""One simulated Realtime API session: client events in, the server's events out.

A `RealtimeSession` is the server side of one websocket (``client.realtime.connect(...)``): it
keeps the session configuration, the conversation (ordered items) and the input audio buffer, and
answers each client event with the server events the GA Realtime API sends for it:

* on connect: ``session.created`` with the defaults for the model;
* ``session.update`` -> ``session.updated`` (a deep merge; ``session.type`` is required);
* ``conversation.item.create`` -> ``conversation.item.added`` + ``conversation.item.done``;
  ``.retrieve`` / ``.delete`` / ``.truncate`` -> ``.retrieved`` / ``.deleted`` / ``.truncated``;
* ``input_audio_buffer.append`` -> nothing; ``.commit`` -> ``input_audio_buffer.committed`` and a
  user item holding the audio (plus its transcription events when the session transcribes);
  ``.clear`` -> ``input_audio_buffer.cleared``;
* ``response.create`` -> the whole response (`_response`), then ``rate_limits.updated``;
* anything the API refuses -> an ``error`` event; the session stays open, as the API's does.

A connection opened with ``intent=transcription`` in its query is a transcription session instead
(``session.type`` ``"transcription"``, `_transcription`): it takes ``session.update`` of that type
and input audio, which it transcribes on commit; it has no model to answer, so ``response.create``
and ``response.cancel`` get an ``error`` event.

Everything is plain JSON (dicts); ids and text come from the backend's seeded RNG. Server VAD is
not simulated: the fake never hears speech in appended audio, so commit the buffer yourself.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pydantic

from ..._core.ids import IdShape
from ..._core.merge import merge_replacing_lists
from .._base.socket_events import first_problem
from ._response import ITEM_ID, Event, ResponseBuilder, audio_seconds
from ._transcription import SERVER_VAD, SESSION_SECONDS, no_vad_problem, transcription_events, transcription_session

if TYPE_CHECKING:
    from ..._state.backend import Backend


# The GA API's ids: a prefix and 21 base62 characters (``event_BaBb2GRYaS0mfPeP9Ei8x``).
EVENT_ID = IdShape("event_", "base62", 21)
SESSION_ID = IdShape("sess_", "base62", 21)

# Aliases the API resolves to a dated model in the session it reports.
_SNAPSHOTS = {
    "gpt-realtime": "gpt-realtime-2025-08-28",
    "gpt-realtime-mini": "gpt-realtime-mini-2025-10-06",
    "gpt-4o-realtime-preview": "gpt-4o-realtime-preview-2025-06-03",
    "gpt-4o-mini-realtime-preview": "gpt-4o-mini-realtime-preview-2024-12-17",
}


def default_session(model: str, session_id: str, now: int) -> dict[str, Any]:
    """The configuration a new GA session reports in ``session.created``."""
    return {
        "type": "realtime",
        "object": "realtime.session",
        "id": session_id,
        "model": _SNAPSHOTS.get(model, model),
        "output_modalities": ["audio"],
        "instructions": (
            "Your knowledge cutoff is 2023-10. You are a helpful, witty, and friendly AI. Act like a human, "
            "but remember that you aren't a human and that you can't do human things in the real world."
        ),
        "tools": [],
        "tool_choice": "auto",
        "max_output_tokens": "inf",
        "tracing": None,
        "truncation": "auto",
        "prompt": None,
        "expires_at": now + SESSION_SECONDS,
        "audio": {
            "input": {
                "format": {"type": "audio/pcm", "rate": 24000},
                "transcription": None,
                "noise_reduction": None,
                "turn_detection": {
                    **SERVER_VAD,
                    "idle_timeout_ms": None,
                    "create_response": True,
                    "interrupt_response": True,
                },
            },
            "output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "alloy", "speed": 1.0},
        },
        "include": None,
    }


class ClientEventError(Exception):
    """A client event the API answers with an ``error`` event (``invalid_request_error``)."""

    def __init__(self, message: str, *, code: str | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.message, self.code, self.param = message, code, param


class RealtimeSession:
    """The server side of one realtime connection (see the module docstring)."""

    def __init__(
        self, backend: Backend, *, model: str, validate: Callable[[Any], Any], intent: str | None = None
    ) -> None:
        self.backend = backend
        self._validate = validate
        now = backend.clock.now()
        session_id = backend.new_id(SESSION_ID)
        if intent == "transcription":
            self.session = transcription_session(session_id, {}, now)
        else:
            self.session = default_session(model or "gpt-realtime", session_id, now)
        self.items: list[dict[str, Any]] = []
        self.audio_buffer = bytearray()
        self.audio_seconds: dict[str, float] = {}
        """Seconds of audio per item id: what committed input and spoken output last."""
        self.responses: list[dict[str, Any]] = []
        self.has_spoken = False
        self.conversation_id: str | None = None
        self._handlers: dict[str, Callable[[dict[str, Any]], list[Event]]] = {
            "session.update": self._session_update,
            "conversation.item.create": self._item_create,
            "conversation.item.retrieve": self._item_retrieve,
            "conversation.item.delete": self._item_delete,
            "conversation.item.truncate": self._item_truncate,
            "input_audio_buffer.append": self._audio_append,
            "input_audio_buffer.commit": self._audio_commit,
            "input_audio_buffer.clear": self._audio_clear,
            "output_audio_buffer.clear": self._output_audio_clear,
            "response.create": self._response_create,
            "response.cancel": self._response_cancel,
        }

    # --- the wire ----------------------------------------------------------------------------

    def event(self, kind: str, **fields: Any) -> Event:
        return {"type": kind, "event_id": self.backend.new_id(EVENT_ID), **fields}

    def open(self) -> list[Event]:
        return [self.event("session.created", session=copy.deepcopy(self.session))]

    def receive(self, raw: str | bytes) -> list[Event]:
        """The server events answering one client message (JSON text, as the SDK sends it)."""
        event_id: str | None = None
        with self.backend.lock:
            try:
                try:
                    message = json.loads(raw)
                except (ValueError, UnicodeDecodeError):
                    raise ClientEventError(
                        "The server could not parse the message as JSON.", code="invalid_json"
                    ) from None
                if not isinstance(message, dict):
                    raise ClientEventError("Invalid event: expected an object.", code="invalid_type")
                event_id = message.get("event_id") if isinstance(message.get("event_id"), str) else None
                kind = message.get("type")
                handler = self._handlers.get(kind) if isinstance(kind, str) else None
                if handler is None:
                    kinds = ", ".join(f"'{k}'" for k in self._handlers)
                    raise ClientEventError(
                        f"Invalid value: '{message.get('type')}'. Supported values are: {kinds}.",
                        code="invalid_value",
                        param="type",
                    )
                self._check(message)
                return handler(message)
            except ClientEventError as error:
                return [self._error(error, event_id)]

    async def areceive(self, raw: str | bytes) -> list[Event]:
        return self.receive(raw)

    def _error(self, error: ClientEventError, event_id: str | None) -> Event:
        body = {
            "type": "invalid_request_error",
            "code": error.code,
            "message": error.message,
            "param": error.param,
            "event_id": event_id,
        }
        return self.event("error", error=body)

    def _check(self, message: dict[str, Any]) -> None:
        """The event must validate as the SDK's own client event type; the first problem is reported
        the way the API words it (missing parameter, invalid type, invalid value)."""
        try:
            self._validate(message)
        except pydantic.ValidationError as invalid:
            problem = first_problem(invalid, message)
            raise ClientEventError(problem.message, code=problem.code, param=problem.param) from None

    # --- session -----------------------------------------------------------------------------

    @property
    def transcribes_only(self) -> bool:
        """A transcription session (opened with ``intent=transcription``): input audio in, transcripts out."""
        return bool(self.session["type"] == "transcription")

    def _session_update(self, message: dict[str, Any]) -> list[Event]:
        update = dict(message["session"])
        kind = self.session["type"]
        if update.get("type") != kind:
            raise ClientEventError(
                f"Invalid value for 'session.type': this session is a {kind} session.",
                code="invalid_value",
                param="session.type",
            )
        if not self.transcribes_only:
            voice = (update.get("audio") or {}).get("output", {}).get("voice")
            current = self.session["audio"]["output"]["voice"]
            if voice is not None and voice != current and self.has_spoken:
                raise ClientEventError(
                    "Cannot update a conversation's voice if assistant audio is present.",
                    code="cannot_update_voice",
                    param="session.audio.output.voice",
                )
        update.pop("model", None)  # the model is fixed by the connection
        updated = merge_replacing_lists(self.session, update)  # as session.update applies
        problem = no_vad_problem(updated) if self.transcribes_only else None
        if problem is not None:
            raise ClientEventError(problem, code="invalid_value", param="session.audio.input.turn_detection")
        self.session = updated
        return [self.event("session.updated", session=copy.deepcopy(self.session))]

    # --- conversation ------------------------------------------------------------------------

    def find(self, item_id: Any) -> int:
        for index, item in enumerate(self.items):
            if item.get("id") == item_id:
                return index
        raise ClientEventError(f"Item with item_id not found: {item_id}", code="item_not_found", param="item_id")

    def insert(self, item: dict[str, Any], previous_item_id: Any = None) -> str | None:
        """Add ``item`` after ``previous_item_id`` (``"root"``: first; none: last); return its predecessor."""
        if previous_item_id is None:
            position = len(self.items)
        elif previous_item_id == "root":
            position = 0
        else:
            position = self.find(previous_item_id) + 1
        self.items.insert(position, item)
        return self.items[position - 1]["id"] if position > 0 else None

    def item_events(self, item: dict[str, Any], previous: str | None) -> list[Event]:
        return [
            self.event("conversation.item.added", previous_item_id=previous, item=copy.deepcopy(item)),
            self.event("conversation.item.done", previous_item_id=previous, item=copy.deepcopy(item)),
        ]

    def _item_create(self, message: dict[str, Any]) -> list[Event]:
        item = copy.deepcopy(message["item"])
        if item.get("id") is not None and any(i.get("id") == item["id"] for i in self.items):
            raise ClientEventError(
                f"Item with id '{item['id']}' already exists.", code="item_already_exists", param="item.id"
            )
        if item.get("type") == "function_call_output" and not any(
            i.get("type") == "function_call" and i.get("call_id") == item.get("call_id") for i in self.items
        ):
            raise ClientEventError(
                f"Tool call ID '{item.get('call_id')}' not found in conversation.",
                code="invalid_value",
                param="item.call_id",
            )
        item.setdefault("id", None)
        if item["id"] is None:
            item["id"] = self.backend.new_id(ITEM_ID)
        item["object"] = "realtime.item"
        item["status"] = "completed"
        previous = self.insert(item, message.get("previous_item_id"))
        return self.item_events(item, previous)

    def _item_retrieve(self, message: dict[str, Any]) -> list[Event]:
        item = self.items[self.find(message["item_id"])]
        return [self.event("conversation.item.retrieved", item=copy.deepcopy(item))]

    def _item_delete(self, message: dict[str, Any]) -> list[Event]:
        del self.items[self.find(message["item_id"])]
        return [self.event("conversation.item.deleted", item_id=message["item_id"])]

    def _item_truncate(self, message: dict[str, Any]) -> list[Event]:
        item = self.items[self.find(message["item_id"])]
        index = message["content_index"]
        content = item.get("content") or []
        if (
            item.get("role") != "assistant"
            or not 0 <= index < len(content)
            or content[index].get("type") != "output_audio"
        ):
            raise ClientEventError(
                "Only assistant messages with audio content can be truncated.", code="invalid_value", param="item_id"
            )
        # The API drops the server-side transcript of a truncated part, so the model's context matches
        # what the user heard.
        content[index]["transcript"] = None
        return [
            self.event(
                "conversation.item.truncated",
                item_id=item["id"],
                content_index=index,
                audio_end_ms=message["audio_end_ms"],
            )
        ]

    # --- input audio -------------------------------------------------------------------------

    def _audio_append(self, message: dict[str, Any]) -> list[Event]:
        try:
            self.audio_buffer += base64.b64decode(message["audio"], validate=True)
        except (binascii.Error, ValueError):
            raise ClientEventError(
                "Invalid 'audio'. Expected base64-encoded audio bytes.", code="invalid_value", param="audio"
            ) from None
        return []

    def _audio_commit(self, message: dict[str, Any]) -> list[Event]:
        seconds = audio_seconds(len(self.audio_buffer), self.session, "input")
        if seconds < 0.1:
            raise ClientEventError(
                "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, "
                f"but buffer only has {seconds * 1000:.2f}ms of audio.",
                code="input_audio_buffer_commit_empty",
            )
        item_id = self.backend.new_id(ITEM_ID)
        item: dict[str, Any] = {
            "id": item_id,
            "object": "realtime.item",
            "type": "message",
            "status": "completed",
            "role": "user",
            "content": [{"type": "input_audio", "transcript": None}],
        }
        # The audio's length is kept for token counts; the item never echoes the audio itself.
        self.audio_seconds[item_id] = seconds
        audio = bytes(self.audio_buffer)
        self.audio_buffer.clear()
        previous = self.insert(item)
        events = [self.event("input_audio_buffer.committed", previous_item_id=previous, item_id=item["id"])]
        events += self.item_events(item, previous)
        events += self._transcribe(item, audio, seconds)
        return events

    def _transcribe(self, item: dict[str, Any], audio: bytes, seconds: float) -> list[Event]:
        """Input transcription, when the session asks for it: the transcript of the committed audio,
        streamed after the item is done (the item then holds it, as ``conversation.item.retrieve`` shows)."""
        if not self.session["audio"]["input"].get("transcription"):
            return []
        transcript, events = transcription_events(self.session, item["id"], audio, seconds, self.event)
        item["content"][0]["transcript"] = transcript
        return events

    def _audio_clear(self, message: dict[str, Any]) -> list[Event]:
        self.audio_buffer.clear()
        return [self.event("input_audio_buffer.cleared")]

    def _output_audio_clear(self, message: dict[str, Any]) -> list[Event]:
        # Over a websocket the client plays the audio itself: there is no server-side buffer to clear.
        raise ClientEventError(
            "output_audio_buffer.clear is only supported for WebRTC and SIP connections.",
            code="invalid_value",
            param="type",
        )

    # --- responses ---------------------------------------------------------------------------

    def _no_model(self, kind: str) -> None:
        if self.transcribes_only:
            raise ClientEventError(
                f"{kind} is not supported in a transcription session: it transcribes input audio and has no "
                "model to respond. Open a realtime session (without intent=transcription) for responses.",
                code="invalid_value",
                param="type",
            )

    def _response_create(self, message: dict[str, Any]) -> list[Event]:
        self._no_model("response.create")
        builder = ResponseBuilder(self, message.get("response") or {})
        events = builder.events()
        self.responses.append(builder.response)
        return [*events, self._rate_limits(builder.total_tokens)]

    def _response_cancel(self, message: dict[str, Any]) -> list[Event]:
        self._no_model("response.cancel")
        # Responses finish as soon as they are created here, so there is never one to cancel.
        raise ClientEventError("Cancellation failed: no active response found", code="response_cancel_not_active")

    def _rate_limits(self, used_tokens: int) -> Event:
        return self.event(
            "rate_limits.updated",
            rate_limits=[
                {"name": "requests", "limit": 5000, "remaining": 4999, "reset_seconds": 0.012},
                {"name": "tokens", "limit": 40000, "remaining": max(0, 40000 - used_tokens), "reset_seconds": 0.09},
            ],
        )
