"""What the fake served, for the usage and costs endpoints: one small record per billable reply.

`FakeServer` calls `note` after a request to a metered endpoint succeeds (``METERED`` is checked
first, so other endpoints pay one dict lookup). `note` keeps the call and the time it was served,
nothing more: most tests never ask for a usage report, so what a call bills is worked out when one
is asked for (`served`). A record keeps only what a usage report needs: the time, the usage
category, the model and the quantities (the reply's own ``usage`` object where it has one, else
what the API bills by: images made, characters spoken, moderation tokens). Reports are computed
from the records (`handlers.usage`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from .._sim.tokens import text_tokens

if TYPE_CHECKING:
    from .backend import Backend
    from .calls import Call

METERED: dict[str, str] = {
    "POST /chat/completions": "completions",
    "POST /responses": "completions",
    "POST /completions": "completions",
    "POST /embeddings": "embeddings",
    "POST /moderations": "moderations",
    "POST /images/generations": "images",
    "POST /images/edits": "images",
    "POST /images/variations": "images",
    "POST /audio/speech": "audio_speeches",
    "POST /audio/transcriptions": "audio_transcriptions",
    "POST /audio/translations": "audio_transcriptions",
}
"""Endpoint -> usage category (the last part of ``/organization/usage/...``)."""

_DEFAULT_MODELS = {"images": "dall-e-2", "audio_speeches": "tts-1", "audio_transcriptions": "whisper-1"}
_IMAGE_SOURCES = {
    "POST /images/generations": "image.generation",
    "POST /images/edits": "image.edit",
    "POST /images/variations": "image.variation",
}
_AUDIO_TOKENS_PER_SECOND = 10  # the audio handler's estimate, to turn audio tokens back into seconds


class Served(NamedTuple):
    """One billable reply."""

    at: int
    """Unix seconds on the backend's clock when it was served."""
    category: str
    """``completions``, ``embeddings``, ``moderations``, ``images``, ``audio_speeches``, ``audio_transcriptions``."""
    model: str
    amounts: Mapping[str, Any]
    """For token categories the reply's ``usage`` object as sent; else ``images``/``characters``/``seconds``/``input_tokens``."""
    size: str | None = None
    """Images only: the size asked for."""
    source: str | None = None
    """Images only: ``image.generation``, ``image.edit`` or ``image.variation``."""


def served(backend: Backend) -> list[Served]:
    """The records of ``backend``, oldest first (the list itself: callers must not change it)."""
    records = backend.area("served", _no_records)
    waiting = backend.area("served calls", _no_calls)
    if waiting:
        with backend.lock:
            for at, call in waiting:
                record = _record(at, call)
                if record is not None:
                    records.append(record)
            waiting.clear()
    return records


def note(backend: Backend, call: Call) -> None:
    """Keep ``call`` (a successful request to a ``METERED`` endpoint) and the time it was served."""
    backend.area("served calls", _no_calls).append((backend.clock.now(), call))


def _no_records() -> list[Served]:
    return []


def _no_calls() -> list[tuple[int, Call[Any]]]:
    return []


def _record(at: int, call: Call) -> Served | None:
    """What ``call``, served at ``at``, bills; ``None`` when it bills nothing."""
    category = METERED[call.endpoint]
    params = call.params
    response = call.response
    final = response if isinstance(response, dict) else _final_object(response)
    model = final.get("model") if final is not None else None
    if not isinstance(model, str):
        asked = params.get("model")
        model = asked if isinstance(asked, str) else _DEFAULT_MODELS.get(category, "unknown")
    amounts = _amounts(category, params, final)
    if amounts is None:
        return None
    if category == "images":
        size = params.get("size") if isinstance(params.get("size"), str) else "1024x1024"
        return Served(at, category, model, amounts, size, _IMAGE_SOURCES.get(call.endpoint))
    return Served(at, category, model, amounts)


def _final_object(response: Any) -> dict[str, Any] | None:
    if isinstance(response, dict):
        return response
    if isinstance(response, list) and response:
        # A streamed Responses call keeps its events; the last carries the finished response.
        last = response[-1]
        if isinstance(last, dict) and isinstance(last.get("response"), dict):
            found: dict[str, Any] = last["response"]
            return found
    return None


def _amounts(category: str, params: Mapping[str, Any], final: dict[str, Any] | None) -> Mapping[str, Any] | None:
    usage = final.get("usage") if final is not None else None
    if category in ("completions", "embeddings"):
        return usage if isinstance(usage, dict) else None
    if category == "moderations":
        return {"input_tokens": _moderation_tokens(params.get("input"))}
    if category == "images":
        data = final.get("data") if final is not None else None
        return {"images": len(data) if isinstance(data, list) else int(params.get("n") or 1)}
    if category == "audio_speeches":
        text = params.get("input")
        return {"characters": len(text) if isinstance(text, str) else 0}
    return {"seconds": _seconds(final, usage)}


def _moderation_tokens(value: Any) -> int:
    items = value if isinstance(value, list) else [value]
    total = 0
    for item in items:
        if isinstance(item, str):
            total += text_tokens(item)
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            total += text_tokens(item["text"])
    return total


def _seconds(final: dict[str, Any] | None, usage: Any) -> int:
    """Seconds of audio heard: the reply's duration usage, its ``duration``, or its audio tokens."""
    seconds = usage.get("seconds") if isinstance(usage, dict) else None
    if isinstance(seconds, (int, float)):
        return math.ceil(seconds)
    duration = final.get("duration") if final is not None else None
    if isinstance(duration, (int, float)):
        return math.ceil(duration)
    details = usage.get("input_token_details") if isinstance(usage, dict) else None
    audio = details.get("audio_tokens") if isinstance(details, dict) else None
    return math.ceil(audio / _AUDIO_TOKENS_PER_SECOND) if isinstance(audio, int) else 0
