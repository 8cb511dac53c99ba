"""Images: ``generate``, ``edit`` and ``create_variation`` (``POST /images/...``), streamed or not.

Every image is a real file (`_image_codec`): a background and a centred square in two colours
taken from a hash of the prompt, so the same prompt gives the same picture. What changes with the
request, as in the API (docs/api-behaviour.md, Images):

* model: DALL·E 2 unless one is named or a GPT-image-only field (``stream``, ``output_format``,
  ``background``, ``quality``...) is sent, which means ``gpt-image-1``;
* DALL·E answers with a URL (60 minutes, like the API's signed blob URLs) or ``b64_json`` as
  ``response_format`` says; DALL·E 3 adds a ``revised_prompt``; GPT image models always answer
  ``b64_json`` in ``output_format`` (png, jpeg, webp; also gif and svg) and report the resolved
  ``size``, ``quality``, ``background`` and token ``usage``;
* ``size`` (``auto``: 1024x1024, or the input image's orientation for edits), ``n`` images,
  ``background="transparent"`` (an alpha channel), ``output_compression`` (JPEG quality);
* ``stream=True`` sends ``partial_images`` previews (the subject fading in), then one
  ``*.completed`` event per image carrying the same image as the unstreamed reply.
"""

from __future__ import annotations

import base64
import colorsys
import datetime
import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .._core.declared import declared_only
from .._core.exchange import Exchange, JsonReply, Reply, SseReply
from .._sim.image_codec import RGBA, Scene, encode, gif, svg
from .._sim.image_tokens import image_size, image_tokens
from .._sim.text import sentence
from .._sim.tokens import text_tokens
from ._base.adapter import Adapter
from ._base.router import Router
from ._upload import uploaded

if TYPE_CHECKING:
    from .._control.context import Context

_GPT_ONLY_FIELDS = (
    "stream",
    "output_format",
    "background",
    "moderation",
    "output_compression",
    "partial_images",
    "input_fidelity",
)
_GPT_QUALITIES = ("low", "medium", "high", "xhigh", "max")
# Output image tokens of gpt-image-1 by quality for 1024x1024, 1024x1536, 1536x1024 (docs/api-behaviour.md, Images).
_OUTPUT_TOKENS = {"low": (272, 408, 400), "medium": (1056, 1584, 1568), "high": (4160, 6240, 6208)}
_PARTIAL_IMAGE_TOKENS = 100
_URL_SECONDS = 3600
_MAX_EDGE = 3840


def is_gpt_image(model: str) -> bool:
    return model.startswith(("gpt-image", "chatgpt-image"))


class ImagesAdapter(Adapter):
    def __init__(self, kind: str, summary: str) -> None:
        self.kind = kind  # "generation", "edit" or "variation"
        self.summary = summary

    def build(self, server: Context, exchange: Exchange) -> Any:
        request = _Request(exchange, self.kind)
        return declared_only(build_images(server, request), exchange.cast_to, deep=False)

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        if not exchange.stream:
            return JsonReply(final)
        request = _Request(exchange, self.kind)
        return SseReply([(event["type"], event) for event in events_of(server, request, final)], done_marker=False)


