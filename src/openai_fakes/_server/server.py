"""The fake OpenAI server: one request in, one reply out, no wire.

Data flows one way: seam -> ``FakeServer.handle`` -> router -> handler -> backend / blueprints.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections import deque
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from .._control.directives import Default, Directive, Rejected, Target, as_directive
from .._control.script_errors import Unscripted, refused_despite_script, unscripted_call
from .._control.stubs import WRONG_TEST_ERRORS, Stub, resolve_answer
from .._core.errors import APIErrorReply, unanswerable
from .._core.exchange import ErrorReply, Exchange, FailureReply, Reply
from .._core.sdk_routes import sdk_path_templates
from .._sim.validation import ValidationLevel as ValidationLevel  # re-exported: the client reads it here
from .._sim.validation import validate_request
from .._state.backend import Backend
from .._state.calls import Call, CallList, transport_failure
from .._state.metering import METERED
from .._state.metering import note as note_served
from ..handlers import register_all
from ..handlers._base.adapter import Adapter
from ..handlers._base.answers import answer_with
from ..handlers._base.generic import FunctionAdapter
from ..handlers._base.router import Router
from .blueprint import BlueprintCache

# Templates are built from a fixed seed and shared by every fake: what varies per call (ids,
# times, text) is drawn from each backend's own RNG when a template is rendered.
_TEMPLATE_SEED = 20_240_718


def _sample(tp: Any) -> Any:
    # polyfactory and Faker cost ~0.1 s to import; a fake that only chats never needs them.
    from ..factories._engine import sample_json

    return sample_json(tp, seed=_TEMPLATE_SEED)


_BLUEPRINTS = BlueprintCache(_sample)

_UNSCRIPTED = Default()  # frozen: one instance serves every unscripted request


def _adapter_of(handler: Any) -> Adapter:
    """A route's handler as an adapter: a plain function (routed by hand) answers through `FunctionAdapter`."""
    return handler if isinstance(handler, Adapter) else FunctionAdapter.of(handler)


@lru_cache(maxsize=1)
def _routes() -> Router:
    """Every route of every area, built once per process (~1.5 ms); each server gets a copy (which
    shares the tables until a route is added to it: `Router.copy`), so a test that adds a route to
    its fake changes no other fake."""
    router = Router(sdk_path_templates())
    register_all(router)
    return router


class ResponseHeaders(Mapping[str, str]):
    """The headers of one response (docs/api-behaviour.md, Response headers). The request id is made at once: every parsed
    reply carries it. The rest, which only a raw response shows, is written out when first read;
    it is derived from the same random draw, so it is the same whenever it is read."""

    __slots__ = ("_all", "_error", "_low", "request_id")

    def __init__(self, request_id: str, low: int, error: bool) -> None:
        self.request_id = request_id
        self._low = low
        self._error = error
        self._all: dict[str, str] | None = None

    def _headers(self) -> dict[str, str]:
        found = self._all
        if found is None:
            low = self._low
            processing_ms = 5 + low % 56 if self._error else 80 + low % 820
            used = 1 + (low >> 10)
            found = self._all = {
                "x-request-id": self.request_id,
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
        return found

    def __getitem__(self, key: str) -> str:
        if key == "x-request-id":
            return self.request_id
        return self._headers()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._headers())

    def __len__(self) -> int:
        return len(self._headers())

    def __repr__(self) -> str:
        return f"ResponseHeaders({self._headers()!r})"


