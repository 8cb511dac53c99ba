"""``client.uploads``: a large file sent in parts, assembled into a normal File (docs/api-behaviour.md,
Files, uploads and batches).

``uploads.create`` opens an Upload (``pending``, expiring an hour after creation);
``uploads.parts.create`` (`parts`) keeps each part's bytes; ``uploads.complete`` joins the parts in
the order ``part_ids`` names them into a new File in ``/files`` (retrievable, listable, its content
the joined bytes) and answers the Upload ``completed`` with that ``file``; ``uploads.cancel``
answers it ``cancelled``. What the API refuses, the fake refuses with a 400: a byte total that is
not the declared ``bytes``, a part of another upload, an ``md5`` that does not match, and any
change to an upload that is no longer pending. Past ``expires_at`` (on the backend's clock) a
pending upload is ``expired``.

Uploads are kept in ``backend.stores["/uploads"]``, their parts in
``backend.stores["/uploads/{id}/parts"]``; part bytes are blobs under the part's id until the
upload completes or is cancelled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openai.types import FileObject, Upload

from ..._core.errors import bad_request
from ..._core.exchange import Exchange
from ..._state.blobs import drop_bytes, get_bytes, put_bytes
from ..._state.collection import JsonObject, json_copy
from ..._state.shapes import not_found_error
from .._base.adapter import Adapter
from .._base.router import Router
from .._base.stateful import collection
from ..files import file_expiry

if TYPE_CHECKING:
    from ..._control.context import Context

UPLOADS = "/uploads"
_EXPIRES_AFTER = 3600
_MAX_TOTAL = 8 * 1024 * 1024 * 1024


def _body(exchange: Exchange) -> Mapping[str, Any]:
    return exchange.fields


def pending_upload(server: Context, exchange: Exchange, action: str) -> JsonObject:
    """The upload the path names, which must still take parts: 404 unknown, 400 otherwise."""
    key = exchange.path_params["upload_id"]
    upload = collection(server.backend, UPLOADS).get(key)
    if upload is None:
        if server.backend.unknown_ids == "strict":
            raise not_found_error(UPLOADS, key)
        upload = _materialize(server, key)
    _expire_if_due(server, upload)
    if upload["status"] != "pending":
        # [U] wording: the API's message for a finished upload is not recorded.
        raise bad_request(f"Cannot {action} Upload {key}: it is already {upload['status']}.", param="upload_id")
    return upload


def _materialize(server: Context, key: str) -> JsonObject:
    """A pending upload nobody created (``unknown_ids="materialize"``): its size is unknown, so
    ``complete`` takes whatever its parts hold, and parts nobody sent add nothing."""

    now = server.backend.clock.now()
    upload: JsonObject = server.render(Upload)
    upload.update(id=key, created_at=now, expires_at=now + _EXPIRES_AFTER, status="pending", file=None)
    upload["_materialized"] = True
    collection(server.backend, UPLOADS).put(upload)
    return upload


def _expire_if_due(server: Context, upload: JsonObject) -> None:
    if upload["status"] == "pending" and server.backend.clock.now() >= upload["expires_at"]:
        upload["status"] = "expired"
        _drop_parts(server, upload["id"])


def _drop_parts(server: Context, upload_id: str) -> None:
    for part_id in collection(server.backend, f"{UPLOADS}/{upload_id}/parts"):
        drop_bytes(server.backend, part_id)


class _CreateUpload(Adapter):
    summary = "stateful: a `pending` Upload of the declared name, purpose and size, expiring in an hour"

    def build(self, server: Context, exchange: Exchange) -> Any:
        body = _body(exchange)
        size = body.get("bytes")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise bad_request("Invalid 'bytes': expected a non-negative integer.", param="bytes")
        if size > _MAX_TOTAL:
            raise bad_request(f"Invalid 'bytes': an upload may hold at most {_MAX_TOTAL} bytes (8 GB).", param="bytes")
        upload = server.render(exchange.cast_to)
        now = server.backend.clock.now()
        upload.update(
            bytes=size,
            created_at=now,
            expires_at=now + _EXPIRES_AFTER,
            filename=str(body.get("filename") or ""),
            purpose=str(body.get("purpose") or ""),
            status="pending",
            file=None,
        )
        # What the finished File will need, kept off the reply (the Upload type has no field for it).
        stored = json_copy(upload)
        stored["_expires_after"] = body.get("expires_after")
        collection(server.backend, UPLOADS).put(stored)
        return upload


class _Complete(Adapter):
    summary = (
        "stateful: joins the parts in `part_ids` order into a new File (its content the joined bytes); "
        "400 for a size or md5 mismatch, a foreign part, or an upload no longer pending"
    )

    def build(self, server: Context, exchange: Exchange) -> Any:
        upload = pending_upload(server, exchange, "complete")
        body = _body(exchange)
        part_ids = body.get("part_ids")
        if not isinstance(part_ids, list):
            raise bad_request("Missing required parameter: 'part_ids'.", param="part_ids")
        content = self._join(server, upload, part_ids)
        if upload.get("_materialized"):
            upload["bytes"] = len(content)
        if len(content) != upload["bytes"]:
            raise bad_request(
                f"The uploaded parts hold {len(content)} bytes, but the Upload was created with bytes={upload['bytes']}.",
                param="part_ids",
            )
        md5 = body.get("md5")
        if isinstance(md5, str) and md5 and md5.lower() != hashlib.md5(content).hexdigest():
            raise bad_request("The md5 checksum does not match the uploaded bytes.", param="md5")
        file = self._file(server, upload, content)
        _drop_parts(server, upload["id"])
        upload.update(status="completed", file=file)
        return {key: json_copy(value) for key, value in upload.items() if not key.startswith("_")}

    @staticmethod
    def _join(server: Context, upload: JsonObject, part_ids: list[Any]) -> bytes:
        parts = collection(server.backend, f"{UPLOADS}/{upload['id']}/parts")
        pieces = []
        for part_id in part_ids:
            content = get_bytes(server.backend, part_id) if part_id in parts else None
            if content is None and server.backend.unknown_ids == "materialize" and part_id not in parts:
                content = b""  # a part the fake never saw: materialised, it holds nothing
            if content is None:
                raise bad_request(
                    f"Invalid part ID: {part_id!s} is not a Part of Upload {upload['id']}.", param="part_ids"
                )
            pieces.append(content)
        return b"".join(pieces)

    @staticmethod
    def _file(server: Context, upload: JsonObject, content: bytes) -> JsonObject:

        now = server.backend.clock.now()
        file: JsonObject = server.render(FileObject)
        file.update(
            id=server.backend.id_for_kind("file"),
            bytes=len(content),
            created_at=now,
            filename=upload["filename"],
            purpose=upload["purpose"],
            status="processed",
        )
        # A file that does not expire has no expires_at, and a processed one no status_details: the
        # API leaves both out rather than sending null.
        file.pop("status_details", None)
        expiry = file_expiry(upload["purpose"], upload.get("_expires_after"), now)
        if expiry is None:
            file.pop("expires_at", None)
        else:
            file["expires_at"] = expiry
        put_bytes(server.backend, file["id"], content)
        collection(server.backend, "/files").put(json_copy(file))
        return file


class _Cancel(Adapter):
    summary = "stateful: `cancelled`, its parts dropped; 400 once the upload is not pending"

    def build(self, server: Context, exchange: Exchange) -> Any:
        upload = pending_upload(server, exchange, "cancel")
        upload["status"] = "cancelled"
        _drop_parts(server, upload["id"])
        return {key: json_copy(value) for key, value in upload.items() if not key.startswith("_")}


def register(router: Router) -> None:
    for template, adapter in (
        ("/uploads", _CreateUpload()),
        ("/uploads/{upload_id}/complete", _Complete()),
        ("/uploads/{upload_id}/cancel", _Cancel()),
    ):
        router.add("POST", template, adapter, summary=adapter.summary)
