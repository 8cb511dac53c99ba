"""One stored collection: ``id -> object`` in creation order, paged by cursor without scanning.

A `Collection` *is* the plain dict the rest of the package may read (``backend.stores[path]``);
beside it sits an index ``id -> position`` in an append-only order list, so that ``after=`` and
``before=`` find their place in O(1) and a page costs O(page size), not O(collection). Deleting
leaves a hole in the order list; the list is compacted when holes outnumber objects, keeping
deletes amortised O(1).

A deleted object's id stays a cursor: it keeps its place (where it would stand among the live
objects), so iterating a listing while deleting from it never ends early or skips a live object
(``files.list(limit=2)``, delete the page's last file, ask for the next page: it still comes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

JsonObject = dict[str, Any]


class Collection(dict[str, JsonObject]):
    __slots__ = ("_gone", "_order", "_position")

    def __init__(self) -> None:
        super().__init__()
        self._order: list[str | None] = []
        self._position: dict[str, int] = {}
        self._gone: dict[str, int] = {}
        """Deleted ids -> where they stood in ``_order``: the index of their hole, or after a
        compaction the index of the first live object that followed them."""

    def put(self, obj: JsonObject) -> None:
        """Store ``obj`` under its ``id``: a new id goes last, a known one keeps its place."""
        key: str = obj["id"]
        self._check()
        if key not in self._position:
            self._gone.pop(key, None)  # made again: the id is live, at the end
            self._position[key] = len(self._order)
            self._order.append(key)
        self[key] = obj

    def discard(self, key: str) -> JsonObject | None:
        self._check()
        obj = self.pop(key, None)
        if obj is None:
            return None
        self._gone[key] = self._position.pop(key)
        self._order[self._gone[key]] = None
        if len(self._order) > 64 and len(self._order) > 2 * len(self):
            self._reindex()
        return obj

    def page(
        self,
        *,
        limit: int,
        ascending: bool,
        after: str | None = None,
        before: str | None = None,
        where: Mapping[str, Any] | None = None,
        keep: Callable[[JsonObject], bool] | None = None,
    ) -> tuple[list[JsonObject], bool]:
        """One page in listing order, and whether more objects lie beyond it.

        ``after``: the objects that follow that id in listing order. ``before`` alone: the page
        right before that id (as the API documents it: the previous page of a listing), with
        ``has_more`` telling whether still earlier ones exist. Both: the objects between them.
        An unknown cursor gives an empty page. ``where`` (equal fields) and ``keep`` (any rule) leave
        out the objects they refuse; a cursor keeps its place even when its own object is left out.
        """
        self._check()
        step = 1 if ascending else -1
        count = len(self._order)
        stop = None
        if before is not None:
            stop = self._cursor(before, ascending, after=False)
            if stop is None:
                return [], False
        if after is not None:
            start = self._cursor(after, ascending, after=True)
            if start is None:
                return [], False
        elif stop is not None:
            # Walk away from the cursor to take the adjacent page, then put it back in listing order.
            items, more = self._collect(stop - step, -step, limit, None, where, keep)
            items.reverse()
            return items, more
        else:
            start = 0 if ascending else count - 1
        return self._collect(start, step, limit, stop, where, keep)

    def _cursor(self, key: str, ascending: bool, *, after: bool) -> int | None:
        """Where a listing goes on from ``key``: the first index to visit (``after``) or the index
        to stop at (``before``, exclusive); ``None`` for an id this collection never held."""
        index = self._index(key)
        if index is not None:
            return index + (1 if ascending else -1) if after else index
        place = self._gone.get(key)
        if place is None:
            return None
        # A deleted id stands just before the live object at ``place`` (or in its own hole there):
        # going up, that object is the first after it; going down, the one below is.
        return place if ascending else place - 1

    def _collect(
        self,
        index: int,
        step: int,
        limit: int,
        stop: int | None,
        where: Mapping[str, Any] | None,
        keep: Callable[[JsonObject], bool] | None,
    ) -> tuple[list[JsonObject], bool]:
        found: list[JsonObject] = []
        order = self._order
        while 0 <= index < len(order) and index != stop:
            key = order[index]
            index += step
            obj = self.get(key) if key is not None else None
            if obj is None or (where and not _matches(obj, where)) or (keep is not None and not keep(obj)):
                continue
            if len(found) == limit:
                return found, True
            found.append(obj)
        return found, False

    def _index(self, key: str) -> int | None:
        index = self._position.get(key)
        if index is not None and self._order[index] == key:
            return index
        if key in self:  # the dict was edited directly: trust the dict, rebuild the index
            self._reindex()
            return self._position[key]
        return None

    def _check(self) -> None:
        # Code elsewhere may add or delete through plain dict methods; the sizes then disagree.
        if len(self._position) != len(self):
            self._reindex()

    def _reindex(self) -> None:
        if self._gone:
            # Each deleted id's new place: how many live objects stood before it.
            live_before = [0]
            for key in self._order:
                live_before.append(live_before[-1] + (key is not None and key in self))
            last = len(self._order)
            self._gone = {key: live_before[min(place, last)] for key, place in self._gone.items()}
        self._order = list(self)
        self._position = {key: i for i, key in enumerate(self)}


def _matches(obj: JsonObject, where: Mapping[str, Any]) -> bool:
    return all(_same(obj.get(name), wanted) for name, wanted in where.items())


def _same(value: Any, wanted: Any) -> bool:
    # Query strings arrive as strings or as the SDK's Python values; compare both as the wire would.
    return value == wanted or _wire(value) == _wire(wanted)


def _wire(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def json_copy(value: Any) -> Any:
    """A copy of a JSON value, so that callers never hold references into the store.

    Several times faster than ``copy.deepcopy`` for JSON, which matters for a 10,000-file page.
    """
    if isinstance(value, dict):
        return {key: json_copy(item) if isinstance(item, (dict, list)) else item for key, item in value.items()}
    if isinstance(value, list):
        return [json_copy(item) if isinstance(item, (dict, list)) else item for item in value]
    return value