class _Request:
    """The request's fields, with the API's defaults resolved."""

    def __init__(self, exchange: Exchange, kind: str) -> None:
        body: Mapping[str, Any] = exchange.fields
        self.kind = kind
        self.prompt = str(body.get("prompt") or "")
        self.inputs = [content for _, content in uploaded(exchange, "image")]
        named = body.get("model")
        gpt_hint = (
            exchange.stream
            or any(body.get(f) is not None for f in _GPT_ONLY_FIELDS)
            or body.get("quality") in _GPT_QUALITIES
        )
        self.model = str(named) if named else ("gpt-image-1" if gpt_hint and kind != "variation" else "dall-e-2")
        self.gpt = is_gpt_image(self.model)
        n = body.get("n")
        self.n: int = n if isinstance(n, int) and n > 0 else 1
        self.width, self.height = self._size(body.get("size"))
        self.output_format = str(body.get("output_format") or "png") if self.gpt else "png"
        background = body.get("background")
        self.background = "transparent" if background == "transparent" and self.output_format != "jpeg" else "opaque"
        quality = body.get("quality")
        self.quality = quality if quality in _GPT_QUALITIES else {"standard": "medium"}.get(str(quality), "high")
        compression = body.get("output_compression")
        self.compression = compression if isinstance(compression, int) else 100
        partials = body.get("partial_images")
        self.partial_images = min(3, max(0, partials)) if isinstance(partials, int) else 0
        # A stream carries images inline, whatever the model (the API streams GPT image models only).
        self.b64 = self.gpt or exchange.stream or body.get("response_format") == "b64_json"
        self.style = str(body.get("style") or "vivid")
        self.safety_identifier = body.get("safety_identifier") or body.get("user")
        frames = body.get("frame_count")
        self.frames = frames if isinstance(frames, int) and 2 <= frames <= 16 else 9
        duration = body.get("frame_duration_ms")
        self.frame_ms = duration if isinstance(duration, int) and duration > 0 else 200

    def _size(self, size: Any) -> tuple[int, int]:
        if isinstance(size, str) and "x" in size:
            width, _, height = size.partition("x")
            if width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0:
                # The API's largest size is 3840x2160; a larger one (unchecked validation) is capped
                # rather than drawn, so a typo cannot allocate gigabytes.
                return min(int(width), _MAX_EDGE), min(int(height), _MAX_EDGE)
        found = _dimensions(self.inputs[0]) if self.inputs and self.gpt else None
        if found and found[0] != found[1]:
            return (1536, 1024) if found[0] > found[1] else (1024, 1536)
        return 1024, 1024

    @property
    def size(self) -> str:
        return f"{self.width}x{self.height}"

    def scene(self, index: int, progress: float = 1.0) -> Scene:
        """Image ``index``; ``progress`` < 1 fades the subject into the background (partial images)."""
        source = self.prompt.encode() if self.prompt else hashlib.sha256(b"".join(self.inputs)).digest()
        hue = int.from_bytes(hashlib.sha256(source + b"\x00%d" % index).digest()[:4], "big") / 2**32
        alpha = 0 if self.background == "transparent" else 255
        background = _rgba(hue, 0.88, 0.35, alpha)
        subject = _rgba((hue + 0.45) % 1.0, 0.42, 0.65, 255)
        faded: RGBA = tuple(round(b + (s - b) * progress) for b, s in zip(background, subject))  # type: ignore[assignment]
        return Scene(self.width, self.height, background, faded)

    def image(self, index: int, progress: float = 1.0) -> bytes:
        scene = self.scene(index, progress)
        if self.output_format == "svg":
            return svg(scene)
        if self.output_format == "gif":
            steps = [i / (self.frames - 1) * progress for i in range(self.frames)]
            return gif(self.width, self.height, [self.scene(index, step).subject for step in steps], self.frame_ms)
        return encode(scene, self.output_format, self.compression)


def tool_request(options: Mapping[str, Any]) -> _Request:
    """The image a Responses ``image_generation`` tool call draws: ``options`` are the tool's
    fields plus the ``prompt`` (no upload, not streamed; a GPT image model unless named)."""
    body = {"model": "gpt-image-1", **{key: value for key, value in options.items() if value is not None}}
    return _Request(Exchange("POST", "/images/generations", {}, body, [], {}, None, False, None), "generation")


def _rgba(hue: float, lightness: float, saturation: float, alpha: int) -> RGBA:
    r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
    return round(r * 255), round(g * 255), round(b * 255), alpha


def build_images(server: Context, request: _Request) -> dict[str, Any]:
    created = server.backend.clock.now()
    data = []
    for index in range(request.n):
        item: dict[str, Any] = {}
        if request.b64:
            item["b64_json"] = base64.b64encode(request.image(index)).decode("ascii")
        else:
            item["url"] = _signed_url(server, created)
        if request.model == "dall-e-3":
            item["revised_prompt"] = _revised_prompt(server, request)
        data.append(item)
    response: dict[str, Any] = {"created": created, "data": data}
    if request.gpt:
        response.update(
            background=request.background,
            output_format=request.output_format,
            quality=request.quality,
            size=request.size,
            usage=_usage(request),
        )
        if request.safety_identifier:
            response["safety_identifier"] = request.safety_identifier
    return response


def _usage(request: _Request, partials: int = 0) -> dict[str, Any]:
    """Tokens as the API counts them for GPT image models: prompt text and input images in, each
    image (and each partial image) out (docs/api-behaviour.md, Images)."""
    image_in = sum(image_tokens(request.model, _data_url(content), "high") for content in request.inputs)
    text_in = text_tokens(request.prompt)
    image_out = request.n * (_output_tokens(request) + partials * _PARTIAL_IMAGE_TOKENS)
    return {
        "input_tokens": text_in + image_in,
        "input_tokens_details": {"text_tokens": text_in, "image_tokens": image_in},
        "output_tokens": image_out,
        "total_tokens": text_in + image_in + image_out,
        "output_tokens_details": {"image_tokens": image_out, "text_tokens": 0},
    }


