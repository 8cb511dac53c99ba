"""Vector store search over the text of the files attached to a store (docs/api-behaviour.md, Vector stores).

Files join a store through ``vector_stores.create(file_ids=...)``, ``vector_stores.files.create``
or ``vector_stores.file_batches.create`` (``file_ids`` or per-file ``files``); the attached
objects live in the generic store (``/vector_stores/{id}/files``), where this area gives them the
file's real ``usage_bytes`` and the chunking strategy the request resolved to.

``vector_stores.search`` chunks every attached, ``completed`` file that holds UTF-8 text (static
chunking: ``max_chunk_size_tokens`` / ``chunk_overlap_tokens``, 800 / 400 by default) and ranks
the chunks by `_sim.text_search.rank` (tf-idf cosine, score in [0, 1]); chunks that share no word with
the query are not results. ``filters`` select files by their ``attributes``; ``max_num_results``
(1-50, default 10) and ``ranking_options.score_threshold`` cut the list; the page's
``search_query`` echoes the query, rewritten to its content words when ``rewrite_query`` is set.
A file with no stored bytes (materialised, or never uploaded through this fake) contributes
nothing. ``vector_stores.files.content`` answers the chunks of one file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..._core.exchange import Exchange
from ..._sim.text_search import (
    DEFAULT_CHUNK_TOKENS,
    DEFAULT_OVERLAP_TOKENS,
    FILTER_TYPES,
    chunk,
    file_text,
    matches,
    rank,
    rewrite,
)
from ..._sim.validation._common import in_range, invalid_type, invalid_value, is_integer, is_number, missing
from ..._state.blobs import get_bytes
from ..._state.collection import JsonObject
from ..._state.shapes import not_found_error
from .._base.adapter import Adapter
from .._base.generic import GENERIC, GenericAdapter
from .._base.stateful import collection, on_store

if TYPE_CHECKING:
    from ..._control.context import Context
    from ..._state.backend import Backend

_STORES = "/vector_stores"
_DEFAULT_RESULTS = 10
_MAX_RESULTS = 50
# ``auto`` chunking, as a vector store file reports it: static 800 / 400 tokens.
_AUTO_STATIC: dict[str, int] = {
    "max_chunk_size_tokens": DEFAULT_CHUNK_TOKENS,
    "chunk_overlap_tokens": DEFAULT_OVERLAP_TOKENS,
}


def _resolved_chunking(requested: Any) -> dict[str, Any]:
    """What a vector store file reports: ``auto`` (or nothing) is the static 800 / 400."""
    if (
        isinstance(requested, Mapping)
        and requested.get("type") == "static"
        and isinstance(requested.get("static"), Mapping)
    ):
        return {"type": "static", "static": dict(requested["static"])}
    return {"type": "static", "static": dict(_AUTO_STATIC)}


# --- attaching files ----------------------------------------------------------------------------


def _describe_attached(server: Context, exchange: Exchange, attached: JsonObject) -> None:
    """``vector_stores.files.create``: the attached file's real size and resolved chunking."""
    content = get_bytes(server.backend, attached["id"])
    if content is not None and "usage_bytes" in attached:
        attached["usage_bytes"] = len(content)
    if "chunking_strategy" in attached:
        attached["chunking_strategy"] = _resolved_chunking(exchange.fields.get("chunking_strategy"))


def _attach_store_files(server: Context, exchange: Exchange, store: JsonObject) -> None:
    """``vector_stores.create(file_ids=...)``: the files join the new store."""
    body = exchange.fields
    _attach(server, store["id"], _requested_files(body), body.get("chunking_strategy"))


def _attach_batch_files(server: Context, exchange: Exchange, batch: JsonObject) -> None:
    """``vector_stores.file_batches.create``: every file of the batch joins the store."""
    body = exchange.fields
    _attach(server, exchange.path_params["vector_store_id"], _requested_files(body), body.get("chunking_strategy"))


