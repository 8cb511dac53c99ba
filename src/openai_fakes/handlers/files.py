"""Files: the bytes a client uploads are the bytes ``files.content`` gives back.

The file *objects* live in the generic store (``/files``: create, retrieve, list with ``purpose``,
delete); this area adds their content. ``files.create`` keeps the uploaded bytes (`_state.blobs`) and
reports their size as ``bytes``; ``files.content`` / ``files.retrieve_content`` answer exactly
those bytes; ``files.delete`` forgets them. A file the fake only materialised (``unknown_ids=
"materialize"``) has no bytes: its content is generic text, as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._core.exchange import Exchange
from .._state.blobs import drop_bytes as drop_stored_bytes
from .._state.blobs import get_bytes, put_bytes
from .._state.collection import JsonObject
from ._base.generic import GENERIC, GenericAdapter
from ._base.router import Router
from ._base.stateful import on_store
from ._upload import uploaded

if TYPE_CHECKING:
    from .._control.context import Context


def keep_bytes(server: Context, exchange: Exchange, file: JsonObject) -> None:
    """``files.create``: remember the uploaded bytes under the new file's id."""
    sent = uploaded(exchange, "file")
    if not sent:
        return
    content = sent[0][1]
    put_bytes(server.backend, file["id"], content)
    file["bytes"] = len(content)


# Batch files expire after 30 days unless ``expires_after`` says otherwise; other files keep
# until deleted (the API reference, ``files.create`` and ``uploads.create``).
_BATCH_EXPIRY_SECONDS = 30 * 24 * 3600


def file_expiry(purpose: object, expires_after: object, created_at: int) -> int | None:
    """A new File's ``expires_at``: ``expires_after.seconds`` after its creation when given, 30 days
    for a batch file, ``None`` for a file kept until deleted (files.create and completed uploads)."""
    seconds = expires_after.get("seconds") if isinstance(expires_after, Mapping) else None
    if isinstance(seconds, int) and not isinstance(seconds, bool):
        return created_at + seconds
    return created_at + _BATCH_EXPIRY_SECONDS if purpose == "batch" else None


def set_expiry(server: Context, exchange: Exchange, file: JsonObject) -> None:
    """``files.create``: the new file's ``expires_at`` (`file_expiry`). A file that does not expire
    has none: the API leaves the key out rather than sending null."""
    created = file.get("created_at")
    expiry = (
        file_expiry(file.get("purpose"), exchange.fields.get("expires_after"), created)
        if isinstance(created, int)
        else None
    )
    if expiry is None:
        file.pop("expires_at", None)
    else:
        file["expires_at"] = expiry


def drop_bytes(server: Context, exchange: Exchange, file: JsonObject) -> None:
    drop_stored_bytes(server.backend, file["id"])


class StoredContentAdapter(GenericAdapter):
    """``GET .../{id}/content``: the stored bytes of the object the path names last.

    Without stored bytes it is the generic answer, which 404s an unknown id (strict mode)."""

    def __init__(self, summary: str) -> None:
        self.summary = summary

    def build(self, server: Context, exchange: Exchange) -> Any:
        if exchange.stream:
            return GENERIC.build(server, exchange)
        key = list(exchange.path_params.values())[-1]
        content = get_bytes(server.backend, key)
        if content is None:
            return GENERIC.build(server, exchange)
        # ``files.retrieve_content`` (deprecated) parses the same body as text.
        return content.decode("utf-8", errors="replace") if exchange.cast_to is str else content


def register(router: Router) -> None:
    on_store("create", "/files", keep_bytes)
    on_store("create", "/files", set_expiry)
    on_store("delete", "/files", drop_bytes)
    router.add(
        "GET",
        "/files/{file_id}/content",
        StoredContentAdapter("the uploaded bytes, exactly; 404 for an unknown file"),
        summary="the uploaded bytes, exactly; 404 for an unknown file",
    )
