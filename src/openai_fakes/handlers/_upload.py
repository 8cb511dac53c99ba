"""The bytes of a multipart upload, in any form the SDK accepts (``openai._types.FileTypes``)."""

from __future__ import annotations

import io
import os
import pathlib
from typing import Any

from .._core.exchange import Exchange


def uploaded(exchange: Exchange, field: str) -> list[tuple[str | None, bytes]]:
    """``(filename, content)`` of every file sent as ``field`` (``image`` and ``image[]`` alike)."""
    found = []
    for name, value in exchange.files:
        if name == field or name == f"{field}[]":
            found.append(read(value))
    return found


def read(value: Any) -> tuple[str | None, bytes]:
    """A file's name and bytes: raw ``bytes``, a path, a binary file object, or a tuple
    ``(filename, content[, content_type[, headers]])``. A file object is read without moving its
    position, since the SDK may still send it."""
    if isinstance(value, tuple) and value:
        name = value[0] if isinstance(value[0], str) else None
        return name, read(value[1])[1] if len(value) > 1 else b""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return None, bytes(value)
    if isinstance(value, os.PathLike):
        path = pathlib.Path(value)
        return path.name, path.read_bytes()
    if isinstance(value, io.IOBase) or hasattr(value, "read"):
        name = getattr(value, "name", None)
        return (os.path.basename(name) if isinstance(name, str) else None), _peek(value)
    return None, b""


def _peek(stream: Any) -> bytes:
    try:
        position = stream.tell()
    except (OSError, AttributeError, ValueError):
        return b""  # not seekable: reading it would take it from the SDK
    data = stream.read()
    stream.seek(position)
    return data if isinstance(data, bytes) else str(data).encode()
