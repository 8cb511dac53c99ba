"""The wire matches the published API: every reply the fake sends validates against OpenAI's
OpenAPI spec — status code, content type, JSON body, and each SSE event of a stream.

The SDK's pydantic models are lenient (optional fields, extras allowed), so a reply the SDK parses
can still break what the API promises. Every operation of the spec the installed SDK exposes is
called here through the SDK's ``with_raw_response`` on ``FakeOpenAI(seed=1,
unknown_ids="materialize")``, plainly and, where the spec declares a stream, streamed (a list after
retrieving one of its objects, which materializes it, so the page is not empty); the raw reply is
held against the operation's response schema (tests/wire/openapi_contract.json, derived
from the spec by scripts/openapi_contract.py).

Where the spec's own example breaks its schema and the fake answers as that example (and the
observed API) does, the difference is a spec defect, listed once, in tests/wire/spec_exceptions.py.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import importlib.util
import inspect
import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests.conformance._args import arguments_for
from tests.conformance._walk import resolve
from tests.wire._contract import (
    CONTRACT_FILE,
    Operation,
    body_errors,
    contract,
    operations,
    schema_errors,
    sdk_methods_by_operation,
)
from tests.wire.spec_exceptions import NOT_YET_MATCHING, SPEC_DEFECTS, SpecDefect

_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "openapi_contract.py"


def _defects_for(operation_id: str) -> list[SpecDefect]:
    return [defect for defect in SPEC_DEFECTS if defect.operations is None or operation_id in defect.operations]


def _unexplained(operation_id: str, errors: list[str]) -> list[str]:
    defects = _defects_for(operation_id)
    return [e for e in errors if not any(re.search(d.error, e.split(" ", 1)[1]) for d in defects)]


_BY_ID = {operation.id: operation for operation in operations()}
_EXPOSED = sdk_methods_by_operation(FakeOpenAI(seed=1, unknown_ids="materialize"))


_BY_ROUTE = {operation.route_key: operation.id for operation in operations() if operation.id in _EXPOSED}


def _item_operation(operation: Operation) -> str | None:
    """For a list (``GET /assistants``), the exposed operation retrieving one of its objects."""
    method, path, beta = operation.route_key
    return _BY_ROUTE.get(("GET", path + "/{}", beta)) if method == "GET" else None


def _fill(fake: FakeOpenAI, item_operation: str, tmp_path: Path) -> None:
    # Retrieving an unknown id under unknown_ids="materialize" stores the object, so the list that
    # follows holds one: its items are validated too, not only an empty page's envelope.
    for listed in _EXPOSED[item_operation]:
        entry = resolve(fake, listed.path)
        call = arguments_for(entry, tmp_path)[0]
        entry.method(*call.args, **call.kwargs)


def _reply_errors(operation: Operation, tmp_path: Path) -> Iterator[str]:
    streams = any("text/event-stream" in declared for declared in operation.responses.values())
    item_operation = _item_operation(operation)
    for listed in _EXPOSED[operation.id]:
        fake = FakeOpenAI(seed=1, unknown_ids="materialize")
        entry = resolve(fake, listed.path)
        with warnings.catch_warnings():
            # Deprecated API areas (assistants, threads) are part of the spec; calling them is the point.
            warnings.simplefilter("ignore", DeprecationWarning)
            if item_operation is not None:
                _fill(fake, item_operation, tmp_path)
            for call in arguments_for(entry, tmp_path):
                if call.stream and not streams:
                    continue  # the spec declares no stream for this operation: nothing to hold it to
                raw = entry.for_mode("raw")(*call.args, **call.kwargs)
                http = raw.http_response
                errors = body_errors(operation, http.status_code, http.headers.get("content-type", ""), http.read())
                yield from (f"{listed.path}[{call.label}] {error}" for error in errors)


async def _async_reply_errors(operation: Operation, tmp_path: Path) -> list[str]:
    """``_reply_errors`` through ``FakeAsyncOpenAI``: the same replies must reach an async client."""
    streams = any("text/event-stream" in declared for declared in operation.responses.values())
    item_operation = _item_operation(operation)
    errors: list[str] = []
    for listed in _EXPOSED[operation.id]:
        fake = FakeAsyncOpenAI(seed=1, unknown_ids="materialize")
        entry = resolve(fake, listed.path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            if item_operation is not None:
                for item in _EXPOSED[item_operation]:
                    item_entry = resolve(fake, item.path)
                    call = arguments_for(item_entry, tmp_path)[0]
                    filled = item_entry.method(*call.args, **call.kwargs)
                    if inspect.isawaitable(filled):
                        await filled
            for call in arguments_for(entry, tmp_path):
                if call.stream and not streams:
                    continue
                raw = await entry.for_mode("raw")(*call.args, **call.kwargs)
                http = raw.http_response
                body = await http.aread()
                found = body_errors(operation, http.status_code, http.headers.get("content-type", ""), body)
                errors += [f"{listed.path}[{call.label}] {error}" for error in found]
    return errors


@pytest.mark.parametrize("operation_id", sorted(_EXPOSED))
def test_async_reply_validates_against_the_spec(operation_id: str, tmp_path: Path) -> None:
    operation = _BY_ID[operation_id]
    errors = _unexplained(operation_id, asyncio.run(_async_reply_errors(operation, tmp_path)))
    if operation_id in NOT_YET_MATCHING:
        assert errors != [], f"{operation_id} matches the spec now: remove it from NOT_YET_MATCHING"
        return
    assert errors == [], f"{operation.method} {operation.path}:\n" + "\n".join(errors)


@pytest.mark.parametrize("operation_id", sorted(_EXPOSED))
def test_reply_validates_against_the_spec(operation_id: str, tmp_path: Path) -> None:
    operation = _BY_ID[operation_id]
    errors = _unexplained(operation_id, list(_reply_errors(operation, tmp_path)))
    if operation_id in NOT_YET_MATCHING:
        assert errors != [], f"{operation_id} matches the spec now: remove it from NOT_YET_MATCHING"
        return
    assert errors == [], f"{operation.method} {operation.path}:\n" + "\n".join(errors)


def test_the_sdk_exposes_nearly_every_operation() -> None:
    # The pairing of spec paths with SDK routes is what this module's coverage rests on: a change
    # in how either names its parameters must not quietly drop operations from the walk.
    assert len(_EXPOSED) >= len(operations()) - 5, sorted(set(_BY_ID) - set(_EXPOSED))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # assistants and threads are deprecated in the SDK
def test_lists_are_checked_with_an_object_in_them(tmp_path: Path) -> None:
    # Otherwise only an empty page's envelope would be held to the spec, never a listed object.
    filled = 0
    for operation_id in ("listAssistants", "listFiles", "listMessages", "list-projects", "listVectorStoreFiles"):
        fake = FakeOpenAI(seed=1, unknown_ids="materialize")
        item_operation = _item_operation(_BY_ID[operation_id])
        assert item_operation is not None, operation_id
        _fill(fake, item_operation, tmp_path)
        entry = resolve(fake, _EXPOSED[operation_id][0].path)
        call = arguments_for(entry, tmp_path)[0]
        filled += bool(json.loads(entry.for_mode("raw")(*call.args, **call.kwargs).http_response.content)["data"])
    assert filled == 5


# --- the spec defects are real: the spec's own example shows each ----------------------------------


@pytest.mark.parametrize("defect", [d for d in SPEC_DEFECTS if d.example], ids=lambda defect: defect.example)
def test_each_spec_defect_is_shown_by_the_specs_own_example(defect: SpecDefect) -> None:
    assert defect.example is not None
    operation = _BY_ID[defect.example]
    declared = operation.responses["200"]
    errors: list[str] = []
    if operation.example is not None:
        errors += schema_errors(operation.example, declared["application/json"], limit=50)
    for index, event in enumerate(operation.stream_example or ()):
        errors += [f"event {index} {e}" for e in schema_errors(event, declared["text/event-stream"], limit=50)]
    assert any(re.search(defect.error, error) for error in errors), errors


# --- calibration: the check tells a valid reply from a broken one ---------------------------------


def _example_body(operation_id: str) -> tuple[Operation, dict[str, Any]]:
    operation = _BY_ID[operation_id]
    assert isinstance(operation.example, dict)
    return operation, copy.deepcopy(operation.example)


def _check(operation: Operation, body: object, status: int = 200, content_type: str = "application/json") -> list[str]:
    return body_errors(operation, status, content_type, json.dumps(body).encode())


def test_a_copy_of_a_spec_example_passes() -> None:
    for operation_id in ("listAssistants", "retrieveModel", "createVectorStoreFile", "createChatCompletion", "getEval"):
        operation, body = _example_body(operation_id)
        assert _check(operation, body) == [], operation_id


def test_a_spec_example_without_a_required_field_fails() -> None:
    operation, body = _example_body("listAssistants")
    del body["first_id"]
    assert _check(operation, body) == ["$: 'first_id' is a required property"]
    operation, body = _example_body("retrieveModel")
    del body["owned_by"]
    assert _check(operation, body) == ["$: 'owned_by' is a required property"]


def test_a_spec_example_with_a_value_outside_its_enum_fails() -> None:
    operation, body = _example_body("listAssistants")
    body["data"][0]["object"] = "assistants"
    assert _check(operation, body) == ["$.data[0].object: 'assistants' is not one of ['assistant']"]


def test_a_null_only_a_nullable_field_may_hold() -> None:
    # OpenAPI 3.0's `nullable: true`, which the spec still uses, is honoured: a run's cancelled_at may be null...
    operation, body = _example_body("getRun")
    body.update(cancelled_at=None, required_action=None)
    assert not any("cancelled_at" in error for error in _check(operation, body))
    # ...but a model's created, typed without null, may not.
    operation, body = _example_body("retrieveModel")
    body["created"] = None
    assert _check(operation, body) == ["$.created: None is not of type 'integer'"]


def test_a_wrong_status_or_content_type_fails() -> None:
    operation, body = _example_body("retrieveModel")
    assert _check(operation, body, status=201) == ["status 201: the spec declares ['200']"]
    assert _check(operation, body, content_type="text/plain") == [
        "content type text/plain: the spec declares ['application/json']"
    ]
    deleted = _BY_ID["DeleteContainer"]
    assert body_errors(deleted, 200, "", b"") == []
    assert body_errors(deleted, 204, "", b"") == ["status 204: the spec declares ['200']"]


def test_a_broken_event_of_a_stream_fails() -> None:
    operation = _BY_ID["createChatCompletion"]
    chunk = {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "delta": {"content": "Hi"}, "finish_reason": "stop"}],
    }
    good = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
    assert body_errors(operation, 200, "text/event-stream; charset=utf-8", good) == []
    chunk["object"] = "chat.completion"
    bad = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
    assert body_errors(operation, 200, "text/event-stream", bad) == [
        "event 0 $.object: 'chat.completion' is not one of ['chat.completion.chunk']"
    ]


# --- the committed data file is what the script makes of the spec ---------------------------------


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("openapi_contract_script", _SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_contract_file_is_current_with_the_spec_it_was_made_from() -> None:
    # The contract test above never needs the spec: it runs on the committed data file. Only this
    # staleness check does, and only where the copy the script reads by default is at hand (a
    # developer's checkout with it beside the repository); elsewhere it has nothing to compare and
    # passes — the contract itself is still checked.
    source: Path = _script().DEFAULT_SOURCE
    if not source.is_file():
        return
    recorded = contract()["source"]["sha256"]
    actual = hashlib.sha256(source.read_bytes()).hexdigest()
    assert recorded == actual, (
        f"{CONTRACT_FILE.name} was made from another copy of the spec: regenerate it with "
        "`python scripts/openapi_contract.py`"
    )


def test_the_contract_file_is_what_the_script_derives(tmp_path: Path) -> None:
    # Regenerating from the recorded source must give the committed bytes: no hand edits. Like the
    # staleness check above, it needs the spec's copy at hand, and PyYAML to read it (the docs tools
    # bring it, on the Pythons they install on); without either, only the checks above hold.
    script = _script()
    if not script.DEFAULT_SOURCE.is_file() or importlib.util.find_spec("yaml") is None:
        return
    output = tmp_path / "contract.json"
    assert script.main([str(script.DEFAULT_SOURCE), str(output)]) == 0
    assert output.read_bytes() == CONTRACT_FILE.read_bytes(), "regenerate with `python scripts/openapi_contract.py`"
