"""Images: ``ImagesResponseFactory`` and ``ImageFactory``.

Two shapes, as the API has them (docs/api-behaviour.md, Images). By default an image is a URL with a
``revised_prompt``, as dall-e models return it (readable in a notebook). With
``response_format="b64_json"``, or any field only GPT image models send (``size``, ``quality``,
``output_format``, ``background``, ``usage``), it is a real, decodable image of that size and
format, drawn by the fake server's own encoder, with the usage gpt-image-1 reports for it.
"""

from __future__ import annotations

import base64
from collections.abc import Collection
from functools import lru_cache
from typing import Any, Literal

from openai.types import Image, ImagesResponse

from .._sim.image_codec import Scene, encode
from .._sim.reply_rules.usage import clamp_counts
from .._sim.text import sentence, url
from .._sim.tokens import text_tokens
from ._curate import UNSET, Unset, fixed_keys, given
from ._engine import SDKModelFactory, curated
from ._state import Build

_SIZES = ("1024x1024", "1024x1536", "1536x1024")
# gpt-image-1 output tokens per image, by quality and size (docs/api-behaviour.md, Images; image-generation guide).
_OUTPUT_TOKENS = {"low": (272, 408, 400), "medium": (1056, 1584, 1568), "high": (4160, 6240, 6208)}
_GPT_IMAGE_FIELDS = ("size", "quality", "output_format", "background", "usage")
_PALETTE = ((246, 241, 231), (34, 87, 122), (229, 111, 81), (72, 145, 104), (250, 208, 92), (40, 40, 48))


@lru_cache(maxsize=32)
def _image_b64(
    width: int,
    height: int,
    output_format: str,
    background: tuple[int, int, int, int],
    subject: tuple[int, int, int, int],
) -> str:
    """Encoding a 1024px image costs ~10 ms: every distinct picture is made once."""
    return base64.b64encode(encode(Scene(width, height, background, subject), output_format)).decode("ascii")


def _dimensions(size: object) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in str(size).split("x"))
    except ValueError:
        return 1024, 1024  # "auto" and the like: the square default
    return width, height


def _output_tokens(quality: object, size: object) -> int:
    row = _OUTPUT_TOKENS.get(str(quality), _OUTPUT_TOKENS["high"])
    return row[_SIZES.index(size)] if size in _SIZES else row[0]


@curated
class ImageFactory(SDKModelFactory[Image]):
    """One generated image as a URL with the prompt the model rewrote (``revised_prompt``)."""

    __model__ = Image

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        if kwargs.get("b64_json") is None:
            cls._default(kwargs, "url", url(build.rng, "png"))
        cls._default(kwargs, "b64_json", None)
        cls._default(kwargs, "revised_prompt", sentence(build.rng))


@curated
class ImagesResponseFactory(SDKModelFactory[ImagesResponse]):
    """The reply of ``images.generate``. Shorthands: ``n=`` (images, default 1) and
    ``response_format="url" | "b64_json"`` (b64_json: real image bytes, gpt-image-1 fields and usage)."""

    __model__ = ImagesResponse
    _shorthands = ("n", "response_format")

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        n: int | Unset = UNSET,
        response_format: Literal["url", "b64_json"] | Unset = UNSET,
        **kwargs: Any,
    ) -> ImagesResponse:
        """Build one reply: ``n=`` images, as URLs or, with ``response_format="b64_json"``, real image bytes."""
        return super().build(
            factory_use_construct, random_seed, **given(n=n, response_format=response_format), **kwargs
        )

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        n = kwargs.pop("n", 1)
        response_format = kwargs.pop("response_format", None)
        if response_format not in (None, "url", "b64_json"):
            raise ValueError(f"{cls.__name__}: response_format is 'url' or 'b64_json', got {response_format!r}")
        cls._default(kwargs, "safety_identifier", None)
        cls._default(kwargs, "svg_usage", None)
        if response_format == "b64_json" or any(kwargs.get(f) is not None for f in _GPT_IMAGE_FIELDS):
            return cls._gpt_image(kwargs, n, build)
        cls._default(kwargs, "data", [{} for _ in range(n)])
        for field in _GPT_IMAGE_FIELDS:
            cls._default(kwargs, field, None)
        return None

    @classmethod
    def _gpt_image(cls, kwargs: dict[str, Any], n: int, build: Build) -> Any:
        rng = build.rng
        for field, value in (
            ("size", rng.choice(_SIZES)),
            ("quality", rng.choice(("low", "medium", "high"))),
            ("output_format", "png"),
            ("background", "opaque"),
        ):
            cls._default(kwargs, field, value)
        width, height = _dimensions(kwargs["size"])
        fmt = str(kwargs["output_format"])
        background = (*rng.choice(_PALETTE), 0 if kwargs["background"] == "transparent" and fmt != "jpeg" else 255)
        data = [
            {
                "b64_json": _image_b64(
                    width,
                    height,
                    fmt if fmt in ("png", "jpeg", "webp") else "png",
                    background,
                    (*rng.choice(_PALETTE), 255),
                ),
                "url": None,
                "revised_prompt": None,
            }
            for _ in range(n)
        ]
        cls._default(kwargs, "data", data)
        prompt = max(1, text_tokens(sentence(rng)))
        fixed = fixed_keys(cls, kwargs, "usage")
        cls._default(
            kwargs,
            "usage",
            {
                "input_tokens": prompt,
                "input_tokens_details": {"text_tokens": prompt, "image_tokens": 0},
                "output_tokens": n * _output_tokens(kwargs["quality"], kwargs["size"]),
                "output_tokens_details": None,
            },
        )
        return fixed

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        usage = data.get("usage")
        if isinstance(notes, frozenset) and "total_tokens" not in notes and isinstance(usage, dict):
            inputs, outputs = usage.get("input_tokens"), usage.get("output_tokens")
            if isinstance(inputs, int) and isinstance(outputs, int):
                usage["total_tokens"] = inputs + outputs
            if (
                isinstance(inputs, int)
                and "input_tokens_details" not in notes
                and isinstance(usage.get("input_tokens_details"), dict)
            ):
                clamp_counts(usage["input_tokens_details"], inputs)
