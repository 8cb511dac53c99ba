"""Vector-store files and file batches: ``in_progress`` -> ``completed``, with ``file_counts`` that
agree with the files at every step (docs/api-behaviour.md, Vector stores).

Files join a store through ``vector_stores.create(file_ids=...)``, ``vector_stores.files.create``
or ``vector_stores.file_batches.create`` (`_search` attaches them and gives them their
real size); this area makes them move (`_state.lifecycle`, as ``fake.lifecycle`` says):

* a file attached on its own is polled by ``vector_stores.files.retrieve``; a file a file batch
  names follows the batch (``file_batches.retrieve``), even one attached before; the files a store was created with
  also finish when the store is retrieved;
* ``usage_bytes`` is 0 until a file is ``completed``; the store's ``file_counts``,
  ``usage_bytes`` and ``status`` (``in_progress`` while any file is) and the batch's
  ``file_counts`` are recounted whenever a file moves, joins or leaves;
* ``file_batches.cancel`` cancels the batch and its files still in progress;
  ``file_batches.list_files`` lists the batch's own files (``filter`` by status);
* attaching a file the fake does not hold is the API's 404 (strict mode).

So ``create_and_poll`` / ``upload_and_poll`` finish after ``polls`` retrieves, without sleeping.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..._core.exchange import Exchange, JsonReply, Reply
from ..._state.collection import Collection, JsonObject, json_copy
from ..._state.lifecycle import Lifecycle, Lifecycles, Step
from ..._state.shapes import int_param, not_found_error, page, text_param
from .._base.adapter import Adapter
from .._base.generic import GENERIC
from .._base.stateful import collection, on_store

if TYPE_CHECKING:
    from ..._control.context import Context
    from ..._state.backend import Backend

STORES = "/vector_stores"
VECTOR_STORE_FILE = Lifecycle(
    "vector_store.file",
    path=(Step("in_progress"), Step("completed")),
    endings=(Step("failed"), Step("cancelled")),
    error_field="last_error",
)
VECTOR_STORE_FILE_BATCH = Lifecycle(
    "vector_store.files_batch",
    path=(Step("in_progress"), Step("completed")),
    cancel=(Step("cancelled"),),
    endings=(Step("failed"),),
)
VECTOR_STORE = Lifecycle("vector_store", path=(Step("in_progress"), Step("completed")))
"""A store created with files: retrieving it is a poll of the files it was created with."""
_COUNTED = ("in_progress", "completed", "failed", "cancelled")


def _body(exchange: Exchange) -> Mapping[str, Any]:
    return exchange.fields


def _requested(body: Mapping[str, Any]) -> list[str]:
    ids = [file_id for file_id in body.get("file_ids") or () if isinstance(file_id, str)]
    ids += [
        entry["file_id"]
        for entry in body.get("files") or ()
        if isinstance(entry, Mapping) and isinstance(entry.get("file_id"), str)
    ]
    return list(dict.fromkeys(ids))


def _check_files(backend: Backend, file_ids: Iterable[str], store_id: str | None = None) -> None:
    """The API's 404 for a file it does not hold (strict mode); what was attached is undone."""
    if backend.unknown_ids != "strict":
        return
    files = backend.stores.get("/files", {})
    missing = next((file_id for file_id in file_ids if file_id not in files), None)
    if missing is not None:
        if store_id is not None:
            backend.stores.pop(f"{STORES}/{store_id}/files", None)
        raise not_found_error("/files", missing)


# --- files ------------------------------------------------------------------------------------


class _FileRun:
    """A file's size shows once it is processed; every move is recounted on its store."""

    def __init__(self, backend: Backend, store_id: str, usage_bytes: Any) -> None:
        self.backend = backend
        self.store_id = store_id
        self.usage_bytes = usage_bytes if isinstance(usage_bytes, int) else 0

    def enter(self, file: JsonObject, status: str, now: int) -> None:
        file["usage_bytes"] = self.usage_bytes if status == "completed" else 0
        if status != "failed":
            file["last_error"] = None
        recount_store(self.backend, self.store_id, pending=file)


