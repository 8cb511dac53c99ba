"""(HTTP method, path template) -> handler, as data.

Every template the SDK uses is known (read from the SDK by `_core/sdk.py`), so any path can be split
into its parameters; routes added by specific handlers win over the generic handler.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from ..._core.crud import is_param
from ..._core.exchange import Exchange, Reply

if TYPE_CHECKING:
    from ..._control.context import Context

Handler = Callable[["Context", Exchange], Reply]


class Summarised(Protocol):
    """A handler that says what it does beyond the generic answer (an adapter)."""

    summary: str

    def __call__(self, server: Context, exchange: Exchange, /) -> Reply: ...


@dataclass(frozen=True)
class _Template:
    text: str
    segments: tuple[str, ...]
    statics: int  # how many segments are literal; the most literal template wins

    @classmethod
    def parse(cls, text: str) -> _Template:
        segments = tuple(text.strip("/").split("/"))
        return cls(text, segments, sum(1 for s in segments if not is_param(s)))

    def match(self, parts: tuple[str, ...]) -> dict[str, str] | None:
        params: dict[str, str] = {}
        for segment, part in zip(self.segments, parts):
            if is_param(segment):
                if not part:
                    return None
                params[segment[1:-1]] = part
            elif segment != part:
                return None
        return params


@dataclass(frozen=True)
class Match:
    template: str
    params: Mapping[str, str]
    """Read-only: a match is cached and shared by every request to the same path."""
    handler: Handler | None
    route: tuple[str, str] = ("", "")
    """``(method, template)``, made once per cached match rather than once per request."""
    endpoint: str = ""
    """``"POST /chat/completions"``: the method and the template, as call records and scripts name it."""


class Router:
    def __init__(self, templates: Iterable[str]) -> None:
        self._by_length: dict[int, list[_Template]] = {}
        self._handlers: dict[tuple[str, str], Handler] = {}
        self.summaries: dict[tuple[str, str], str] = {}
        """What each specific route does beyond the generic answer, for ``docs/coverage.md``."""
        self.version = 0
        """Counts route changes, so that what is derived from the routes can be cached."""
        self._shared = False
        """True while another router uses these tables (see `copy`)."""
        for text in templates:
            self._add_template(text)
        self.match = lru_cache(maxsize=8192)(self._match)

    def copy(self) -> Router:
        """The same routes in a new router: adding to one leaves the other as it was.

        The two share their tables, and their cache of matches, until either adds a route: that one
        copies them first. So a fake per test copies nothing (the tables hold ~400 routes) and its
        first call to a route finds the match already made by an earlier fake."""
        clone = Router(())
        clone._by_length, clone._handlers, clone.summaries = self._by_length, self._handlers, self.summaries
        clone.version, clone.match = self.version, self.match
        clone._shared = self._shared = True
        return clone

    def _own_tables(self) -> None:
        """Before a change: tables of its own, if they are shared (`copy`)."""
        if self._shared:
            self._by_length = {length: list(bucket) for length, bucket in self._by_length.items()}
            self._handlers = dict(self._handlers)
            self.summaries = dict(self.summaries)
            self.match = lru_cache(maxsize=8192)(self._match)
            self._shared = False

    def _add_template(self, text: str) -> None:
        template = _Template.parse(text)
        bucket = self._by_length.setdefault(len(template.segments), [])
        if all(t.text != text for t in bucket):
            bucket.append(template)
            bucket.sort(key=lambda t: -t.statics)

    def add(self, method: str, template: str, handler: Handler, *, summary: str) -> None:
        """Route ``method template`` to ``handler`` (templates as the SDK writes them).

        ``summary`` says in a few words what the handler does that the generic answer does not.
        """
        self._own_tables()
        self._add_template(template)
        self._handlers[(method.upper(), template)] = handler
        self.summaries[(method.upper(), template)] = summary
        self.version += 1
        self.match.cache_clear()

    def add_all(self, routes: Mapping[tuple[str, str], Summarised]) -> None:
        """Route each ``(method, template)`` to its adapter, described by the adapter's own summary."""
        for (method, template), handler in routes.items():
            self.add(method, template, handler, summary=handler.summary)

    def handler_for(self, method: str, template: str) -> Handler | None:
        """The handler routed for ``method template`` (``None``: the generic answer)."""
        return self._handlers.get((method.upper(), template))

    def _match(self, method: str, path: str) -> Match:
        parts = tuple(path.split("?", 1)[0].strip("/").split("/"))
        for template in self._by_length.get(len(parts), ()):
            params = template.match(parts)
            if params is not None:
                text = template.text
                return Match(
                    text,
                    MappingProxyType(params),
                    self._handlers.get((method, text)),
                    (method, text),
                    f"{method} {text}",
                )
        return Match(path, MappingProxyType({}), None, (method, path), f"{method} {path}")
