"""How a websocket server words a client event that does not validate as the SDK's own client event type.

The websocket APIs answer such an event with an ``error`` event naming one problem the way their
HTTP endpoints do: a missing parameter, or an invalid value, with the parameter's dotted path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pydantic


@dataclass(frozen=True)
class EventProblem:
    """What is wrong with a client event: the ``error`` object's message, code and param."""

    message: str
    code: str
    param: str | None


def param_name(location: Sequence[Any]) -> str | None:
    """``("item", "content", 0, "text")`` -> ``"item.content[0].text"``, as the API names params."""
    name = ""
    for step in location:
        name += f"[{step}]" if isinstance(step, int) else (f".{step}" if name else str(step))
    return name or None


def _in_data(location: Sequence[Any], data: Any) -> list[Any]:
    """The steps of a pydantic error location that are the event's own keys and indexes. Pydantic
    also names the union member it tried (``str``, ``list[...]``, a tag such as ``message``); those
    are not parameters, so they are left out. The last step is kept even when absent (a missing
    parameter is not in the data)."""
    path: list[Any] = []
    for position, step in enumerate(location):
        last = position == len(location) - 1
        if isinstance(data, Mapping) and isinstance(step, str) and (step in data or last):
            path.append(step)
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            path.append(step)
            data = data[step]
    return path


def first_problem(invalid: pydantic.ValidationError, data: Any) -> EventProblem:
    """The problem ``invalid`` reports about ``data``, the event. Among the members of a union, the
    problem reported is the one deepest in the event (the member the event was meant to be)."""
    located = [(problem, _in_data(problem["loc"], data)) for problem in invalid.errors()]
    problem, path = max(located, key=lambda found: len(found[1]))  # the first of the deepest
    param = param_name(path)
    if problem["type"] == "missing":
        return EventProblem(f"Missing required parameter: '{param}'.", "missing_required_parameter", param)
    return EventProblem(f"Invalid value for '{param}': {problem['msg']}.", "invalid_value", param)
