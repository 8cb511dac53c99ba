"""Where a generated value goes, and the rules every kind of value shares (times)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._state import Build

Gen = Callable[[Build], Any]

B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True)
class Site:
    """Where a value goes: field ``name`` of model ``owner``; ``item`` inside its list or dict."""

    owner: type | None
    name: str
    item: bool = False

    @property
    def leaf(self) -> str:
        """The name one item answers to: ``file_ids`` -> ``file_id``, ``urls`` -> ``url``."""
        name = self.name
        if self.item and name.endswith("s") and not name.endswith("ss"):
            return name[:-1]
        return name

    @property
    def owner_name(self) -> str:
        return self.owner.__name__ if self.owner is not None else ""

    @property
    def module(self) -> str:
        return self.owner.__module__ if self.owner is not None else ""


def const(value: Any) -> Gen:
    return lambda b: value


# --- times ---------------------------------------------------------------------------------

FUTURE_TIMES = frozenset({"expires_at", "expire_at", "expiration", "expires", "valid_until", "estimated_finish"})
_TIME_NAMES = frozenset({"created", "timestamp", "start_time", "end_time", "last_used", "time"})


def is_time_name(name: str) -> bool:
    return name.endswith("_at") or name in _TIME_NAMES or name in FUTURE_TIMES


def time_gen(site: Site, as_float: bool) -> Gen:
    name = site.leaf
    if name in FUTURE_TIMES:

        def future(b: Build) -> Any:
            t = b.now + b.rng.choice((3600, 86_400, 7 * 86_400, 30 * 86_400))
            return float(t) if as_float else t

        return future

    def past(b: Build) -> Any:
        t = b.now - b.rng.randrange(0, 120)
        return float(t) if as_float else t

    return past
