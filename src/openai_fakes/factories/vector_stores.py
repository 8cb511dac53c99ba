"""Vector stores: ``VectorStoreFactory`` and ``VectorStoreFileFactory``.

A store's file counts fit its status (files still in progress only while it is) and add up; it
expires ``expires_after.days`` after it was last active, and only if it has an expiry policy. A
store file's id is the file's own ``file-`` id (docs/api-behaviour.md, Ids), it is chunked as the API does by
default (static, 800 tokens, 400 overlap) and carries ``last_error`` only when it failed.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from openai.types import VectorStore
from openai.types.vector_stores import VectorStoreFile

from ._curate import as_data, weighted
from ._engine import SDKModelFactory, curated
from ._state import Build

_DAY = 86_400
_FILE_ERRORS = (
    ("unsupported_file", "The file type is not supported for retrieval."),
    ("invalid_file", "The file could not be parsed."),
    ("server_error", "An internal error occurred while processing the file."),
)


@curated
class VectorStoreFactory(SDKModelFactory[VectorStore]):
    """A ``vector_store``, ``completed`` unless ``status=`` says otherwise."""

    __model__ = VectorStore

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        cls._default(kwargs, "status", weighted(rng, (("completed", 0.8), ("in_progress", 0.15), ("expired", 0.05))))
        expiring = kwargs.get("status") == "expired" or rng.random() < 0.3
        cls._default(
            kwargs, "expires_after", {"anchor": "last_active_at", "days": rng.choice((1, 7, 30))} if expiring else None
        )
        cls._default(kwargs, "metadata", {})

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        rng, status = build.rng, data.get("status")
        if "file_counts" not in locked:
            completed = rng.randint(0 if status != "completed" else 1, 12)
            in_progress = rng.randint(1, 4) if status == "in_progress" else 0
            failed = rng.choice((0, 0, 0, 1))
            data["file_counts"] = {
                "in_progress": in_progress,
                "completed": completed,
                "failed": failed,
                "cancelled": 0,
                "total": in_progress + completed + failed,
            }
        completed_files = as_data(data.get("file_counts")).get("completed")
        if "usage_bytes" not in locked and completed_files == 0:
            data["usage_bytes"] = 0
        created = data.get("created_at")
        if "last_active_at" not in locked and data.get("last_active_at") is None and isinstance(created, int):
            data["last_active_at"] = created + rng.randint(0, 3600)  # set from the moment it is created
        policy, last_active = as_data(data.get("expires_after")), data.get("last_active_at")
        if "expires_at" not in locked:
            days = policy.get("days")
            data["expires_at"] = (
                last_active + days * _DAY if isinstance(days, int) and isinstance(last_active, int) else None
            )


@curated
class VectorStoreFileFactory(SDKModelFactory[VectorStoreFile]):
    """A ``vector_store.file``: the file's id, default chunking, an error only when it failed."""

    __model__ = VectorStoreFile

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        cls._default(kwargs, "status", weighted(rng, (("completed", 0.85), ("in_progress", 0.1), ("failed", 0.05))))
        cls._default(
            kwargs,
            "chunking_strategy",
            {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}},
        )
        cls._default(kwargs, "attributes", {})
        code, message = rng.choice(_FILE_ERRORS)
        cls._default(
            kwargs, "last_error", {"code": code, "message": message} if kwargs.get("status") == "failed" else None
        )

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        if "usage_bytes" not in locked and data.get("status") != "completed":
            data["usage_bytes"] = 0
