"""File bytes the backend holds, by file id: what ``files.content`` returns.

Written by whatever makes a file (``files.create``, an upload's ``complete``, a batch's output
file, a container file), read by ``files.content`` and by anything that searches file text
(vector stores). Kept apart from the JSON stores so a listed ``FileObject`` stays small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .backend import Backend


def put_bytes(backend: Backend, file_id: str, data: bytes) -> None:
    with backend.lock:
        backend.blobs[file_id] = bytes(data)


def get_bytes(backend: Backend, file_id: str) -> bytes | None:
    """The bytes stored for ``file_id``, or ``None`` when the fake never received them."""
    return backend.blobs.get(file_id)


def drop_bytes(backend: Backend, file_id: str) -> None:
    with backend.lock:
        backend.blobs.pop(file_id, None)
