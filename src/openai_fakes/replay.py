"""Recorded traffic in and out: answer requests with real recorded responses, and export what a
fake answered in the same shape, so a test session can become a fixture file.

Formats read:

* JSONL, one ``{"request": ..., "response": ...}`` object per line. ``request`` is either
  ``{"method": "POST", "path": "/chat/completions", "body": {...}}`` or just the body of a chat
  completion request (``{"model": ..., "messages": [...]}``).
* Logs shaped like an exported request log table (``shared/reference/logged-chat-completion.txt``):
  a header row naming ``messages``, ``model`` and ``raw_response`` columns, then one row per call.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Union

from ._calls import Call, mismatches

if TYPE_CHECKING:
    from ._client import FakeAsyncOpenAI, FakeOpenAI

__all__ = ["Record", "export_jsonl", "load_jsonl", "load_logged", "replay"]

# Transport choices that do not change what the model answers: a recorded unstreamed reply
# also answers the same request streamed, and the other way round.
_IGNORED = frozenset({"stream", "stream_options"})
_CHAT = ("POST", "/chat/completions")


@dataclass(frozen=True)
class Record:
    method: str
    path: str
    """The SDK's path template (``/files/{file_id}``) or a concrete path."""
    body: Mapping[str, Any]
    response: Any

    @property
    def endpoint(self) -> str:
        return f"{self.method} {self.path}"

    def to_json(self) -> dict[str, Any]:
        return {"request": {"method": self.method, "path": self.path, "body": dict(self.body)}, "response": self.response}


def _record(line: Mapping[str, Any], where: str) -> Record:
    request, response = line.get("request"), line.get("response")
    if not isinstance(request, Mapping) or response is None:
        raise ValueError(f"{where}: expected an object with 'request' and 'response', got keys {sorted(line)}")
    if "body" in request or "path" in request:
        return Record(str(request.get("method", "POST")).upper(), str(request["path"]), dict(request.get("body") or {}), response)
    return Record(*_CHAT, dict(request), response)


def load_jsonl(path: str | Path) -> list[Record]:
    """Records from a JSONL file of ``{request, response}`` objects."""
    records: list[Record] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            records.append(_record(json.loads(line), f"{path}:{number}"))
    return records


def load_logged(path: str | Path) -> list[Record]:
    """Chat completion records from an exported request log (``messages`` / ``raw_response`` columns)."""
    text = Path(path).read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    records: list[Record] = []
    for row in _rows(text):
        messages_at = row.find(" | [")
        response_at = row.find('{"id": "')
        if messages_at < 0 or response_at < 0:
            continue
        messages, _ = decoder.raw_decode(row, messages_at + 3)
        response, _ = decoder.raw_decode(row, response_at)
        model = row.split(" | ", 2)[1].strip()
        records.append(Record(*_CHAT, {"model": model, "messages": messages}, response))
    if not records:
        raise ValueError(f"{path}: no rows with a messages array and a raw_response object were found")
    return records


def _rows(text: str) -> Iterable[str]:
    """Data rows: what follows the header's ``---|---|`` rule, one call per line."""
    lines = text.splitlines()
    start = next((i + 1 for i, line in enumerate(lines) if line.startswith("---|")), 0)
    return (line for line in lines[start:] if line.strip())


Fake = Union["FakeOpenAI", "FakeAsyncOpenAI"]


def replay(fake: Fake, records: Iterable[Record], *, strict: bool = False) -> None:
    """Answer requests that match a record with its recorded response (typed as the SDK's model,
    streamed when the call asks). A request matches when it has every recorded body field with the
    same value (``stream`` options aside). Unmatched requests get generated answers, or raise
    ``UnmatchedRequest`` listing every record when ``strict``."""
    server = fake._fake_server
    router = server.router
    for record in records:
        template = record.path if "{" in record.path else router.match(record.method, record.path).template
        stub = server.stub_for(f"{record.method} {template}", strict=strict)
        expected = {k: v for k, v in record.body.items() if k not in _IGNORED}
        rule = stub.when(_BodyMatches(expected, record.path if "{" not in record.path else None))
        rule.returns(record.response)


@dataclass(frozen=True)
class _BodyMatches:
    expected: Mapping[str, Any]
    path: str | None

    @property
    def __name__(self) -> str:  # how the rule is named in UnmatchedRequest's list
        return f"recorded {json.dumps(self.expected)[:60]}"

    def __call__(self, call: Call) -> bool:
        if self.path is not None and call.path != self.path:
            return False
        return not mismatches(self.expected, call.params)


def export_jsonl(calls: Iterable[Call], path: str | Path) -> int:
    """Write every successful call as a ``{request, response}`` line; returns how many were written."""
    written = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for call in calls:
            if call.status != 200 or call.response is None or call.error is not None:
                continue
            method, template = call.endpoint.split(" ", 1)
            body = {k: v for k, v in call.params.items() if k not in _IGNORED}
            record = Record(method, call.path if "{" in template else template, body, call.response)
            out.write(json.dumps(record.to_json()) + "\n")
            written += 1
    return written
