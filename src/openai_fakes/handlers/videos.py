"""Videos (Sora): jobs shaped by the request that render through the API's statuses, and real files.

* ``videos.create``: the stored video echoes ``model`` (default ``sora-2``), ``prompt``,
  ``seconds`` (default ``"4"``) and ``size`` (default ``720x1280``), and moves ``queued`` ->
  ``in_progress`` -> ``completed`` on the backend's lifecycle (by default the first retrieve sees
  it completed, so ``create_and_poll`` finishes; see ``fake.lifecycle``), with ``progress`` 0 ->
  50 -> 100 and ``completed_at`` / ``expires_at`` set when it completes.
* ``videos.download_content``: an MP4 whose movie header lasts ``seconds`` at the video's frame
  size (`_video_codec`); ``variant="thumbnail"`` a WebP and ``"spritesheet"`` a JPEG of that size.
  A video that has not completed cannot be downloaded (400, [U] wording).
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from .._core.errors import bad_request
from .._core.exchange import BytesReply, Exchange, Reply
from .._sim.image_codec import Scene, encode
from .._sim.video_codec import mp4
from .._state.collection import JsonObject
from .._state.lifecycle import Lifecycle, Lifecycles, Step
from .._state.shapes import not_found_error
from ._base.router import Router
from ._base.stateful import collection, on_store

if TYPE_CHECKING:
    from .._control.context import Context

VIDEOS = "/videos"
VIDEO = Lifecycle(
    "video",
    path=(Step("queued"), Step("in_progress"), Step("completed", ("completed_at",))),
    endings=(Step("failed", ("completed_at",)),),
    error_field="error",
)
_PROGRESS = {"queued": 0, "in_progress": 50, "completed": 100, "failed": 0}
# [U] How long a finished video stays downloadable; the API reports it in `expires_at`.
_AVAILABLE_SECONDS = 24 * 60 * 60
_DEFAULTS = {"model": "sora-2", "seconds": "4", "size": "720x1280"}


def _on_enter(obj: JsonObject, status: str, now: int) -> None:
    obj["progress"] = _PROGRESS.get(status, obj.get("progress", 0))
    if status == "completed":
        obj["expires_at"] = now + _AVAILABLE_SECONDS


def start_video(server: Context, exchange: Exchange, video: JsonObject) -> None:
    """Shape a new video by its request and start it on its lifecycle (an `on_store` create hook)."""
    body = exchange.fields
    for name, default in _DEFAULTS.items():
        value = body.get(name)
        video[name] = str(value) if value is not None else default
    video.update(
        prompt=body.get("prompt", video.get("prompt")),
        created_at=server.backend.clock.now(),
        completed_at=None,
        expires_at=None,
        error=None,
        remixed_from_video_id=None,
    )
    Lifecycles.of(server.backend).track(VIDEO, VIDEOS, str(video["id"]), obj=video, on_enter=_on_enter)


def _frame(size: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in size.split("x"))
    except ValueError:
        return 720, 1280
    return width, height


def download_content(server: Context, exchange: Exchange) -> Reply:
    video_id = exchange.path_params["video_id"]
    stored = collection(server.backend, VIDEOS).get(video_id)
    if stored is None:
        if server.backend.unknown_ids == "strict":
            raise not_found_error(VIDEOS, video_id)
        stored = {"id": video_id, "status": "completed", **_DEFAULTS}
    if stored.get("status") != "completed":
        raise bad_request(
            f"Video '{video_id}' is not ready: its status is '{stored.get('status')}'. Download it once it has completed.",
            param="video_id",
            code="video_not_ready",
        )
    width, height = _frame(str(stored.get("size") or _DEFAULTS["size"]))
    variant = exchange.query.get("variant") or "video"
    if variant == "video":
        seconds = float(stored.get("seconds") or _DEFAULTS["seconds"])
        return BytesReply(mp4(seconds, width, height), content_type="video/mp4")
    # A still of the video's own colours: the same id always gives the same picture.
    hue = zlib.crc32(video_id.encode())
    scene = Scene(
        width // 4, height // 4, (hue & 0xFF, (hue >> 8) & 0xFF, (hue >> 16) & 0xFF, 255), (240, 240, 240, 255)
    )
    if variant == "thumbnail":
        return BytesReply(encode(scene, "webp"), content_type="image/webp")
    return BytesReply(encode(scene, "jpeg"), content_type="image/jpeg")


def register(router: Router) -> None:
    on_store("create", VIDEOS, start_video)
    router.add(
        "GET",
        "/videos/{video_id}/content",
        download_content,
        summary="stateful: an MP4 lasting the video's `seconds` at its `size` (thumbnail: WebP, spritesheet: JPEG); 400 before it has completed",
    )
