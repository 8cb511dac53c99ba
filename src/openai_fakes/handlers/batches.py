"""Batches: a batch reads its input file and answers every line with the fake's own reply.

The batch objects live in the generic store (``/batches``: retrieve, list, cancel); this area adds
what the store alone cannot (docs/api-behaviour.md, Files, uploads and batches):

* create checks that ``input_file_id`` names a stored file (404 otherwise, in strict mode) and
  reads its bytes (`_state.blobs`); a file whose lines the Batch API would refuse
  (`_sim.validation.batches.batch_input_errors`) ends the batch ``failed`` with ``errors``;
* the batch moves ``validating`` -> ``in_progress`` -> ``finalizing`` -> ``completed`` as
  ``fake.lifecycle`` says (`_state.lifecycle`), its timestamps and ``request_counts`` agreeing at every
  step (zeros while validating, the total once in progress, all settled from finalizing on);
* each line is answered by the server's own route for its ``url`` (scripts on that endpoint
  included, validation included), without being recorded as a client call; on completion
  ``output_file_id`` names a ``batch_output`` file with one line per answered request, and
  ``error_file_id`` one with the requests the endpoint refused (4xx bodies);
* ``expired`` puts every unanswered line in the error file with ``batch_expired``; a cancel goes
  ``cancelling`` -> ``cancelled``.

Scripted replies still carry their lines: ``fake.stub(fake.chat.completions.create).reply("Hi")``
makes every chat line of a batch answer "Hi".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .._core.errors import error_body
from .._core.exchange import ErrorReply, Exchange, FailureReply, JsonReply
from .._sim.validation.batches import batch_input_errors
from .._state.blobs import get_bytes, put_bytes
from .._state.collection import JsonObject
from .._state.lifecycle import Lifecycle, Lifecycles, Step
from .._state.shapes import not_found_error
from ._base.router import Router
from ._base.stateful import collection, on_store

if TYPE_CHECKING:
    from .._control.context import Context

BATCH = Lifecycle(
    "batch",
    path=(
        Step("validating"),
        Step("in_progress", ("in_progress_at",)),
        Step("finalizing", ("finalizing_at",)),
        Step("completed", ("completed_at",)),
    ),
    cancel=(Step("cancelling", ("cancelling_at",)), Step("cancelled", ("cancelled_at",))),
    endings=(Step("failed", ("failed_at",)), Step("expired", ("expired_at",))),
)
_INVALID = (BATCH.path[0], BATCH.ending("failed"))
_WINDOW = 24 * 3600  # completion_window "24h": the only window the API offers
_TIMES = ("in_progress_at", "finalizing_at", "completed_at", "failed_at", "expired_at", "cancelling_at", "cancelled_at")


@lru_cache(maxsize=1)
def _reply_types() -> dict[str, Any]:
    """The type each batchable endpoint answers with (imported late: some SDK types are slow)."""
    from openai.types import Completion, CreateEmbeddingResponse, ImagesResponse, ModerationCreateResponse, Video
    from openai.types.chat import ChatCompletion
    from openai.types.responses import Response

    return {
        "/v1/chat/completions": ChatCompletion,
        "/v1/responses": Response,
        "/v1/embeddings": CreateEmbeddingResponse,
        "/v1/completions": Completion,
        "/v1/moderations": ModerationCreateResponse,
        "/v1/images/generations": ImagesResponse,
        "/v1/images/edits": ImagesResponse,
        "/v1/videos": Video,
    }


def start_batch(server: Context, exchange: Exchange, batch: JsonObject) -> None:
    """``batches.create`` (an `on_store` hook, before the store keeps ``batch``)."""
    backend = server.backend
    body = exchange.fields
    input_file_id = str(body.get("input_file_id") or batch.get("input_file_id") or "")
    if input_file_id not in backend.stores.get("/files", {}) and backend.unknown_ids == "strict":
        raise not_found_error("/files", input_file_id)
    endpoint = str(body.get("endpoint") or batch.get("endpoint"))
    content = get_bytes(backend, input_file_id)
    # A file the fake never received bytes for (materialised) has no lines to check or answer.
    errors = batch_input_errors(content, endpoint) if content is not None else []
    requests = [] if errors or content is None else _requests(content)
    now = backend.clock.now()
    batch.update(
        dict.fromkeys(_TIMES),
        input_file_id=input_file_id,
        endpoint=endpoint,
        created_at=now,
        expires_at=now + _WINDOW,
        errors=None,
        output_file_id=None,
        error_file_id=None,
        request_counts={"total": 0, "completed": 0, "failed": 0},
        metadata=body.get("metadata"),
    )
    if "model" in batch:
        batch["model"] = next(
            (r["body"].get("model") for r in requests if isinstance(r["body"].get("model"), str)), None
        )
    if "usage" in batch:
        batch["usage"] = None
    run = _BatchRun(server, batch["id"], requests, errors)
    Lifecycles.of(backend).track(
        BATCH, "/batches", batch["id"], obj=batch, on_enter=run.enter, path=_INVALID if errors else None
    )


def _requests(content: bytes) -> list[dict[str, Any]]:
    text = content.decode("utf-8", errors="replace")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


class _BatchRun:
    """What one batch does on entering each status: counts, answers, output files."""

    def __init__(
        self, server: Context, batch_id: str, requests: list[dict[str, Any]], errors: list[dict[str, Any]]
    ) -> None:
        self.server = server
        self.batch_id = batch_id
        self.requests = requests
        self.errors = errors
        self.answered: list[dict[str, Any]] | None = None
        self.refused: list[dict[str, Any]] = []

    def enter(self, batch: JsonObject, status: str, now: int) -> None:
        counts = batch["request_counts"]
        if status == "in_progress":
            counts.update(total=len(self.requests), completed=0, failed=0)
        elif status == "finalizing":
            self._answer_all(batch)
        elif status in ("completed", "cancelled"):
            self._write_files(batch, now)
        elif status == "failed":
            errors = self.errors or [
                {"code": "server_error", "message": "The batch failed.", "param": None, "line": None}
            ]
            batch["errors"] = {"object": "list", "data": errors}
        elif status == "expired":
            # Whatever was not answered when the window closed fails with ``batch_expired``.
            if self.answered is None:
                self.answered = []
                self.refused = [self._expired_line(request) for request in self.requests]
                counts.update(total=len(self.requests), completed=0, failed=len(self.requests))
            self._write_files(batch, now)

    def _answer_all(self, batch: JsonObject) -> None:
        self.answered, self.refused = [], []
        usage = {"input": 0, "cached": 0, "output": 0, "reasoning": 0}
        for request in self.requests:
            status, body = answer_line(self.server, request)
            line = {
                "id": self.server.backend.id_for_kind("batch_request"),
                "custom_id": request.get("custom_id"),
                "response": {
                    "status_code": status,
                    "request_id": "%032x" % self.server.backend.rng.getrandbits(128),
                    "body": body,
                },
                "error": None,
            }
            if status < 400:
                self.answered.append(line)
                _add_usage(usage, body)
            else:
                self.refused.append(line)
        batch["request_counts"] = {
            "total": len(self.requests),
            "completed": len(self.answered),
            "failed": len(self.refused),
        }
        models = [
            line["response"]["body"].get("model")
            for line in self.answered
            if isinstance(line["response"]["body"], dict)
        ]
        if "model" in batch and models and isinstance(models[0], str):
            batch["model"] = models[0]
        if "usage" in batch:
            batch["usage"] = {
                "input_tokens": usage["input"],
                "input_tokens_details": {"cached_tokens": usage["cached"]},
                "output_tokens": usage["output"],
                "output_tokens_details": {"reasoning_tokens": usage["reasoning"]},
                "total_tokens": usage["input"] + usage["output"],
            }

    def _expired_line(self, request: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "id": self.server.backend.id_for_kind("batch_request"),
            "custom_id": request.get("custom_id"),
            "response": None,
            "error": {
                "code": "batch_expired",
                "message": "This request could not be executed before the completion window expired.",
            },
        }

    def _write_files(self, batch: JsonObject, now: int) -> None:
        if self.answered is None:
            return  # cancelled before any request ran: nothing to report
        if self.answered:
            batch["output_file_id"] = _store_file(self.server, f"{self.batch_id}_output.jsonl", self.answered, now)
        if self.refused:
            batch["error_file_id"] = _store_file(self.server, f"{self.batch_id}_error.jsonl", self.refused, now)


def _add_usage(total: dict[str, int], body: Any) -> None:
    usage = body.get("usage") if isinstance(body, dict) else None
    if not isinstance(usage, dict):
        return
    total["input"] += int(usage.get("input_tokens", usage.get("prompt_tokens")) or 0)
    total["output"] += int(usage.get("output_tokens", usage.get("completion_tokens")) or 0)
    details = usage.get("input_tokens_details") or usage.get("prompt_tokens_details") or {}
    total["cached"] += int(details.get("cached_tokens") or 0) if isinstance(details, dict) else 0
    details = usage.get("output_tokens_details") or usage.get("completion_tokens_details") or {}
    total["reasoning"] += int(details.get("reasoning_tokens") or 0) if isinstance(details, dict) else 0


def _store_file(server: Context, filename: str, lines: list[dict[str, Any]], now: int) -> str:
    """A ``batch_output`` file in ``/files`` holding ``lines`` as JSONL; returns its id."""
    backend = server.backend
    content = "".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines).encode()
    file_id = backend.id_for_kind("file")
    file = {
        "id": file_id,
        "object": "file",
        "bytes": len(content),
        "created_at": now,
        "expires_at": None,
        "filename": filename,
        "purpose": "batch_output",
        "status": "processed",
        "status_details": None,
    }
    collection(backend, "/files").put(file)
    put_bytes(backend, file_id, content)
    return file_id


def answer_line(server: Context, request: Mapping[str, Any]) -> tuple[int, Any]:
    """The status and body the fake's own route gives one batch line (not a recorded call)."""
    url = str(request.get("url"))
    path = url[3:] if url.startswith("/v1/") else url
    cast_to = _reply_types().get(url, object)
    exchange = Exchange("POST", path, {}, request.get("body"), [], {}, cast_to, False, None)
    reply, final = server.dispatch(exchange)
    if isinstance(reply, ErrorReply):
        return reply.status, reply.body
    if isinstance(reply, FailureReply):  # a scripted timeout: the line failed on the server's side
        return 500, error_body(500, "The server had an error while processing your request.")
    if isinstance(reply, JsonReply):
        return reply.status, reply.data
    return 200, final


def register(router: Router) -> None:
    on_store("create", "/batches", start_batch)
