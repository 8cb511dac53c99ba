"""Recorded traffic in and out: answer requests with real recorded responses, and export what a
fake answered in the same shape, so a test session can become a fixture file.

``load_logged`` reads JSONL, CSV and request-log pipe tables, telling them apart by content
(docs/replay.md shows one example of each). A replayed record answers with its recorded JSON as
it is, nothing added; a streamed call gets that JSON as the endpoint's stream.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from ._control.directives import Recorded, Target
from ._control.replay_files import read_records
from ._control.replay_match import RecordedRequest, StrictReplayGuard
from ._control.replay_record import Record
from ._control.stubs import Stub
from ._state.calls import Call

if TYPE_CHECKING:
    from ._client.client import FakeAsyncOpenAI, FakeOpenAI

__all__ = ["Record", "export_jsonl", "load_jsonl", "load_logged", "replay"]

# Transport choices that do not change what the model answers: a recorded unstreamed reply
# also answers the same request streamed, and the other way round.
_IGNORED = frozenset({"stream", "stream_options"})


def load_jsonl(path: str | Path) -> list[Record]:
    """Records from a JSONL file of ``{request, response}`` objects (what ``export_jsonl`` writes)."""
    return read_records(path, formats=("jsonl",))


def load_logged(path: str | Path) -> list[Record]:
    """Records from a log of calls: JSONL of ``{request, response}`` objects, CSV with ``request`` /
    ``response`` (or ``messages`` / ``model`` / ``raw_response``) columns, or a request-log pipe
    table with ``messages``, ``model`` and ``raw_response`` columns. The format is found from the
    content; anything else raises ``ValueError`` showing each accepted format."""
    return read_records(path)


Fake = Union["FakeOpenAI", "FakeAsyncOpenAI"]


def replay(fake: Fake, records: Iterable[Record], *, strict: bool = False) -> None:
    """Answer requests that match a record with its recorded response, exactly as recorded
    (streamed when the call asks). A request matches when it has every recorded body field with
    the same value (``stream`` options aside). Unmatched requests get generated answers or, when
    ``strict``, raise ``UnmatchedRequest`` showing how the nearest record's request differs."""
    server = fake._fake_server
    router = server.router
    guarded: dict[str, Stub[Any]] = {}
    for record in records:
        template = record.path if "{" in record.path else router.match(record.method, record.path).template
        stub = server.stub_for(Target(f"{record.method} {template}"), strict=False)
        expected = {k: v for k, v in record.body.items() if k not in _IGNORED}
        request = RecordedRequest(expected, record.path if "{" not in record.path else None, record.source)
        # A log is a library of answers, not a script: a test may use any few of its records.
        stub.when(request).respond(_RecordedAnswer(record.response)).optional()
        if strict:
            guarded[stub.endpoint] = stub
    for stub in guarded.values():
        StrictReplayGuard.install(stub)


class _RecordedAnswer:
    """A record's response as the answer: the whole reply, with no default fields merged in."""

    __name__ = "recorded response"

    def __init__(self, response: Any) -> None:
        self.response = response

    def __call__(self, call: Call) -> Recorded:
        return Recorded(self.response)


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
