"""Generic state: what a client creates, the same backend remembers.

`stateful_answer` sits under the generic answer of every endpoint. For a route with a CRUD role
(`_core.crud.crud_role`) it stores the generic object on create, answers retrieve/list from the store,
merges updates, applies simple actions (``cancel``...) and forgets on delete; any other route gets
the generic answer, after the ids in its path have been checked.

Storage: ``backend.stores[collection path]`` is a `Collection` (a dict ``id -> object``), keyed by
the concrete collection path, e.g. ``/files`` or ``/vector_stores/vs_1/files``.

Unknown ids follow ``backend.unknown_ids``: ``"strict"`` (default) answers 404 as the API does;
``"materialize"`` answers with a generic object carrying the id and remembers it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from ..._core.crud import ItemRef, Role, claimed_routes, crud_role
from ..._core.declared import declared_only
from ..._core.exchange import Exchange
from ..._core.sdk import page_item_type
from ..._core.sdk_routes import reply_of_route
from ..._state.collection import Collection, JsonObject, json_copy
from ..._state.lifecycle import Lifecycles
from ..._state.shapes import (
    ASCENDING,
    DEFAULT_LIMITS,
    describe_upload,
    filters,
    int_param,
    not_found_error,
    page,
    set_status,
    statuses,
    text_param,
)
from .adapter import Adapter

if TYPE_CHECKING:
    from ..._control.context import Context, Routes
    from ..._state.backend import Backend

# What a lookup sees where nothing was ever stored (never written to).
_EMPTY: Mapping[str, JsonObject] = Collection()
# Fields that identify an object; an update never changes them.
_FIXED = frozenset({"id", "object", "type", "status", "created", "created_at"})
# What an action does to the stored object's status, as (status the reply shows, status stored).
# A cancel is acknowledged as ``cancelling`` where the type has it, and has finished by the next
# read (the API takes up to minutes; a fake has no reason to make tests wait).
_ACTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "cancel": (("cancelling", "cancelled"), ("cancelled",)),
    "pause": (("paused",), ("paused",)),
    "resume": (("running", "in_progress", "active"), ("running", "in_progress", "active")),
    "archive": (("archived",), ("archived",)),
    "complete": (("completed",), ("completed",)),
}


# What an area does besides the generic store when an object of a family is created or deleted
# (a file keeps its uploaded bytes, a deleted file drops them), keyed by (event, family template).
# A create hook runs before the object is stored and may edit it; it sees the request.
StoreEvent = Literal["create", "delete"]
StoreHook = Callable[["Context", Exchange, JsonObject], None]
_HOOKS: dict[tuple[str, str], list[StoreHook]] = {}


def on_store(event: StoreEvent, family: str, hook: StoreHook) -> None:
    """Run ``hook(server, exchange, obj)`` when the generic store creates (``obj`` is the new
    object) or deletes (``obj`` is the stored object, or ``{"id": id}``) an object of ``family``
    (a collection template such as ``/files``). Areas call it from ``register``: the generic
    store keeps the family, and the area adds what the store alone cannot (bytes, side effects).
    Several areas may hook one family; each hook runs once, in the order they were added."""
    hooks = _HOOKS.setdefault((event, family), [])
    if hook not in hooks:  # ``register`` runs once per server
        hooks.append(hook)


def collection(backend: Backend, path: str) -> Collection:
    """The stored collection at the concrete ``path`` (``/files``), created when missing."""
    stores = backend.stores
    found = stores.get(path)
    if not isinstance(found, Collection):
        stores[path] = found = _adopt(found)
    return found


def forget_below(backend: Backend, prefix: str) -> None:
    """Drop every collection under ``prefix`` (an object's own sub-collections when it is deleted)."""
    stores = backend.stores
    for path in [path for path in stores if path.startswith(prefix)]:
        del stores[path]


def stateful_answer(server: Context, exchange: Exchange, generic_build: Callable[[], Any]) -> Any:
    """The final JSON for ``exchange``: from the store where the route has a CRUD role, else
    ``generic_build()``. Raises `APIErrorReply` (404) for an unknown id in strict mode."""
    if exchange.stream:
        return generic_build()
    template = server.router.match(exchange.method, exchange.path).template
    # A script answers this call: its base must not 404 before the script runs.
    if exchange.scripted:
        return generic_build()
    role = crud_role(exchange.method, template, _claimed(server))
    if role is None:
        return generic_build()
    segments = exchange.path.split("?", 1)[0].strip("/").split("/")
    answer = _Request(server, exchange, role, segments, generic_build).answer()
    # Store hooks write objects for the newest SDK; an older SDK's models may lack some fields.
    return declared_only(answer, exchange.cast_to, deep=True)


def _adopt(found: Mapping[str, JsonObject] | None) -> Collection:
    """A plain dict left by other code becomes a `Collection`: its objects keep their order."""
    adopted = Collection()
    adopted.update(found or {})
    return adopted


def state_role(server: Context, method: str, template: str) -> str:
    """In a few words, what a route does with the store (for ``docs/coverage.md``); "" for nothing."""
    role = crud_role(method, template, _claimed(server))
    if role is None:
        return ""
    if role.kind == "below" or (role.kind == "action" and role.verb not in _ACTIONS):
        return "ids checked"
    if role.kind == "action":
        return f"action `{role.verb}`"
    return role.kind


# Per router (each fake has its own copy): the routes it claims, and the router version they were
# derived at. Deriving them costs more than the rest of a stored request.
_CLAIMED: weakref.WeakKeyDictionary[Routes, tuple[int, frozenset[tuple[str, str]]]] = weakref.WeakKeyDictionary()


def _claimed(server: Context) -> frozenset[tuple[str, str]]:
    # Only POST routes matter (a family whose create a specific handler answers is not stored),
    # unless that handler stores through `stateful_answer` itself (``Adapter.keeps_state``).
    router = server.router
    cached = _CLAIMED.get(router)
    if cached is not None and cached[0] == router.version:
        return cached[1]
    claimed = claimed_routes(
        key for key in router.summaries if key[0] == "POST" and not _keeps_state(router.match(*key).handler)
    )
    _CLAIMED[router] = (router.version, claimed)
    return claimed


def _keeps_state(handler: Any) -> bool:
    # A plain function routed by hand (tests do) stores nothing itself.
    return isinstance(handler, Adapter) and handler.keeps_state


class _Request:
    """One request's walk through the store."""

    def __init__(
        self, server: Context, exchange: Exchange, role: Role, segments: list[str], generic_build: Callable[[], Any]
    ) -> None:
        self.server = server
        self.backend = server.backend
        self.exchange = exchange
        self.role = role
        self.segments = segments
        self.generic_build = generic_build
        self.strict = server.backend.unknown_ids == "strict"

    def answer(self) -> Any:
        role = self.role
        item_roles = ("retrieve", "update", "delete", "action")
        parents = role.refs[:-1] if role.kind in item_roles else role.refs
        for ref in parents:
            if self.strict and self._id(ref) not in self._find(ref.index):
                raise not_found_error(ref.family, self._id(ref))
        if role.kind == "create":
            return self._create()
        if role.kind == "list":
            return self._list()
        if role.kind == "below":
            return self.generic_build()
        ref = role.refs[-1]
        key = self._id(ref)
        stored = self._find(ref.index).get(key)
        if stored is None and role.kind != "delete":
            if self.strict:
                raise not_found_error(ref.family, key)
            return self._materialize(self._collection(ref), key)
        collection = self._collection(ref)
        lifecycles = Lifecycles.existing(self.backend)
        if role.kind == "retrieve":
            if lifecycles is not None:
                lifecycles.observe(self._path(ref.index), key)  # a poll moves a long job on
            return json_copy(stored)
        if lifecycles is not None and role.kind == "delete":
            lifecycles.forget(self._path(ref.index), key)
        if lifecycles is not None and role.kind == "action" and role.verb == "cancel":
            cancelled = lifecycles.cancel_request(self._path(ref.index), key)
            if cancelled is not None:
                return cancelled
        if role.kind == "update":
            return self._update(collection, key)
        if role.kind == "delete":
            return self._delete(collection, key, stored)
        return self._action(collection, key)

    # --- roles ---------------------------------------------------------------------------------

    def _create(self) -> Any:
        data = self.generic_build()
        if not isinstance(data, dict):
            return data
        collection = self._collection_at(len(self.segments))
        if isinstance(data.get("data"), list):
            # A create that answers with a list (conversation items): each listed object is new.
            for item in data["data"]:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    collection.put(json_copy(item))
            return data
        if not isinstance(data.get("id"), str):
            return data
        self._give_identity(data)
        for hook in _HOOKS.get(("create", self.role.family or ""), ()):
            hook(self.server, self.exchange, data)
        collection.put(json_copy(data))
        return data

    def _give_identity(self, data: JsonObject) -> None:
        exchange = self.exchange
        body = exchange.fields
        file_id = body.get("file_id")
        if isinstance(file_id, str) and self.segments[-1] == "files" and "file_id" not in data:
            # Attaching a file (vector store files): the attached object's id is the file's id.
            data["id"] = file_id
        elif data["id"] in exchange.path_params.values():
            # The generic answer echoed the parent's id as its own; a new object needs a fresh one.
            fresh = _render_id(self.server, exchange.cast_to)
            if fresh is not None:
                data["id"] = fresh
        describe_upload(data, exchange)

    def _list(self) -> Any:
        exchange = self.exchange
        item_type = page_item_type(exchange.cast_to)
        if item_type is None:
            return self.generic_build()
        family = self.role.family or ""
        query = exchange.query
        order = str(query.get("order") or ("asc" if family in ASCENDING else "desc"))
        limit = int_param(query.get("limit"), DEFAULT_LIMITS.get(family, 20))
        if not self._find(len(self.segments)):
            return page(exchange, [], False)
        collection = self._collection_at(len(self.segments))
        paged = "has_more" in exchange.cast_to.model_fields
        items, more = collection.page(
            limit=limit if paged else len(collection),
            ascending=order.startswith("asc"),
            after=text_param(query.get("after")),
            before=text_param(query.get("before")),
            where=filters(query, item_type),
        )
        return page(exchange, [json_copy(item) for item in items], more)

    def _materialize(self, collection: Collection, key: str) -> Any:
        data = self.generic_build()
        if isinstance(data, dict) and data.get("id") == key:
            stored = json_copy(data)
            kept = _kept_type(self.role.refs[-1], self.exchange.route)
            if kept is not None and kept is not self.exchange.cast_to:
                # An update's or action's reply may be a slimmer type than the object the family
                # lists (a group's update answers without ``group_type``): keep a whole object of
                # the listed type, with what this reply says, so later lists and retrieves parse.
                whole = self.server.render(kept)
                if isinstance(whole, dict):
                    whole.update({name: value for name, value in stored.items() if name in whole})
                    whole["id"] = key
                    stored = whole
            collection.put(stored)
        return data

    def _update(self, collection: Collection, key: str) -> Any:
        stored = collection[key]
        generic = self.generic_build()
        if not isinstance(generic, dict) or generic.get("object") != stored.get("object"):
            return generic  # the route answers with something else than the object it names
        body = self.exchange.body
        if isinstance(body, Mapping):
            for name, value in body.items():
                # The generic answer echoed exactly the fields the reply type accepts as sent.
                if name not in _FIXED and name in stored and name in generic and generic[name] == value:
                    stored[name] = json_copy(value)
        return json_copy(stored)

    def _delete(self, collection: Collection, key: str, stored: JsonObject | None) -> Any:
        if stored is None and self.strict:
            raise not_found_error(self.role.refs[-1].family, key)
        collection.discard(key)
        for hook in _HOOKS.get(("delete", self.role.family or ""), ()):
            hook(self.server, self.exchange, stored if stored is not None else {"id": key})
        forget_below(self.backend, f"{self._path(self.role.refs[-1].index)}/{key}/")
        answer = self.generic_build()
        if isinstance(answer, dict) and "deleted" in answer:
            answer["deleted"] = True
            if "id" in answer:
                answer["id"] = key
        elif isinstance(answer, dict) and len(self.role.refs) > 1:
            # Some deletes answer with the parent (a conversation after deleting one of its items).
            parent = self.role.refs[-2]
            stored_parent = self._find(parent.index).get(self._id(parent))
            if stored_parent is not None and stored_parent.get("object") == answer.get("object"):
                return json_copy(stored_parent)
        return answer

    def _action(self, collection: Collection, key: str) -> Any:
        stored = collection[key]
        generic = self.generic_build()
        moves = _ACTIONS.get(self.role.verb or "")
        if moves is None or not isinstance(generic, dict) or generic.get("object") != stored.get("object"):
            return generic
        options = statuses(self.exchange.cast_to)
        shown = next((s for s in moves[0] if s in options), None)
        kept = next((s for s in moves[1] if s in options), None)
        if shown is None or kept is None:
            return generic
        now = self.backend.clock.now()
        reply = json_copy(stored)
        set_status(reply, shown, now)
        set_status(stored, kept, now)
        return reply

    # --- paths ---------------------------------------------------------------------------------

    def _id(self, ref: ItemRef) -> str:
        return self.segments[ref.index]

    def _path(self, length: int) -> str:
        return "/" + "/".join(self.segments[:length])

    def _collection(self, ref: ItemRef) -> Collection:
        return self._collection_at(ref.index)

    def _find(self, length: int) -> Mapping[str, JsonObject]:
        """The collection at the path's first ``length`` segments, without creating it."""
        found = self.backend.stores.get(self._path(length))
        return found if found is not None else _EMPTY

    def _collection_at(self, length: int) -> Collection:
        return collection(self.backend, self._path(length))


@lru_cache(maxsize=1024)
def _kept_type(ref: ItemRef, route: tuple[str, str]) -> Any:
    """The type a family's objects are retrieved or listed as, for the object ``ref`` names on
    ``route``; ``None`` when the SDK has neither route."""
    segments = route[1].strip("/").split("/")
    if len(segments) <= ref.index:
        return None
    retrieved = reply_of_route("GET", f"{ref.family}/{segments[ref.index]}")
    if retrieved is not None and getattr(retrieved.cast_to, "model_fields", None) is not None:
        return retrieved.cast_to
    listed = reply_of_route("GET", ref.family)
    return page_item_type(listed.cast_to) if listed is not None else None


def _render_id(server: Context, tp: Any) -> str | None:
    # A fresh id of the right shape: the one a fresh rendering of the type would carry.
    if getattr(tp, "model_fields", None) is None:
        return None
    data = server.render(tp)
    fresh = data.get("id") if isinstance(data, dict) else None
    return fresh if isinstance(fresh, str) else None
