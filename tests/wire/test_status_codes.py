"""Status codes as the API sends them (docs/api-behaviour.md, Status codes): 201 for the creates
that answer it, 200 with an empty body for the bodiless successes — and the SDK still gives each
method its declared result."""

from __future__ import annotations

import asyncio

import pytest
from openai.types.graders import StringCheckGraderParam

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

_SDP = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
_CRITERIA: list[StringCheckGraderParam] = [
    {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}", "operation": "eq", "reference": "a"}
]


# The SDK deprecates the Evals API; calling it is the point here.
_evals_deprecated = pytest.mark.filterwarnings("ignore:The Evals API is deprecated:DeprecationWarning")


@_evals_deprecated
def test_creating_an_eval_and_a_run_answers_201() -> None:
    fake = FakeOpenAI(seed=1)
    raw = fake.evals.with_raw_response.create(data_source_config={"type": "logs"}, testing_criteria=_CRITERIA)
    evaluation = raw.parse()
    assert (raw.status_code, evaluation.object) == (201, "eval")
    run = fake.evals.runs.with_raw_response.create(
        evaluation.id, data_source={"type": "jsonl", "source": {"type": "file_content", "content": []}}
    )
    assert (run.status_code, run.parse().eval_id) == (201, evaluation.id)


@_evals_deprecated
def test_an_async_eval_create_answers_201_too() -> None:
    async def run() -> int:
        raw = await FakeAsyncOpenAI(seed=1).evals.with_raw_response.create(
            data_source_config={"type": "logs"}, testing_criteria=_CRITERIA
        )
        return raw.status_code

    assert asyncio.run(run()) == 201


def test_a_realtime_call_is_created_201_with_its_sdp_answer() -> None:
    raw = FakeOpenAI(seed=1).realtime.calls.with_raw_response.create(sdp=_SDP)
    assert raw.status_code == 201
    assert raw.headers["content-type"] == "application/sdp"
    assert raw.parse().text.startswith("v=0")


def test_bodiless_successes_answer_200_with_nothing_and_the_sdk_gives_none() -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    container = fake.containers.create(name="scratch")
    raw = fake.containers.with_raw_response.delete(container.id)
    assert (raw.status_code, raw.http_response.content, raw.parse()) == (200, b"", None)
    accepted = fake.realtime.calls.with_raw_response.accept("rtc_abc123", type="realtime")
    assert (accepted.status_code, accepted.parse()) == (200, None)
    deleted = fake.responses.with_raw_response.delete("resp_abc123")
    assert (deleted.status_code, deleted.parse()) == (200, None)


def test_an_async_bodiless_success_answers_200() -> None:
    async def run() -> tuple[int, object]:
        fake = FakeAsyncOpenAI(seed=1, unknown_ids="materialize")
        raw = await fake.realtime.calls.with_raw_response.hangup("rtc_abc123")
        return raw.status_code, raw.parse()

    assert asyncio.run(run()) == (200, None)
