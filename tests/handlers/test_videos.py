"""Videos: request-shaped jobs that render through queued -> in_progress -> completed; real MP4s."""

from __future__ import annotations

import asyncio
import struct
import warnings
from collections.abc import Iterator

import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI


@pytest.fixture(autouse=True)
def _sora_deprecation_allowed() -> Iterator[None]:
    # Every videos method warns that the Sora API shuts down in 2026: expected here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def boxes(data: bytes) -> dict[bytes, bytes]:
    """The boxes at one level of an ISO-BMFF file, checking that their sizes tile it exactly."""
    found: dict[bytes, bytes] = {}
    offset = 0
    while offset < len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        assert size >= 8 and offset + size <= len(data), f"bad box {kind!r} at {offset}"
        found[kind] = data[offset + 8 : offset + size]
        offset += size
    assert offset == len(data)
    return found


def full_box_fields(payload: bytes) -> bytes:
    return payload[4:]  # version and flags


def movie_facts(data: bytes) -> tuple[float, int, int]:
    """(duration in seconds, width, height) read from moov/mvhd and moov/trak/tkhd."""
    top = boxes(data)
    assert list(top)[:2] == [b"ftyp", b"moov"] and top[b"ftyp"][:4] == b"isom"
    moov = boxes(top[b"moov"])
    timescale, duration = struct.unpack(">II", full_box_fields(moov[b"mvhd"])[8:16])
    trak = boxes(moov[b"trak"])
    tkhd = full_box_fields(trak[b"tkhd"])
    width, height = struct.unpack(">II", tkhd[-8:])
    mdia = boxes(trak[b"mdia"])
    assert full_box_fields(mdia[b"hdlr"])[4:8] == b"vide"
    assert {b"vmhd", b"dinf", b"stbl"} <= set(boxes(mdia[b"minf"]))
    return duration / timescale, width >> 16, height >> 16


def test_create_echoes_the_request_and_starts_queued() -> None:
    fake = FakeOpenAI(seed=1)
    video = fake.videos.create(prompt="A cat on a skateboard", model="sora-2-pro", seconds="8", size="1280x720")
    assert video.id.startswith("video_") and video.status == "queued" and video.progress == 0
    assert (video.model, video.seconds, video.size, video.prompt) == (
        "sora-2-pro",
        "8",
        "1280x720",
        "A cat on a skateboard",
    )
    assert video.completed_at is None and video.remixed_from_video_id is None and video.error is None


def test_polling_completes_it_and_the_download_is_an_mp4_of_its_length_and_size() -> None:
    fake = FakeOpenAI(seed=2)
    video = fake.videos.create_and_poll(prompt="Waves at dusk", seconds="12", size="1792x1024")
    assert video.status == "completed" and video.progress == 100
    assert video.completed_at is not None and video.created_at <= video.completed_at
    assert video.expires_at is not None and video.expires_at > video.completed_at
    content = fake.videos.download_content(video.id)
    assert content.response.headers["content-type"] == "video/mp4"
    assert movie_facts(content.content) == (12.0, 1792, 1024)


def test_default_length_and_size() -> None:
    fake = FakeOpenAI(seed=3)
    video = fake.videos.create_and_poll(prompt="A quiet street")
    assert (video.model, video.seconds, video.size) == ("sora-2", "4", "720x1280")
    assert movie_facts(fake.videos.download_content(video.id).content) == (4.0, 720, 1280)


def test_download_before_completion_and_of_an_unknown_video_fail_as_the_api() -> None:
    fake = FakeOpenAI(seed=4)
    video = fake.videos.create(prompt="Rain")
    with pytest.raises(openai.BadRequestError, match="not ready"):
        fake.videos.download_content(video.id)
    with pytest.raises(openai.NotFoundError):
        fake.videos.download_content("video_doesnotexist")


def test_thumbnail_and_spritesheet_are_images() -> None:
    fake = FakeOpenAI(seed=5)
    video = fake.videos.create_and_poll(prompt="Fireworks", size="1280x720")
    thumbnail = fake.videos.download_content(video.id, variant="thumbnail")
    assert thumbnail.content[:4] == b"RIFF" and thumbnail.content[8:12] == b"WEBP"
    assert thumbnail.response.headers["content-type"] == "image/webp"
    sheet = fake.videos.download_content(video.id, variant="spritesheet")
    assert sheet.content[:2] == b"\xff\xd8" and sheet.response.headers["content-type"] == "image/jpeg"


def test_manual_lifecycle_and_a_failed_render() -> None:
    fake = FakeOpenAI(seed=6)
    fake.lifecycle.configure("manual", kind="video")
    video = fake.videos.create(prompt="A storm")
    assert fake.videos.retrieve(video.id).status == "queued"
    fake.lifecycle.advance(video.id)
    running = fake.videos.retrieve(video.id)
    assert running.status == "in_progress" and running.progress == 50
    fake.lifecycle.fail(video.id, code="moderation_blocked", message="Your request was blocked.")
    failed = fake.videos.retrieve(video.id)
    assert failed.status == "failed" and failed.error is not None and failed.error.code == "moderation_blocked"


def test_async_client_gets_the_same_bytes() -> None:
    async def run() -> bytes:
        fake = FakeAsyncOpenAI(seed=7)
        video = await fake.videos.create_and_poll(prompt="A lighthouse", seconds="8")
        return (await fake.videos.download_content(video.id)).content

    fake = FakeOpenAI(seed=7)
    video = fake.videos.create_and_poll(prompt="A lighthouse", seconds="8")
    assert asyncio.run(run()) == fake.videos.download_content(video.id).content
    assert movie_facts(asyncio.run(run()))[0] == 8.0
