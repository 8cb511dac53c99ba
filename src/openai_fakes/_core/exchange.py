"""What a handler sees (`Exchange`) and what it answers (`Reply`): the fake server's wire-free vocabulary.

Handlers never see an HTTP object. The seam turns the SDK's request options into an `Exchange`
and a `Reply` back into either a parsed model (fast path) or an in-memory HTTP response.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Exchange:
    """One request as the server receives it."""

    method: str
    """Upper-case HTTP method, e.g. ``"POST"``."""
    path: str
    """Path below the API root, e.g. ``"/files/file-abc"``."""
    query: Mapping[str, Any]
    body: Any
    """The JSON body (with ``extra_body`` merged), or the non-file form fields of a multipart upload."""
    files: list[tuple[str, Any]]
    """Multipart file fields as the SDK passes them: ``(field_name, FileTypes)``."""
    headers: Mapping[str, str]
    cast_to: Any
    """The type the SDK will parse the reply into (a model, page, union, ``str``, ``None``...)."""
    stream: bool
    stream_item_type: Any
    """For a streamed call, the type of one event; ``None`` otherwise."""
    events_carry_name: bool = False
    """True when the SDK reads each SSE event as ``{"event": name, "data": payload}``."""
    attempt: int = 0
    path_params: Mapping[str, str] = field(default_factory=dict)
    openai_endpoint: bool = True
    """True when the client sends to OpenAI's own API (``api.openai.com`` or one of its regional
    hosts). False for an Azure OpenAI resource, a proxy, a gateway or a local server that speaks
    the protocol: there model names are the deployment's business, so validation leaves out the
    rules about OpenAI's models (which names exist, what each accepts) and keeps the protocol's."""
    post_parser: Any = None
    """What the SDK applies to the parsed reply (embeddings decode base64 vectors), if anything:
    call records parse a reply as the SDK does."""
    scripted: bool = False
    """True while a script's answer is being built (anything but the realistic default): a handler
    then builds a base for the script to edit, and does not refuse first (an unknown id's 404)
    what the script answers. A stub whose script asks for the default leaves it False."""
    route: tuple[str, str] = ("", "")
    """``(method, template)`` the router matched (``("POST", "/threads/{thread_id}/runs")``), set
    with ``path_params``; empty until then."""

    @property
    def fields(self) -> Mapping[str, Any]:
        """The body's fields (JSON or form); empty when the body is not an object."""
        body = self.body
        return body if isinstance(body, Mapping) else {}

    def param(self, name: str, default: Any = None) -> Any:
        """A request field from the body (JSON or form), else the query string."""
        body = self.body
        if isinstance(body, Mapping) and name in body:
            return body[name]
        return self.query.get(name, default)


@dataclass
class JsonReply:
    data: Any
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class SseReply:
    events: list[tuple[str | None, Any]]
    """``(event_name_or_None, json_payload)`` in order; ``[DONE]`` is added by the seam where the API sends it."""
    done_marker: bool = True
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class BytesReply:
    content: bytes
    content_type: str = "application/octet-stream"
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class TextReply:
    text: str
    content_type: str = "text/plain; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)
    status: int = 200


@dataclass
class EmptyReply:
    # The API answers its bodiless successes (deleting a container or a response, accepting or
    # hanging up a realtime call) 200 with an empty body, not 204 (docs/api-behaviour.md).
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class ErrorReply:
    """An HTTP error as the API sends it: status, ``{"error": {...}}`` body, headers."""

    status: int
    body: Any
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class FailureReply:
    """No HTTP answer at all: the transport fails (``"timeout"`` or ``"connect"``) and the SDK raises
    ``APITimeoutError`` / ``APIConnectionError`` after its retries."""

    kind: str
    error: BaseException | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


Reply = JsonReply | SseReply | BytesReply | TextReply | EmptyReply | ErrorReply | FailureReply
