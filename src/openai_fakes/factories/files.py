"""Files and uploads: ``FileObjectFactory`` and ``UploadFactory`` (docs/api-behaviour.md, Files, uploads
and batches).

A file's name fits its purpose (``.jsonl`` for batch and fine-tune input, a batch's output file
named after the batch), uploads are ``processed``, batch files expire 30 days after upload and
others never. An upload expires an hour after it is created and, once completed, carries the
file it became: same name, size and purpose.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from openai.types import FileObject, Upload

from .._core.ids import SHAPES
from .._sim.text import filename
from ._curate import weighted
from ._engine import SDKModelFactory, curated, factory_for
from ._state import Build

_DAY = 86_400
_PURPOSES = (
    ("assistants", 0.3),
    ("user_data", 0.2),
    ("batch", 0.2),
    ("fine-tune", 0.15),
    ("vision", 0.1),
    ("batch_output", 0.05),
)
_EXTENSIONS: Mapping[str, tuple[str, ...]] = {
    "batch": ("jsonl",),
    "fine-tune": ("jsonl",),
    "batch_output": ("jsonl",),
    "vision": ("png", "jpg"),
    "fine-tune-results": ("csv",),
    "assistants_output": ("png", "csv"),
}


def filename_for(purpose: object, build: Build) -> str:
    if purpose == "batch_output":
        return build.ids.make(SHAPES["batch"], build.now) + "_output.jsonl"
    if purpose == "fine-tune-results":
        return "step_metrics.csv"
    return filename(build.rng, build.rng.choice(_EXTENSIONS.get(str(purpose), ("pdf", "txt", "md", "csv", "docx"))))


@curated
class FileObjectFactory(SDKModelFactory[FileObject]):
    """A ``file`` as ``files.create`` / ``files.retrieve`` return it."""

    __model__ = FileObject

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        cls._default(kwargs, "purpose", weighted(build.rng, _PURPOSES))
        cls._default(kwargs, "filename", filename_for(kwargs.get("purpose"), build))
        cls._default(kwargs, "status", "processed")  # deprecated; what real uploads show
        cls._default(kwargs, "status_details", None)

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        created = data.get("created_at")
        if "expires_at" not in locked and isinstance(created, int):
            # Batch files expire after 30 days by default; others persist.
            data["expires_at"] = created + 30 * _DAY if data.get("purpose") in ("batch", "batch_output") else None


@curated
class UploadFactory(SDKModelFactory[Upload]):
    """An ``upload``: ``completed`` ones carry their ``file``, others none; expiry one hour after creation."""

    __model__ = Upload

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        cls._default(
            kwargs, "purpose", weighted(rng, (("assistants", 0.3), ("batch", 0.3), ("fine-tune", 0.3), ("vision", 0.1)))
        )
        cls._default(kwargs, "filename", filename_for(kwargs.get("purpose"), build))
        cls._default(
            kwargs,
            "status",
            weighted(rng, (("completed", 0.7), ("pending", 0.2), ("cancelled", 0.05), ("expired", 0.05))),
        )

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        created = data.get("created_at")
        if not isinstance(created, int):
            return
        if "expires_at" not in locked:
            data["expires_at"] = created + 3600
        if "file" not in locked:
            data["file"] = (
                factory_for(FileObject).process_kwargs(
                    bytes=data.get("bytes"),
                    filename=data.get("filename"),
                    purpose=data.get("purpose"),
                    created_at=created + build.rng.randint(5, 600),
                    status="processed",
                )
                if data.get("status") == "completed"
                else None
            )
