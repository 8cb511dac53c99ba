"""Server-side state shared by every client of one fake: RNG, ids, clock, stored objects.

Like fakeredis's ``FakeServer``: a sync and an async fake given the same ``Backend`` see the same
world. Nothing here knows about HTTP.
"""

from __future__ import annotations

import random
import threading
import time
from typing import Any, Callable, Literal, TypeVar, cast

from ._ids import IdGenerator, IdShape

# A seeded fake runs on a virtual clock so that replies are byte-identical in any process.
# It starts at 2026-01-01T00:00:00Z: recent, and fixed.
SEEDED_EPOCH = 1_767_225_600

UnknownIds = Literal["strict", "materialize"]


class Clock:
    """Unix seconds. Wall time for unseeded fakes; a virtual clock that ticks per request when seeded."""

    __slots__ = ("_now", "_virtual")

    def __init__(self, start: float | None) -> None:
        self._virtual = start is not None
        self._now = float(start) if start is not None else time.time()

    @property
    def is_virtual(self) -> bool:
        return self._virtual

    def now(self) -> int:
        return int(self._now if self._virtual else time.time())

    def tick(self, seconds: float) -> None:
        """Advance a virtual clock; a wall clock moves by itself."""
        if self._virtual:
            self._now += seconds

    def advance(self, seconds: float) -> None:
        """Move the clock forward by hand (virtual clocks only)."""
        if not self._virtual:
            raise ValueError("advance() needs a virtual clock: construct the fake with seed=... or start_time=...")
        self._now += seconds


T = TypeVar("T")


class Backend:
    """All state of one fake OpenAI server."""

    def __init__(self, *, seed: int | None = None, start_time: float | None = None) -> None:
        if seed is not None and not isinstance(seed, int):
            raise TypeError(f"seed must be an int or None, got {type(seed).__name__}")
        self.seed: int = seed if seed is not None else random.SystemRandom().randrange(2**32)
        self.deterministic = seed is not None
        self.rng = random.Random(self.seed)
        self.ids = IdGenerator(self.rng)
        if start_time is None and seed is not None:
            start_time = SEEDED_EPOCH
        self.clock = Clock(start_time)
        self.lock = threading.RLock()
        # Per-area stores; handlers own their keys. Filled by the stateful handlers.
        self.stores: dict[str, dict[str, Any]] = {}
        # File bytes by file id (see `_blobs`): files.content, upload parts, batch outputs.
        self.blobs: dict[str, bytes] = {}
        # An id no client created: "strict" answers 404 as the API does; "materialize" answers
        # with a generic object carrying that id and remembers it (for tests that only read).
        self.unknown_ids: UnknownIds = "strict"
        # What other parts of the fake keep per backend besides `stores` (see `area`).
        self._areas: dict[str, Any] = {}

    def area(self, name: str, make: Callable[[], T]) -> T:
        """The state one part of the fake keeps per backend, apart from what the API would list
        (runs in progress, the organisation, the lifecycle engine, ...): made by ``make`` on first
        use, under the lock, so two threads never make it twice; once made, read without the lock
        (some parts are read on every call). Each part picks its own ``name``."""
        found = self._areas.get(name)
        if found is None:
            with self.lock:
                found = self._areas.get(name)
                if found is None:
                    found = self._areas[name] = make()
        return cast(T, found)

    def existing_area(self, name: str) -> Any:
        """The state ``area`` made under ``name``, or ``None`` if nothing has asked for it yet."""
        return self._areas.get(name)

    def new_id(self, shape: IdShape) -> str:
        with self.lock:
            return self.ids.make(shape, self.clock.now())

    def id_for_kind(self, kind: str) -> str:
        with self.lock:
            return self.ids.for_kind(kind, self.clock.now())

    def request_tick(self) -> int:
        """Called once per request: moves a virtual clock by a plausible latency and returns now."""
        with self.lock:
            self.clock.tick(1 + self.rng.random() * 2)
            return self.clock.now()

    def __repr__(self) -> str:
        return f"Backend(seed={self.seed if self.deterministic else None!r}, objects={sum(map(len, self.stores.values()))})"
