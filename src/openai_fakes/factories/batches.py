"""Batches: ``BatchFactory`` (docs/api-behaviour.md, Files, uploads and batches).

The status decides the rest: timestamps up to the status reached (engine fix-ups), request counts
(zeros while validating or failed, ``completed + failed == total`` once finalizing), an output
file once any request completed, an error file once any failed, ``errors`` only for a failed
batch, usage once completed; ``expires_at`` is ``created_at`` + 24 h, the only completion window.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from openai.types import Batch

from .._core.ids import SHAPES
from .._sim.reply_rules.usage import reasoning_tokens
from ._curate import as_data, weighted
from ._engine import SDKModelFactory, curated
from ._state import Build
from ._strings import CHAT_MODELS

_STATUSES = (
    ("completed", 0.6),
    ("in_progress", 0.15),
    ("validating", 0.05),
    ("finalizing", 0.04),
    ("failed", 0.05),
    ("expired", 0.03),
    ("cancelling", 0.03),
    ("cancelled", 0.05),
)
_ENDPOINTS = (("/v1/chat/completions", 0.6), ("/v1/responses", 0.25), ("/v1/embeddings", 0.15))
# Validation failures of an input file: codes seen in real batches (same section).
_LINE_ERRORS = (
    ("invalid_json_line", "This line is not parseable as valid JSON."),
    ("duplicate_custom_id", "The custom_id for this request is a duplicate of another request."),
    ("url_mismatch", "The URL provided for this request does not match the batch endpoint."),
    ("model_mismatch", "The model provided for this request does not match the other requests in the file."),
)
_NOTHING_RUN = frozenset({"validating", "failed"})
_ALL_RUN = frozenset({"finalizing", "completed"})


@curated
class BatchFactory(SDKModelFactory[Batch]):
    """A ``batch`` in any status, its counts, files and times agreeing with it."""

    __model__ = Batch

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        cls._default(kwargs, "status", weighted(rng, _STATUSES))
        cls._default(kwargs, "endpoint", weighted(rng, _ENDPOINTS))
        embeddings = kwargs.get("endpoint") == "/v1/embeddings"
        cls._default(kwargs, "model", "text-embedding-3-small" if embeddings else rng.choice(CHAT_MODELS))
        cls._default(kwargs, "completion_window", "24h")
        cls._default(kwargs, "metadata", {})

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        rng, status = build.rng, data.get("status")
        created = data.get("created_at")
        if "expires_at" not in locked and isinstance(created, int):
            data["expires_at"] = created + 86_400
        if status == "failed" and "in_progress_at" not in locked:
            data["in_progress_at"] = None  # it failed validation: it never ran
        if "request_counts" not in locked:
            data["request_counts"] = _counts(status, rng.randint(10, 500), build)
        counts = as_data(data.get("request_counts"))
        completed, failed = counts.get("completed") or 0, counts.get("failed") or 0
        terminal = status in ("completed", "expired", "cancelled")
        for key, wanted in (("output_file_id", terminal and completed > 0), ("error_file_id", terminal and failed > 0)):
            if key not in locked:
                data[key] = (data.get(key) or build.ids.make(SHAPES["file"], build.now)) if wanted else None
        if "errors" not in locked:
            data["errors"] = _errors(build) if status == "failed" else None
        if "usage" not in locked:
            data["usage"] = _usage(completed, data.get("model"), build) if status == "completed" else None


def _counts(status: Any, total: int, build: Build) -> dict[str, int]:
    if status in _NOTHING_RUN:
        return {"total": 0, "completed": 0, "failed": 0}
    failed = build.rng.choice((0, 0, 0, 1, 2))
    done = total if status in _ALL_RUN else build.rng.randint(0, total - 1)
    failed = min(failed, done)
    return {"total": total, "completed": done - failed, "failed": failed}


def _usage(requests: int, model: Any, build: Build) -> dict[str, Any]:
    """Tokens of every completed request together: a few hundred each way per request."""
    rng = build.rng
    inputs, outputs = requests * rng.randint(40, 400), requests * rng.randint(20, 300)
    hidden = min(outputs, requests * reasoning_tokens(model, rng))
    return {
        "input_tokens": inputs,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": outputs,
        "output_tokens_details": {"reasoning_tokens": hidden},
        "total_tokens": inputs + outputs,
    }


def _errors(build: Build) -> dict[str, Any]:
    code, message = build.rng.choice(_LINE_ERRORS)
    return {
        "object": "list",
        "data": [{"code": code, "message": message, "param": None, "line": build.rng.randint(1, 50)}],
    }
