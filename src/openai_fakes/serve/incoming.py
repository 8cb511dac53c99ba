"""A raw HTTP request as the fake server's `Exchange`: the same shape the SDK's options give in process.

What the SDK would have known (the type it parses the reply into, a stream's event type) is read
from the SDK method of the route (`openai_fakes._core.sdk_routes.reply_of_route`). What arrives as text on
the wire but as values in process is turned back: a query's ``limit=20`` is the number 20, a form's
``n=2`` the number 2, ``key[]`` fields a list (the SDK's encoding of arrays), and each uploaded
file the ``(filename, bytes, content_type)`` tuple the SDK passes for a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .._core.exchange import Exchange
from .._core.sdk_routes import RouteReply

_INTEGER = re.compile(r"-?(0|[1-9][0-9]{0,17})")
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")

# Form fields that hold free text or names: a prompt of "42" stays the text "42".
_TEXT_FIELDS = frozenset({"prompt", "input", "instructions", "language", "filename", "purpose", "model", "voice"})


def scalar(name: str, text: str) -> Any:
    """A query or form value as the value the SDK sent: numbers and booleans back from their text."""
    if name in _TEXT_FIELDS:
        return text
    if text in ("true", "false"):
        return text == "true"
    if _INTEGER.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return float(text)
    return text


def fields_of(items: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Query or form items as a dict: ``key[]`` (repeated) becomes the list ``key``, a repeated
    plain key a list too, anything else its one value."""
    found: dict[str, Any] = {}
    for raw_name, text in items:
        listed = raw_name.endswith("[]")
        name = raw_name[:-2] if listed else raw_name
        value = scalar(name, text)
        if listed:
            found.setdefault(name, []).append(value)
        elif name in found:
            known = found[name]
            found[name] = [*known, value] if isinstance(known, list) else [known, value]
        else:
            found[name] = value
    return found


def attempt_of(headers: Mapping[str, str]) -> int:
    """Which attempt of its call a request is, as the SDK numbers it (``x-stainless-retry-count``)."""
    try:
        return int(headers.get("x-stainless-retry-count", "0"))
    except ValueError:
        return 0


def exchange_of(
    method: str,
    path: str,
    query: Mapping[str, Any],
    body: Any,
    files: list[tuple[str, Any]],
    headers: Mapping[str, str],
    route: RouteReply,
) -> Exchange:
    """The `Exchange` of one HTTP request to ``path`` (below ``/v1``), for a route the SDK requests."""
    stream = route.always_streams or (
        route.stream_item_type is not None and isinstance(body, Mapping) and body.get("stream") is True
    )
    return Exchange(
        method,
        path,
        query,
        body,
        files,
        headers,
        route.cast_to,
        stream,
        route.stream_item_type if stream else None,
        route.events_carry_name,
        attempt_of(headers),
    )
