"""The state of one build in progress: its RNG, its clock and its ids.

polyfactory keeps its RNG (``__random__``) and Faker on the factory *class*, and its base class
shares one of each between every factory in the process; seeding one reseeds the others
(docs/how-it-works.md: Determinism; polyfactory and the SDK's models). Here every build gets its own ``Build``, held in a context variable for the
length of the build, and every draw, ours or polyfactory's, comes from that build's RNG. So a
build is fully decided by its seed, and two builds (or threads, or tasks) never share state.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .._core.ids import IdGenerator

# Timestamps are "recent" relative to a fixed instant, not the wall clock: the same seed must
# give the same bytes in any process on any day (docs/how-it-works.md, Determinism). 2026-05-01T00:00:00Z.
ANCHOR_TIME = 1_777_593_600
_WINDOW = 60 * 86_400  # builds happen within the 60 days before the anchor

# Objects nested deeper than this prefer None / [] wherever the type allows, so samples stay
# small and recursive models stop.
DEEP = 5


class Build:
    """One build: everything in it is drawn from ``rng`` in a fixed order."""

    __slots__ = ("allow_none", "ids", "now", "rng", "stack")

    def __init__(self, rng: random.Random, *, allow_none: bool = True) -> None:
        self.rng = rng
        self.now = ANCHOR_TIME - rng.randrange(_WINDOW)
        # Per build, so that uniqueness retries never depend on what other builds made.
        self.ids = IdGenerator(rng)
        # Models being generated, outermost first: recursion and depth checks read it.
        self.stack: list[type] = []
        self.allow_none = allow_none

    @property
    def deep(self) -> bool:
        return len(self.stack) > DEEP


_CURRENT: ContextVar[Build | None] = ContextVar("openai_fakes_factory_build", default=None)


def current() -> Build | None:
    return _CURRENT.get()


@contextmanager
def active(build: Build) -> Iterator[Build]:
    token = _CURRENT.set(build)
    try:
        yield build
    finally:
        _CURRENT.reset(token)


class ActiveRandom(random.Random):
    """A ``random.Random`` that draws from the RNG of the build in progress.

    It is the ``__random__`` (and Faker's RNG) of every SDK factory, so polyfactory's own code
    paths draw from the current build too. Overriding ``random`` and ``getrandbits`` is enough:
    every other method of ``random.Random`` is built on those two. Outside a build it falls back
    to its own private state, which nothing else shares.
    """

    def random(self) -> float:
        build = _CURRENT.get()
        return build.rng.random() if build is not None else super().random()

    def getrandbits(self, k: int, /) -> int:
        build = _CURRENT.get()
        return build.rng.getrandbits(k) if build is not None else super().getrandbits(k)


ACTIVE_RANDOM = ActiveRandom(0)
