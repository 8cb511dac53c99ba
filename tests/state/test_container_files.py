"""Container files keep their bytes: what goes into a container comes back from its content."""

from __future__ import annotations

import asyncio

import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._state import blobs as _blobs

_CSV = b"city,temp\nParis,21\nOslo,9\n"


def test_uploaded_bytes_round_trip_with_size_and_path() -> None:
    fake = FakeOpenAI(seed=6)
    container = fake.containers.create(name="analysis")
    created = fake.containers.files.create(container.id, file=("temps.csv", _CSV))
    assert created.id.startswith("cfile_") and created.container_id == container.id
    assert (created.bytes, created.path, created.source) == (len(_CSV), "/mnt/data/temps.csv", "user")
    assert fake.containers.files.content.retrieve(created.id, container_id=container.id).read() == _CSV
    assert fake.containers.files.retrieve(created.id, container_id=container.id).bytes == len(_CSV)


def test_a_file_id_copies_the_files_bytes_under_a_new_id() -> None:
    fake = FakeOpenAI(seed=6)
    source = fake.files.create(file=("report.txt", b"quarterly report"), purpose="user_data")
    container = fake.containers.create(name="analysis")
    copied = fake.containers.files.create(container.id, file_id=source.id)
    assert copied.id.startswith("cfile_") and copied.id != source.id
    assert (copied.path, copied.bytes) == ("/mnt/data/report.txt", 16)
    assert fake.containers.files.content.retrieve(copied.id, container_id=container.id).read() == b"quarterly report"
    # The copy is the container's own: deleting the container leaves the File intact.
    fake.containers.delete(container.id)
    assert fake.files.content(source.id).read() == b"quarterly report"
    assert _blobs.get_bytes(fake.backend, copied.id) is None


def test_unknown_ids_are_404() -> None:
    fake = FakeOpenAI(seed=6)
    container = fake.containers.create(name="analysis")
    with pytest.raises(openai.NotFoundError, match="No such File object: file-nope"):
        fake.containers.files.create(container.id, file_id="file-nope")
    with pytest.raises(openai.NotFoundError):
        fake.containers.files.content.retrieve("cfile_nope", container_id=container.id)
    created = fake.containers.files.create(container.id, file=("a.txt", b"a"))
    fake.containers.files.delete(created.id, container_id=container.id)
    assert _blobs.get_bytes(fake.backend, created.id) is None
    with pytest.raises(openai.NotFoundError):
        fake.containers.files.content.retrieve(created.id, container_id=container.id)


def test_async_round_trip() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=6)
        container = await fake.containers.create(name="analysis")
        created = await fake.containers.files.create(container.id, file=("temps.csv", _CSV))
        content = await fake.containers.files.content.retrieve(created.id, container_id=container.id)
        assert content.read() == _CSV
        await fake.containers.delete(container.id)
        with pytest.raises(openai.NotFoundError):
            await fake.containers.files.content.retrieve(created.id, container_id=container.id)

    asyncio.run(main())
