"""Per-type reply templates, compiled once and rendered per call in microseconds.

Building an SDK model with polyfactory costs milliseconds (docs/how-it-works.md, polyfactory and the SDK's models), a call's budget is ~30 µs.
So the factory engine builds one realistic JSON sample per type, and this module finds the parts
that must differ per call (ids, timestamps, free text) and renders a fresh copy with only those
replaced.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from .._core.ids import SHAPES, IdGenerator, IdShape
from .._sim.text import words
from .._state.collection import json_copy

Json = Any
Path = tuple[Any, ...]

_TEXT_KEYS = frozenset(
    {"content", "text", "description", "instructions", "summary", "transcript", "revised_prompt", "prompt", "message"}
)
_TIME_KEYS = frozenset({"created", "created_at", "timestamp"})
_MIN_TIME, _MAX_TIME = 1_000_000_000, 4_000_000_000

# Longest prefixes first, so "batch_req_" wins over "batch_".
_PREFIXES: list[tuple[str, IdShape]] = sorted(
    {shape.prefix: shape for shape in SHAPES.values()}.items(), key=lambda item: -len(item[0])
)


def _shape_of(value: str) -> IdShape | None:
    for prefix, shape in _PREFIXES:
        if value.startswith(prefix):
            return shape
    return None


class Blueprint:
    """A JSON sample plus the slots to refresh on every render."""

    __slots__ = ("_base_time", "_ids", "_texts", "_times", "sample")

    def __init__(self, sample: Json) -> None:
        self.sample = sample
        self._ids: list[tuple[Path, IdShape]] = []
        self._times: list[tuple[Path, int]] = []
        self._texts: list[tuple[Path, int]] = []
        found_times: list[tuple[Path, int]] = []
        self._scan(sample, (), found_times)
        # Times are kept relative to the earliest one, so their order survives rendering.
        self._base_time = min((t for _, t in found_times), default=0)
        self._times = [(path, t - self._base_time) for path, t in found_times]

    def _scan(self, node: Json, path: Path, times: list[tuple[Path, int]]) -> None:
        items: Sequence[tuple[Any, Any]]
        if isinstance(node, dict):
            items = list(node.items())
        elif isinstance(node, list):
            items = list(enumerate(node))
        else:
            return
        for key, value in items:
            here = path + (key,)
            if isinstance(value, (dict, list)):
                self._scan(value, here, times)
            elif isinstance(key, str) and isinstance(value, str):
                if key == "id" or key.endswith("_id"):
                    shape = _shape_of(value)
                    if shape is not None:
                        self._ids.append((here, shape))
                elif key in _TEXT_KEYS and " " in value:
                    self._texts.append((here, max(3, len(value.split()))))
            elif (
                isinstance(key, str)
                and type(value) is int
                and _MIN_TIME <= value <= _MAX_TIME
                and (key in _TIME_KEYS or key.endswith("_at"))
            ):
                times.append((here, value))

    def render(self, ids: IdGenerator, rng: random.Random, now: int) -> Json:
        data = json_copy(self.sample)
        # Ids that were equal in the sample (a foreign key naming the object itself) stay equal.
        renamed: dict[str, str] = {}
        for path, shape in self._ids:
            parent, key = _parent(data, path)
            old = parent[key]
            new = renamed.get(old)
            if new is None:
                new = renamed[old] = ids.make(shape, now)
            parent[key] = new
        for path, offset in self._times:
            parent, key = _parent(data, path)
            parent[key] = now + offset
        for path, n_words in self._texts:
            parent, key = _parent(data, path)
            parent[key] = words(rng, min(n_words, 40))
        return data


def _parent(data: Json, path: Path) -> tuple[Any, Any]:
    node = data
    for key in path[:-1]:
        node = node[key]
    return node, path[-1]


class BlueprintCache:
    """One blueprint per type, built on first use by the factory engine."""

    def __init__(self, build_sample: Callable[[Any], Json]) -> None:
        self._build_sample = build_sample
        self._cache: dict[Any, Blueprint] = {}

    def get(self, tp: Any) -> Blueprint:
        blueprint = self._cache.get(tp)
        if blueprint is None:
            blueprint = self._cache[tp] = Blueprint(self._build_sample(tp))
        return blueprint
