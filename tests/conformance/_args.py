"""Minimal valid arguments for any SDK method, from its signature and type hints.

Each method gets the required parameters of its first overload that can be filled (the
non-streaming one for the SDK's ``stream`` overloads), plus a ``stream=True`` call when it
has a ``stream: Literal[True]`` overload. Values follow the hints: the first literal (so a
discriminated TypedDict gets its tag), the simplest union member, one item per list, the
required keys of a TypedDict, ids with the real prefix for ``*_id`` names. Helpers whose
arguments are not API data (local files, signed webhook payloads, pydantic output classes)
get theirs from ``SPECIAL``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import inspect
import io
import json
import struct
import time
import types
import typing
import wave
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic
import typing_extensions as te
from openai._types import FileTypes

from tests.conformance._walk import MethodEntry

__all__ = ["NOT_CALLABLE", "SPECIAL", "Call", "Special", "arguments_for", "placeholder_values", "value_for"]

# Methods that no arguments can make meaningful offline, with the reason. Kept empty on
# purpose: connect() only builds a manager and webhooks are verified locally, so every
# method of openai 3.54 is called. A path listed here gets no calls.
NOT_CALLABLE: dict[str, str] = {}

# Optional parameters set whenever a method has them: poll helpers must not sleep between
# polls, and a poll that never ends should fail a test rather than hang it.
ALWAYS: dict[str, object] = {"poll_interval_ms": 0, "poll_interval": 0.0, "max_wait_seconds": 10.0}

_UNION_ORIGINS: tuple[object, ...] = (typing.Union, types.UnionType)
_SEQUENCE_ORIGINS: tuple[object, ...] = (list, Sequence, Iterable)
_MAPPING_ORIGINS: tuple[object, ...] = (dict, Mapping)

# Real id prefixes (docs/how-it-works.md, What a reply promises), keyed by the last words of the SDK's ``*_id`` names.
_ID_PREFIXES: dict[str, str] = {
    "file": "file-",
    "vector_store": "vs_",
    "thread": "thread_",
    "run": "run_",
    "assistant": "asst_",
    "message": "msg_",
    "item": "msg_",
    "step": "step_",
    "batch": "batch_",
    "fine_tuning_job": "ftjob-",
    "checkpoint": "ftckpt_",
    "response": "resp_",
    "conversation": "conv_",
    "container": "cntr_",
    "eval": "eval_",
    "video": "video_",
    "upload": "upload_",
    "part": "part_",
    "project": "proj_",
    "user": "user-",
    "invite": "invite-",
    "key": "key_",
    "call": "call_",
    "session": "sess_",
    "consent": "consent_",
    "output_item": "outputitem_",
}
# String parameters whose shape the SDK or the API checks, or that read oddly as prose.
_STRINGS: dict[str, str] = {
    "model": "gpt-4o-mini",
    "email": "user@example.com",
    "recipients": "user@example.com",
    "filename": "input.jsonl",
    "mime_type": "text/jsonl",
    # Agent environment paths must be absolute POSIX paths under /workspace (lib/beta/agents).
    "path": "/workspace/input.txt",
    "destination": "/workspace/project",
    "name": "example",
    "role": "user",
    "training_file": "file-abc123",
    "consent": "consent_abc123",
    "fine_tuned_model_checkpoint": "ft:gpt-4o-mini-2024-07-18:org:example:abc123",
    "timezone": "UTC",
    "expression": "0 9 * * *",
    "language": "en",
    "version": "1",
    "default_version": "1",
    "bucket": "example-bucket",
    "kms_arn": "arn:aws:kms:us-east-1:123456789012:key/example",
    "role_arn": "arn:aws:iam::123456789012:role/example",
    "target_uri": "tel:+14155550123",
    # A minimal WebRTC session description: the calls endpoints take an SDP offer.
    "sdp": "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n",
}
_INTS: dict[str, int] = {"status_code": 486, "threshold_amount": 100}
# When a ``model`` parameter lists known names, the first of these it allows wins.
_PREFERRED_MODELS = ("gpt-4o-mini", "gpt-4o-mini-tts", "whisper-1", "text-embedding-3-small", "gpt-image-1")


@dataclass(frozen=True)
class Call:
    """One way to call a method: its arguments and the return type the SDK declares for them."""

    label: str
    """``"default"`` or ``"stream"``; use it in test ids."""
    args: tuple[object, ...]
    kwargs: dict[str, object] = field(default_factory=dict)
    returns: object = None
    """The return annotation of the overload these arguments select."""

    @property
    def stream(self) -> bool:
        return self.kwargs.get("stream") is True


@dataclass(frozen=True)
class Special:
    """Arguments a helper needs beyond what its hints say, and why."""

    reason: str
    values: Callable[[Path], dict[str, object]]
    """Parameter name -> value, given a scratch directory; replaces the synthesized value."""
    overload: int | None = None
    """Start from this overload (index into ``get_overloads``) instead of the first."""


class Unsupported(TypeError):
    """No value can be synthesized for this hint (a type variable, a callable, ...)."""


def arguments_for(entry: MethodEntry, workdir: Path) -> list[Call]:
    """The calls to make for ``entry``. Build them in the test body, not at collection:
    webhook signatures expire after five minutes and files are written into ``workdir``.
    """
    if entry.path in NOT_CALLABLE:
        return []
    special = SPECIAL.get(entry.path)
    overrides = special.values(workdir) if special else {}
    candidates = _signatures(entry.method)
    if special and special.overload is not None and special.overload < len(candidates):
        candidates = [candidates[special.overload]]
    default = next(
        (call for fn in candidates if (call := _try_call(entry, fn, "default", overrides)) and not call.stream),
        None,
    )
    if default is None:
        # Every overload needs something that cannot be made (an event-handler type
        # variable): the implementation's own signature, where it is optional, is next.
        default = _call_from(entry, _implementation(entry.method), "default", overrides)
    calls = [default]
    for fn in candidates:
        if _is_stream_overload(fn) and (stream_call := _try_call(entry, fn, "stream", overrides)):
            calls.append(stream_call)
    if len(calls) == 1 and (stream_call := _stream_call_from_implementation(entry, overrides)):
        calls.append(stream_call)
    return calls


def _stream_call_from_implementation(entry: MethodEntry, overrides: dict[str, object]) -> Call | None:
    """Where the overloads cannot be read (``typing.overload`` on Python 3.10 keeps no registry),
    the implementation's ``stream: bool`` still says a stream can be asked for; its return union
    names the stream class."""
    function = _implementation(entry.method)
    hints = _hints(function)
    stream_hint = hints.get("stream")
    if stream_hint is None or (True not in _literal_values(stream_hint) and stream_hint is not bool):
        return None
    stream_types = [t for t in te.get_args(hints.get("return")) if _is_stream_class(t)]
    if not stream_types:
        return None
    call = _try_call(entry, function, "stream", {**overrides, "stream": True})
    return Call(call.label, call.args, call.kwargs, stream_types[0]) if call is not None else None


def _literal_values(hint: object) -> set[object]:
    if te.get_origin(hint) is te.Literal:
        return set(te.get_args(hint))
    return {value for member in te.get_args(hint) for value in _literal_values(member)}


def _is_stream_class(tp: object) -> bool:
    from openai import AsyncStream, Stream

    origin = te.get_origin(tp) or tp
    return isinstance(origin, type) and issubclass(origin, (Stream, AsyncStream))


def _signatures(method: Callable[..., Any]) -> list[Callable[..., Any]]:
    function = _implementation(method)
    # typing_extensions.get_overloads also works on Python 3.10, for overloads declared
    # with typing_extensions.overload (every SDK resource module but uploads.py).
    return list(te.get_overloads(function)) or [function]


def _implementation(method: Callable[..., Any]) -> Callable[..., Any]:
    return getattr(method, "__func__", method)


def _is_stream_overload(fn: Callable[..., Any]) -> bool:
    hint = _hints(fn).get("stream")
    return te.get_origin(hint) is te.Literal and te.get_args(hint) == (True,)


def _hints(fn: Callable[..., Any]) -> dict[str, Any]:
    return typing.get_type_hints(fn, include_extras=True)


def _try_call(entry: MethodEntry, fn: Callable[..., Any], label: str, overrides: dict[str, object]) -> Call | None:
    try:
        return _call_from(entry, fn, label, overrides)
    except Unsupported:
        return None


def _call_from(entry: MethodEntry, fn: Callable[..., Any], label: str, overrides: dict[str, object]) -> Call:
    hints = _hints(fn)
    args: list[object] = []
    kwargs: dict[str, object] = {}
    for name, param in inspect.signature(fn).parameters.items():
        if name == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if name in overrides:
            value = overrides[name]
        elif name in ALWAYS:
            value = ALWAYS[name]
        elif param.default is param.empty:
            value = value_for(hints.get(name, Any), name, entry.path)
        else:
            continue
        if param.kind is param.KEYWORD_ONLY or param.default is not param.empty:
            kwargs[name] = value
        else:
            # Path ids go positionally, as users write ``files.retrieve("file-abc123")``.
            args.append(value)
    unknown = set(overrides) - set(inspect.signature(fn).parameters)
    if unknown:
        raise AssertionError(f"SPECIAL[{entry.path!r}] names no parameter {sorted(unknown)}")
    return Call(label, tuple(args), kwargs, hints.get("return"))


def value_for(hint: object, name: str, path: str = "") -> object:
    """A minimal valid value of type ``hint`` for a parameter or TypedDict key ``name``."""
    hint = _strip(hint)
    if hint == FileTypes:
        return _file_for(name, path)
    origin = te.get_origin(hint)
    if origin is te.Literal:
        return _literal_for(te.get_args(hint), name)
    if origin in _UNION_ORIGINS:
        return _union_value(te.get_args(hint), name, path)
    if origin in _SEQUENCE_ORIGINS:
        (item,) = te.get_args(hint) or (Any,)
        return [value_for(item, name, path)]
    if origin in _MAPPING_ORIGINS:
        # Metadata, JSON schemas and attribute maps: empty is valid for all of them.
        return {}
    if te.is_typeddict(hint):
        return _typeddict_value(hint, path)
    if hint is str:
        return _string_for(name, path)
    if hint is bool:
        return True
    if hint is int:
        return _INTS.get(name, 1)
    if hint is float:
        return 1.0
    if hint is bytes:
        return b"hello"
    if hint is type(None):
        return None
    if hint is Any or hint is object:
        return {}
    raise Unsupported(f"{path}: no value for {name}: {hint!r}")


def _strip(hint: object) -> object:
    # Required/NotRequired mark TypedDict keys and Annotated carries PropertyInfo; neither
    # changes which values are valid.
    while te.get_origin(hint) in (te.Annotated, te.Required, te.NotRequired):
        hint = te.get_args(hint)[0]
    return hint


def _literal_for(choices: tuple[object, ...], name: str) -> object:
    if name == "model":
        for preferred in _PREFERRED_MODELS:
            if preferred in choices:
                return preferred
    return choices[0]


def _union_value(members: tuple[object, ...], name: str, path: str) -> object:
    # ``Union[FileTypes, Sequence[FileTypes]]`` arrives flattened: one file, not raw bytes.
    if set(te.get_args(FileTypes)) <= set(members):
        return _file_for(name, path)
    if name == "model" and any(_strip(member) is str for member in members):
        stripped = [_strip(member) for member in members]
        literals = [choice for m in stripped if te.get_origin(m) is te.Literal for choice in te.get_args(m)]
        return _literal_for(tuple(literals), name) if literals else _string_for(name, path)
    for member in sorted(members, key=_simplicity):
        try:
            return value_for(member, name, path)
        except Unsupported:
            continue
    raise Unsupported(f"{path}: no member of the union for {name} can be built")


def _simplicity(member: object) -> int:
    # The order a person would pick from: a literal, a scalar, a dict, a list; None last,
    # since a required parameter given None is rarely what the API wants. Of message
    # shapes, the user's: the SDK lists developer and system messages first.
    member = _strip(member)
    origin = te.get_origin(member)
    if origin is te.Literal:
        return 0
    if member in (str, int, float, bool, bytes):
        return 1
    if te.is_typeddict(member):
        role = typing.get_type_hints(member).get("role")
        return 2 if role is not None and "user" in te.get_args(_strip(role)) else 3
    if origin in _SEQUENCE_ORIGINS:
        return 4
    if origin in _MAPPING_ORIGINS:
        return 5
    if member is type(None):
        return 9
    return 6


def _typeddict_value(cls: Any, path: str) -> dict[str, object]:
    # ``__required_keys__`` is wrong here: the SDK's modules use ``from __future__ import
    # annotations``, so at class creation every key is a string and counts as optional.
    # The evaluated hints still say ``Required[...]``.
    hints = typing.get_type_hints(cls, include_extras=True)
    total = getattr(cls, "__total__", True)
    value: dict[str, object] = {}
    for key, hint in hints.items():
        if _is_required_key(hint, total):
            value[key] = value_for(hint, key, path)
    return value


def _is_required_key(hint: object, total: bool) -> bool:
    while te.get_origin(hint) is te.Annotated:
        hint = te.get_args(hint)[0]
    origin = te.get_origin(hint)
    if origin is te.Required:
        return True
    if origin is te.NotRequired:
        return False
    return total


# Placeholder mode: every free string is "string", as in generated clients and quick scripts (the
# SDK's docs write ``model="string"``-like values); ids keep their shape (``upload_abc123``), and
# the strings whose shape the SDK itself checks before sending stay valid.
_PLACEHOLDERS: ContextVar[bool] = ContextVar("placeholders", default=False)
_SHAPED_BY_THE_SDK = frozenset({"sdp", "path", "destination"})


@contextmanager
def placeholder_values() -> Iterator[None]:
    """Inside, `arguments_for` fills free strings with the meaningless ``"string"``."""
    token = _PLACEHOLDERS.set(True)
    try:
        yield
    finally:
        _PLACEHOLDERS.reset(token)


def _string_for(name: str, path: str) -> str:
    is_id = name == "id" or name.endswith(("_id", "_ids"))
    if _PLACEHOLDERS.get() and not is_id and name not in _SHAPED_BY_THE_SDK:
        return "string"
    if name in _STRINGS:
        return _STRINGS[name]
    if name.endswith(("_url", "_uri")) or name in ("url", "uri", "issuer"):
        return "https://example.com/webhook"
    if name == "id" or name.endswith(("_id", "_ids")):
        # A bare ``id`` names the resource it sits under: ``safety.alerts.retrieve(id)``.
        stem = name.rpartition("_")[0] if name != "id" else (path.split(".")[-2:-1] or ["object"])[0].removesuffix("s")
        if stem == "model":
            return _STRINGS["model"]
        if stem == "run" and path.startswith("evals."):
            return "evalrun_abc123"
        return f"{_id_prefix(stem)}abc123"
    return "Say hello."


def _id_prefix(stem: str) -> str:
    # The longest known tail wins: ``input_file`` -> ``file-``, ``api_key`` -> ``key_``.
    words = stem.split("_")
    for start in range(len(words)):
        prefix = _ID_PREFIXES.get("_".join(words[start:]))
        if prefix is not None:
            return prefix
    return f"{stem}_"


def _file_for(name: str, path: str) -> object:
    # A (filename, bytes, content type) tuple: what users pass when they have bytes in hand,
    # and the form that carries a content type the fake can check.
    if name == "video":
        return ("clip.mp4", MP4_HEADER, "video/mp4")
    if path.startswith("audio."):
        return ("speech.wav", wav_bytes(), "audio/wav")
    if path.startswith(("images.", "videos.", "content_provenance_checks.")):
        return ("image.png", png_bytes(), "image/png")
    return ("input.jsonl", b'{"prompt": "Say hello."}\n', "application/jsonl")


# An ISO BMFF ``ftyp`` box: enough for anything that sniffs the type of an MP4 upload.
MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


@functools.cache
def wav_bytes() -> bytes:
    """A tenth of a second of 16 kHz mono silence: a WAV file any decoder accepts."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(b"\x00\x00" * 1_600)
    return buffer.getvalue()


