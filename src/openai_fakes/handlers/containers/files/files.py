"""``client.containers.files``: the bytes put into a container are the bytes its ``content``
(`content`) gives back.

The objects live in the generic store (``/containers/{id}/files``); this area adds their bytes.
``containers.files.create`` takes either an uploaded ``file`` or the ``file_id`` of a File the
fake holds (its bytes are copied, as the API copies the file into the container), and reports
the real size and the ``/mnt/data/<filename>`` path code interpreter sees. Deleting the file, or
its container (`containers.containers`), forgets the bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...._core.exchange import Exchange
from ...._state.blobs import drop_bytes, get_bytes, put_bytes
from ...._state.collection import JsonObject
from ...._state.shapes import not_found_error
from ..._base.router import Router
from ..._base.stateful import on_store
from ..._upload import uploaded

if TYPE_CHECKING:
    from ...._control.context import Context

FILES = "/containers/{container_id}/files"


def _keep_bytes(server: Context, exchange: Exchange, item: JsonObject) -> None:
    body = exchange.fields
    if item["id"] == body.get("file_id"):
        # The generic store names an attached file after the File (right for vector stores); a
        # container file is a copy with its own ``cfile_`` id.
        item["id"] = server.backend.id_for_kind("container.file")
    sent = uploaded(exchange, "file")
    name, content = sent[0] if sent else _from_file_id(server, exchange)
    if content is None:
        return
    put_bytes(server.backend, item["id"], content)
    item["bytes"] = len(content)
    if name:
        item["path"] = f"/mnt/data/{name}"
    item["source"] = "user"


def _from_file_id(server: Context, exchange: Exchange) -> tuple[str | None, bytes | None]:
    """Name and bytes of the File a ``file_id`` names: 404 in strict mode when the fake never made it."""
    body = exchange.fields
    file_id = body.get("file_id")
    if not isinstance(file_id, str):
        return None, None
    file: Any = server.backend.stores.get("/files", {}).get(file_id)
    if file is None:
        if server.backend.unknown_ids == "strict":
            raise not_found_error("/files", file_id)
        return None, None
    name = file.get("filename")
    return (name if isinstance(name, str) else None), get_bytes(server.backend, file_id)


def _drop_bytes(server: Context, exchange: Exchange, item: JsonObject) -> None:
    drop_bytes(server.backend, item["id"])


def register(router: Router) -> None:
    on_store("create", FILES, _keep_bytes)
    on_store("delete", FILES, _drop_bytes)
