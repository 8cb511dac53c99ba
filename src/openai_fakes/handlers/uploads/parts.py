"""``client.uploads.parts``: ``parts.create`` keeps each part's bytes (a blob under the part's id)
for ``uploads.complete`` to join (`uploads`); a part larger than 64 MB, or one added to an upload that
is no longer pending, is the API's 400.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..._core.errors import bad_request
from ..._core.exchange import Exchange
from ..._state.blobs import put_bytes
from ..._state.collection import json_copy
from .._base.adapter import Adapter
from .._base.router import Router
from .._base.stateful import collection
from .._upload import uploaded
from .uploads import UPLOADS, pending_upload

if TYPE_CHECKING:
    from ..._control.context import Context

_MAX_PART = 64 * 1024 * 1024


class _AddPart(Adapter):
    summary = "stateful: keeps the part's bytes for `complete`; 400 once the upload is not pending"

    def build(self, server: Context, exchange: Exchange) -> Any:
        upload = pending_upload(server, exchange, "add a Part to")
        sent = uploaded(exchange, "data")
        content = sent[0][1] if sent else b""
        if len(content) > _MAX_PART:
            raise bad_request(f"Invalid 'data': a part may hold at most {_MAX_PART} bytes (64 MB).", param="data")
        part = server.render(exchange.cast_to)
        part.update(created_at=server.backend.clock.now(), upload_id=upload["id"])
        put_bytes(server.backend, part["id"], content)
        collection(server.backend, f"{UPLOADS}/{upload['id']}/parts").put(json_copy(part))
        return part


def register(router: Router) -> None:
    adapter = _AddPart()
    router.add("POST", "/uploads/{upload_id}/parts", adapter, summary=adapter.summary)
