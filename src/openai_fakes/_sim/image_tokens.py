"""Input-image token counts by OpenAI's published rules (docs/api-behaviour.md, Image input tokens).

Sizes come from the image itself when it is a data URL (PNG, JPEG, GIF and WebP headers are read);
a remote URL is never fetched, so it is counted as a 1024×1024 image — documented in docs/chat.md.
"""

from __future__ import annotations

import base64
import math
import struct

ASSUMED_REMOTE_SIZE = (1024, 1024)

# (base, per tile, shortest side after scaling) for tile-rule models; most specific first.
_TILES: tuple[tuple[str, int, int, int], ...] = (
    ("gpt-4o-mini", 2833, 5667, 768),
    ("gpt-5-chat", 70, 140, 768),
    ("gpt-5", 70, 140, 768),
    ("o1", 75, 150, 768),
    ("o3", 75, 150, 768),
    ("computer-use", 65, 129, 768),
    ("gpt-image-1", 65, 129, 512),
    ("gpt-4o", 85, 170, 768),
    ("gpt-4.1", 85, 170, 768),
    ("gpt-4.5", 85, 170, 768),
)
# Patch-rule models: 32-px patches, capped at 1536, times a multiplier.
_PATCHES: tuple[tuple[str, float], ...] = (
    ("gpt-4.1-mini", 1.62),
    ("gpt-4.1-nano", 2.46),
    ("o4-mini", 1.72),
    ("gpt-5-mini", 1.62),
    ("gpt-5-nano", 2.46),
)


def image_tokens(model: str, url: str, detail: str | None) -> int:
    width, height = image_size(url) or ASSUMED_REMOTE_SIZE
    for prefix, multiplier in _PATCHES:
        if model.startswith(prefix):
            return math.ceil(_patches(width, height) * multiplier)
    base, per_tile, shortest = next(((b, t, s) for p, b, t, s in _TILES if model.startswith(p)), (85, 170, 768))
    if detail == "low":
        return base
    return base + per_tile * _tiles(width, height, shortest)


def _tiles(width: int, height: int, shortest: int) -> int:
    # Fit within 2048x2048, then scale the shortest side to `shortest` (fractional sizes on purpose).
    fit = min(1.0, 2048 / max(width, height))
    fitted_w, fitted_h = width * fit, height * fit
    shrink = shortest / min(fitted_w, fitted_h)
    return math.ceil(fitted_w * shrink / 512) * math.ceil(fitted_h * shrink / 512)


def _patches(width: int, height: int) -> int:
    raw = math.ceil(width / 32) * math.ceil(height / 32)
    if raw <= 1536:
        return raw
    ratio = math.sqrt(32 * 32 * 1536 / (width * height))
    ratio *= min(
        math.floor(width * ratio / 32) / (width * ratio / 32), math.floor(height * ratio / 32) / (height * ratio / 32)
    )
    return min(1536, math.ceil(width * ratio / 32) * math.ceil(height * ratio / 32))


def image_size(url: str) -> tuple[int, int] | None:
    """Width and height of a data-URL image, read from its header; ``None`` when unknown."""
    if not url.startswith("data:") or "," not in url:
        return None
    try:
        data = base64.b64decode(url.split(",", 1)[1][:65536] + "==", validate=False)
    except ValueError:
        return None
    size = _size_of(data)
    # A header that claims no pixels (0×0) gives no size to count by: counted as an unread image.
    return size if size is not None and size[0] > 0 and size[1] > 0 else None


def _size_of(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    if data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        position += 2 + length
    return None