def _track_file(backend: Backend, store_id: str, file: JsonObject, *, stored: bool) -> None:
    run = _FileRun(backend, store_id, file.get("usage_bytes"))
    store = f"{STORES}/{store_id}/files"
    Lifecycles.of(backend).track(VECTOR_STORE_FILE, store, file["id"], obj=None if stored else file, on_enter=run.enter)


def attach_file(server: Context, exchange: Exchange, file: JsonObject) -> None:
    """``vector_stores.files.create`` (an `on_store` hook, before the store keeps ``file``)."""
    store_id = exchange.path_params["vector_store_id"]
    _check_files(server.backend, [file["id"]])
    file["vector_store_id"] = store_id
    file["created_at"] = server.backend.clock.now()
    body = _body(exchange)
    if "attributes" in body or file.get("attributes") is None:
        file["attributes"] = dict(body["attributes"]) if isinstance(body.get("attributes"), Mapping) else {}
    _track_file(server.backend, store_id, file, stored=False)


def detach_file(server: Context, exchange: Exchange, file: JsonObject) -> None:
    """``vector_stores.files.delete``: the store's counts lose the file."""
    store_id = exchange.path_params.get("vector_store_id")
    if store_id is not None:
        recount_store(server.backend, store_id)


# --- stores -----------------------------------------------------------------------------------


def start_store(server: Context, exchange: Exchange, store: JsonObject) -> None:
    """``vector_stores.create``: the files it names start processing (an `on_store` hook)."""
    backend = server.backend
    store_id = store["id"]
    requested = _requested(_body(exchange))
    _check_files(backend, requested, store_id)
    store.update(created_at=backend.clock.now(), last_active_at=backend.clock.now())
    attached = backend.stores.get(f"{STORES}/{store_id}/files", {})
    for file_id in requested:
        if file_id in attached:
            _track_file(backend, store_id, attached[file_id], stored=True)
    if not requested:
        recount_store(backend, store_id, store=store)
        return

    def enter(obj: JsonObject, status: str, now: int) -> None:
        if status == "completed":  # a poll of the store is a poll of the files it was made with
            engine = Lifecycles.of(backend)
            for file_id in requested:
                engine.settle(f"{STORES}/{store_id}/files", file_id)
        recount_store(backend, store_id, store=obj)

    Lifecycles.of(backend).track(VECTOR_STORE, STORES, store_id, obj=store, on_enter=enter)


def recount_store(
    backend: Backend, store_id: str, *, store: JsonObject | None = None, pending: JsonObject | None = None
) -> None:
    """Give a store the ``file_counts``, ``usage_bytes`` and ``status`` its files add up to.

    ``store`` / ``pending``: a store or file not in the store yet (a create hook's object)."""
    if store is None:
        store = backend.stores.get(STORES, {}).get(store_id)
        if store is None:
            return
    files = dict(backend.stores.get(f"{STORES}/{store_id}/files", {}))
    if pending is not None:
        files[pending["id"]] = pending
    counts = _counts(files.values())
    store["file_counts"] = counts
    store["usage_bytes"] = sum(int(file.get("usage_bytes") or 0) for file in files.values())
    if store.get("status") != "expired":
        store["status"] = "in_progress" if counts["in_progress"] else "completed"


