"""Images: real files of the asked format and size, URL or base64 per model, usage, streams."""

from __future__ import annotations

import asyncio
import base64
import re
import struct
import typing
import warnings
import zlib
from typing import Any

import openai
import pytest
from openai.types import ImagesResponse

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, channels, rows) of a PNG, checking signature, chunk CRCs and filters."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, header = 8, b"", b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length : at + 12 + length])[0] == zlib.crc32(kind + body)
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        at += 12 + length
        if kind == b"IEND":
            break
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    channels = 4 if colour == 6 else 3
    raw = zlib.decompress(idat)
    stride = 1 + width * channels
    assert len(raw) == height * stride
    rows = [raw[i * stride : (i + 1) * stride] for i in range(height)]
    assert {row[0] for row in rows} == {0}  # filter "None" on every row: pixels are the bytes
    return width, height, channels, [row[1:] for row in rows]


def pixel(rows: list[bytes], channels: int, x: int, y: int) -> tuple[int, ...]:
    return tuple(rows[y][x * channels : (x + 1) * channels])


def jpeg_size(data: bytes) -> tuple[int, int]:
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    at = 2
    while data[at] == 0xFF and data[at + 1] != 0xC0:
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    height, width = struct.unpack(">HH", data[at + 5 : at + 9])
    return width, height


