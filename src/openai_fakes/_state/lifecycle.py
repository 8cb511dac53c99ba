"""Long jobs move through the API's statuses: immediately, after N polls, or by hand.

A `Lifecycle` is data: the ordered statuses of a kind of object (a batch goes ``validating`` ->
``in_progress`` -> ``finalizing`` -> ``completed``), the timestamp fields each status sets, the
statuses a cancel passes through and the other endings a test may force (``failed``,
``expired``). `Lifecycles` (one per backend, ``Lifecycles.of(backend)``, exposed to tests as
``fake.lifecycle``) moves the stored objects along them.

How a handler adopts it (batches, fine-tuning, vector-store files, assistants runs...)::

    BATCH = Lifecycle("batch", path=(Step("validating"), Step("in_progress", ("in_progress_at",)), ...),
                      cancel=(Step("cancelling", ("cancelling_at",)), Step("cancelled", ("cancelled_at",))))
    # after the new object is in backend.stores["/batches"]:
    reply = Lifecycles.of(backend).track(BATCH, "/batches", batch_id, on_enter=hook)

``track`` sets the object's first status and, under ``"immediate"``, runs it to its end before
the create answers. ``on_enter(obj, status, now)`` is called on the stored object after each
status (and its timestamps) is set, the first included: the place to fill counts, output files,
events. Then, wherever the store is read:

* ``observe(store, key)``: one poll (a retrieve). Under ``"polls"`` it moves the object on;
* ``cancel(store, key)``: the API's cancel (``None`` when the object has no lifecycle here);
* ``forget(store, key)``: the object was deleted.

Progression (``configure``; per object with ``set_progression``):

* ``"polls"`` (the default, ``polls=1``): the create answers with the API's first status, as the
  real API does, and the ``polls``-th retrieve after it sees the final status (the steps between
  are spread over the polls). So code that polls is exercised, and the SDK's ``*_and_poll``
  helpers finish after exactly ``polls`` retrieves. A test that never polls sees what a real
  client would see right after create.
* ``"immediate"``: the create already answers with the final status.
* ``"manual"``: only the test moves it: ``advance``, ``complete``, ``fail``, ``expire``,
  ``finish(status)``, ``cancel``.

Timestamps come from the backend's clock; several steps taken at once share one time, so
``created_at <= in_progress_at <= completed_at`` always holds. A step taken by hand moves a
virtual clock by one second, so those times stay ordered and distinct.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .._core.errors import bad_request
from .collection import JsonObject, json_copy

if TYPE_CHECKING:
    from .backend import Backend

Progression = Literal["immediate", "polls", "manual"]
"""How long jobs reach their final status: ``"polls"`` (after N retrieves), ``"immediate"`` or ``"manual"``."""
_PROGRESSIONS = ("immediate", "polls", "manual")

OnEnter = Callable[[JsonObject, str, int], None]
"""``on_enter(stored_object, status, now)``: called after the object entered ``status``."""


@dataclass(frozen=True)
class Step:
    """One status and what entering it does to the object."""

    status: str
    stamps: tuple[str, ...] = ()
    """Timestamp fields set to the clock's time on entering (``"in_progress_at"``)."""
    clears: tuple[str, ...] = ()
    """Fields set to ``None`` on entering (a run's ``expires_at`` once it has finished)."""


@dataclass(frozen=True)
class Lifecycle:
    """The statuses of one kind of object, in the API's order."""

    kind: str
    """The objects' ``object`` value (``"batch"``); names the kind in ``configure(kind=...)``."""
    path: tuple[Step, ...]
    """The way to success: ``path[0]`` is the status a create answers with, ``path[-1]`` the last."""
    cancel: tuple[Step, ...] = ()
    """What a cancel goes through (``cancelling``, ``cancelled``); empty: not cancellable."""
    endings: tuple[Step, ...] = ()
    """Other final statuses a test may force (``failed``, ``expired``, ``incomplete``)."""
    error_field: str | None = None
    """Where a forced failure's ``{code, message}`` goes (``last_error``, ``error``)."""

    def ending(self, status: str) -> Step:
        for step in (self.path[-1], *self.cancel[-1:], *self.endings):
            if step.status == status:
                return step
        allowed = sorted(
            {self.path[-1].status, *(s.status for s in self.cancel[-1:]), *(s.status for s in self.endings)}
        )
        raise ValueError(f"a {self.kind} cannot end as {status!r}; its final statuses are {allowed}")

    @property
    def final_statuses(self) -> frozenset[str]:
        return frozenset(
            {self.path[-1].status, *(s.status for s in self.cancel[-1:]), *(s.status for s in self.endings)}
        )


