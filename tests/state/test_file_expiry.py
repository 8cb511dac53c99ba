"""A file's ``expires_at``: from ``expires_after`` (an hour to 30 days after creation), 30 days for
a batch file by default, none for other files; refused outside those bounds, as the API does."""

from __future__ import annotations

import asyncio

import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

LINES = ("requests.jsonl", b'{"custom_id": "r1"}\n')
DAY = 86_400


@pytest.mark.parametrize("seconds", [3600, 7 * DAY, 30 * DAY])
def test_expires_after_sets_expires_at_and_it_is_kept(seconds: int) -> None:
    fake = FakeOpenAI(seed=1)
    created = fake.files.create(file=LINES, purpose="batch", expires_after={"anchor": "created_at", "seconds": seconds})
    assert created.expires_at == created.created_at + seconds
    assert fake.files.retrieve(created.id).expires_at == created.expires_at
    assert [f.expires_at for f in fake.files.list()] == [created.expires_at]


def test_batch_files_expire_after_30_days_and_others_do_not() -> None:
    fake = FakeOpenAI(seed=1)
    batch = fake.files.create(file=LINES, purpose="batch")
    tuning = fake.files.create(file=LINES, purpose="fine-tune")
    kept = fake.files.create(file=("notes.txt", b"hi"), purpose="assistants")
    assert batch.expires_at == batch.created_at + 30 * DAY
    assert tuning.expires_at is None and kept.expires_at is None
    dated = fake.files.create(
        file=("notes.txt", b"hi"), purpose="assistants", expires_after={"anchor": "created_at", "seconds": 3600}
    )
    assert dated.expires_at == dated.created_at + 3600


@pytest.mark.parametrize(
    ("expires_after", "message"),
    [
        ({"anchor": "created_at", "seconds": 3599}, "integer below minimum value. Expected a value >= 3600"),
        ({"anchor": "created_at", "seconds": 30 * DAY + 1}, "integer above maximum value. Expected a value <= 2592000"),
        ({"anchor": "last_active_at", "seconds": 3600}, "Supported values are: 'created_at'"),
        ({"seconds": 3600}, "Missing required parameter: 'expires_after.anchor'"),
        ({"anchor": "created_at"}, "Missing required parameter: 'expires_after.seconds'"),
        ({"anchor": "created_at", "seconds": "3600"}, "expires_after.seconds"),
    ],
)
def test_expiries_the_api_refuses_are_refused(expires_after: dict[str, object], message: str) -> None:
    fake = FakeOpenAI(seed=1)
    with pytest.raises(openai.BadRequestError, match=message):
        fake.files.create(file=LINES, purpose="batch", expires_after=expires_after)  # type: ignore[arg-type]
    assert list(fake.files.list()) == []


def test_async_upload_gets_its_expiry() -> None:
    fake = FakeAsyncOpenAI(seed=1)

    async def upload() -> openai.types.FileObject:
        return await fake.files.create(
            file=LINES, purpose="batch", expires_after={"anchor": "created_at", "seconds": 7200}
        )

    created = asyncio.run(upload())
    assert created.expires_at == created.created_at + 7200
