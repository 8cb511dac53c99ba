"""`FakeOpenAI` and `FakeAsyncOpenAI`: the SDK's own clients, answered by an in-memory server.

They subclass ``openai.OpenAI`` / ``openai.AsyncOpenAI`` (as fakeredis subclasses ``redis.Redis``),
so every resource, helper, wrapper, stream and page class is the SDK's own. Construction needs no
key: placeholder credentials are supplied, and the environment's real keys are never read.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import httpx2

from .._control.directives import Target
from .._control.script_errors import Unscripted
from .._control.sdk_methods import facts_of
from .._control.stubs import Stub
from .._core.sdk import client_of_method
from .._core.sdk_routes import route_of_method
from .._server.server import FakeServer, ValidationLevel
from .._state.backend import Backend, Clock, StartTime, UnknownIds
from .._state.calls import CallList
from .._state.lifecycle import Lifecycles, Progression
from .seam import AsyncSeam, FakeAsyncHttpClient, FakeHttpClient, SyncSeam, server_of_http_client

# Placeholders shaped like keys so code that inspects them works; they authenticate nothing.
PLACEHOLDER_API_KEY = "sk-openai-fakes-placeholder-key"
PLACEHOLDER_ADMIN_KEY = "sk-admin-openai-fakes-placeholder"
# Standard Webhooks form (``whsec_`` + base64): the SDK would otherwise read OPENAI_WEBHOOK_SECRET,
# a real signing secret, from the environment.
PLACEHOLDER_WEBHOOK_SECRET = "whsec_b3BlbmFpLWZha2VzIHBsYWNlaG9sZGVyIHNlY3JldA=="


R = TypeVar("R")


def _stub(server: FakeServer, method: Any, strict: bool) -> Any:
    verb, template = route_of_method(method)
    if getattr(client_of_method(method), "_fake_server", None) is not server:
        facts = facts_of(method)
        raise ValueError(
            f"stub() takes a method of this fake's own resource tree (fake.{facts.name}); this one belongs to "
            "another client, so scripting it here would script nothing that client sees. Call stub() on the "
            "fake that owns it, or build both fakes on one backend (FakeOpenAI(backend=...))."
        )
    facts = facts_of(method)
    target = Target(f"{verb} {template}", facts.name, facts.params, facts.reply_model)
    return server.stub_for(target, strict=strict)


def _server_for(
    http_client: object, backend: Backend | None, seed: int | None, start_time: StartTime | None
) -> FakeServer:
    inherited = server_of_http_client(http_client)
    if inherited is not None and backend is None:
        return inherited
    if backend is None:
        backend = Backend(seed=seed, start_time=start_time)
    elif seed is not None:
        raise ValueError("pass either seed= or backend=, not both: a backend already has its seed")
    elif start_time is not None:
        raise ValueError(
            "pass either start_time= or backend=, not both: a backend already has its clock (Backend(start_time=...))"
        )
    return FakeServer.for_backend(backend)


def _configured_server(
    http_client: object,
    backend: Backend | None,
    seed: int | None,
    start_time: StartTime | None,
    validation: ValidationLevel | None,
    unknown_ids: UnknownIds | None,
    lifecycle: Progression | None = None,
    polls: int | None = None,
    unscripted: Unscripted | None = None,
) -> FakeServer:
    """The server a new fake answers from, with the fake-only options applied to it."""
    server = _server_for(http_client, backend, seed, start_time)
    if unscripted is not None:
        server.set_unscripted(unscripted)
    if lifecycle is not None or polls is not None:
        Lifecycles.of(server.backend).configure(lifecycle or "polls", polls=1 if polls is None else polls)
    if validation is not None:
        server.set_validation(validation)
    if unknown_ids is not None:
        if unknown_ids not in ("strict", "materialize"):
            raise ValueError(f"unknown_ids must be 'strict' or 'materialize', not {unknown_ids!r}")
        server.backend.unknown_ids = unknown_ids
    return server


_HttpClientT = TypeVar("_HttpClientT", httpx2.Client, httpx2.AsyncClient)


def _construct(
    sdk_init: Callable[..., None],
    fake_http_client: Callable[[FakeServer], _HttpClientT],
    *,
    http_client: _HttpClientT | None,
    seed: int | None,
    backend: Backend | None,
    start_time: StartTime | None,
    validation: ValidationLevel | None,
    unknown_ids: UnknownIds | None,
    lifecycle: Progression | None,
    polls: int | None,
    unscripted: Unscripted | None,
    api_key: str | None,
    admin_api_key: str | None,
    organization: str | None,
    project: str | None,
    webhook_secret: str | None,
    base_url: str | httpx2.URL | None,
    max_retries: int,
    default_headers: Mapping[str, str] | None,
    default_query: Mapping[str, object] | None,
    sdk_options: Mapping[str, Any],
) -> tuple[FakeServer, _HttpClientT]:
    """What both fakes' constructors do (each keeps its own signature, for type checkers and IDEs):
    find or make the server they answer from, then run the SDK's own constructor (``sdk_init``) with
    placeholder credentials and the fake's HTTP client. Returns the server and that HTTP client.
    Every argument is required, so a parameter added to the fakes cannot be left unpassed."""
    server = _configured_server(
        http_client, backend, seed, start_time, validation, unknown_ids, lifecycle, polls, unscripted
    )
    transport = http_client if http_client is not None else fake_http_client(server)
    sdk_init(
        api_key=_api_key(api_key, sdk_options),
        admin_api_key=admin_api_key or PLACEHOLDER_ADMIN_KEY,
        organization=organization,
        project=project,
        webhook_secret=webhook_secret or PLACEHOLDER_WEBHOOK_SECRET,
        base_url=_base_url(base_url, sdk_options),
        max_retries=max_retries,
        default_headers=default_headers,
        default_query=default_query,
        http_client=transport,
        **sdk_options,
    )
    return server, transport


def _base_url(base_url: str | httpx2.URL | None, sdk_options: Mapping[str, Any]) -> str | httpx2.URL | None:
    # Given no base URL the SDK reads OPENAI_BASE_URL; a fake does not (as with keys): the host
    # decides which rules apply (docs/rejections.md, "Other endpoints"), never the environment.
    chosen_otherwise = any(
        sdk_options.get(name) is not None for name in ("data_residency", "provider", "workload_identity")
    )
    if base_url is None and not chosen_otherwise and "OPENAI_BASE_URL" in os.environ:
        return "https://api.openai.com/v1"
    return base_url


def _api_key(api_key: str | None, sdk_options: Mapping[str, Any]) -> str | None:
    # A workload identity replaces the key in the SDK; otherwise a placeholder, never the env's key.
    if sdk_options.get("workload_identity") is None:
        return api_key or PLACEHOLDER_API_KEY
    return api_key


class _FakeControls:
    """What both fakes add to the SDK client: the backend, call records and reset."""

    _fake_server: FakeServer

    @property
    def backend(self) -> Backend:
        """The server-side state this fake answers from (shared by its copies)."""
        return self._fake_server.backend

    @property
    def calls(self) -> CallList[Any]:
        """Every request the fake's backend received, in order (one record per attempt)."""
        return self._fake_server.calls

    @property
    def retry_waits(self) -> list[float]:
        """The seconds the SDK's retry loop asked to wait before each retry, in order (none was
        slept: each passed on the fake's clock). Shared by fakes on one backend; ``reset`` empties it."""
        return self._fake_server.retry_waits

    @property
    def clock(self) -> Clock:
        """The backend's clock: ``now()`` and ``advance(seconds or timedelta)`` (docs/lifecycles.md)."""
        return self._fake_server.backend.clock

    @property
    def lifecycle(self) -> Lifecycles:
        """How long jobs (batches, fine-tuning jobs, vector-store files, runs) move through their
        statuses, and the controls that move them by hand (docs/lifecycles.md)."""
        return Lifecycles.of(self._fake_server.backend)

    def reset(self) -> None:
        """Forget every stub, every recorded call and every retry wait (lists already taken are
        emptied in place). Stored objects and the clock stay as they are."""
        self._fake_server.reset()

    def assert_all_used(self) -> None:
        """Fail (``AssertionError``) if any scripted answer was never used: a fixed answer no request
        got, a sequence with answers left, a ``when`` rule that never matched, a responder never
        called. Each is listed with its endpoint. It fails too if a request got one of the fake's
        wrong-test errors (`ScriptMismatch`, `UnscriptedCall`, `SequenceExhausted`,
        `UnmatchedRequest`): those went to the code that made the request, which may have caught
        them (``except Exception: fallback``) and let the test pass. The pytest plugin calls it
        after every test."""
        server = self._fake_server
        problems = []
        failed = server.failed_scripts()
        if failed:
            problems.append(
                "requests failed because no script could answer them; the error went to the code that "
                "made the request, which may have caught it:\n" + "\n".join(f"  - {line}" for line in failed)
            )
        unused = server.unused()
        if unused:
            problems.append(
                "scripted answers were never used (a wrong test, or a call that never happened):\n" + "\n".join(unused)
            )
        if problems:
            raise AssertionError("openai_fakes: " + "\n".join(problems))


