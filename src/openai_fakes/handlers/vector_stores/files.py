"""``client.vector_stores.files``: attach, detach and poll are the generic store's with the hooks
`vector_stores` registers; ``content`` reads the attached file's chunks (`_search`)."""

from __future__ import annotations

from .._base.router import Router
from ._lifecycle import STORES
from ._search import FileContent


def register(router: Router) -> None:
    content = FileContent()
    router.add("GET", f"{STORES}/{{vector_store_id}}/files/{{file_id}}/content", content, summary=content.summary)
