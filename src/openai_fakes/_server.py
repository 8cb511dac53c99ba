"""The fake OpenAI server: one request in, one reply out, no wire.

Data flows one way: seam -> ``FakeServer.handle`` -> router -> handler -> backend / blueprints.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from ._backend import Backend
from ._blueprint import BlueprintCache
from ._errors import APIErrorReply
from ._exchange import ErrorReply, Exchange, Reply
from ._router import Router
from ._seam import sdk_path_templates
from .factories._engine import sample_json
from .handlers import register_all
from .handlers.generic import generic_handler

# Templates are built from a fixed seed and shared by every fake: what varies per call (ids,
# times, text) is drawn from each backend's own RNG when a template is rendered.
_TEMPLATE_SEED = 20_240_718
_BLUEPRINTS = BlueprintCache(lambda tp: sample_json(tp, seed=_TEMPLATE_SEED))


class FakeServer:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.blueprints = _BLUEPRINTS
        self.router = Router(sdk_path_templates())
        register_all(self.router)
        self.retry_waits: list[float] = []
        self.recent_routes: deque[tuple[str, str]] = deque(maxlen=64)
        """(method, template) of the latest requests: lets the coverage walk say who answered."""

    @classmethod
    def for_backend(cls, backend: Backend) -> FakeServer:
        """The one server of ``backend``, so that every fake sharing a backend shares its routes and scripts."""
        with backend.lock:
            server: FakeServer | None = backend.__dict__.get("_server")
            if server is None:
                server = backend.__dict__["_server"] = cls(backend)
            return server

    def handle(self, exchange: Exchange) -> tuple[Reply, dict[str, str]]:
        """Answer one request; returns the reply and the response headers the API would send."""
        backend = self.backend
        with backend.lock:
            backend.request_tick()
            match = self.router.match(exchange.method, exchange.path)
            exchange.path_params = match.params
            self.recent_routes.append((exchange.method, match.template))
            handler = match.handler or generic_handler
            try:
                reply = handler(self, exchange)
            except APIErrorReply as error:
                reply = error.reply
            return reply, self._headers(reply)

    def _headers(self, reply: Reply) -> dict[str, str]:
        """Headers of a real response (api-facts §7), drawn from the RNG in a fixed order."""
        bits = self.backend.rng.getrandbits(128 + 16)
        request_id = "req_%032x" % (bits >> 16)
        low = bits & 0xFFFF
        processing_ms = 5 + low % 56 if isinstance(reply, ErrorReply) else 80 + low % 820
        used = 1 + (low >> 10)
        return {
            "x-request-id": request_id,
            "openai-processing-ms": str(processing_ms),
            "openai-version": "2020-10-01",
            "openai-organization": "user-fake0000000000000000000",
            "x-ratelimit-limit-requests": "10000",
            "x-ratelimit-limit-tokens": "30000000",
            "x-ratelimit-remaining-requests": str(10000 - used),
            "x-ratelimit-remaining-tokens": str(30000000 - used * 180),
            "x-ratelimit-reset-requests": f"{6 * used}ms",
            "x-ratelimit-reset-tokens": "0s",
        }

    def note_retry_wait(self, seconds: float) -> None:
        """The SDK's retry loop asked to wait: the wait passes instantly (on a virtual clock it is
        added to the clock) and is kept in ``retry_waits`` for tests to assert on."""
        with self.backend.lock:
            self.retry_waits.append(seconds)
            self.backend.clock.tick(seconds)

    def render(self, tp: Any) -> Any:
        """A fresh realistic JSON value of type ``tp``: the template with new ids, times and text."""
        backend = self.backend
        return self.blueprints.get(tp).render(backend.ids, backend.rng, backend.clock.now())