def _counts(files: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(_COUNTED, 0)
    for file in files:
        status = file.get("status")
        if status in counts:
            counts[status] += 1
    counts["total"] = sum(counts.values())
    return counts


# --- file batches -----------------------------------------------------------------------------


def _members_path(store_id: str, batch_id: str) -> str:
    # Below the batch, so that deleting the store forgets it with everything else of the store.
    return f"{STORES}/{store_id}/file_batches/{batch_id}/files"


class _BatchRun:
    """A file batch moves its files with it (a file already attached is processed again)."""

    def __init__(self, backend: Backend, store_id: str, batch_id: str, sizes: dict[str, int]) -> None:
        self.backend = backend
        self.store_id = store_id
        self.batch_id = batch_id
        self.sizes = sizes

    def enter(self, batch: JsonObject, status: str, now: int) -> None:
        attached = self.backend.stores.get(f"{STORES}/{self.store_id}/files", {})
        for file_id in self.sizes:
            file = attached.get(file_id)
            if file is None:
                continue
            if status == "in_progress" or file.get("status") == "in_progress":
                file["status"] = status
                file["usage_bytes"] = self.sizes[file_id] if status == "completed" else 0
                file["last_error"] = (
                    {"code": "server_error", "message": "The file batch failed."} if status == "failed" else None
                )
        batch["file_counts"] = _counts(attached[file_id] for file_id in self.sizes if file_id in attached)
        recount_store(self.backend, self.store_id)


def start_file_batch(server: Context, exchange: Exchange, batch: JsonObject) -> None:
    """``vector_stores.file_batches.create`` (an `on_store` hook, before the store keeps ``batch``)."""
    backend = server.backend
    store_id = exchange.path_params["vector_store_id"]
    requested = _requested(_body(exchange))
    _check_files(backend, requested)
    batch.update(vector_store_id=store_id, created_at=backend.clock.now())
    files_path = f"{STORES}/{store_id}/files"
    attached = backend.stores.get(files_path, {})
    known = backend.stores.get("/files", {})
    sizes = {
        file_id: int(known.get(file_id, attached[file_id]).get("bytes") or attached[file_id].get("usage_bytes") or 0)
        for file_id in requested
        if file_id in attached
    }
    members = collection(backend, _members_path(store_id, batch["id"]))
    engine = Lifecycles.of(backend)
    for file_id in sizes:
        members.put({"id": file_id})
        engine.forget(files_path, file_id)  # the batch (re)processes the file: it follows the batch now
    run = _BatchRun(backend, store_id, batch["id"], sizes)
    Lifecycles.of(backend).track(
        VECTOR_STORE_FILE_BATCH, f"{STORES}/{store_id}/file_batches", batch["id"], obj=batch, on_enter=run.enter
    )


class BatchFiles(Adapter):
    """``file_batches.list_files``: the batch's own files as they are now, newest first."""

    summary = "stateful: the batch's own files as they are now (`filter` by status), paged"

    def build(self, server: Context, exchange: Exchange) -> Any:
        params = exchange.path_params
        store_id, batch_id = params.get("vector_store_id", ""), params.get("batch_id", "")
        stores = server.backend.stores
        members = stores.get(_members_path(store_id, batch_id))
        if exchange.stream or exchange.scripted or members is None:
            return GENERIC.build(server, exchange)  # 404 for an unknown batch in strict mode
        attached = stores.get(f"{STORES}/{store_id}/files", {})
        current = Collection()
        for member in members.values():
            if member["id"] in attached:
                current.put(attached[member["id"]])
        query = exchange.query
        wanted = query.get("filter")
        items, more = current.page(
            limit=int_param(query.get("limit"), 20),
            ascending=str(query.get("order") or "desc").startswith("asc"),
            after=text_param(query.get("after")),
            before=text_param(query.get("before")),
            where={"status": wanted} if isinstance(wanted, str) else None,
        )
        return page(exchange, [json_copy(item) for item in items], more)

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        return GENERIC.respond(server, exchange, final) if exchange.stream else JsonReply(final)


def register_hooks() -> None:
    # After `_search`'s hooks (`vector_stores.register` calls both in order): the files are attached by then.
    on_store("create", STORES, start_store)
    on_store("create", f"{STORES}/{{vector_store_id}}/files", attach_file)
    on_store("delete", f"{STORES}/{{vector_store_id}}/files", detach_file)
    on_store("create", f"{STORES}/{{vector_store_id}}/file_batches", start_file_batch)