def _output_tokens(request: _Request) -> int:
    quality = request.quality if request.quality in _OUTPUT_TOKENS else "high"
    square, portrait, landscape = _OUTPUT_TOKENS[quality]
    table = {(1024, 1024): square, (1024, 1536): portrait, (1536, 1024): landscape}
    tokens = table.get((request.width, request.height)) or round(square * request.width * request.height / 1024**2)
    # xhigh and max have no published numbers: more than high, in proportion (an estimate).
    return tokens * {"xhigh": 3, "max": 4}.get(request.quality, 2) // 2


def _data_url(content: bytes) -> str:
    """Enough of an upload, as a data URL, for `_sim.image_tokens` to read its size from the header."""
    return "data:application/octet-stream;base64," + base64.b64encode(content[:49_152]).decode("ascii")


def _dimensions(content: bytes) -> tuple[int, int] | None:
    return image_size(_data_url(content))


def _signed_url(server: Context, created: int) -> str:
    """A URL shaped like the API's Azure blob links, valid for an hour (never fetched by the fake)."""
    rng = server.backend.rng
    start = datetime.datetime.fromtimestamp(created, datetime.timezone.utc)
    end = start + datetime.timedelta(seconds=_URL_SECONDS)

    def stamp(moment: datetime.datetime) -> str:
        return quote(moment.strftime("%Y-%m-%dT%H:%M:%SZ"), safe="")

    def token(length: int) -> str:
        return rng.randbytes(length).hex()[:length]

    signature = quote(base64.b64encode(rng.randbytes(32)).decode(), safe="")
    return (
        f"https://oaidalleapiprodscus.blob.core.windows.net/private/org-{token(24)}/user-{token(24)}/"
        f"img-{token(24)}.png?st={stamp(start)}&se={stamp(end)}&sp=r&sv=2024-08-04&sr=b"
        f"&rscd=inline&rsct=image/png&sig={signature}"
    )


def _revised_prompt(server: Context, request: _Request) -> str:
    """DALL·E 3 rewrites prompts into a longer, more specific description."""
    subject = request.prompt.strip().rstrip(".!?") or "An image"
    look = (
        "vivid colours and dramatic lighting"
        if request.style == "vivid"
        else "soft, natural light and realistic detail"
    )
    return f"{subject[0].upper()}{subject[1:]}, rendered with {look}. {sentence(server.backend.rng)}"


def events_of(server: Context, request: _Request, final: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The stream for ``final``: per image, ``partial_images`` previews then ``*.completed`` with
    the image ``final`` holds and its share of the usage."""
    prefix = "image_edit" if request.kind == "edit" else "image_generation"
    created = server.backend.clock.now()
    shared = {
        "created_at": created,
        "size": final.get("size", request.size),
        "quality": final.get("quality", request.quality),
        "background": final.get("background", request.background),
        "output_format": final.get("output_format", request.output_format),
    }
    usage = _usage(request, request.partial_images)
    events: list[dict[str, Any]] = []
    for index, item in enumerate(final.get("data") or []):
        for partial in range(request.partial_images):
            preview = base64.b64encode(request.image(index, (partial + 1) / (request.partial_images + 1))).decode(
                "ascii"
            )
            events.append(
                {"type": f"{prefix}.partial_image", "b64_json": preview, **shared, "partial_image_index": partial}
            )
        share = {key: usage[key] for key in ("input_tokens", "input_tokens_details")}
        share["output_tokens"] = usage["output_tokens"] // request.n
        share["total_tokens"] = share["input_tokens"] + share["output_tokens"]
        events.append({"type": f"{prefix}.completed", "b64_json": item.get("b64_json") or "", **shared, "usage": share})
    return events


def register(router: Router) -> None:
    routes = (
        ("/images/generations", "generation", "request-shaped: "),
        ("/images/edits", "edit", "request-shaped: "),
        ("/images/variations", "variation", "request-shaped: "),
    )
    common = (
        "real image bytes (PNG/JPEG/WebP/GIF/SVG) of the asked size, `n` images, URL or `b64_json` per model and "
        "`response_format`, DALL·E 3 `revised_prompt`, GPT-image `usage`"
    )
    for template, kind, head in routes:
        extra = "; streams partial images then `completed` events" if kind != "variation" else ""
        adapter = ImagesAdapter(kind, head + common + extra)
        router.add("POST", template, adapter, summary=adapter.summary)
