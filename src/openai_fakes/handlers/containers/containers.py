"""``client.containers``: the objects live in the generic store; deleting a container forgets the
bytes of its files (`files.files` keeps them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._core.exchange import Exchange
from ..._state.blobs import drop_bytes
from ..._state.collection import JsonObject
from .._base.router import Router
from .._base.stateful import on_store

if TYPE_CHECKING:
    from ..._control.context import Context


def _drop_container_bytes(server: Context, exchange: Exchange, container: JsonObject) -> None:
    for file_id in server.backend.stores.get(f"/containers/{container['id']}/files", {}):
        drop_bytes(server.backend, file_id)


def register(router: Router) -> None:
    on_store("delete", "/containers", _drop_container_bytes)
