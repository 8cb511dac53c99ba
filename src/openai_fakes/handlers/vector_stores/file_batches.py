"""``client.vector_stores.file_batches``: create, retrieve and cancel are the generic store's with the
hooks `vector_stores` registers (`_lifecycle` moves the batch); ``list_files`` lists its own files."""

from __future__ import annotations

from .._base.router import Router
from ._lifecycle import STORES, BatchFiles


def register(router: Router) -> None:
    files = BatchFiles()
    router.add("GET", f"{STORES}/{{vector_store_id}}/file_batches/{{batch_id}}/files", files, summary=files.summary)
