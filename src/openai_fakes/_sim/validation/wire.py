"""A request body as the SDK sends it over the wire: plain JSON values.

The SDK hands the fake the Python objects it was given (after its own transform), and that
transform keeps a ``str`` subclass as it is: a ``str``-based ``Enum`` role (smolagents'
``Role.USER``), a tracked string (ell), an ``IntEnum``. Over HTTP each of them is a plain JSON
string or number, and the real API accepts them. `wire_json` gives the body the wire would carry,
so the fake validates and answers that.
"""

from __future__ import annotations

from typing import Any


def wire_json(value: Any) -> Any:
    """``value`` with every ``str`` / ``int`` / ``float`` subclass made the plain value JSON
    encodes it as, and tuples made lists; the same object when nothing changes (so a plain body
    costs one walk and no copy)."""
    kind = type(value)
    if kind is str or kind is int or kind is float or kind is bool or value is None:
        return value
    if kind is dict:
        changed: dict[Any, Any] | None = None
        for key, item in value.items():
            plain_key = wire_json(key) if type(key) is not str else key
            plain = wire_json(item)
            if changed is None and (plain is not item or plain_key is not key):
                changed = {}
                for earlier, earlier_item in value.items():
                    if earlier is key:
                        break
                    changed[earlier] = earlier_item
            if changed is not None:
                changed[plain_key] = plain
        return value if changed is None else changed
    if kind is list or kind is tuple:
        items = [wire_json(item) for item in value]
        if kind is list and all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return items
    # JSON encodes a subclass by its base type's value (json.dumps(Role.USER) == '"user"').
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__index__(value)
    if isinstance(value, float):
        return float.__float__(value)
    return value
