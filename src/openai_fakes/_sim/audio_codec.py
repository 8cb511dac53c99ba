"""Real audio files of a given length, written by hand, and the length of an uploaded one.

The speech the fake "says" is a quiet 200 Hz tone per word with a short pause after it in the
uncompressed formats (WAV, PCM), and digital silence in the compressed ones, where a silent frame
is a few fixed bytes: MPEG-1 Layer III frames whose side information codes no spectral data, FLAC
frames of CONSTANT subframes, Opus-in-Ogg packets of the standard 3-byte silent CELT frame, and
ADTS frames carrying an AAC-LC element with no scale factor bands. Every file decodes with
ffmpeg/libav and reports the intended duration.

Specs: WAV (RIFF WAVE), MPEG-1 Audio (ISO/IEC 11172-3), FLAC (RFC 9639), Ogg (RFC 3533),
Opus (RFC 6716, RFC 7845), ADTS / AAC (ISO/IEC 13818-7).
"""

from __future__ import annotations

import array
import hashlib
import math
import struct
import sys

SAMPLE_RATE = 24_000
"""The API's speech sample rate: PCM is raw 24 kHz 16-bit mono (docs/api-behaviour.md, Audio)."""

CONTENT_TYPES = {
    "mp3": "audio/mpeg",
    "opus": "audio/ogg",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "pcm": "audio/pcm",
}


def encode(output_format: str, seconds: float, words: int) -> bytes:
    """``seconds`` of speech-like audio in ``output_format``, one tone burst per word."""
    samples = max(1, round(seconds * SAMPLE_RATE))
    if output_format == "pcm":
        return _tone_pcm(samples, words)
    if output_format == "wav":
        return wav(_tone_pcm(samples, words))
    if output_format == "flac":
        return flac(samples)
    if output_format == "opus":
        return ogg_opus(seconds)
    if output_format == "aac":
        return adts(samples)
    return mp3(seconds)


# --- PCM / WAV -----------------------------------------------------------------------------------

_PERIOD = 120  # samples: 200 Hz at 24 kHz
_AMPLITUDE = 1_200  # about -29 dBFS: audible, quiet
_TONE = array.array("h", (round(_AMPLITUDE * math.sin(2 * math.pi * i / _PERIOD)) for i in range(_PERIOD)))
if sys.byteorder == "big":
    _TONE.byteswap()
_TONE_BYTES = _TONE.tobytes()


