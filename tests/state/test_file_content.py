"""File content is real: the bytes a client uploads come back from ``files.content`` (issue 6)."""

from __future__ import annotations

import asyncio
import io
import warnings
from pathlib import Path

import openai
import pytest

from openai_fakes import Backend, FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._state import blobs as _blobs

_PAYLOAD = b'{"custom_id": "r1"}\n\x00\xff binary tail'


def test_content_returns_exactly_the_uploaded_bytes_in_every_form() -> None:
    fake = FakeOpenAI(seed=3)
    created = fake.files.create(file=("data.jsonl", _PAYLOAD), purpose="batch")
    assert created.bytes == len(_PAYLOAD)
    assert fake.files.content(created.id).read() == _PAYLOAD
    assert fake.files.with_raw_response.content(created.id).content == _PAYLOAD
    with fake.files.with_streaming_response.content(created.id) as streamed:
        assert streamed.read() == _PAYLOAD


def test_file_objects_and_paths_upload_their_bytes(tmp_path: Path) -> None:
    fake = FakeOpenAI(seed=3)
    source = tmp_path / "notes.txt"
    source.write_bytes(b"from a path")
    from_path = fake.files.create(file=source, purpose="assistants")
    handle = io.BytesIO(b"from a file object")
    from_handle = fake.files.create(file=handle, purpose="user_data")
    assert (from_path.filename, from_path.bytes) == ("notes.txt", 11)
    assert fake.files.content(from_path.id).read() == b"from a path"
    assert fake.files.content(from_handle.id).read() == b"from a file object"
    assert from_handle.bytes == 18


def test_retrieve_content_gives_the_text() -> None:
    fake = FakeOpenAI(seed=3)
    created = fake.files.create(file=("a.txt", "héllo\n".encode()), purpose="assistants")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert fake.files.retrieve_content(created.id) == "héllo\n"


def test_bytes_are_kept_early_for_other_areas_and_dropped_on_delete() -> None:
    fake = FakeOpenAI(seed=3)
    created = fake.files.create(file=("in.jsonl", _PAYLOAD), purpose="batch")
    assert _blobs.get_bytes(fake.backend, created.id) == _PAYLOAD
    fake.files.delete(created.id)
    assert _blobs.get_bytes(fake.backend, created.id) is None
    with pytest.raises(openai.NotFoundError) as caught:
        fake.files.content(created.id)
    assert caught.value.body == {
        "message": f"No such File object: {created.id}",
        "type": "invalid_request_error",
        "param": "id",
        "code": None,
    }


def test_unknown_file_content_is_404_and_materialized_files_have_generic_text() -> None:
    fake = FakeOpenAI(seed=3)
    with pytest.raises(openai.NotFoundError, match="No such File object: file-nope"):
        fake.files.content("file-nope")
    lenient = FakeOpenAI(seed=3)
    lenient.backend.unknown_ids = "materialize"
    assert lenient.files.content("file-nope").read()  # some text, never an error
    assert _blobs.get_bytes(lenient.backend, "file-nope") is None


def test_the_generic_file_store_still_lists_and_filters() -> None:
    fake = FakeOpenAI(seed=3)
    batch = fake.files.create(file=("b.jsonl", b"{}\n"), purpose="batch")
    tune = fake.files.create(file=("t.jsonl", b"{}\n{}\n"), purpose="fine-tune")
    assert [f.id for f in fake.files.list(purpose="batch")] == [batch.id]
    assert {f.id for f in fake.files.list()} == {batch.id, tune.id}
    assert fake.files.retrieve(tune.id).bytes == 6


def test_two_clients_of_one_backend_see_the_same_bytes() -> None:
    backend = Backend(seed=5)
    created = FakeOpenAI(backend=backend).files.create(file=("x.bin", b"shared"), purpose="assistants")
    assert FakeOpenAI(backend=backend).files.content(created.id).read() == b"shared"


def test_async_content_round_trip_and_404() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=3)
        created = await fake.files.create(file=("data.jsonl", _PAYLOAD), purpose="batch")
        assert (await fake.files.content(created.id)).read() == _PAYLOAD
        raw = await fake.files.with_raw_response.content(created.id)
        assert raw.content == _PAYLOAD
        await fake.files.delete(created.id)
        with pytest.raises(openai.NotFoundError):
            await fake.files.content(created.id)

    asyncio.run(main())
