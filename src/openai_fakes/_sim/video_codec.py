"""A real, minimal MP4 (ISO/IEC 14496-12 base media file) of a given length and frame size.

The file is ``ftyp`` + ``moov`` + an empty ``mdat``: a movie header (``mvhd``) whose duration is
the video's length, and one video track (``tkhd`` with the frame size, ``mdia`` with ``mdhd``,
a ``vide`` handler, ``vmhd``, a self-contained data reference and an empty sample table). Tools
that read the container (box walkers, ``ffprobe -show_format``) report the intended duration and
size; there are no coded frames to play, which is what a fake promises.
"""

from __future__ import annotations

import struct

TIMESCALE = 1000  # movie and media time in milliseconds
_MATRIX = struct.pack(">9I", 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000)  # identity


def box(kind: bytes, *payload: bytes) -> bytes:
    body = b"".join(payload)
    return struct.pack(">I", 8 + len(body)) + kind + body


def full_box(kind: bytes, version: int, flags: int, *payload: bytes) -> bytes:
    return box(kind, struct.pack(">I", (version << 24) | flags), *payload)


def _mvhd(duration: int) -> bytes:
    return full_box(
        b"mvhd",
        0,
        0,
        struct.pack(">IIII", 0, 0, TIMESCALE, duration),
        struct.pack(">IH", 0x00010000, 0x0100),  # rate 1.0, volume 1.0
        bytes(10),  # reserved
        _MATRIX,
        bytes(24),  # pre_defined
        struct.pack(">I", 2),  # next_track_ID
    )


def _tkhd(duration: int, width: int, height: int) -> bytes:
    return full_box(
        b"tkhd",
        0,
        0x000003,  # enabled, in movie
        struct.pack(">IIIII", 0, 0, 1, 0, duration),
        bytes(8),  # reserved
        struct.pack(">hhhH", 0, 0, 0, 0),  # layer, alternate_group, volume (0 for video), reserved
        _MATRIX,
        struct.pack(">II", width << 16, height << 16),
    )


def _mdia(duration: int) -> bytes:
    mdhd = full_box(
        b"mdhd", 0, 0, struct.pack(">IIII", 0, 0, TIMESCALE, duration), struct.pack(">HH", 0x55C4, 0)
    )  # 'und'
    hdlr = full_box(b"hdlr", 0, 0, struct.pack(">I", 0), b"vide", bytes(12), b"VideoHandler\x00")
    vmhd = full_box(b"vmhd", 0, 1, bytes(8))
    dinf = box(b"dinf", full_box(b"dref", 0, 0, struct.pack(">I", 1), full_box(b"url ", 0, 1)))
    stbl = box(
        b"stbl",
        full_box(b"stsd", 0, 0, struct.pack(">I", 0)),
        full_box(b"stts", 0, 0, struct.pack(">I", 0)),
        full_box(b"stsc", 0, 0, struct.pack(">I", 0)),
        full_box(b"stsz", 0, 0, struct.pack(">II", 0, 0)),
        full_box(b"stco", 0, 0, struct.pack(">I", 0)),
    )
    return box(b"mdia", mdhd, hdlr, box(b"minf", vmhd, dinf, stbl))


def mp4(seconds: float, width: int, height: int) -> bytes:
    duration = round(seconds * TIMESCALE)
    ftyp = box(b"ftyp", b"isom", struct.pack(">I", 0x200), b"isom", b"iso2", b"avc1", b"mp41")
    trak = box(b"trak", _tkhd(duration, width, height), _mdia(duration))
    return ftyp + box(b"moov", _mvhd(duration), trak) + box(b"mdat")
