"""Eval runs move through the API's statuses and really grade their data source (`handlers.evals.runs`)."""

from __future__ import annotations

import asyncio
import json
import warnings
from collections.abc import Iterator
from typing import Any

import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes.handlers.evals.runs._graders import similarity

PAIRS = [("Paris", "Paris"), ("Tokyo", "tokyo"), ("Rome", "Madrid"), ("Oslo", "Oslo"), ("Lima", "Lima ")]
ROWS = [{"item": {"answer": answer, "expected": expected}} for answer, expected in PAIRS]
JSONL_SOURCE = {"type": "jsonl", "source": {"type": "file_content", "content": ROWS}}
CONFIG = {
    "type": "custom",
    "item_schema": {"type": "object", "properties": {"answer": {"type": "string"}, "expected": {"type": "string"}}},
    "include_sample_schema": True,
}


@pytest.fixture(autouse=True)
def _evals_are_deprecated() -> Iterator[None]:
    # Newer SDKs mark the Evals API deprecated; using it is the point of these tests.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def _check(
    name: str, operation: str, given: str = "{{item.answer}}", reference: str = "{{item.expected}}"
) -> dict[str, Any]:
    return {"type": "string_check", "name": name, "input": given, "reference": reference, "operation": operation}


def _eval(fake: FakeOpenAI, *criteria: dict[str, Any]) -> str:
    return fake.evals.create(
        name="capitals", data_source_config=CONFIG, testing_criteria=list(criteria or [_check("exact", "eq")])
    ).id  # type: ignore[arg-type]


def _finished(fake: FakeOpenAI, eval_id: str, run_id: str) -> Any:
    run = fake.evals.runs.retrieve(run_id, eval_id=eval_id)
    for _ in range(10):
        if run.status in ("completed", "failed", "canceled"):
            break
        run = fake.evals.runs.retrieve(run_id, eval_id=eval_id)
    return run


def test_a_run_is_queued_then_in_progress_then_completed_as_it_is_polled() -> None:
    fake = FakeOpenAI(seed=1, polls=2)
    eval_id = _eval(fake)
    run = fake.evals.runs.create(eval_id, data_source=JSONL_SOURCE)  # type: ignore[arg-type]
    assert (run.status, run.object, run.eval_id) == ("queued", "eval.run", eval_id)
    assert run.id.startswith("evalrun_") and run.result_counts.total == 0
    assert run.report_url == f"https://platform.openai.com/evaluations/{eval_id}?run_id={run.id}"
    statuses = [fake.evals.runs.retrieve(run.id, eval_id=eval_id).status for _ in range(3)]
    assert statuses == ["in_progress", "completed", "completed"]
    assert list(fake.evals.runs.output_items.list(run.id, eval_id=eval_id)) != []


def test_string_check_eq_passes_exactly_the_matching_items_and_the_counts_add_up() -> None:
    fake = FakeOpenAI(seed=2)
    eval_id = _eval(fake)
    run = _finished(fake, eval_id, fake.evals.runs.create(eval_id, data_source=JSONL_SOURCE).id)  # type: ignore[arg-type]
    items = list(fake.evals.runs.output_items.list(run.id, eval_id=eval_id))

    assert [item.datasource_item_id for item in items] == list(range(len(ROWS)))  # one per data item, in order
    assert [item.datasource_item for item in items] == [row["item"] for row in ROWS]
    expected = [answer == reference for answer, reference in PAIRS]
    assert [item.status for item in items] == ["pass" if ok else "fail" for ok in expected]
    assert [[(r.name, r.passed, r.score) for r in item.results] for item in items] == [
        [("exact", ok, float(ok))] for ok in expected
    ]

    counts = run.result_counts
    assert (counts.total, counts.passed, counts.failed, counts.errored) == (5, sum(expected), 5 - sum(expected), 0)
    [criterion] = run.per_testing_criteria_results
    assert criterion.testing_criteria.startswith("exact-")
    assert (criterion.passed, criterion.failed) == (sum(expected), 5 - sum(expected))
    assert run.per_model_usage == []  # nothing was sampled


def test_each_string_check_operation_grades_as_the_api_documents_it() -> None:
    fake = FakeOpenAI(seed=3, lifecycle="immediate")
    eval_id = _eval(fake, _check("eq", "eq"), _check("ne", "ne"), _check("like", "like"), _check("ilike", "ilike"))
    run = fake.evals.runs.create(eval_id, data_source=JSONL_SOURCE)  # type: ignore[arg-type]
    assert run.status == "completed"
    results = {r.testing_criteria.rsplit("-", 5)[0]: (r.passed, r.failed) for r in run.per_testing_criteria_results}
    like = sum(reference in answer for answer, reference in PAIRS)
    ilike = sum(reference.lower() in answer.lower() for answer, reference in PAIRS)
    assert results == {"eq": (2, 3), "ne": (3, 2), "like": (like, 5 - like), "ilike": (ilike, 5 - ilike)}
    assert (like, ilike) == (2, 3)  # "Tokyo" contains "tokyo" only ignoring case; "Lima" lacks "Lima "
    # An item passes only when every grader passed: eq and ne never agree.
    assert run.result_counts.passed == 0 and run.result_counts.failed == 5


