"""Server-side state shared by every client of one fake: RNG, ids, clock, stored objects.

Like fakeredis's ``FakeServer``: a sync and an async fake given the same ``Backend`` see the same
world. Nothing here knows about HTTP.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, TypeVar, cast

from .._core.ids import IdGenerator, IdShape

# A seeded fake runs on a virtual clock so that replies are byte-identical in any process.
# It starts at 2026-01-01T00:00:00Z: recent, and fixed.
SEEDED_EPOCH = 1_767_225_600

UnknownIds = Literal["strict", "materialize"]

StartTime = float | datetime
"""Where a virtual clock starts: Unix seconds, or a timezone-aware ``datetime``."""


class Clock:
    """The fake's time in Unix seconds: every timestamp, expiry and lifecycle reads it.

    Virtual (a seeded fake, or one given ``start_time=``): it starts where told (2026-01-01 for a
    seed) and moves only when something happens: 1-3 s per request (a plausible latency), each
    wait the SDK's retry loop or poll helpers asked for, and ``advance``. Otherwise it is the wall
    clock plus whatever ``advance`` added: the fake's own waits pass in no time there, as the
    real time between requests is already on the wall clock.
    """

    __slots__ = ("_at", "_lock", "_offset", "_virtual")

    def __init__(self, start: StartTime | None = None, *, lock: threading.RLock | None = None) -> None:
        self._virtual = start is not None
        self._at = unix_seconds(start, "start_time") if start is not None else 0.0
        """A virtual clock's time."""
        self._offset = 0.0
        """What ``advance`` added to a wall clock."""
        self._lock = lock if lock is not None else threading.RLock()

    @property
    def is_virtual(self) -> bool:
        """True for a seeded fake's (or ``start_time=``'s) clock; False for the wall clock."""
        return self._virtual

    def now(self) -> int:
        """The time in whole Unix seconds, as the API's timestamps are."""
        return int(self._at) if self._virtual else int(time.time() + self._offset)

    def advance(self, seconds: float | timedelta) -> None:
        """Move the clock forward by ``seconds`` (a number or a ``timedelta``), on any fake: what
        expires after an hour has expired after ``advance(3601)``. Never backwards, so the
        timestamps of what was made before stay in order."""
        step = _seconds(seconds)
        with self._lock:
            if self._virtual:
                self._at += step
            else:
                self._offset += step

    def tick(self, seconds: float) -> None:
        """Time the fake itself lets pass (a request's latency, a wait it skipped): it moves a
        virtual clock only, since a wall clock moves by itself. Callers hold the backend's lock."""
        if self._virtual:
            self._at += seconds

    def __repr__(self) -> str:
        kind = "virtual" if self._virtual else "wall"
        return f"Clock({kind}, now={datetime.fromtimestamp(self.now(), timezone.utc).isoformat()})"


def unix_seconds(value: object, name: str) -> float:
    """``value`` (Unix seconds or an aware ``datetime``) as Unix seconds; a clear error otherwise."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"{name}={value!r} has no timezone, so it names no single instant: pass an aware "
                "datetime, e.g. datetime(2030, 1, 1, tzinfo=timezone.utc)"
            )
        return value.timestamp()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} takes Unix seconds (an int or float) or an aware datetime, not {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number of Unix seconds, not {value!r}")
    return float(value)


def _seconds(value: object) -> float:
    if isinstance(value, timedelta):
        step = value.total_seconds()
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"advance() takes seconds (an int or float) or a datetime.timedelta, not {value!r}")
    else:
        step = float(value)
    if not math.isfinite(step) or step < 0:
        raise ValueError(f"advance() moves the clock forward only: seconds must be finite and >= 0, not {value!r}")
    return step


T = TypeVar("T")


class Backend:
    """All state of one fake OpenAI server."""

    def __init__(self, *, seed: int | None = None, start_time: StartTime | None = None) -> None:
        if seed is not None and not isinstance(seed, int):
            raise TypeError(f"seed must be an int or None, got {type(seed).__name__}")
        self.seed: int = seed if seed is not None else random.SystemRandom().randrange(2**32)
        self.deterministic = seed is not None
        self.rng = random.Random(self.seed)
        self.ids = IdGenerator(self.rng)
        if start_time is None and seed is not None:
            start_time = SEEDED_EPOCH
        self.lock = threading.RLock()
        self.clock = Clock(start_time, lock=self.lock)
        """Its time: virtual from ``start_time`` (2026-01-01 under a seed), else the wall clock."""
        # Per-area stores; handlers own their keys. Filled by the stateful handlers.
        self.stores: dict[str, dict[str, Any]] = {}
        # File bytes by file id (see `_state.blobs`): files.content, upload parts, batch outputs.
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
        """A fresh id of ``shape`` (prefix and length of the API's ids), from this backend's seed and clock."""
        with self.lock:
            return self.ids.make(shape, self.clock.now())

    def id_for_kind(self, kind: str) -> str:
        """A fresh id for an object whose ``object`` is ``kind`` (``"chat.completion"``, ``"file"``...), shaped as the API shapes those."""
        with self.lock:
            return self.ids.for_kind(kind, self.clock.now())

    def request_tick(self) -> int:
        """Called once per request: moves a virtual clock by a plausible latency and returns now."""
        with self.lock:
            self.clock.tick(1 + self.rng.random() * 2)
            return self.clock.now()

    def __repr__(self) -> str:
        return f"Backend(seed={self.seed if self.deterministic else None!r}, objects={sum(map(len, self.stores.values()))})"
