"""Long jobs through the SDK: batches, fine-tuning jobs, vector-store files and file batches move
through the API's statuses as ``fake.lifecycle`` says, with timestamps and counts that agree."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any, Literal

import openai
import pytest
from openai.types.chat import ChatCompletion

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests._no_sleep import forbid_real_sleep

CHAT: Literal["/v1/chat/completions"] = "/v1/chat/completions"


def _line(custom_id: str, content: str = "Hi", **body: Any) -> dict[str, Any]:
    return {
        "custom_id": custom_id,
        "method": "POST",
        "url": CHAT,
        "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": content}], **body},
    }


def _jsonl(lines: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


def _batch_input(fake: FakeOpenAI, lines: list[dict[str, Any]]) -> str:
    return fake.files.create(file=("input.jsonl", _jsonl(lines)), purpose="batch").id


def _read_lines(fake: FakeOpenAI, file_id: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in fake.files.content(file_id).text.splitlines()]


# --- batches ------------------------------------------------------------------------------------


def test_a_batch_is_created_validating_and_the_first_retrieve_sees_it_completed() -> None:
    fake = FakeOpenAI(seed=1)
    input_id = _batch_input(fake, [_line("a", "Hello"), _line("b", "Bye")])
    batch = fake.batches.create(
        input_file_id=input_id, endpoint=CHAT, completion_window="24h", metadata={"job": "nightly"}
    )
    assert batch.status == "validating"
    assert batch.request_counts is not None and (batch.request_counts.total, batch.request_counts.completed) == (0, 0)
    assert batch.expires_at == batch.created_at + 24 * 3600
    assert batch.in_progress_at is None and batch.completed_at is None and batch.output_file_id is None
    calls_before = len(fake.calls)
    done = fake.batches.retrieve(batch.id)
    assert len(fake.calls) == calls_before + 1  # the lines were answered without being client calls
    assert done.status == "completed" and done.metadata == {"job": "nightly"}
    assert done.created_at <= done.in_progress_at <= done.finalizing_at <= done.completed_at  # type: ignore[operator]
    assert done.failed_at is None and done.cancelled_at is None and done.error_file_id is None
    counts = done.request_counts
    assert counts is not None and (counts.total, counts.completed, counts.failed) == (2, 2, 0)
    assert done.model == "gpt-4o-mini-2024-07-18"
    assert done.output_file_id is not None
    output = fake.files.retrieve(done.output_file_id)
    assert (output.purpose, output.filename) == ("batch_output", f"{batch.id}_output.jsonl")
    lines = _read_lines(fake, done.output_file_id)
    assert [line["custom_id"] for line in lines] == ["a", "b"]
    for line in lines:
        assert re.fullmatch(r"batch_req_[0-9a-f]{32}", line["id"]) and line["error"] is None
        assert line["response"]["status_code"] == 200 and re.fullmatch(r"[0-9a-f]{32}", line["response"]["request_id"])
        completion = ChatCompletion.model_validate(line["response"]["body"])
        assert completion.model == "gpt-4o-mini-2024-07-18" and completion.choices[0].message.content
    assert output.bytes == len(fake.files.content(done.output_file_id).content)
    usage = done.usage
    assert usage is not None and usage.total_tokens == usage.input_tokens + usage.output_tokens > 0
    assert usage.input_tokens == sum(line["response"]["body"]["usage"]["prompt_tokens"] for line in lines)


def test_polls_spread_the_steps_and_counts_agree_at_each() -> None:
    fake = FakeOpenAI(seed=2, lifecycle="polls", polls=3)
    batch = fake.batches.create(
        input_file_id=_batch_input(fake, [_line("a"), _line("b"), _line("c")]), endpoint=CHAT, completion_window="24h"
    )
    seen = []
    for _ in range(3):
        current = fake.batches.retrieve(batch.id)
        counts = current.request_counts
        assert counts is not None
        seen.append((current.status, counts.total, counts.completed + counts.failed))
    assert seen == [("in_progress", 3, 0), ("finalizing", 3, 3), ("completed", 3, 3)]
    assert fake.lifecycle.polls(batch.id) == 3


def test_a_line_the_endpoint_refuses_goes_to_the_error_file() -> None:
    fake = FakeOpenAI(seed=3, lifecycle="immediate")
    lines = [_line("ok"), {**_line("bad"), "body": {"model": "gpt-4o-mini", "messages": []}}]
    batch = fake.batches.create(input_file_id=_batch_input(fake, lines), endpoint=CHAT, completion_window="24h")
    assert batch.status == "completed"
    assert batch.request_counts is not None and (batch.request_counts.completed, batch.request_counts.failed) == (1, 1)
    assert batch.error_file_id is not None and batch.output_file_id is not None
    (refused,) = _read_lines(fake, batch.error_file_id)
    assert refused["custom_id"] == "bad" and refused["response"]["status_code"] == 400
    assert refused["response"]["body"]["error"]["param"] == "messages"
    assert [line["custom_id"] for line in _read_lines(fake, batch.output_file_id)] == ["ok"]


def test_a_scripted_endpoint_answers_the_batch_lines() -> None:
    fake = FakeOpenAI(seed=4, lifecycle="immediate")
    fake.stub(fake.chat.completions.create).sequence(["first", "second"])
    batch = fake.batches.create(
        input_file_id=_batch_input(fake, [_line("a"), _line("b")]), endpoint=CHAT, completion_window="24h"
    )
    assert batch.output_file_id is not None
    bodies = [line["response"]["body"] for line in _read_lines(fake, batch.output_file_id)]
    assert [body["choices"][0]["message"]["content"] for body in bodies] == ["first", "second"]


def test_an_invalid_input_file_fails_the_batch_with_the_apis_errors() -> None:
    fake = FakeOpenAI(seed=5)
    input_id = fake.files.create(file=("input.jsonl", b'{"custom_id": "a"\n'), purpose="batch").id
    batch = fake.batches.create(input_file_id=input_id, endpoint=CHAT, completion_window="24h")
    assert batch.status == "validating"
    failed = fake.batches.retrieve(batch.id)
    assert failed.status == "failed" and failed.failed_at is not None and failed.in_progress_at is None
    assert failed.errors is not None and failed.errors.data is not None
    assert [(e.code, e.line) for e in failed.errors.data] == [("invalid_json_line", 1)]
    assert failed.output_file_id is None


def test_a_missing_input_file_is_not_found() -> None:
    fake = FakeOpenAI(seed=6)
    with pytest.raises(openai.NotFoundError, match="No such File object: file-nope"):
        fake.batches.create(input_file_id="file-nope", endpoint=CHAT, completion_window="24h")
    assert list(fake.batches.list()) == []


def test_manual_batches_move_only_by_hand_and_cancel_or_expire() -> None:
    fake = FakeOpenAI(seed=7, lifecycle="manual")
    input_id = _batch_input(fake, [_line("a"), _line("b")])
    first = fake.batches.create(input_file_id=input_id, endpoint=CHAT, completion_window="24h")
    assert fake.batches.retrieve(first.id).status == "validating"
    assert fake.lifecycle.advance(first.id) == "in_progress"
    moved = fake.batches.retrieve(first.id)
    assert moved.request_counts is not None and moved.request_counts.total == 2 and moved.in_progress_at is not None
    cancelling = fake.batches.cancel(first.id)
    assert cancelling.status == "cancelling" and cancelling.cancelling_at is not None
    assert fake.lifecycle.complete(first.id) == "cancelled"
    cancelled = fake.batches.retrieve(first.id)
    assert cancelled.cancelling_at <= cancelled.cancelled_at  # type: ignore[operator]
    with pytest.raises(openai.BadRequestError, match="already cancelled"):
        fake.batches.cancel(first.id)

    second = fake.batches.create(input_file_id=input_id, endpoint=CHAT, completion_window="24h")
    fake.lifecycle.advance(second.id)
    assert fake.lifecycle.expire(second.id) == "expired"
    expired = fake.batches.retrieve(second.id)
    assert expired.expired_at is not None and expired.request_counts is not None
    assert (expired.request_counts.completed, expired.request_counts.failed) == (0, 2)
    assert expired.error_file_id is not None
    assert {line["error"]["code"] for line in _read_lines(fake, expired.error_file_id)} == {"batch_expired"}


def test_the_same_seed_gives_the_same_batch_output() -> None:
    def output() -> bytes:
        fake = FakeOpenAI(seed=8, lifecycle="immediate")
        batch = fake.batches.create(
            input_file_id=_batch_input(fake, [_line("a")]), endpoint=CHAT, completion_window="24h"
        )
        assert batch.output_file_id is not None
        return fake.files.content(batch.output_file_id).content

    assert output() == output()


def test_async_batches_poll_to_completion() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=9, polls=2)
        upload = await fake.files.create(file=("input.jsonl", _jsonl([_line("a")])), purpose="batch")
        batch = await fake.batches.create(input_file_id=upload.id, endpoint=CHAT, completion_window="24h")
        statuses = [batch.status]
        while batch.status not in ("completed", "failed"):
            batch = await fake.batches.retrieve(batch.id)
            statuses.append(batch.status)
        assert statuses == ["validating", "in_progress", "completed"]
        assert batch.output_file_id is not None
        content = await fake.files.content(batch.output_file_id)
        assert json.loads(content.text)["custom_id"] == "a"

    asyncio.run(main())


# --- fine-tuning --------------------------------------------------------------------------------

_TRAINING = _jsonl(
    [{"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]} for i in range(12)]
)


def test_a_fine_tuning_job_walks_its_statuses_with_events_and_a_usable_model() -> None:
    fake = FakeOpenAI(seed=10, polls=3)
    training = fake.files.create(file=("train.jsonl", _TRAINING), purpose="fine-tune")
    job = fake.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=training.id, suffix="support")
    assert (job.status, job.model, job.fine_tuned_model, job.finished_at) == (
        "validating_files",
        "gpt-4o-mini-2024-07-18",
        None,
        None,
    )
    assert job.hyperparameters.n_epochs == "auto"
    statuses = [fake.fine_tuning.jobs.retrieve(job.id).status for _ in range(3)]
    assert statuses == ["queued", "running", "succeeded"]
    done = fake.fine_tuning.jobs.retrieve(job.id)
    assert done.finished_at is not None and done.created_at <= done.finished_at
    assert done.fine_tuned_model is not None
    assert re.fullmatch(r"ft:gpt-4o-mini-2024-07-18:personal:support:[0-9A-Za-z]{8}", done.fine_tuned_model)
    epochs, batch_size = done.hyperparameters.n_epochs, done.hyperparameters.batch_size
    assert (epochs, batch_size) == (3, 1)
    messages = [event.message for event in fake.fine_tuning.jobs.list_events(job.id, limit=100).data]
    assert messages[0] == "The job has successfully completed"  # newest first
    assert messages[1] == f"New fine-tuned model created: {done.fine_tuned_model}"
    assert messages[-4:] == [
        "Fine-tuning job started",
        "Files validated, moving job to queued state",
        f"Validating training file: {training.id}",
        f"Created fine-tuning job: {job.id}",
    ]
    metrics = [e for e in fake.fine_tuning.jobs.list_events(job.id, limit=100).data if e.type == "metrics"]
    last: Any = metrics[0].data
    assert last["step"] == last["total_steps"] == 36  # 12 examples x 3 epochs, batch size 1
    checkpoints = fake.fine_tuning.jobs.checkpoints.list(job.id).data
    assert [c.step_number for c in checkpoints] == [36, 24, 12]
    assert checkpoints[0].fine_tuned_model_checkpoint == f"{done.fine_tuned_model}:ckpt-step-36"
    assert fake.models.retrieve(done.fine_tuned_model).owned_by.startswith("user-")
    assert done.fine_tuned_model in {m.id for m in fake.models.list()}
    reply = fake.chat.completions.create(model=done.fine_tuned_model, messages=[{"role": "user", "content": "Hi"}])
    assert reply.model == done.fine_tuned_model
    (results,) = done.result_files
    assert fake.files.retrieve(results).purpose == "fine-tune-results"
    assert fake.files.content(results).text.startswith("step,train_loss")


def test_events_grow_with_the_status() -> None:
    fake = FakeOpenAI(seed=11, lifecycle="manual")
    training = fake.files.create(file=("train.jsonl", _TRAINING), purpose="fine-tune")
    job = fake.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=training.id)
    assert len(fake.fine_tuning.jobs.list_events(job.id).data) == 2
    assert fake.fine_tuning.jobs.checkpoints.list(job.id).data == []
    fake.lifecycle.advance(job.id, 2)
    assert fake.fine_tuning.jobs.list_events(job.id).data[0].message == "Fine-tuning job started"
    assert fake.fine_tuning.jobs.cancel(job.id).status == "cancelled"
    assert fake.fine_tuning.jobs.retrieve(job.id).finished_at is not None
    with pytest.raises(openai.BadRequestError):
        fake.fine_tuning.jobs.cancel(job.id)
    other = fake.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=training.id)
    fake.lifecycle.fail(other.id, code="invalid_training_file", message="Too few examples.")
    failed = fake.fine_tuning.jobs.retrieve(other.id)
    assert failed.status == "failed" and failed.error is not None and failed.error.code == "invalid_training_file"
    assert failed.fine_tuned_model is None
    assert fake.fine_tuning.jobs.list_events(other.id).data[0].level == "error"


def test_a_missing_training_file_is_not_found() -> None:
    fake = FakeOpenAI(seed=12)
    with pytest.raises(openai.NotFoundError):
        fake.fine_tuning.jobs.create(model="gpt-4o-mini", training_file="file-nope")
    with pytest.raises(openai.NotFoundError):
        fake.fine_tuning.jobs.list_events("ftjob-nope")


def test_async_fine_tuning_job_succeeds() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=13, lifecycle="immediate")
        training = await fake.files.create(file=("train.jsonl", _TRAINING), purpose="fine-tune")
        job = await fake.fine_tuning.jobs.create(model="gpt-4o-mini", training_file=training.id)
        assert job.status == "succeeded" and job.fine_tuned_model is not None
        model = await fake.models.retrieve(job.fine_tuned_model)
        assert model.id == job.fine_tuned_model

    asyncio.run(main())


# --- vector stores ------------------------------------------------------------------------------


def _text_file(fake: FakeOpenAI, name: str, content: bytes) -> str:
    return fake.files.create(file=(name, content), purpose="assistants").id


def test_create_and_poll_takes_exactly_the_configured_polls_without_sleeping(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeOpenAI(seed=14, polls=4)
    store = fake.vector_stores.create(name="kb")
    file_id = _text_file(fake, "a.txt", b"hello world")
    clock_before = fake.backend.clock.now()
    slept = forbid_real_sleep(monkeypatch)  # a real sleep raises
    attached = fake.vector_stores.files.create_and_poll(
        file_id=file_id, vector_store_id=store.id, poll_interval_ms=5000
    )
    assert attached.status == "completed" and attached.usage_bytes == len(b"hello world")
    assert fake.lifecycle.polls(attached) == 4
    assert fake.lifecycle.waits == [5.0, 5.0, 5.0]  # three waits between four retrieves, none slept
    assert slept == []
    assert fake.backend.clock.now() - clock_before >= 15  # the waits passed on the virtual clock
    counts = fake.vector_stores.retrieve(store.id).file_counts
    assert (counts.completed, counts.in_progress, counts.total) == (1, 0, 1)


def test_file_counts_follow_every_move() -> None:
    fake = FakeOpenAI(seed=15, lifecycle="manual")
    ids = [_text_file(fake, f"{n}.txt", b"x" * (n + 1)) for n in range(3)]
    store = fake.vector_stores.create(name="kb", file_ids=ids[:2])
    assert store.status == "in_progress" and (store.file_counts.in_progress, store.file_counts.total) == (2, 2)
    assert store.usage_bytes == 0
    first = fake.vector_stores.files.retrieve(ids[0], vector_store_id=store.id)
    fake.lifecycle.complete(first)
    now = fake.vector_stores.retrieve(store.id)
    assert (now.file_counts.completed, now.file_counts.in_progress, now.usage_bytes) == (1, 1, 1)
    fake.lifecycle.fail(
        fake.vector_stores.files.retrieve(ids[1], vector_store_id=store.id), code="invalid_file", message="Unreadable."
    )
    failed = fake.vector_stores.files.retrieve(ids[1], vector_store_id=store.id)
    assert failed.status == "failed" and failed.last_error is not None and failed.last_error.code == "invalid_file"
    now = fake.vector_stores.retrieve(store.id)
    assert (now.status, now.file_counts.failed, now.file_counts.total) == ("completed", 1, 2)
    fake.vector_stores.files.delete(ids[0], vector_store_id=store.id)
    now = fake.vector_stores.retrieve(store.id)
    assert (now.file_counts.completed, now.file_counts.total, now.usage_bytes) == (0, 1, 0)
    with pytest.raises(openai.NotFoundError):
        fake.vector_stores.files.create(store.id, file_id="file-nope")


def test_a_store_created_with_files_finishes_them_when_polled() -> None:
    fake = FakeOpenAI(seed=16)
    ids = [_text_file(fake, f"{n}.txt", b"abc") for n in range(2)]
    store = fake.vector_stores.create(name="kb", file_ids=ids)
    assert store.status == "in_progress"
    done = fake.vector_stores.retrieve(store.id)
    assert done.status == "completed" and (done.file_counts.completed, done.usage_bytes) == (2, 6)
    assert {f.status for f in fake.vector_stores.files.list(store.id)} == {"completed"}


def test_file_batches_move_their_files_and_cancel_them() -> None:
    fake = FakeOpenAI(seed=17, lifecycle="manual")
    store = fake.vector_stores.create(name="kb")
    ids = [_text_file(fake, f"{n}.txt", b"abcd") for n in range(3)]
    batch = fake.vector_stores.file_batches.create(store.id, file_ids=ids[:2])
    assert batch.status == "in_progress" and (batch.file_counts.in_progress, batch.file_counts.total) == (2, 2)
    assert fake.vector_stores.retrieve(store.id).status == "in_progress"
    fake.vector_stores.files.create(store.id, file_id=ids[2])
    listed = fake.vector_stores.file_batches.list_files(batch.id, vector_store_id=store.id)
    assert sorted(f.id for f in listed) == sorted(ids[:2])  # the batch's own files only
    cancelled = fake.vector_stores.file_batches.cancel(batch.id, vector_store_id=store.id)
    assert cancelled.status == "cancelled" and cancelled.file_counts.cancelled == 2
    assert [
        f.status
        for f in fake.vector_stores.file_batches.list_files(batch.id, vector_store_id=store.id, filter="cancelled")
    ] == ["cancelled"] * 2
    counts = fake.vector_stores.retrieve(store.id).file_counts
    assert (counts.cancelled, counts.in_progress, counts.total) == (2, 1, 3)


def test_upload_and_poll_helpers_finish_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeOpenAI(seed=18, polls=2)
    store = fake.vector_stores.create(name="kb")
    slept = forbid_real_sleep(monkeypatch)  # a real sleep raises
    one = fake.vector_stores.files.upload_and_poll(vector_store_id=store.id, file=("a.txt", b"alpha"))
    batch = fake.vector_stores.file_batches.upload_and_poll(store.id, files=[("b.txt", b"beta"), ("c.txt", b"gamma")])
    assert slept == []
    assert one.status == "completed" and batch.status == "completed"
    assert (batch.file_counts.completed, batch.file_counts.total) == (2, 2)
    assert fake.lifecycle.waits == [1.0, 1.0]  # the SDK's default interval, once per helper
    counts = fake.vector_stores.retrieve(store.id).file_counts
    assert (counts.completed, counts.total) == (3, 3)


def test_poll_helpers_finish_async_with_the_same_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    slept = forbid_real_sleep(monkeypatch)  # a real sleep raises

    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=19, polls=3)
        store = await fake.vector_stores.create(name="kb")
        upload = await fake.files.create(file=("a.txt", b"alpha"), purpose="assistants")
        attached = await fake.vector_stores.files.create_and_poll(file_id=upload.id, vector_store_id=store.id)
        assert fake.lifecycle.polls(attached) == 3
        batch = await fake.vector_stores.file_batches.upload_and_poll(store.id, files=[("b.txt", b"beta")])
        done = await fake.vector_stores.file_batches.create_and_poll(store.id, file_ids=[upload.id])
        assert (attached.status, batch.status, done.status) == ("completed",) * 3
        assert len(fake.lifecycle.waits) == 6  # two waits between three polls, per helper
        counts = (await fake.vector_stores.retrieve(store.id)).file_counts
        assert (counts.completed, counts.total) == (2, 2)

    asyncio.run(main())
    assert set(slept) == {0}  # each wait only a checkpoint (sleep(0)), so other tasks still run between polls


def test_a_real_client_still_sleeps_as_the_sdk_wrote_it(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("openai._resource.time.sleep", slept.append)
    client = openai.OpenAI(api_key="sk-test", base_url="http://127.0.0.1:9")
    client.vector_stores._sleep(0.25)
    assert slept == [0.25]


def test_a_plain_client_answered_by_patch_openai_polls_without_sleeping(
    patch_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    patch_openai.lifecycle.configure("polls", polls=3)
    client = openai.OpenAI(api_key="sk-test")
    store = client.vector_stores.create(name="kb")
    upload = client.files.create(file=("a.txt", b"alpha"), purpose="assistants")
    slept = forbid_real_sleep(monkeypatch)  # a real sleep raises
    attached = client.vector_stores.files.create_and_poll(
        file_id=upload.id, vector_store_id=store.id, poll_interval_ms=2000
    )
    assert attached.status == "completed" and slept == []
    assert patch_openai.lifecycle.waits == [2.0, 2.0]
    client.vector_stores._sleep(0.5)  # only while patched: the wait is the fake's
    assert patch_openai.lifecycle.waits[-1] == 0.5