def test_text_similarity_scores_by_the_documented_measure_against_pass_threshold() -> None:
    fake = FakeOpenAI(seed=4, lifecycle="immediate")
    similar = {
        "type": "text_similarity",
        "name": "close",
        "input": "{{item.answer}}",
        "reference": "the capital of france",
        "evaluation_metric": "rouge_1",
        "pass_threshold": 0.5,
    }
    eval_id = _eval(fake, similar)
    rows = [{"item": {"answer": text}} for text in ("The capital of France", "capital city", "Berlin")]
    run = fake.evals.runs.create(
        eval_id, data_source={"type": "jsonl", "source": {"type": "file_content", "content": rows}}
    )  # type: ignore[arg-type, misc]
    items = list(fake.evals.runs.output_items.list(run.id, eval_id=eval_id))
    scores = [item.results[0].score for item in items]
    assert scores == [1.0, 0.3333, 0.0]  # token-overlap F1: "capital city" shares 1 of 2 and 1 of 4 words
    assert [item.results[0].passed for item in items] == [True, False, False]
    assert similarity("kitten", "sitting", "fuzzy_match") == 0.6154  # difflib ratio: 2*4/13


def test_a_file_id_source_is_read_and_sample_templates_resolve() -> None:
    fake = FakeOpenAI(seed=5, lifecycle="immediate")
    lines = [{"item": {"expected": "4"}, "sample": {"output_text": text}} for text in ("4", "5", "4")]
    upload = fake.files.create(
        file=("data.jsonl", "".join(json.dumps(line) + "\n" for line in lines).encode()), purpose="evals"
    )
    eval_id = _eval(fake, _check("right", "eq", given="{{ sample.output_text }}"))
    run = fake.evals.runs.create(eval_id, data_source={"type": "jsonl", "source": {"type": "file_id", "id": upload.id}})
    assert (run.result_counts.total, run.result_counts.passed, run.result_counts.failed) == (3, 2, 1)
    items = list(fake.evals.runs.output_items.list(run.id, eval_id=eval_id))
    assert [item.sample.output[0].content for item in items] == ["4", "5", "4"]


def test_a_completions_source_samples_each_item_with_the_fakes_chat_and_usage_adds_up() -> None:
    fake = FakeOpenAI(seed=6, lifecycle="immediate")
    fake.stub(fake.chat.completions.create).sequence(["Paris", "Kyoto", "Rome"])
    eval_id = _eval(fake, _check("capital", "eq", given="{{sample.output_text}}", reference="{{item.expected}}"))
    rows = [
        {"item": {"country": c, "expected": e}} for c, e in (("France", "Paris"), ("Japan", "Tokyo"), ("Italy", "Rome"))
    ]
    source = {
        "type": "completions",
        "model": "gpt-4o-mini",
        "source": {"type": "file_content", "content": rows},
        "input_messages": {
            "type": "template",
            "template": [
                {"role": "system", "content": "Answer with one word."},
                {"role": "user", "content": {"type": "input_text", "text": "Capital of {{item.country}}?"}},
            ],
        },
        "sampling_params": {"temperature": 0.2, "seed": 7},
    }
    run = fake.evals.runs.create(eval_id, data_source=source)  # type: ignore[arg-type]
    items = list(fake.evals.runs.output_items.list(run.id, eval_id=eval_id))
    assert [item.status for item in items] == ["pass", "fail", "pass"]
    assert [item.sample.input[1].content for item in items] == [
        "Capital of France?",
        "Capital of Japan?",
        "Capital of Italy?",
    ]
    assert {(item.sample.temperature, item.sample.seed) for item in items} == {(0.2, 7)}

    [usage] = run.per_model_usage
    assert usage.invocation_count == 3 and usage.run_model_name.startswith("gpt-4o-mini")
    assert usage.prompt_tokens == sum(item.sample.usage.prompt_tokens for item in items) > 0
    assert usage.completion_tokens == sum(item.sample.usage.completion_tokens for item in items) > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert run.model == "gpt-4o-mini" and run.name == "gpt-4o-mini"  # a run is named after its model


def test_a_responses_source_samples_with_the_fakes_responses() -> None:
    fake = FakeOpenAI(seed=7, lifecycle="immediate")
    fake.stub(fake.responses.create).reply("Paris")
    eval_id = _eval(fake, _check("capital", "eq", given="{{sample.output_text}}", reference="Paris"))
    source = {
        "type": "responses",
        "model": "gpt-4o-mini",
        "source": {"type": "file_content", "content": [{"item": {"q": "Capital of France?"}}] * 2},
        "input_messages": {"type": "template", "template": [{"role": "user", "content": "{{item.q}}"}]},
    }
    run = fake.evals.runs.create(eval_id, data_source=source)  # type: ignore[arg-type]
    assert (run.result_counts.passed, run.per_model_usage[0].invocation_count) == (2, 2)