class FakeServer:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.blueprints = _BLUEPRINTS
        self.router = _routes().copy()
        self.retry_waits: list[float] = []
        self.stubs: dict[str, Stub[Any]] = {}
        self.validation: ValidationLevel = "strict"
        """How closely requests are checked: "strict" (like the API), "lenient", or "off"."""
        self.unscripted: Unscripted = "default"
        """What a request no script answers gets: the realistic "default", or "error" (``UnscriptedCall``)."""
        self.retired: list[Stub[Any]] = []
        """Stubs removed by leaving their ``with`` block: their unused answers still count."""
        self.calls: CallList[Any] = CallList()
        """Every request this server answered, in order (one record per attempt)."""
        self.endpoint_calls: dict[str, CallList[Any]] = {}
        """The same records by endpoint: the lists ``stub.calls`` returns, appended to as calls
        arrive (so a list taken before a call sees it) and cleared in place by ``reset``."""
        self.recent_routes: deque[tuple[str, str]] = deque(maxlen=64)
        """(method, template) of the latest requests: lets the coverage walk say who answered."""

    @classmethod
    def for_backend(cls, backend: Backend) -> FakeServer:
        """The one server of ``backend``, so that every fake sharing a backend shares its routes and scripts."""
        return backend.area("server", lambda: cls(backend))

    def handle(self, exchange: Exchange) -> tuple[Reply, ResponseHeaders]:
        """Answer one request; returns the reply and the response headers the API would send."""
        call, adapter, answer = self._begin(exchange)
        # Nothing scripted is the usual case: skip the awaitable and type checks for it.
        return self._finish(call, adapter, exchange, _UNSCRIPTED if answer is None else resolve_answer(answer))

    async def ahandle(self, exchange: Exchange) -> tuple[Reply, ResponseHeaders]:
        """`handle` for the async client: a scripted responder may be a coroutine function."""
        call, adapter, answer = self._begin(exchange)
        if answer is not None and inspect.isawaitable(answer):  # (an ABC check: skipped when unscripted)
            answer = await answer
        return self._finish(call, adapter, exchange, _UNSCRIPTED if answer is None else as_directive(answer))

    def _begin(self, exchange: Exchange) -> tuple[Call, Adapter, Any]:
        backend = self.backend
        with backend.lock:
            backend.request_tick()
            match = self.router.match(exchange.method, exchange.path)
            exchange.path_params = path_params = match.params
            exchange.route = match.route
            self.recent_routes.append(match.route)
            handler = match.handler
            adapter = handler if isinstance(handler, Adapter) else FunctionAdapter.of(handler)
            endpoint = match.endpoint
            body = exchange.body
            params = (
                body
                if isinstance(body, dict) and not exchange.query
                else {**exchange.query, **(body if isinstance(body, dict) else {})}
            )
            call = Call(
                endpoint,
                exchange.path,
                path_params,
                params,
                exchange.stream,
                exchange.attempt,
                cast_to=exchange.cast_to,
                post_parser=exchange.post_parser,
            )
            self.calls.append(call)
            of_endpoint = self.endpoint_calls.get(endpoint)
            if of_endpoint is None:
                of_endpoint = self.endpoint_calls[endpoint] = CallList()
            of_endpoint.append(call)
            if self.validation != "off":
                try:
                    validate_request(exchange, self.validation)
                except APIErrorReply as error:
                    # The real API refuses before any model runs: no script is consulted, and a
                    # scripted endpoint's refusal says so (the script is not what answered).
                    stub = self.stubs.get(endpoint)
                    if stub is not None and stub.scripted():
                        return (
                            call,
                            adapter,
                            Rejected(refused_despite_script(error.reply, exchange, self.validation, stub)),
                        )
                    return call, adapter, Rejected(error.reply)
            stub = self.stubs.get(endpoint)
            try:
                answer = stub.choose(call) if stub is not None else None
            except Exception as failure:  # a responder's own error, an exhausted sequence...
                call.status, call.error = 0, failure
                raise
            if answer is None and self.unscripted == "error":
                unscripted = unscripted_call(call, stub)
                call.status, call.error = 0, unscripted
                raise unscripted
            return call, adapter, answer

    def _finish(
        self, call: Call, adapter: Adapter, exchange: Exchange, directive: Directive
    ) -> tuple[Reply, ResponseHeaders]:
        with self.backend.lock:
            try:
                reply, final = answer_with(self, adapter, exchange, directive)
            except APIErrorReply as error:
                reply, final = error.reply, error.reply.body
            except Exception as error:
                if self.validation != "off" or type(directive) is not Default:
                    call.status, call.error = 0, error
                    raise  # a bug in the fake, or a script's own error: shown as it is
                # validation="off" let through a value no handler can use (a string where a list
                # goes, ...): answer as the API would, with a 400, never a stray Python error.
                refused = unanswerable(error)
                reply, final = refused.reply, refused.reply.body
            call.response = final
            if isinstance(reply, ErrorReply):
                # A scripted error carries no final object: the body it went out with is the record.
                call.status, call.response = reply.status, reply.body
            elif isinstance(reply, FailureReply):
                call.status = 0
                call.error = reply.error or transport_failure(reply.kind, exchange.method, exchange.path)
            elif call.endpoint in METERED:
                # What the usage and costs endpoints report: only billable replies are recorded.
                note_served(self.backend, call)
            return reply, self._headers(reply)

    def dispatch(self, exchange: Exchange) -> tuple[Reply, Any]:
        """Answer a request the fake makes itself (a batch line, an eval's sample) through the same
        route, validation, scripts and endpoint answer as a client's, recording no call: the reply
        and the final object it carries (a refusal is an `ErrorReply`, never raised)."""
        match = self.router.match(exchange.method, exchange.path)
        exchange.path_params = dict(match.params)
        exchange.route = match.route
        try:
            if self.validation != "off":
                validate_request(exchange, self.validation)
            directive = self._scripted_internal(exchange, match.endpoint)
            return answer_with(self, _adapter_of(match.handler), exchange, directive)
        except APIErrorReply as error:
            return error.reply, error.reply.body

    def _scripted_internal(self, exchange: Exchange, endpoint: str) -> Directive:
        """The script's answer for an internal request (the realistic default where none is set)."""
        stub = self.stubs.get(endpoint)
        if stub is None:
            return Default()
        call = Call(
            endpoint,
            exchange.path,
            exchange.path_params,
            exchange.body if isinstance(exchange.body, dict) else {},
            False,
            0,
            cast_to=exchange.cast_to,
        )
        answer = stub.choose(call)
        if inspect.isawaitable(answer):
            # An async responder cannot run inside a sync step (a batch's): the request gets the default.
            getattr(answer, "close", lambda: None)()
            return Default()
        return as_directive(answer)

    # --- stubs and records ------------------------------------------------------------------

    def stub_for(self, target: Target | str, *, strict: bool) -> Stub[Any]:
        """The one stub of ``target``'s endpoint (made on first ask); a bare ``"POST /path"`` names
        an endpoint with nothing known of the SDK method (its scripts are not checked against one)."""
        if isinstance(target, str):
            target = Target(target)
        with self.backend.lock:
            stub = self.stubs.get(target.endpoint)
            if stub is None:
                method, template = target.endpoint.split(" ", 1)
                adapter = _adapter_of(self.router.handler_for(method, template))
                target = dataclasses.replace(target, shorthands=adapter.shorthands())
                stub = self.stubs[target.endpoint] = Stub(self, target, strict=strict)
            else:
                known = stub.target
                if known.params is None and target.params is not None:
                    # Made by name (replay) before any SDK method named it: learn what it takes.
                    stub.target = dataclasses.replace(target, shorthands=known.shorthands)
                elif target.params is not None and known.params is not None and not target.params <= known.params:
                    # ``parse`` and ``create`` script one endpoint: ``when`` accepts either's parameters.
                    stub.target = dataclasses.replace(known, params=known.params | target.params)
                if strict:
                    stub.strict = True
            return stub

    def set_unscripted(self, mode: Unscripted) -> None:
        if mode not in ("default", "error"):
            raise ValueError(f"unscripted must be 'default' or 'error', not {mode!r}")
        self.unscripted = mode

    def unused(self) -> list[str]:
        """Each stub's scripted answers that no request used, as lines naming the endpoint."""
        with self.backend.lock:
            found = []
            for stub in [*self.stubs.values(), *self.retired]:
                left = stub.left()
                if left is not None:
                    found.append(f"{stub.target.name}:\n" + "\n".join(f"  - {line}" for line in left.splitlines()))
            return found

    def failed_scripts(self) -> list[str]:
        """The calls the fake failed because no script could answer them (`WRONG_TEST_ERRORS`), as
        lines naming the endpoint and the error's first line, in the order they came."""
        with self.backend.lock:
            return [
                f"{call.endpoint} (attempt {call.attempt}): {type(call.error).__name__}: "
                + str(call.error).removeprefix("openai_fakes: ").split("\n", 1)[0]
                for call in self.calls
                if isinstance(call.error, WRONG_TEST_ERRORS)
            ]

    def set_validation(self, level: ValidationLevel) -> None:
        if level not in ("strict", "lenient", "off"):
            raise ValueError(f"validation must be 'strict', 'lenient' or 'off', not {level!r}")
        self.validation = level

    def calls_of(self, endpoint: str) -> CallList[Any]:
        """The live list of ``endpoint``'s calls (made empty on first ask, so it sees later calls)."""
        with self.backend.lock:
            found = self.endpoint_calls.get(endpoint)
            if found is None:
                found = self.endpoint_calls[endpoint] = CallList()
            return found

    def reset(self) -> None:
        """Forget stubs, calls and retry waits. Lists handed out stay live: they are emptied in place."""
        with self.backend.lock:
            self.stubs.clear()
            self.retired.clear()
            self.calls.clear()
            for calls in self.endpoint_calls.values():
                calls.clear()
            self.retry_waits.clear()

    def remove_stub(self, stub: Stub[Any]) -> None:
        with self.backend.lock:
            if self.stubs.get(stub.endpoint) is stub:
                del self.stubs[stub.endpoint]
                self.retired.append(stub)

    def _headers(self, reply: Reply) -> ResponseHeaders:
        """Headers of a real response (docs/api-behaviour.md, Response headers), drawn from the RNG in a fixed order."""
        bits = self.backend.rng.getrandbits(128 + 16)
        return ResponseHeaders("req_%032x" % (bits >> 16), bits & 0xFFFF, isinstance(reply, ErrorReply))

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