@dataclass(frozen=True)
class Policy:
    progression: Progression = "polls"
    polls: int = 1
    """Under ``"polls"``: how many retrieves it takes to reach the final status."""

    def __post_init__(self) -> None:
        if self.progression not in _PROGRESSIONS:
            raise ValueError(f"lifecycle must be 'immediate', 'polls' or 'manual', not {self.progression!r}")
        if not isinstance(self.polls, int) or isinstance(self.polls, bool) or self.polls < 1:
            raise ValueError(f"polls must be an int >= 1 (the retrieves it takes to finish), not {self.polls!r}")


@dataclass
class _Tracked:
    lifecycle: Lifecycle
    store: str
    key: str
    policy: Policy
    on_enter: OnEnter | None
    route: tuple[Step, ...]
    position: int = 0
    polls_seen: int = 0
    reads: int = 0
    """Retrieves this object has seen, in all (for tests: how often was it polled)."""
    error: Any = None
    finished: bool = False


@dataclass
class Lifecycles:
    """Every object with a lifecycle in one backend, and how they move. ``fake.lifecycle``."""

    backend: Backend
    default: Policy = field(default_factory=Policy)
    by_kind: dict[str, Policy] = field(default_factory=dict)
    waits: list[float] = field(default_factory=list)
    """Every wait the SDK's poll helpers asked for between two retrieves, in seconds. None was
    slept: each passed on the backend's clock (a virtual clock moves by it)."""
    _tracked: dict[tuple[str, str], _Tracked] = field(default_factory=dict)
    _by_id: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, backend: Backend) -> Lifecycles:
        """The one engine of ``backend`` (created on first use)."""
        return backend.area("lifecycles", lambda: cls(backend))

    # --- configuration ------------------------------------------------------------------------

    def configure(self, progression: Progression, *, polls: int = 1, kind: str | None = None) -> None:
        """How objects created from now on move: for every kind, or only ``kind`` (``"batch"``,
        ``"fine_tuning.job"``, ``"vector_store.file"``, ``"vector_store.files_batch"``, ``"thread.run"``)."""
        policy = Policy(progression, polls)
        with self.backend.lock:
            if kind is None:
                self.default = policy
                self.by_kind.clear()
            else:
                self.by_kind[kind] = policy

    def set_progression(self, target: Any, progression: Progression, *, polls: int = 1) -> None:
        """How one existing object moves from now on (``"immediate"`` finishes it at once)."""
        policy = Policy(progression, polls)
        with self.backend.lock:
            tracked = self._find(target)
            tracked.policy = policy
            tracked.polls_seen = 0
            if progression == "immediate":
                self._move_to(tracked, len(tracked.route) - 1)

    # --- what handlers call -------------------------------------------------------------------

    def track(
        self,
        lifecycle: Lifecycle,
        store: str,
        key: str,
        *,
        obj: JsonObject | None = None,
        on_enter: OnEnter | None = None,
        path: tuple[Step, ...] | None = None,
    ) -> JsonObject | None:
        """Start the object ``key`` of collection ``store`` (``"/batches"``) on ``lifecycle``.

        ``obj``: the object itself, when it is not stored yet (an ``handlers._base.stateful.on_store`` create hook
        gets it just before the store keeps it); else it is looked up in ``backend.stores``.
        ``path``: this object's own way when it differs from the lifecycle's (a batch whose input
        is invalid goes ``validating`` -> ``failed``). Returns a copy of the object as the create
        should answer (``None`` when there is no object)."""
        with self.backend.lock:
            if obj is None:
                obj = self._stored(store, key)
            if obj is None:
                return None
            policy = self.by_kind.get(lifecycle.kind, self.default)
            route = path or lifecycle.path
            tracked = _Tracked(lifecycle, store, key, policy, on_enter, route)
            self.forget(store, key)
            self._tracked[(store, key)] = tracked
            self._by_id.setdefault(key, []).append((store, key))
            now = self.backend.clock.now()
            self._enter(tracked, obj, route[0], now)
            if policy.progression == "immediate":
                while tracked.position < len(route) - 1:
                    tracked.position += 1
                    self._enter(tracked, obj, route[tracked.position], now)
            copied: JsonObject = json_copy(obj)
            return copied

    def observe(self, store: str, key: str) -> None:
        """A client read the object (a poll): under ``"polls"`` it moves on."""
        with self.backend.lock:
            tracked = self._tracked.get((store, key))
            if tracked is None:
                return
            tracked.reads += 1
            if tracked.finished or tracked.policy.progression != "polls":
                return
            tracked.polls_seen += 1
            self._move_to(tracked, self._due(tracked))

    def cancel_request(self, store: str, key: str) -> JsonObject | None:
        """The API's cancel of a tracked object, as a copy of it to answer with; ``None`` when the
        object has no lifecycle here (the generic answer applies). A finished object raises the
        API's 400."""
        with self.backend.lock:
            tracked = self._tracked.get((store, key))
            if tracked is None:
                return None
            return self._cancel(tracked, refuse=True)

    def forget(self, store: str, key: str) -> None:
        """The object was deleted: stop tracking it."""
        with self.backend.lock:
            self._tracked.pop((store, key), None)
            refs = self._by_id.get(key)
            if refs and (store, key) in refs:
                refs.remove((store, key))

    def settle(self, store: str, key: str) -> None:
        """Run an object to the end of its current way now (one object's step moving another's:
        a file batch finishing its files). Nothing for an object not tracked or already done."""
        with self.backend.lock:
            tracked = self._tracked.get((store, key))
            if tracked is not None and not tracked.finished:
                self._move_to(tracked, len(tracked.route) - 1)

    @staticmethod
    def existing(backend: Backend) -> Lifecycles | None:
        """The engine of ``backend`` if anything ever used it (reads stay cheap when nothing did)."""
        found: Lifecycles | None = backend.existing_area("lifecycles")
        return found

    def note_wait(self, seconds: float) -> None:
        """A poll helper of a fake asked to sleep: record it and let it pass on the clock."""
        with self.backend.lock:
            self.waits.append(seconds)
            self.backend.clock.tick(seconds)

    # --- the test's controls ------------------------------------------------------------------

    def status(self, target: Any) -> str:
        """The object's current status in the backend."""
        with self.backend.lock:
            tracked = self._find(target)
            return tracked.route[tracked.position].status

    def polls(self, target: Any) -> int:
        """How many times a client retrieved the object."""
        with self.backend.lock:
            return self._find(target).reads

    def advance(self, target: Any, steps: int = 1) -> str:
        """Move the object ``steps`` statuses on (never past its final one); returns its status.

        ``target``: the object's id, or the object itself (needed for a vector-store file, whose id
        is the file's own and may be attached to several stores)."""
        if not isinstance(steps, int) or steps < 0:
            raise ValueError(f"steps must be an int >= 0, not {steps!r}")
        with self.backend.lock:
            tracked = self._find(target)
            self._tick()
            self._move_to(tracked, min(tracked.position + steps, len(tracked.route) - 1))
            return tracked.route[tracked.position].status

    def complete(self, target: Any) -> str:
        """Run the object to the end of its current way (success, or ``cancelled`` after a cancel)."""
        with self.backend.lock:
            tracked = self._find(target)
            self._tick()
            self._move_to(tracked, len(tracked.route) - 1)
            return tracked.route[tracked.position].status

    def cancel(self, target: Any) -> str:
        """Cancel as a client would (``cancelling`` first where the kind has it); the next step
        (a poll, ``advance`` or ``complete``) reaches ``cancelled``."""
        with self.backend.lock:
            tracked = self._find(target)
            self._tick()
            self._cancel(tracked, refuse=False)
            return tracked.route[tracked.position].status

    def fail(
        self,
        target: Any,
        *,
        code: str = "server_error",
        message: str = "The server had an error while processing your request.",
    ) -> str:
        """End the object as ``failed``, with ``{code, message}`` in its error field."""
        return self.finish(target, "failed", error={"code": code, "message": message})

    def expire(self, target: Any) -> str:
        """End the object as ``expired`` (a batch whose window passed, a run nobody answered)."""
        return self.finish(target, "expired")

    def finish(self, target: Any, status: str, *, error: Mapping[str, Any] | None = None) -> str:
        """End the object in any final status its kind has (``completed``, ``failed``,
        ``cancelled``, ``expired``, ``incomplete``...)."""
        with self.backend.lock:
            tracked = self._find(target)
            step = tracked.lifecycle.ending(status)
            if tracked.finished:
                raise ValueError(f"{tracked.key} already ended as {tracked.route[tracked.position].status!r}")
            self._tick()
            tracked.error = dict(error) if error is not None else None
            if step is tracked.lifecycle.path[-1] and tracked.route is tracked.lifecycle.path:
                self._move_to(tracked, len(tracked.route) - 1)
            else:
                self._jump(tracked, (step,))
            return status

    # --- moving -------------------------------------------------------------------------------

    def _due(self, tracked: _Tracked) -> int:
        # The n-th of N polls reaches floor(n * steps / N): the N-th the last, none before it.
        last = len(tracked.route) - 1
        return min(last, tracked.polls_seen * last // tracked.policy.polls)

    def _move_to(self, tracked: _Tracked, position: int) -> None:
        obj = self._stored(tracked.store, tracked.key)
        if obj is None:
            return
        now = self.backend.clock.now()
        while tracked.position < position:
            tracked.position += 1
            self._enter(tracked, obj, tracked.route[tracked.position], now)

    def _jump(self, tracked: _Tracked, route: tuple[Step, ...]) -> JsonObject | None:
        """Leave the current way for ``route`` (a cancel or a forced ending), entering its first
        step; returns a copy of the object as it was in that first step."""
        obj = self._stored(tracked.store, tracked.key)
        tracked.route, tracked.position, tracked.polls_seen = route, 0, 0
        if obj is None:
            return None
        self._enter(tracked, obj, route[0], self.backend.clock.now())
        snapshot: JsonObject = json_copy(obj)
        if tracked.policy.progression == "immediate":
            self._move_to(tracked, len(route) - 1)
        return snapshot

    def _cancel(self, tracked: _Tracked, *, refuse: bool) -> JsonObject | None:
        # The cancel's answer shows its first step (``cancelling``) even when the object has
        # already moved past it (``"immediate"``), as the API acknowledges a cancel.
        lifecycle = tracked.lifecycle
        if tracked.finished or tracked.route is lifecycle.cancel:
            if not refuse:
                raise ValueError(
                    f"{tracked.key} is already {tracked.route[tracked.position].status!r}: nothing to cancel"
                )
            if not tracked.finished:
                # A second cancel while cancelling is answered with the object as it is.
                current: JsonObject | None = json_copy(self._stored(tracked.store, tracked.key))
                return current

            status = tracked.route[tracked.position].status
            raise bad_request(f"Cannot cancel a {lifecycle.kind} that is already {status}.")
        if not lifecycle.cancel:
            raise ValueError(f"a {lifecycle.kind} cannot be cancelled")
        return self._jump(tracked, lifecycle.cancel)

    def _enter(self, tracked: _Tracked, obj: JsonObject, step: Step, now: int) -> None:
        obj["status"] = step.status
        for stamp in step.stamps:
            obj[stamp] = now
        for name in step.clears:
            obj[name] = None
        last = tracked.route[-1]
        tracked.finished = step is last and step.status in tracked.lifecycle.final_statuses
        error_field = tracked.lifecycle.error_field
        if step.status == "failed" and error_field is not None:
            obj[error_field] = tracked.error or {
                "code": "server_error",
                "message": "The server had an error while processing your request.",
            }
        if tracked.on_enter is not None:
            tracked.on_enter(obj, step.status, now)

    def _tick(self) -> None:
        # A step taken by hand happens later than what came before it (virtual clocks only).
        self.backend.clock.tick(1)

    # --- lookup -------------------------------------------------------------------------------

    def _stored(self, store: str, key: str) -> JsonObject | None:
        found = self.backend.stores.get(store)
        return found.get(key) if found is not None else None

    def _find(self, target: Any) -> _Tracked:
        key, parent = _identity(target)
        refs = [ref for ref in self._by_id.get(key, ()) if parent is None or parent in ref[0]]
        if not refs:
            raise ValueError(
                f"no object with a lifecycle has id {key!r} in this fake: pass the id (or object) a "
                "create returned (batches, fine-tuning jobs, vector-store files and file batches, runs)"
            )
        if len(refs) > 1:
            raise ValueError(
                f"{key!r} is attached to several stores ({', '.join(ref[0] for ref in refs)}): pass the "
                "object itself (it names its vector_store_id) instead of its id"
            )
        return self._tracked[refs[0]]


def _identity(target: Any) -> tuple[str, str | None]:
    """(id, the parent id that disambiguates it or ``None``) of an id or an SDK object / dict."""
    if isinstance(target, str):
        return target, None

    def get(name: str) -> Any:
        return target.get(name) if isinstance(target, Mapping) else getattr(target, name, None)

    key = get("id")
    if not isinstance(key, str):
        raise TypeError(f"pass an object id (str) or an object with an id, not {type(target).__name__}")
    for parent in ("vector_store_id", "thread_id"):
        value = get(parent)
        if isinstance(value, str):
            return key, value
    return key, None