def test_cancel_ends_an_unfinished_run_and_a_finished_one_cannot_be_cancelled() -> None:
    fake = FakeOpenAI(seed=8)
    eval_id = _eval(fake)
    run = fake.evals.runs.create(eval_id, data_source=JSONL_SOURCE)  # type: ignore[arg-type]
    assert fake.evals.runs.cancel(run.id, eval_id=eval_id).status == "canceled"
    canceled = fake.evals.runs.retrieve(run.id, eval_id=eval_id)
    assert canceled.status == "canceled" and canceled.result_counts.total == 0
    assert list(fake.evals.runs.output_items.list(run.id, eval_id=eval_id)) == []
    done = _finished(fake, eval_id, fake.evals.runs.create(eval_id, data_source=JSONL_SOURCE).id)  # type: ignore[arg-type]
    with pytest.raises(openai.BadRequestError):
        fake.evals.runs.cancel(done.id, eval_id=eval_id)


def test_runs_move_by_hand_and_list_filters_by_status() -> None:
    fake = FakeOpenAI(seed=9, lifecycle="manual")
    eval_id = _eval(fake)
    first, second, third = (fake.evals.runs.create(eval_id, data_source=JSONL_SOURCE) for _ in range(3))  # type: ignore[arg-type]
    assert fake.evals.runs.retrieve(first.id, eval_id=eval_id).status == "queued"  # polls do not move it
    assert fake.lifecycle.advance(first.id) == "in_progress"
    assert fake.lifecycle.complete(second.id) == "completed"
    assert fake.lifecycle.fail(third.id, code="invalid_data", message="Bad rows.") == "failed"
    assert fake.evals.runs.retrieve(third.id, eval_id=eval_id).error.code == "invalid_data"

    def listed(status: Any) -> list[str]:
        return [run.id for run in fake.evals.runs.list(eval_id, status=status)]

    assert (listed("in_progress"), listed("completed"), listed("failed"), listed("queued")) == (
        [first.id],
        [second.id],
        [third.id],
        [],
    )
    assert [run.id for run in fake.evals.runs.list(eval_id)] == [first.id, second.id, third.id]  # oldest first


def test_output_items_filter_by_status_and_retrieve_one() -> None:
    fake = FakeOpenAI(seed=10, lifecycle="immediate")
    eval_id = _eval(fake)
    run = fake.evals.runs.create(eval_id, data_source=JSONL_SOURCE)  # type: ignore[arg-type]
    passed = list(fake.evals.runs.output_items.list(run.id, eval_id=eval_id, status="pass"))
    failed = list(fake.evals.runs.output_items.list(run.id, eval_id=eval_id, status="fail"))
    assert (len(passed), len(failed)) == (run.result_counts.passed, run.result_counts.failed)
    assert {item.status for item in passed} == {"pass"} and {item.status for item in failed} == {"fail"}
    item = fake.evals.runs.output_items.retrieve(failed[0].id, eval_id=eval_id, run_id=run.id)
    assert item.model_dump() == failed[0].model_dump() and item.id.startswith("outputitem_") and item.run_id == run.id
    with pytest.raises(openai.NotFoundError):
        fake.evals.runs.output_items.retrieve("outputitem_nope", eval_id=eval_id, run_id=run.id)


def test_a_run_needs_an_eval_and_output_items_a_run() -> None:
    fake = FakeOpenAI(seed=11)
    with pytest.raises(openai.NotFoundError) as raised:
        fake.evals.runs.create("eval_nope", data_source=JSONL_SOURCE)  # type: ignore[arg-type]
    assert "eval_nope" in str(raised.value)
    eval_id = _eval(fake)
    with pytest.raises(openai.NotFoundError):
        fake.evals.runs.output_items.list("evalrun_nope", eval_id=eval_id)


def test_evals_keep_their_testing_criteria() -> None:
    fake = FakeOpenAI(seed=12)
    criterion = _check("exact", "like")
    created = fake.evals.create(name="kept", data_source_config=CONFIG, testing_criteria=[criterion])  # type: ignore[arg-type, list-item]
    stored = fake.evals.retrieve(created.id)
    assert [c.model_dump() for c in stored.testing_criteria] == [criterion]
    assert stored.data_source_config.type == "custom"


def test_async_runs_grade_the_same_way() -> None:
    async def main() -> tuple[list[str], Any, list[str]]:
        fake = FakeAsyncOpenAI(seed=13)
        created = await fake.evals.create(
            name="capitals", data_source_config=CONFIG, testing_criteria=[_check("exact", "eq")]
        )  # type: ignore[arg-type, list-item]
        run: Any = await fake.evals.runs.create(created.id, data_source=JSONL_SOURCE)  # type: ignore[arg-type]
        statuses = [run.status]
        while run.status != "completed":
            run = await fake.evals.runs.retrieve(run.id, eval_id=created.id)
            statuses.append(run.status)
        items = [item.status async for item in fake.evals.runs.output_items.list(run.id, eval_id=created.id)]
        return statuses, run.result_counts, items

    statuses, counts, items = asyncio.run(main())
    assert statuses == ["queued", "completed"]
    assert (counts.total, counts.passed, counts.failed) == (5, 2, 3)
    assert items == ["pass", "fail", "fail", "pass", "fail"]
