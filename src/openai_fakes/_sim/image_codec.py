"""Real image files, encoded by hand: PNG, baseline JPEG and lossless WebP.

Every picture the fake draws is the same simple scene: a background colour and a centred square
"subject" of a second colour, its edges on multiples of 8 pixels. That is enough to be a real,
decodable image of the asked size and format, and it lets each encoder stay tiny:

* PNG: two distinct rows, repeated, deflated with ``zlib``.
* JPEG: every 8x8 block is one flat colour, so only DC coefficients are coded; a restart marker
  after each row of blocks makes the coded rows independent, so each distinct row is coded once.
* WebP (VP8L, lossless): a two-colour palette with 8 pixels bundled per coded pixel, each coded
  pixel costing one bit; the bits of a whole image are built with integer arithmetic.

No imaging library is needed (Pillow would add a 10 MB dependency for what is ~200 lines here).
Specs: PNG (ISO/IEC 15948), JPEG (ITU T.81), WebP lossless (RFC 9649).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

RGBA = tuple[int, int, int, int]


@dataclass(frozen=True)
class Scene:
    """What to draw: ``width`` x ``height`` of ``background`` with a centred ``subject`` square."""

    width: int
    height: int
    background: RGBA
    subject: RGBA

    @property
    def square(self) -> tuple[int, int, int, int]:
        """``(x0, y0, x1, y1)`` of the subject, every edge on a multiple of 8 pixels."""
        side = (min(self.width, self.height) // 2) // 8 * 8
        x0 = (self.width - side) // 2 // 8 * 8
        y0 = (self.height - side) // 2 // 8 * 8
        return x0, y0, x0 + side, y0 + side

    @property
    def has_alpha(self) -> bool:
        return self.background[3] < 255 or self.subject[3] < 255


def encode(scene: Scene, output_format: str, quality: int = 100) -> bytes:
    """``scene`` as a file of ``output_format`` (``png``, ``jpeg`` or ``webp``)."""
    if output_format == "jpeg":
        return jpeg(scene, quality)
    if output_format == "webp":
        return webp(scene)
    return png(scene)


# --- PNG ---------------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@lru_cache(maxsize=32)
def png(scene: Scene) -> bytes:
    alpha = scene.has_alpha
    channels = 4 if alpha else 3
    bg = bytes(scene.background[:channels])
    fg = bytes(scene.subject[:channels])
    x0, y0, x1, y1 = scene.square
    width, height = scene.width, scene.height
    plain_row = b"\x00" + bg * width  # filter type 0 (None) then the pixels
    subject_row = b"\x00" + bg * x0 + fg * (x1 - x0) + bg * (width - x1)
    raw = plain_row * y0 + subject_row * (y1 - y0) + plain_row * (height - y1)
    header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(raw, 1))
        + _png_chunk(b"IEND", b"")
    )


# --- JPEG (baseline, 4:4:4, flat 8x8 blocks) ------------------------------------------------------

# One DC table shared by the three components: categories 0-11, each a 4-bit code (0000-1011), so
# a category's code is its own number. One AC table holding only end-of-block, coded "0".
_DC_BITS = bytes([0, 0, 0, 12] + [0] * 12)
_DC_VALUES = bytes(range(12))
_AC_BITS = bytes([1] + [0] * 15)
_AC_VALUES = b"\x00"


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", marker, len(payload) + 2) + payload


def _ycbcr(colour: RGBA) -> tuple[float, float, float]:
    r, g, b = colour[:3]
    return (
        0.299 * r + 0.587 * g + 0.114 * b,
        128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
        128 + 0.5 * r - 0.418688 * g - 0.081312 * b,
    )


def _dc_levels(colour: RGBA, step: int) -> tuple[int, int, int]:
    # A flat block of level v has DC coefficient 8 * (v - 128) (T.81 A.3.3, level-shifted).
    y, cb, cr = (round(8 * (v - 128) / step) for v in _ycbcr(colour))
    return y, cb, cr


def _jpeg_row(blocks: list[tuple[int, int, int]]) -> bytes:
    """One restart interval: a row of MCUs, each three flat blocks (Y, Cb, Cr)."""
    acc = 0
    bits = 0
    previous = [0, 0, 0]  # DC predictors restart at zero after every RST marker
    for levels in blocks:
        for component, level in enumerate(levels):
            diff = level - previous[component]
            previous[component] = level
            size = abs(diff).bit_length()
            extra = diff if diff >= 0 else diff + (1 << size) - 1  # T.81 F.1.2.1.1
            # DC code (4 bits: the category itself), the extra bits, then EOB ("0").
            acc = ((acc << 4 | size) << size | extra) << 1
            bits += 5 + size
    pad = -bits % 8
    acc = acc << pad | ((1 << pad) - 1)  # pad with 1-bits to a byte boundary (T.81 F.1.2.3)
    data = acc.to_bytes((bits + pad) // 8, "big")
    return data.replace(b"\xff", b"\xff\x00")  # byte stuffing


@lru_cache(maxsize=32)
def jpeg(scene: Scene, quality: int = 100) -> bytes:
    # A uniform quantisation step: only the DC coefficient is ever non-zero.
    step = 1 + (100 - max(0, min(100, quality))) // 10
    width, height = scene.width, scene.height
    columns, rows = -(-width // 8), -(-height // 8)
    x0, y0, x1, y1 = scene.square
    bg, fg = _dc_levels(scene.background, step), _dc_levels(scene.subject, step)
    plain = _jpeg_row([bg] * columns)
    subject = _jpeg_row([bg] * (x0 // 8) + [fg] * ((x1 - x0) // 8) + [bg] * (columns - x1 // 8))
    scan = bytearray()
    for row in range(rows):
        scan += subject if y0 // 8 <= row < y1 // 8 else plain
        if row < rows - 1:
            scan += bytes((0xFF, 0xD0 + row % 8))  # RSTn
    quant = bytes([0]) + bytes([step]) * 64
    frame = struct.pack(">BHHB", 8, height, width, 3) + bytes([1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0])
    tables = b"\x00" + _DC_BITS + _DC_VALUES + b"\x10" + _AC_BITS + _AC_VALUES
    scan_header = bytes([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0])
    return (
        b"\xff\xd8"
        + _segment(0xFFE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + _segment(0xFFDB, quant)
        + _segment(0xFFC0, frame)
        + _segment(0xFFC4, tables)
        + _segment(0xFFDD, struct.pack(">H", columns))
        + _segment(0xFFDA, scan_header)
        + bytes(scan)
        + b"\xff\xd9"
    )


# --- WebP (VP8L lossless, two-colour palette) -------------------------------------------------


class _Bits:
    """VP8L's bit writer: fields are packed least significant bit first."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, value: int, count: int) -> None:
        self.value |= value << self.length
        self.length += count

    def simple_code(self, symbols: list[int]) -> None:
        """A prefix code of one or two 8-bit symbols (RFC 9649 3.7.2.1.1); one costs 0 bits, two 1 bit each."""
        self.put(1, 1)
        self.put(len(symbols) - 1, 1)
        self.put(1, 1)  # the first symbol is written with 8 bits
        for symbol in symbols:
            self.put(symbol, 8)


