"""``client.containers.files.content``: the bytes put into the container file (`files`), exactly."""

from __future__ import annotations

from ..._base.router import Router
from ...files import StoredContentAdapter
from .files import FILES


def register(router: Router) -> None:
    content = StoredContentAdapter(
        "the bytes put into the container file, exactly; 404 for an unknown container or file"
    )
    router.add("GET", f"{FILES}/{{file_id}}/content", content, summary=content.summary)