def _requested_files(body: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """``(file_id, attributes, chunking_strategy)`` of each file a request attaches."""
    found: list[tuple[str, Any, Any]] = []
    for file_id in body.get("file_ids") or ():
        if isinstance(file_id, str):
            found.append((file_id, body.get("attributes"), None))
    for entry in body.get("files") or ():
        if isinstance(entry, Mapping) and isinstance(entry.get("file_id"), str):
            found.append((entry["file_id"], entry.get("attributes"), entry.get("chunking_strategy")))
    return found


def attach_files(server: Context, store_id: str, file_ids: Sequence[str], chunking: Any = None) -> None:
    """Attach files to a store made elsewhere (a thread's ``tool_resources`` helper), completed."""
    _attach(server, store_id, [(file_id, None, None) for file_id in file_ids], chunking)


def _attach(server: Context, store_id: str, files: list[tuple[str, Any, Any]], chunking: Any) -> None:
    if not files:
        return
    from openai.types.vector_stores import VectorStoreFile  # imported late: only stores with files need it

    attached = collection(server.backend, f"{_STORES}/{store_id}/files")
    now = server.backend.clock.now()
    for file_id, attributes, own_chunking in files:
        if file_id in attached:
            continue  # already attached (by another area, or twice in one request)
        content = get_bytes(server.backend, file_id)
        item: JsonObject = server.render(VectorStoreFile)
        item.update(
            id=file_id,
            created_at=now,
            vector_store_id=store_id,
            status="completed",
            last_error=None,
            usage_bytes=len(content) if content is not None else item.get("usage_bytes", 0),
            attributes=dict(attributes) if isinstance(attributes, Mapping) else {},
            chunking_strategy=_resolved_chunking(own_chunking or chunking),
        )
        attached.put(item)


# --- reading chunks -----------------------------------------------------------------------------


def _attached(backend: Backend, store_id: str) -> Mapping[str, JsonObject]:
    """The files attached to a store, without creating a collection for a store nobody made."""
    return backend.stores.get(f"{_STORES}/{store_id}/files") or {}


def _chunks_of(backend: Backend, attached: JsonObject) -> list[str]:
    """The text chunks of an attached file; none for a file without stored text."""
    content = get_bytes(backend, attached["id"])
    text = file_text(content) if content is not None else None
    if not text:
        return []
    strategy = attached.get("chunking_strategy")
    found = strategy.get("static") if isinstance(strategy, Mapping) else None
    static: Mapping[str, Any] = found if isinstance(found, Mapping) else _AUTO_STATIC
    size = int(static.get("max_chunk_size_tokens") or DEFAULT_CHUNK_TOKENS)
    overlap = int(static.get("chunk_overlap_tokens") or 0)
    return chunk(text, size, min(overlap, size // 2))


class Search(Adapter):
    summary = (
        "stateful: ranks text chunks of the store's completed files by tf-idf cosine (score 0-1); "
        "`filters` on attributes, `max_num_results`, `score_threshold`, `rewrite_query`; empty store, empty page"
    )

    def build(self, server: Context, exchange: Exchange) -> Any:
        store_id = exchange.path_params["vector_store_id"]
        if store_id not in server.backend.stores.get(_STORES, {}) and server.backend.unknown_ids == "strict":
            raise not_found_error(_STORES, store_id)
        body = exchange.fields
        queries = _queries(body.get("query"))
        limit = _limit(body.get("max_num_results"))
        threshold = _threshold(body.get("ranking_options"))
        condition = _filters(body.get("filters"))
        results = search(
            server.backend, [store_id], " ".join(queries), limit=limit, threshold=threshold, filters=condition
        )
        search_query = [rewrite(q) for q in queries] if body.get("rewrite_query") else queries
        return {
            "object": "vector_store.search_results.page",
            "search_query": search_query,
            "data": results,
            "has_more": False,
            "next_page": None,
        }


def search(
    backend: Backend,
    store_ids: Sequence[str],
    query: str,
    *,
    limit: int = _DEFAULT_RESULTS,
    threshold: float = 0.0,
    filters: Mapping[str, Any] | None = None,
) -> list[JsonObject]:
    """The search results (``file_id``, ``filename``, ``score``, ``attributes``, ``content``) for
    ``query`` over the completed files of the given stores, best first: what ``search`` answers,
    and what a ``file_search`` tool can cite."""
    owners: list[JsonObject] = []
    texts: list[str] = []
    for store_id in store_ids:
        for attached in _attached(backend, store_id).values():
            if attached.get("status", "completed") != "completed":
                continue  # the API searches a file once it is indexed
            if filters is not None and not matches(attached.get("attributes"), filters):
                continue
            for text in _chunks_of(backend, attached):
                owners.append(attached)
                texts.append(text)
    results: list[JsonObject] = []
    for scored in rank(query, texts):
        if scored.score < threshold or len(results) == limit:
            break  # ranked best first: nothing later qualifies
        attached = owners[scored.index]
        results.append(
            {
                "file_id": attached["id"],
                "filename": _filename(backend, attached["id"]),
                "score": scored.score,
                "attributes": dict(attached.get("attributes") or {}),
                "content": [{"type": "text", "text": texts[scored.index]}],
            }
        )
    return results


def _filename(backend: Backend, file_id: str) -> str:
    file = backend.stores.get("/files", {}).get(file_id)
    name = file.get("filename") if isinstance(file, Mapping) else None
    return name if isinstance(name, str) else ""


def _queries(query: Any) -> list[str]:
    if query is None:
        raise missing("query")
    if isinstance(query, str):
        return [query]
    if isinstance(query, (list, tuple)) and all(isinstance(q, str) for q in query):
        return list(query)
    raise invalid_type("query", "one of a string or array", query)


def _limit(value: Any) -> int:
    if value is None:
        return _DEFAULT_RESULTS
    if not is_integer(value):
        raise invalid_type("max_num_results", "an integer", value)
    in_range("max_num_results", value, 1, _MAX_RESULTS, integer=True)
    return int(value)


def _threshold(options: Any) -> float:
    if not isinstance(options, Mapping) or options.get("score_threshold") is None:
        return 0.0
    value = options["score_threshold"]
    if not is_number(value):
        raise invalid_type("ranking_options.score_threshold", "a decimal", value)
    in_range("ranking_options.score_threshold", value, 0, 1, integer=False)
    return float(value)


def _filters(condition: Any) -> Mapping[str, Any] | None:
    if condition is None:
        return None
    if not isinstance(condition, Mapping):
        raise invalid_type("filters", "an object", condition)
    _check_filter(condition, "filters")
    return condition


def _check_filter(condition: Mapping[str, Any], param: str) -> None:
    kind = condition.get("type")
    if kind not in FILTER_TYPES:
        raise invalid_value(f"{param}.type", kind, FILTER_TYPES)
    if kind in ("and", "or"):
        parts = condition.get("filters")
        if not isinstance(parts, list):
            raise missing(f"{param}.filters")
        for i, part in enumerate(parts):
            if not isinstance(part, Mapping):
                raise invalid_type(f"{param}.filters[{i}]", "an object", part)
            _check_filter(part, f"{param}.filters[{i}]")
    elif not isinstance(condition.get("key"), str):
        raise missing(f"{param}.key")
    elif "value" not in condition:
        raise missing(f"{param}.value")


class FileContent(GenericAdapter):
    summary = "stateful: the attached file's text chunks as search reads them; 404 for an unknown store or file"

    def build(self, server: Context, exchange: Exchange) -> Any:
        store_id, file_id = exchange.path_params["vector_store_id"], exchange.path_params["file_id"]
        attached = _attached(server.backend, store_id).get(file_id)
        if attached is None or exchange.stream:
            made_up = GENERIC.build(server, exchange)  # 404 (strict), else realistic chunks (materialize)
            if not isinstance(made_up, dict) or exchange.stream:
                return made_up
            chunks = [str(item.get("text") or "") for item in made_up.get("data") or () if isinstance(item, dict)]
        else:
            chunks = list(_chunks_of(server.backend, attached))
        # The API's content page, whichever way the chunks were found (not the generic "list").
        return {
            "object": "vector_store.file_content.page",
            "data": [{"type": "text", "text": text} for text in chunks],
            "has_more": False,
            "next_page": None,
        }


def register_hooks() -> None:
    """Attach files as stores, files and file batches are created: before `_lifecycle`'s hooks move them."""
    on_store("create", _STORES, _attach_store_files)
    on_store("create", f"{_STORES}/{{vector_store_id}}/files", _describe_attached)
    on_store("create", f"{_STORES}/{{vector_store_id}}/file_batches", _attach_batch_files)
