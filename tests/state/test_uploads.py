"""Uploads: parts joined in the order named become a normal File whose content is the input."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._state import blobs as _blobs

_DATA = bytes(range(256)) * 7 + b"tail"


def test_upload_file_chunked_round_trips_the_bytes_into_a_listed_file() -> None:
    fake = FakeOpenAI(seed=2)
    upload = fake.uploads.upload_file_chunked(
        file=_DATA,
        filename="blob.bin",
        bytes=len(_DATA),
        mime_type="application/octet-stream",
        purpose="assistants",
        part_size=500,
    )
    assert upload.status == "completed" and upload.file is not None
    assert (upload.file.filename, upload.file.bytes, upload.file.purpose) == ("blob.bin", len(_DATA), "assistants")
    assert fake.files.content(upload.file.id).read() == _DATA
    assert fake.files.retrieve(upload.file.id) == upload.file
    assert [f.id for f in fake.files.list()] == [upload.file.id]
    assert upload.file.created_at >= upload.created_at


def test_upload_file_chunked_from_a_path_with_md5(tmp_path: Path) -> None:
    source = tmp_path / "train.jsonl"
    source.write_bytes(b'{"prompt": "a"}\n' * 100)
    fake = FakeOpenAI(seed=2)
    upload = fake.uploads.upload_file_chunked(
        file=source,
        mime_type="application/jsonl",
        purpose="fine-tune",
        part_size=64,
        md5=hashlib.md5(source.read_bytes()).hexdigest(),
    )
    assert upload.file is not None and upload.filename == "train.jsonl"
    assert fake.files.content(upload.file.id).read() == source.read_bytes()


def test_create_is_pending_and_expires_an_hour_later() -> None:
    fake = FakeOpenAI(seed=2)
    upload = fake.uploads.create(filename="a.txt", purpose="assistants", bytes=3, mime_type="text/plain")
    assert (upload.status, upload.file, upload.bytes, upload.filename) == ("pending", None, 3, "a.txt")
    assert upload.expires_at == upload.created_at + 3600


def test_parts_are_joined_in_the_order_complete_names_them() -> None:
    fake = FakeOpenAI(seed=2)
    upload = fake.uploads.create(filename="abc.txt", purpose="assistants", bytes=6, mime_type="text/plain")
    first = fake.uploads.parts.create(upload.id, data=b"ab")
    second = fake.uploads.parts.create(upload.id, data=b"cd")
    third = fake.uploads.parts.create(upload.id, data=b"ef")
    assert first.id.startswith("part_") and first.upload_id == upload.id and first.object == "upload.part"
    done = fake.uploads.complete(upload.id, part_ids=[third.id, first.id, second.id])
    assert done.file is not None
    assert fake.files.content(done.file.id).read() == b"efabcd"
    # The parts' bytes are not kept once the file holds them.
    assert _blobs.get_bytes(fake.backend, first.id) is None


def test_a_byte_count_mismatch_is_a_400_and_the_upload_stays_pending() -> None:
    fake = FakeOpenAI(seed=2)
    upload = fake.uploads.create(filename="a.txt", purpose="assistants", bytes=5, mime_type="text/plain")
    part = fake.uploads.parts.create(upload.id, data=b"abc")
    with pytest.raises(openai.BadRequestError) as caught:
        fake.uploads.complete(upload.id, part_ids=[part.id])
    body = caught.value.body
    assert caught.value.status_code == 400 and isinstance(body, dict) and body["param"] == "part_ids"
    assert "bytes=5" in body["message"]
    more = fake.uploads.parts.create(upload.id, data=b"de")
    assert fake.uploads.complete(upload.id, part_ids=[part.id, more.id]).status == "completed"


def test_a_wrong_md5_and_a_foreign_part_are_400() -> None:
    fake = FakeOpenAI(seed=2)
    one = fake.uploads.create(filename="a", purpose="assistants", bytes=1, mime_type="text/plain")
    other = fake.uploads.create(filename="b", purpose="assistants", bytes=1, mime_type="text/plain")
    part = fake.uploads.parts.create(one.id, data=b"x")
    with pytest.raises(openai.BadRequestError, match="md5"):
        fake.uploads.complete(one.id, part_ids=[part.id], md5="0" * 32)
    with pytest.raises(openai.BadRequestError, match="is not a Part of Upload"):
        fake.uploads.complete(other.id, part_ids=[part.id])


def test_cancel_and_finished_uploads_refuse_further_changes() -> None:
    fake = FakeOpenAI(seed=2)
    upload = fake.uploads.create(filename="a", purpose="assistants", bytes=1, mime_type="text/plain")
    part = fake.uploads.parts.create(upload.id, data=b"x")
    cancelled = fake.uploads.cancel(upload.id)
    assert (cancelled.status, cancelled.file) == ("cancelled", None)
    for attempt in (
        lambda: fake.uploads.complete(upload.id, part_ids=[part.id]),
        lambda: fake.uploads.cancel(upload.id),
        lambda: fake.uploads.parts.create(upload.id, data=b"y"),
    ):
        with pytest.raises(openai.BadRequestError, match="already cancelled"):
            attempt()
    done = fake.uploads.upload_file_chunked(
        file=b"z", filename="z", bytes=1, mime_type="text/plain", purpose="assistants"
    )
    with pytest.raises(openai.BadRequestError, match="already completed"):
        fake.uploads.complete(done.id, part_ids=[])
    assert list(fake.files.list()) == [done.file]


def test_a_pending_upload_expires_on_the_clock() -> None:
    fake = FakeOpenAI(seed=2)
    upload = fake.uploads.create(filename="a", purpose="assistants", bytes=1, mime_type="text/plain")
    fake.backend.clock.advance(3600)
    with pytest.raises(openai.BadRequestError, match="already expired"):
        fake.uploads.parts.create(upload.id, data=b"x")


def test_unknown_uploads_are_404_and_batch_files_expire_in_30_days() -> None:
    fake = FakeOpenAI(seed=2)
    with pytest.raises(openai.NotFoundError, match="No upload found with id 'upload_nope'"):
        fake.uploads.parts.create("upload_nope", data=b"x")
    done = fake.uploads.upload_file_chunked(
        file=b"{}\n", filename="b.jsonl", bytes=3, mime_type="application/jsonl", purpose="batch"
    )
    assert done.file is not None and done.file.expires_at == done.file.created_at + 30 * 24 * 3600


def test_the_same_seed_gives_the_same_upload() -> None:
    def run() -> str:
        fake = FakeOpenAI(seed=9)
        return fake.uploads.upload_file_chunked(
            file=_DATA, filename="x", bytes=len(_DATA), mime_type="text/plain", purpose="assistants"
        ).model_dump_json()

    assert run() == run()


def test_async_upload_file_chunked_round_trip_and_errors(tmp_path: Path) -> None:
    source = tmp_path / "data.bin"
    source.write_bytes(_DATA)

    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=2)
        upload = await fake.uploads.upload_file_chunked(
            file=source, mime_type="application/octet-stream", purpose="assistants", part_size=333
        )
        assert upload.file is not None and upload.status == "completed"
        assert (await fake.files.content(upload.file.id)).read() == _DATA
        pending = await fake.uploads.create(filename="a", purpose="assistants", bytes=2, mime_type="text/plain")
        part = await fake.uploads.parts.create(pending.id, data=b"a")
        with pytest.raises(openai.BadRequestError):
            await fake.uploads.complete(pending.id, part_ids=[part.id])
        assert (await fake.uploads.cancel(pending.id)).status == "cancelled"
        with pytest.raises(openai.NotFoundError):
            await fake.uploads.cancel("upload_missing")

    asyncio.run(main())