def _tone_pcm(samples: int, words: int) -> bytes:
    """16-bit little-endian mono: per word, a tone for three quarters of its time, then silence."""
    per_word = max(1, samples // max(1, words))
    tone = per_word * 3 // 4
    word = (_TONE_BYTES * (tone // _PERIOD + 1))[: 2 * tone] + b"\x00\x00" * (per_word - tone)
    body = word * (samples // per_word)
    return body + b"\x00\x00" * (samples - len(body) // 2)


def wav(pcm: bytes, rate: int = SAMPLE_RATE) -> bytes:
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)  # PCM, mono, 16-bit
    return (
        b"RIFF"
        + struct.pack("<I", 36 + len(pcm))
        + b"WAVE"
        + b"fmt "
        + struct.pack("<I", len(fmt))
        + fmt
        + b"data"
        + struct.pack("<I", len(pcm))
        + pcm
    )


# --- MP3 -----------------------------------------------------------------------------------------

# MPEG-1 Layer III, no CRC, 64 kbit/s, 48 kHz, mono: every frame is 144 * 64000 / 48000 = 192 bytes
# and holds 1152 samples (24 ms). Zeroed side information = no Huffman data = silence.
_MP3_HEADER = bytes((0xFF, 0xFB, 0x54, 0xC4))
_MP3_FRAME = _MP3_HEADER + bytes(192 - 4)
_MP3_FRAME_SECONDS = 1152 / 48_000


def mp3(seconds: float) -> bytes:
    return _MP3_FRAME * max(1, math.ceil(seconds / _MP3_FRAME_SECONDS))


# --- FLAC ----------------------------------------------------------------------------------------

_FLAC_BLOCK = 4096


def _crc(data: bytes, poly: int, width: int) -> int:
    """MSB-first CRC with zero initial value and no final xor (FLAC's CRC-8 and CRC-16)."""
    top = 1 << (width - 1)
    mask = (1 << width) - 1
    crc = 0
    for byte in data:
        crc ^= byte << (width - 8)
        for _ in range(8):
            crc = ((crc << 1) ^ poly) & mask if crc & top else (crc << 1) & mask
    return crc


def _utf8_number(value: int) -> bytes:
    """FLAC frame numbers use UTF-8's variable-length form, extended to 36 bits (RFC 9639 9.1.5)."""
    if value < 0x80:
        return bytes((value,))
    count = 2
    while value >= 1 << (5 * count + 1):  # n bytes carry 5n + 1 bits
        count += 1
    tail = []
    for _ in range(count - 1):
        tail.append(0x80 | value & 0x3F)
        value >>= 6
    return bytes([(0xFF << (8 - count)) & 0xFF | value, *reversed(tail)])


def _flac_frame(number: int, block: int) -> bytes:
    size_code = 0xC if block == _FLAC_BLOCK else 0x7  # 4096, or "16-bit size - 1 follows"
    header = bytes((0xFF, 0xF8, size_code << 4 | 0x7, 0x08)) + _utf8_number(number)  # 24 kHz; mono, 16-bit
    if size_code == 0x7:
        header += struct.pack(">H", block - 1)
    header += bytes((_crc(header, 0x07, 8),))
    frame = header + b"\x00" + b"\x00\x00"  # CONSTANT subframe, value 0
    return frame + struct.pack(">H", _crc(frame, 0x8005, 16))


def flac(samples: int) -> bytes:
    full, rest = divmod(samples, _FLAC_BLOCK)
    frames = [_flac_frame(0, _FLAC_BLOCK)] if full else []
    # Only the frame number (and so the two CRCs) changes between full frames.
    frames += [_flac_frame(n, _FLAC_BLOCK) for n in range(1, full)]
    if rest:
        frames.append(_flac_frame(full, rest))
    sizes = [len(f) for f in frames]
    info = struct.pack(">HH", _FLAC_BLOCK if full else rest, _FLAC_BLOCK if full else rest)
    info += min(sizes).to_bytes(3, "big") + max(sizes).to_bytes(3, "big")
    # 20 bits rate, 3 bits channels - 1, 5 bits bits-per-sample - 1, 36 bits total samples.
    info += (SAMPLE_RATE << 44 | 0 << 41 | 15 << 36 | samples).to_bytes(8, "big")
    info += hashlib.md5(bytes(2 * samples)).digest()  # of the decoded (silent) samples
    block_header = bytes((0x80,)) + len(info).to_bytes(3, "big")  # last metadata block, STREAMINFO
    return b"fLaC" + block_header + info + b"".join(frames)


# --- Opus in Ogg ---------------------------------------------------------------------------------

_OGG_TABLE = [0] * 256
for _i in range(256):
    _r = _i << 24
    for _ in range(8):
        _r = ((_r << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if _r & 0x80000000 else (_r << 1) & 0xFFFFFFFF
    _OGG_TABLE[_i] = _r


def _ogg_crc(data: bytes) -> int:
    crc = 0
    table = _OGG_TABLE
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ table[(crc >> 24) ^ byte]
    return crc


def _ogg_page(packets: list[bytes], granule: int, sequence: int, flags: int, serial: int) -> bytes:
    lacing = bytearray()
    for packet in packets:
        lacing += b"\xff" * (len(packet) // 255) + bytes((len(packet) % 255,))
    head = b"OggS" + struct.pack("<BBqIII", 0, flags, granule, serial, sequence, 0) + bytes((len(lacing),)) + lacing
    page = head + b"".join(packets)
    crc = _ogg_crc(page)
    return page[:22] + struct.pack("<I", crc) + page[26:]


_OPUS_SILENCE = b"\xf8\xff\xfe"  # TOC: CELT-only fullband 20 ms mono, then a silent frame
_OPUS_PRE_SKIP = 312
_OPUS_FRAME = 960  # 20 ms at Opus's 48 kHz granule clock
_OPUS_PER_PAGE = 50


def ogg_opus(seconds: float, serial: int = 0x6F706673) -> bytes:
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, _OPUS_PRE_SKIP, SAMPLE_RATE, 0, 0)
    vendor = b"openai-fakes"
    tags = b"OpusTags" + struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", 0)
    pages = [_ogg_page([head], 0, 0, 0x02, serial), _ogg_page([tags], 0, 1, 0, serial)]
    total = max(1, math.ceil(seconds * 50))
    done = 0
    while done < total:
        count = min(_OPUS_PER_PAGE, total - done)
        done += count
        flags = 0x04 if done == total else 0
        pages.append(_ogg_page([_OPUS_SILENCE] * count, _OPUS_PRE_SKIP + done * _OPUS_FRAME, len(pages), flags, serial))
    return b"".join(pages)


# --- AAC in ADTS ---------------------------------------------------------------------------------

# One SCE with global gain 160, a long window and max_sfb 0 (no spectral data), then END.
_AAC_SILENCE = bytes((0x01, 0x40, 0x20, 0x07))
_AAC_FRAME_SAMPLES = 1024


def _adts_header(payload: int) -> bytes:
    length = 7 + payload
    # sync, MPEG-4, layer 0, no CRC | AAC LC, 24 kHz (index 6), mono | length, full buffer, 1 block
    bits = 0xFFF << 44 | 0 << 43 | 0 << 41 | 1 << 40 | 1 << 38 | 6 << 34 | 0 << 33 | 1 << 30
    bits |= length << 13 | 0x7FF << 2
    return bits.to_bytes(7, "big")


_ADTS_FRAME = _adts_header(len(_AAC_SILENCE)) + _AAC_SILENCE


def adts(samples: int) -> bytes:
    return _ADTS_FRAME * max(1, math.ceil(samples / _AAC_FRAME_SAMPLES))


# --- the length of an uploaded file -----------------------------------------------------------------

_FALLBACK_BYTES_PER_SECOND = 16_000  # 128 kbit/s, a common bit rate for compressed speech


def duration_of(data: bytes) -> float:
    """Seconds of audio in ``data``: read from the header where the format says (WAV, FLAC, MP3,
    Ogg Opus), else estimated from the size at 128 kbit/s."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        found = _wav_duration(data)
    elif data[:4] == b"fLaC":
        found = _flac_duration(data)
    elif data[:4] == b"OggS":
        found = _ogg_opus_duration(data)
    elif data[:2] in (b"\xff\xf1", b"\xff\xf9"):
        found = _adts_duration(data)
    else:
        found = _mp3_duration(data)
    return found if found is not None else len(data) / _FALLBACK_BYTES_PER_SECOND


def _wav_duration(data: bytes) -> float | None:
    at, byte_rate = 12, 0
    while at + 8 <= len(data):
        kind, size = data[at : at + 4], int.from_bytes(data[at + 4 : at + 8], "little")
        if kind == b"fmt " and at + 16 <= len(data):
            byte_rate = int.from_bytes(data[at + 16 : at + 20], "little")
        elif kind == b"data" and byte_rate:
            size = min(size, len(data) - at - 8)  # streamed WAVs may say 0xFFFFFFFF
            return size / byte_rate
        at += 8 + size + (size & 1)
    return None


def _flac_duration(data: bytes) -> float | None:
    if len(data) < 26:
        return None
    packed = int.from_bytes(data[18:26], "big")
    rate, samples = packed >> 44, packed & ((1 << 36) - 1)
    return samples / rate if rate and samples else None


def _ogg_opus_duration(data: bytes) -> float | None:
    last = data.rfind(b"OggS")
    if b"OpusHead" not in data[:64] or last < 0 or last + 14 > len(data):
        return None
    granule = int.from_bytes(data[last + 6 : last + 14], "little", signed=True)
    pre_skip = int.from_bytes(data[data.find(b"OpusHead") + 10 :][:2], "little")
    return max(0, granule - pre_skip) / 48_000


_ADTS_RATES = (96_000, 88_200, 64_000, 48_000, 44_100, 32_000, 24_000, 22_050, 16_000, 12_000, 11_025, 8_000, 7_350)


def _adts_duration(data: bytes) -> float | None:
    """ADTS frames each hold 1024 samples; walk the frames by their 13-bit lengths."""
    index = data[2] >> 2 & 0xF
    if index >= len(_ADTS_RATES):
        return None
    at = frames = 0
    while at + 7 <= len(data) and data[at] == 0xFF and data[at + 1] & 0xF0 == 0xF0:
        length = (data[at + 3] & 0x3) << 11 | data[at + 4] << 3 | data[at + 5] >> 5
        if length < 7:
            break
        at += length
        frames += 1
    return frames * _AAC_FRAME_SAMPLES / _ADTS_RATES[index] if frames else None


_MP3_BITRATES = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)


def _mp3_duration(data: bytes) -> float | None:
    at = 0
    if data[:3] == b"ID3" and len(data) >= 10:  # skip an ID3v2 tag (sizes are 7-bit "synchsafe")
        at = 10 + sum((data[6 + i] & 0x7F) << (7 * (3 - i)) for i in range(4))
    if at + 4 > len(data) or data[at] != 0xFF or data[at + 1] & 0xFE != 0xFA:
        return None  # not an MPEG-1 Layer III frame
    index = data[at + 2] >> 4
    if not 0 < index < len(_MP3_BITRATES):
        return None
    return (len(data) - at) * 8 / (_MP3_BITRATES[index] * 1000)