def webp_size(data: bytes) -> tuple[int, int]:
    assert data[:4] == b"RIFF" and data[8:16] == b"WEBPVP8L" and data[20] == 0x2F
    assert struct.unpack("<I", data[4:8])[0] == len(data) - 8
    bits = int.from_bytes(data[21:25], "little")
    return (bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1


def gif_frames(data: bytes) -> tuple[int, int, int]:
    """(width, height, frames), walking every block to the trailer."""
    assert data[:6] == b"GIF89a"
    width, height, flags = struct.unpack("<HHB", data[6:11])
    at = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    frames = 0
    while data[at] != 0x3B:
        if data[at] == 0x21:  # extension: label, then sub-blocks
            at += 2
        else:
            assert data[at] == 0x2C
            frames += 1
            local = data[at + 9]
            at += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1  # descriptor, table, LZW size
        while data[at]:
            at += 1 + data[at]
        at += 1
    return width, height, frames


def only_image(reply: ImagesResponse, index: int = 0) -> bytes:
    assert reply.data is not None
    encoded = reply.data[index].b64_json
    assert encoded is not None
    return base64.b64decode(encoded)


def test_dall_e_2_is_the_default_and_answers_with_urls() -> None:
    reply = FakeOpenAI(seed=1).images.generate(prompt="A lighthouse at dusk", n=3)
    assert reply.data is not None and len(reply.data) == 3
    urls = [item.url for item in reply.data]
    assert all(url and re.match(r"https://\S+/img-\w+\.png\?st=\S+&se=\S+&sig=\S+$", url) for url in urls)
    assert len(set(urls)) == 3
    assert reply.usage is None and reply.data[0].revised_prompt is None


def test_dall_e_b64_json_is_a_png_of_the_asked_size() -> None:
    reply = FakeOpenAI(seed=1).images.generate(
        prompt="A lighthouse", model="dall-e-2", size="512x512", response_format="b64_json"
    )
    width, height, channels, rows = decode_png(only_image(reply))
    assert (width, height, channels) == (512, 512, 3)
    corner, centre = pixel(rows, 3, 0, 0), pixel(rows, 3, 256, 256)
    assert corner != centre  # a subject on a background, not a blank image


def test_dall_e_3_revises_the_prompt() -> None:
    reply = FakeOpenAI(seed=1).images.generate(prompt="a red fox in the snow", model="dall-e-3", size="1792x1024")
    assert reply.data is not None
    revised = reply.data[0].revised_prompt
    assert revised and revised.lower().startswith("a red fox in the snow") and len(revised) > 40
    assert reply.data[0].url


def test_gpt_image_always_base64_with_resolved_fields_and_usage() -> None:
    reply = FakeOpenAI(seed=1).images.generate(
        prompt="a fox", model="gpt-image-1", n=2, quality="low", size="1024x1536"
    )
    assert reply.data is not None and all(item.b64_json and not item.url for item in reply.data)
    assert (reply.size, reply.quality, reply.output_format, reply.background) == ("1024x1536", "low", "png", "opaque")
    assert decode_png(only_image(reply, 1))[:2] == (1024, 1536)
    usage = reply.usage
    assert usage is not None
    assert usage.output_tokens == 2 * 408  # gpt-image-1, low quality, 1024x1536 (docs/api-behaviour.md, Images)
    assert usage.total_tokens == usage.input_tokens + usage.output_tokens
    assert usage.input_tokens == usage.input_tokens_details.text_tokens + usage.input_tokens_details.image_tokens


def test_a_gpt_image_only_field_means_gpt_image() -> None:
    reply = FakeOpenAI(seed=1).images.generate(prompt="a fox", output_format="webp")
    assert reply.usage is not None and reply.output_format == "webp"


# GIF and SVG output arrived in later 3.x releases of the SDK; older ones cannot parse them.
_SDK_FORMATS = set(typing.get_args(typing.get_args(ImagesResponse.model_fields["output_format"].annotation)[0]))


@pytest.mark.parametrize(
    ("output_format", "size"),
    [("jpeg", "1536x1024"), ("webp", "1536x1024"), ("gif", "1024x1024"), ("svg", "1024x1536")],
)
def test_output_formats_are_real_files_of_the_asked_size(output_format: str, size: str) -> None:
    if output_format not in _SDK_FORMATS:
        pytest.skip(f"openai {openai.__version__} has no {output_format!r} output format")
    reply = FakeOpenAI(seed=1).images.generate(
        prompt="a fox", model="gpt-image-1", output_format=output_format, size=size
    )  # type: ignore[arg-type]
    data = only_image(reply)
    expected = tuple(int(part) for part in size.split("x"))
    if output_format == "jpeg":
        assert jpeg_size(data) == expected
    elif output_format == "webp":
        assert webp_size(data) == expected
    elif output_format == "gif":
        assert gif_frames(data) == (*expected, 9)  # the API's default frame_count
    else:
        assert re.match(rf'<svg [^>]*width="{expected[0]}" height="{expected[1]}"', data.decode())


def test_transparent_background_has_an_alpha_channel() -> None:
    fake = FakeOpenAI(seed=1)
    reply = fake.images.generate(prompt="a logo", model="gpt-image-1", background="transparent", size="1024x1024")
    assert reply.background == "transparent"
    width, _, channels, rows = decode_png(only_image(reply))
    assert channels == 4
    assert pixel(rows, 4, 0, 0)[3] == 0 and pixel(rows, 4, width // 2, width // 2)[3] == 255
    webp = only_image(
        fake.images.generate(prompt="a logo", model="gpt-image-1", background="transparent", output_format="webp")
    )
    assert webp[24] >> 4 & 1  # VP8L header: alpha_is_used


def test_the_same_prompt_draws_the_same_picture() -> None:
    def draw(fake: FakeOpenAI, prompt: str) -> bytes:
        return only_image(fake.images.generate(prompt=prompt, model="gpt-image-1", quality="low"))

    assert draw(FakeOpenAI(seed=1), "a fox") == draw(FakeOpenAI(seed=7), "a fox")
    assert draw(FakeOpenAI(seed=1), "a fox") != draw(FakeOpenAI(seed=1), "a cat")


def test_stream_sends_partials_then_the_same_image_as_unstreamed() -> None:
    fake = FakeOpenAI(seed=1)
    events = list(fake.images.generate(prompt="a fox", model="gpt-image-1", stream=True, partial_images=2))
    assert [e.type for e in events] == ["image_generation.partial_image"] * 2 + ["image_generation.completed"]
    assert [e.partial_image_index for e in events[:2]] == [0, 1]
    partials = [decode_png(base64.b64decode(e.b64_json)) for e in events]
    assert all(p[:2] == (1024, 1024) for p in partials)
    centres = [pixel(rows, channels, 512, 512) for _, _, channels, rows in partials]
    assert len(set(centres)) == 3  # the subject fades in
    plain = fake.images.generate(prompt="a fox", model="gpt-image-1")
    completed = events[-1]
    assert completed.type == "image_generation.completed"
    assert base64.b64decode(completed.b64_json) == only_image(plain)
    assert plain.usage is not None
    assert completed.usage.output_tokens == plain.usage.output_tokens + 2 * 100  # each partial costs 100


def test_edit_takes_the_input_images_orientation_and_counts_them() -> None:
    fake = FakeOpenAI(seed=1)
    source = only_image(fake.images.generate(prompt="a field", model="gpt-image-1", size="1536x1024", quality="low"))
    reply = fake.images.edit(image=("field.png", source, "image/png"), prompt="add a cow", model="gpt-image-1")
    assert reply.size == "1536x1024" and decode_png(only_image(reply))[:2] == (1536, 1024)
    assert reply.usage is not None and reply.usage.input_tokens_details.image_tokens > 0
    events = list(
        fake.images.edit(image=[("a.png", source), ("b.png", source)], prompt="merge", model="gpt-image-1", stream=True)
    )
    assert [e.type for e in events] == ["image_edit.completed"]


def test_variations_of_the_asked_size() -> None:
    fake = FakeOpenAI(seed=1)
    source = only_image(fake.images.generate(prompt="a tree", response_format="b64_json", size="256x256"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # newer SDKs mark the endpoint retired
        reply = fake.images.create_variation(image=source, n=2, size="256x256", response_format="b64_json")
    assert [decode_png(only_image(reply, i))[:2] for i in range(2)] == [(256, 256)] * 2


def test_async_images() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=1)
        reply = await fake.images.generate(prompt="a fox", model="gpt-image-1", output_format="jpeg", size="1024x1024")
        assert jpeg_size(only_image(reply)) == (1024, 1024)
        stream = await fake.images.generate(prompt="a fox", model="gpt-image-1", stream=True, partial_images=1)
        kinds: list[Any] = [event.type async for event in stream]
        assert kinds == ["image_generation.partial_image", "image_generation.completed"]

    asyncio.run(main())


def test_an_image_whose_header_claims_no_pixels_is_counted_not_crashed_on() -> None:
    # A PNG header of 0×0 used to divide by zero in the token count (in process and over HTTP).
    import struct
    import zlib

    header = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 0, 0, 8, 6, 0, 0, 0)
    empty = header + struct.pack(">I", zlib.crc32(header[12:29]))
    fake = FakeOpenAI(seed=13)
    edited = fake.images.edit(image=("empty.png", empty, "image/png"), prompt="Add a hat", model="gpt-image-1")
    assert edited.data and edited.usage is not None and edited.usage.input_tokens > 0
