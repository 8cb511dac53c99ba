"""``tool_resources`` as threads, runs and assistants keep them: the ``file_search.vector_stores``
helper makes real vector stores of its files (a run's file search reads them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openai.types import VectorStore

from ...._state.collection import JsonObject, json_copy
from ...vector_stores._lifecycle import STORES, recount_store
from ...vector_stores._search import attach_files
from .runs._engine import store

if TYPE_CHECKING:
    from ...._control.context import Context


def with_vector_stores(server: Context, resources: Any) -> JsonObject:
    """``tool_resources`` as the API keeps them: ``file_search.vector_stores`` (the helper that
    makes a store of ``file_ids``) becomes the new stores' ``vector_store_ids``. A helper store
    is searchable at once (the API waits for a thread's stores before a run uses them, [U])."""
    kept: JsonObject = json_copy(dict(resources)) if isinstance(resources, Mapping) else {}
    file_search = kept.get("file_search")
    if not isinstance(file_search, dict) or not isinstance(file_search.get("vector_stores"), list):
        return kept
    ids = [i for i in file_search.get("vector_store_ids") or () if isinstance(i, str)]
    for spec in file_search.pop("vector_stores"):
        if isinstance(spec, Mapping):
            ids.append(helper_store(server, spec))
    file_search["vector_store_ids"] = ids
    return kept


def helper_store(server: Context, spec: Mapping[str, Any]) -> str:
    """A vector store made by a ``tool_resources`` helper, its files attached and completed."""

    backend = server.backend
    now = backend.clock.now()
    made: JsonObject = server.render(VectorStore)
    made.update(
        id=backend.id_for_kind("vector_store"),
        created_at=now,
        last_active_at=now,
        name="",  # [U] what the API names a helper's store
        metadata=dict(spec.get("metadata") or {}),
        expires_after=None,
        expires_at=None,
        status="completed",
    )
    store(server, STORES).put(made)
    file_ids = [f for f in spec.get("file_ids") or () if isinstance(f, str)]
    attach_files(server, made["id"], file_ids, spec.get("chunking_strategy"))
    recount_store(backend, made["id"])
    return str(made["id"])