class FakeOpenAI(_FakeControls, SyncSeam):
    """A drop-in ``openai.OpenAI`` that answers every method offline.

    ``seed`` makes every reply reproducible (a virtual clock starts at 2026-01-01); ``start_time``
    (Unix seconds or an aware ``datetime``) starts a virtual clock there instead (``fake.clock``,
    docs/lifecycles.md); ``backend``
    shares server state with other fakes (sync or async); ``unknown_ids="materialize"`` answers
    ids no client created instead of 404 (docs/state.md); ``lifecycle`` ("polls" by default, with
    ``polls=1``; "immediate"; "manual") says how long jobs reach their final status
    (docs/lifecycles.md). Every other argument is the SDK's own.
    """

    def __init__(
        self,
        *,
        seed: int | None = None,
        backend: Backend | None = None,
        start_time: StartTime | None = None,
        validation: ValidationLevel | None = None,
        unknown_ids: UnknownIds | None = None,
        lifecycle: Progression | None = None,
        polls: int | None = None,
        unscripted: Unscripted | None = None,
        api_key: str | None = None,
        admin_api_key: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | httpx2.URL | None = None,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx2.Client | None = None,
        **sdk_options: Any,
    ) -> None:
        self._fake_server, self._http_client = _construct(
            super().__init__,
            FakeHttpClient,
            http_client=http_client,
            seed=seed,
            backend=backend,
            start_time=start_time,
            validation=validation,
            unknown_ids=unknown_ids,
            lifecycle=lifecycle,
            polls=polls,
            unscripted=unscripted,
            api_key=api_key,
            admin_api_key=admin_api_key,
            organization=organization,
            project=project,
            webhook_secret=webhook_secret,
            base_url=base_url,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            sdk_options=sdk_options,
        )

    @property
    def http_client(self) -> httpx2.Client:
        """The fake's HTTP client: pass it as ``http_client=`` to another SDK client (an
        ``openai.AzureOpenAI``, an ``openai.OpenAI`` with its own ``base_url``) to answer that
        client from this fake's server (docs/rejections.md). It sends nothing anywhere."""
        return self._http_client

    def stub(self, method: Callable[..., R], *, strict: bool = False) -> Stub[R]:
        """Script the endpoint ``method`` requests, e.g. ``fake.stub(fake.chat.completions.create)``.

        One stub per endpoint: the SDK's helpers on the same endpoint (``parse``, ``stream``) share
        it. ``strict=True`` makes a request that no ``when`` rule matches an error.
        """
        stub: Stub[R] = _stub(self._fake_server, method, strict)
        return stub


