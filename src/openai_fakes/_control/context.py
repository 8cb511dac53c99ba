"""What a handler may use of the server that calls it: the one-way house's floor.

The server (`_server.server.FakeServer`) imports every handler; a handler must not import the server
back. Handlers, the generic state and the scripted-answer machinery see the server only through
these protocols, which `FakeServer` satisfies structurally (mypy checks it where a server is
passed), so each says in its type exactly what it reaches for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .._core.exchange import Exchange, Reply
    from .._sim.validation import ValidationLevel
    from .._state.backend import Backend
    from .._state.calls import CallList


class HasBackend(Protocol):
    """Anything that names a backend: a server, a fake client. What code reaching only for the
    backend's state (the organisation, its audit log) takes."""

    @property
    def backend(self) -> Backend: ...


class Route(Protocol):
    """A request's matched route, as the generic state reads it."""

    @property
    def template(self) -> str: ...

    @property
    def handler(self) -> object: ...


class Routes(Protocol):
    """A fake's routes, as the generic state reads them (`handlers._base.router.Router` is one; typed here so
    that this module imports no router, whose handlers take a `Context`)."""

    @property
    def summaries(self) -> Mapping[tuple[str, str], str]: ...

    @property
    def version(self) -> int: ...

    def match(self, method: str, path: str) -> Route: ...


class Context(Protocol):
    """What a handler may use of the server answering its request."""

    @property
    def backend(self) -> Backend:
        """The state every fake sharing it sees: stores, ids, clock, random draws."""
        ...

    @property
    def router(self) -> Routes:
        """This fake's routes: the generic state reads which families a specific handler claims."""
        ...

    @property
    def validation(self) -> ValidationLevel:
        """How closely requests are checked: "strict", "lenient" or "off"."""
        ...

    def render(self, tp: Any) -> Any:
        """A fresh realistic JSON value of type ``tp``."""
        ...

    def dispatch(self, exchange: Exchange) -> tuple[Reply, Any]:
        """Answer a request the fake makes itself (a batch line, an eval's sample) through the
        server's one pipeline (route, validation, scripts, the endpoint's answer), recording no
        call: the reply and the final object it carries."""
        ...


class StubTable(Protocol):
    """What a stub needs of the table that holds it: its endpoint's records, and leaving it."""

    def calls_of(self, endpoint: str) -> CallList[Any]: ...

    def remove_stub(self, stub: Any) -> None: ...


class Serving(Protocol):
    """What a websocket session needs of the server: the backend, and answering a request as a
    client call would be answered (recorded, scripts consulted, an async script awaited)."""

    @property
    def backend(self) -> Backend: ...

    def handle(self, exchange: Exchange) -> tuple[Reply, Mapping[str, str]]: ...

    async def ahandle(self, exchange: Exchange) -> tuple[Reply, Mapping[str, str]]: ...