@functools.cache
def png_bytes() -> bytes:
    """A 1x1 opaque white RGBA PNG, built by hand to need no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


class ConformanceAnswer(pydantic.BaseModel):
    """The structured output asked of the ``.parse()`` helpers: the smallest real schema."""

    answer: str


WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"openai-fakes conformance secret").decode()


def _signed_webhook(_: Path) -> dict[str, object]:
    # Signed the way lib/_webhooks.py checks it (Standard Webhooks: HMAC-SHA256 over
    # "id.timestamp.body"); the timestamp must be within five minutes of the check.
    now = int(time.time())
    event = {"id": "evt_abc123", "object": "event", "type": "batch.completed", "created_at": now}
    payload = json.dumps({**event, "data": {"id": "batch_abc123"}})
    key = base64.b64decode(WEBHOOK_SECRET.removeprefix("whsec_"))
    signature = base64.b64encode(hmac.new(key, f"wh_abc123.{now}.{payload}".encode(), hashlib.sha256).digest()).decode()
    headers = {"webhook-id": "wh_abc123", "webhook-timestamp": str(now), "webhook-signature": f"v1,{signature}"}
    return {"payload": payload, "headers": headers, "secret": WEBHOOK_SECRET}


def _local_file(workdir: Path) -> dict[str, object]:
    source = workdir / "agent-input.txt"
    source.write_text("Say hello.\n")
    return {"files": {"/workspace/input.txt": source}}


def _local_directory(workdir: Path) -> dict[str, object]:
    root = workdir / "agent-project"
    root.mkdir(exist_ok=True)
    (root / "notes.txt").write_text("Say hello.\n")
    return {"root": root, "destination": "/workspace/project", "include": ["*.txt"]}


def _turn_result(_: Path) -> dict[str, object]:
    # Imported here: a beta helper's private module should not break the whole walk if a
    # release moves it.
    from openai.lib.beta.agents._result import AgentTurnResult
    from openai.types.beta.agents.sessions.turn import Turn

    now = int(time.time())
    turn = Turn(
        id="turn_abc123",
        agent_id="agent_abc123",
        created_at=now,
        completed_at=now,
        object="agent.session.turn",
        session_id="sess_abc123",
        status="completed",
    )
    return {"result": AgentTurnResult(turn=turn, messages=[])}


_CHUNK = b'{"prompt": "Say hello."}\n'
_RESPONSES_REASON = (
    "every parameter is optional in the SDK (a stored prompt can stand in); a plain call has model and input"
)
_RESPONSE_INPUT: dict[str, object] = {"model": "gpt-4o-mini", "input": "Say hello."}
_TOOL_OUTPUTS_REASON = "the SDK makes both keys of a tool output optional; the API needs them"
_TOOL_OUTPUTS: dict[str, object] = {"tool_outputs": [{"tool_call_id": "call_abc123", "output": "Sunny, 21 °C"}]}

SPECIAL: dict[str, Special] = {
    "chat.completions.parse": Special(
        "parse() is create() unless given a pydantic class to parse into",
        lambda _: {"response_format": ConformanceAnswer},
    ),
    "beta.chat.completions.parse": Special(
        "as chat.completions.parse", lambda _: {"response_format": ConformanceAnswer}
    ),
    "responses.parse": Special(
        "as responses.create, plus a pydantic class to parse into (the first overload is for parse_as)",
        lambda _: {**_RESPONSE_INPUT, "text_format": ConformanceAnswer},
        overload=1,
    ),
    "embeddings.create": Special(
        "without encoding_format the SDK asks for base64 and decodes it after validation, which its own"
        " strict mode (used by this walk) rejects; float is what a strict client must ask for",
        lambda _: {"encoding_format": "float"},
    ),
    "responses.create": Special(_RESPONSES_REASON, lambda _: dict(_RESPONSE_INPUT)),
    "beta.responses.create": Special(_RESPONSES_REASON, lambda _: dict(_RESPONSE_INPUT)),
    "beta.threads.runs.submit_tool_outputs": Special(_TOOL_OUTPUTS_REASON, lambda _: dict(_TOOL_OUTPUTS)),
    "beta.threads.runs.submit_tool_outputs_and_poll": Special(_TOOL_OUTPUTS_REASON, lambda _: dict(_TOOL_OUTPUTS)),
    "beta.threads.runs.submit_tool_outputs_stream": Special(_TOOL_OUTPUTS_REASON, lambda _: dict(_TOOL_OUTPUTS)),
    "responses.stream": Special(
        "the first overload resumes a stored response by id; the second starts one", lambda _: {}, overload=1
    ),
    "uploads.upload_file_chunked": Special(
        "the first overload reads a local path; the second takes bytes in memory",
        lambda _: {"file": _CHUNK, "filename": "input.jsonl", "bytes": len(_CHUNK), "mime_type": "text/jsonl"},
        overload=1,
    ),
    "beta.agents.environments.files.prepare": Special("uploads local files it opens by path", _local_file),
    "beta.agents.environments.files.prepare_directory": Special(
        "selects files from a local directory by glob", _local_directory
    ),
    "beta.agents.sessions.artifacts.for_result": Special(
        "takes a completed AgentTurnResult (a dataclass, not API data)", _turn_result
    ),
    "webhooks.unwrap": Special("verifies an HMAC signature over the payload", _signed_webhook),
    "webhooks.verify_signature": Special("verifies an HMAC signature over the payload", _signed_webhook),
}
