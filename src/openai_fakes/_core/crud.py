"""Which requests create, read, change or delete a stored object, inferred from the SDK's routes.

A *family* is a collection template such as ``/vector_stores/{vector_store_id}/files`` that the
SDK can ``POST`` to (create) and that has an item template below it (``.../files/{file_id}``)
read or deleted by some method. Every (method, template) is then given a `Role` from its shape:

    POST   /x            create          GET    /x            list
    GET    /x/{id}       retrieve        POST   /x/{id}       update (PATCH/PUT too)
    DELETE /x/{id}       delete          POST   /x/{id}/verb  action (cancel, pause...)
    any    /x/{id}/...   reads below an item: only its ids are checked

The routes are the SDK's own (`_core.sdk_routes.sdk_routes`, read from its generated source), so new SDK
families become stateful without code here. A family whose create is answered by a specific
handler (chat completions, responses, runs) is left out: its objects never reach the store, so a
strict retrieve would deny what the client was just given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .sdk_routes import sdk_routes

RoleKind = Literal["create", "retrieve", "update", "delete", "list", "action", "below"]

_UPDATE_METHODS = ("POST", "PATCH", "PUT")


def _bare(template: str) -> str:
    # A few beta routes carry a fixed query (``/responses?beta=true``): the path is what matters.
    return template.split("?", 1)[0]


def is_param(segment: str) -> bool:
    """Whether a path template's segment is a placeholder (``{file_id}``)."""
    return segment.startswith("{") and segment.endswith("}")


@dataclass(frozen=True)
class ItemRef:
    """One stored object a path names: the family it lives in and where its id sits in the path."""

    family: str
    """The collection template, e.g. ``/vector_stores/{vector_store_id}/files``."""
    index: int
    """Position of the id among the path's segments (the collection's path is the segments before it)."""


@dataclass(frozen=True)
class Role:
    kind: RoleKind
    family: str | None
    """For create/list: the collection template; for item roles: the item's family."""
    refs: tuple[ItemRef, ...]
    """Every stored object the path names, outermost first (for item roles the last is the item)."""
    verb: str | None = None
    """For an action: the last path segment (``cancel``)."""


@lru_cache(maxsize=8)
def families(claimed: frozenset[tuple[str, str]]) -> frozenset[str]:
    """Collection templates whose objects live in the store; ``claimed`` are routes a specific handler answers."""
    routes = sdk_routes()
    items: set[str] = set()
    for _method, template in routes:
        parent, _, last = template.rpartition("/")
        if is_param(last) and parent:
            items.add(parent)
    return frozenset(
        template
        for method, template in routes
        if method == "POST"
        and template in items
        and not is_param(template.rpartition("/")[2])
        and (method, template) not in claimed
    )


@lru_cache(maxsize=4096)
def crud_role(method: str, template: str, claimed: frozenset[tuple[str, str]] = frozenset()) -> Role | None:
    """The role of ``method template`` in the generic state, or ``None`` when it has none."""
    template = _bare(template)
    known = families(claimed)
    segments = template.strip("/").split("/")
    refs = tuple(
        ItemRef("/" + "/".join(segments[:i]), i)
        for i, segment in enumerate(segments)
        if is_param(segment) and "/" + "/".join(segments[:i]) in known
    )
    last = len(segments) - 1
    if template in known:
        if method == "POST":
            return Role("create", template, refs)
        if method == "GET":
            return Role("list", template, refs)
    if refs and refs[-1].index == last:
        if method == "GET":
            return Role("retrieve", refs[-1].family, refs)
        if method == "DELETE":
            return Role("delete", refs[-1].family, refs)
        if method in _UPDATE_METHODS:
            return Role("update", refs[-1].family, refs)
    if refs and refs[-1].index == last - 1 and method == "POST":
        return Role("action", refs[-1].family, refs, verb=segments[last])
    if refs:
        return Role("below", None, refs)
    return None


def claimed_routes(summaries: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset((method, _bare(template)) for method, template in summaries)