def _channel_code(bits: _Bits, values: tuple[int, ...]) -> None:
    bits.simple_code(sorted(set(values)))


@lru_cache(maxsize=32)
def webp(scene: Scene) -> bytes:
    width, height = scene.width, scene.height
    # ARGB palette, the second entry coded as its difference from the first (RFC 9649 4.4).
    first = scene.background
    second = tuple((s - b) % 256 for s, b in zip(scene.subject, scene.background))
    bits = _Bits()
    bits.put(0x2F, 8)  # signature
    bits.put(width - 1, 14)
    bits.put(height - 1, 14)
    bits.put(1 if scene.has_alpha else 0, 1)
    bits.put(0, 3)  # version
    bits.put(1, 1)  # a transform follows:
    bits.put(3, 2)  # colour indexing
    bits.put(1, 8)  # two colours
    # The palette: a 2x1 entropy-coded image, no colour cache, one prefix code per channel.
    bits.put(0, 1)
    for channel in (1, 0, 2, 3):  # green, red, blue, alpha (RGBA indices)
        _channel_code(bits, (first[channel], second[channel]))
    bits.simple_code([0])  # distance: unused
    for pixel in (first, second):
        for channel in (1, 0, 2, 3):
            pair = sorted({first[channel], second[channel]})
            if len(pair) == 2:
                bits.put(pair.index(pixel[channel]), 1)
    bits.put(0, 1)  # no more transforms
    # The main image: 8 palette indices bundled per coded pixel, so a bundle of subject pixels is
    # 0xFF and one of background pixels 0x00; each coded pixel is one bit (or none if all alike).
    bits.put(0, 1)  # no colour cache
    bits.put(0, 1)  # no meta prefix codes
    x0, y0, x1, y1 = scene.square
    coded_width = -(-width // 8)
    lit = (x1 - x0) // 8
    if lit and y1 > y0:
        bits.simple_code([0, 0xFF])
    else:
        bits.simple_code([0])
    for _ in range(3):  # red, blue, alpha of the bundles are unused
        bits.simple_code([0])
    bits.simple_code([0])  # distance
    if lit and y1 > y0:
        row = ((1 << lit) - 1) << (x0 // 8)
        repeats = y1 - y0
        # ``row`` repeated on ``repeats`` consecutive rows: a geometric series in 2**coded_width.
        block = row * ((1 << (coded_width * repeats)) - 1) // ((1 << coded_width) - 1)
        bits.put(block << (coded_width * y0), coded_width * height)
    stream = bits.value.to_bytes(-(-bits.length // 8), "little")
    chunk = b"VP8L" + struct.pack("<I", len(stream)) + stream + (b"\x00" if len(stream) % 2 else b"")
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


# --- GIF (animated, flat frames) and SVG ------------------------------------------------------


def gif(width: int, height: int, colours: list[RGBA], frame_ms: int = 200) -> bytes:
    """An animated GIF of flat frames, one per colour (a fade from the background to the subject).

    Every frame is one colour (index 0 of its local table), so its LZW stream is the same for all
    frames of a size and is written without a dictionary (`_flat_lzw`)."""
    transparent = any(c[3] < 255 for c in colours)
    out = bytearray(b"GIF89a" + struct.pack("<HHBBB", width, height, 0xF0, 0, 0))  # 2-colour global table
    out += bytes(colours[0][:3]) + bytes(colours[-1][:3])
    out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"  # loop forever
    pixels = _sub_blocks(_flat_lzw(width * height))
    delay = max(1, round(frame_ms / 10))
    for colour in colours:
        flags = 0x09 if transparent and colour[3] < 255 else 0x08  # restore to background; transparency
        out += b"\x21\xf9\x04" + bytes((flags,)) + struct.pack("<HBB", delay, 0, 0)
        out += b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0x80) + bytes(colour[:3]) + bytes(colours[0][:3])
        out += b"\x02" + pixels  # minimum code size 2
    return bytes(out + b"\x3b")


@lru_cache(maxsize=16)
def _flat_lzw(pixels: int) -> bytes:
    """GIF LZW codes for ``pixels`` copies of index 0 (minimum code size 2: clear 4, end 5).

    On a constant input LZW's k-th code after a clear covers k pixels, and every code but the
    first is the entry the decoder is about to define (entry 6 + k - 2), so no dictionary is kept.
    The code width follows the decoder: 3 bits, one more each time the next entry reaches a power
    of two, 12 at most; a clear restarts before the table fills."""
    value = length = 0

    def put(code: int, size: int) -> None:
        nonlocal value, length
        value |= code << length
        length += size

    def width(count: int) -> int:  # bits of the code read after ``count`` codes since a clear
        return min(12, max(3, (6 + max(0, count - 1)).bit_length()))

    put(4, 3)
    count = 0  # codes since the last clear
    left = pixels
    while left:
        run = min(count + 1, left)
        put(0 if run == 1 else 4 + run, width(count))
        count += 1
        left -= run
        if 6 + count >= 4000 and left:
            put(4, width(count))
            count = 0
    put(5, width(count))
    return value.to_bytes(-(-length // 8), "little")


def _sub_blocks(data: bytes) -> bytes:
    blocks = b"".join(bytes((len(data[i : i + 255]),)) + data[i : i + 255] for i in range(0, len(data), 255))
    return blocks + b"\x00"


def svg(scene: Scene) -> bytes:
    x0, y0, x1, y1 = scene.square

    def fill(colour: RGBA) -> str:
        opacity = "" if colour[3] == 255 else f' fill-opacity="{colour[3] / 255:.3g}"'
        return f'fill="#{colour[0]:02x}{colour[1]:02x}{colour[2]:02x}"{opacity}'

    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{scene.width}" height="{scene.height}" '
        f'viewBox="0 0 {scene.width} {scene.height}">'
        f'<rect width="{scene.width}" height="{scene.height}" {fill(scene.background)}/>'
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" {fill(scene.subject)}/></svg>'
    ).encode()
