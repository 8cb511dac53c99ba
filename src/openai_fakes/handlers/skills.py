"""Skills: a skill's content, and one version's, is the skill's files as a zip archive
(``application/zip``, as the API's spec declares), holding its ``SKILL.md``. The rest of the area
(create, retrieve, list, versions, delete) is the generic stored answer.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from .._core.exchange import BytesReply, Exchange, Reply
from .._sim.text import paragraph
from .._state.shapes import not_found_error
from ._base.router import Router
from ._base.stateful import collection

if TYPE_CHECKING:
    from .._control.context import Context

SKILLS = "/skills"
# A fixed timestamp for the archive's entry: the same skill gives the same bytes on every run.
_ENTRY_TIME = (2025, 1, 1, 0, 0, 0)


def skill_archive(name: str, body: str) -> bytes:
    """A zip archive holding one ``SKILL.md``: front matter naming the skill, then ``body``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entry = zipfile.ZipInfo("SKILL.md", date_time=_ENTRY_TIME)
        archive.writestr(entry, f"---\nname: {name}\ndescription: {body.split('.')[0]}.\n---\n\n{body}\n")
    return buffer.getvalue()


def download_content(server: Context, exchange: Exchange) -> Reply:
    skill_id = exchange.path_params["skill_id"]
    stored = collection(server.backend, SKILLS).get(skill_id)
    if stored is None and server.backend.unknown_ids == "strict":
        raise not_found_error(SKILLS, skill_id)
    name = str((stored or {}).get("name") or skill_id)
    return BytesReply(skill_archive(name, paragraph(server.backend.rng)), content_type="application/zip")


def register(router: Router) -> None:
    summary = "a zip archive (`application/zip`) holding the skill's `SKILL.md`; 404 for an unknown skill when strict"
    router.add("GET", "/skills/{skill_id}/content", download_content, summary=summary)
    router.add("GET", "/skills/{skill_id}/versions/{version}/content", download_content, summary=summary)