class FakeAsyncOpenAI(_FakeControls, AsyncSeam):
    """A drop-in ``openai.AsyncOpenAI`` that answers every method offline. See `FakeOpenAI`."""

    def __init__(
        self,
        *,
        seed: int | None = None,
        backend: Backend | None = None,
        start_time: StartTime | None = None,
        validation: ValidationLevel | None = None,
        unknown_ids: UnknownIds | None = None,
        lifecycle: Progression | None = None,
        polls: int | None = None,
        unscripted: Unscripted | None = None,
        api_key: str | None = None,
        admin_api_key: str | None = None,
        organization: str | None = None,
        project: str | None = None,
        webhook_secret: str | None = None,
        base_url: str | httpx2.URL | None = None,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx2.AsyncClient | None = None,
        **sdk_options: Any,
    ) -> None:
        self._fake_server, self._http_client = _construct(
            super().__init__,
            FakeAsyncHttpClient,
            http_client=http_client,
            seed=seed,
            backend=backend,
            start_time=start_time,
            validation=validation,
            unknown_ids=unknown_ids,
            lifecycle=lifecycle,
            polls=polls,
            unscripted=unscripted,
            api_key=api_key,
            admin_api_key=admin_api_key,
            organization=organization,
            project=project,
            webhook_secret=webhook_secret,
            base_url=base_url,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            sdk_options=sdk_options,
        )

    @property
    def http_client(self) -> httpx2.AsyncClient:
        """The fake's HTTP client, for another async SDK client; see `FakeOpenAI.http_client`."""
        return self._http_client

    def stub(self, method: Callable[..., Awaitable[R]], *, strict: bool = False) -> Stub[R]:
        """Script the endpoint ``method`` requests; see `FakeOpenAI.stub`. Responders may be async."""
        stub: Stub[R] = _stub(self._fake_server, method, strict)
        return stub
