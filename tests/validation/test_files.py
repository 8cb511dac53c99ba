"""File uploads the API refuses, and batch input lines it reports when a batch is created
(docs/api-behaviour.md, Files, uploads and batches)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from openai_fakes import FakeOpenAI
from openai_fakes._sim.validation.batches import batch_input_errors

from ._expect import assert_error, refusal

LINE = b'{"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": []}}\n'


@pytest.fixture
def fake() -> FakeOpenAI:
    return FakeOpenAI(seed=2)


def test_an_unknown_purpose(fake: FakeOpenAI) -> None:
    purpose: Any = "vector_store"
    error = refusal(lambda: fake.files.create(file=("notes.pdf", b"%PDF"), purpose=purpose))
    assert_error(
        error,
        param="purpose",
        code=None,
        message="'vector_store' is not one of ['fine-tune', 'assistants', 'batch', 'user_data', 'vision', 'evals'] - 'purpose'",
    )


@pytest.mark.parametrize(("purpose", "api"), [("batch", "Batch API"), ("fine-tune", "Fine-Tuning API")])
def test_a_batch_or_fine_tuning_file_that_is_not_jsonl(fake: FakeOpenAI, purpose: Any, api: str) -> None:
    error = refusal(lambda: fake.files.create(file=("requests.txt", LINE), purpose=purpose))
    assert_error(error, param=None, code=None, message=f"Invalid file format for {api}. Must be .jsonl")


def test_the_file_name_is_read_from_file_objects_and_paths(fake: FakeOpenAI, tmp_path: Path) -> None:
    path = tmp_path / "requests.csv"
    path.write_bytes(LINE)
    refusal(lambda: fake.files.create(file=path, purpose="batch"))
    with path.open("rb") as handle:
        refusal(lambda: fake.files.create(file=handle, purpose="batch"))
    good = tmp_path / "requests.JSONL"
    good.write_bytes(LINE)
    assert fake.files.create(file=good, purpose="batch").purpose == "batch"


def test_nameless_bytes_are_not_judged(fake: FakeOpenAI) -> None:  # [U] what the API does
    assert fake.files.create(file=LINE, purpose="batch").purpose == "batch"
    assert fake.files.create(file=io.BytesIO(LINE), purpose="batch").purpose == "batch"


def test_malformed_lines_are_accepted_at_upload(fake: FakeOpenAI) -> None:
    # The API takes the file and fails the batch later ([3P] litellm PR #37527).
    assert (
        fake.files.create(file=("requests.jsonl", b'{"custom_id": "r1"}\nnot json\n'), purpose="batch").purpose
        == "batch"
    )


def test_other_purposes_take_any_format(fake: FakeOpenAI) -> None:
    assert fake.files.create(file=("notes.pdf", b"%PDF-1.7"), purpose="user_data").purpose == "user_data"


# --- batch input lines (for the batches handler) -----------------------------------------------------


def test_a_valid_batch_file_has_no_errors() -> None:
    second = LINE.replace(b'"r1"', b'"r2"')
    assert batch_input_errors(LINE + second, "/v1/chat/completions") == []


def test_each_bad_line_is_reported_with_its_number() -> None:
    content = b"\n".join(
        [
            LINE.strip(),
            b"not json",
            LINE.strip(),  # r1 again
            b'{"custom_id": "r3", "method": "POST", "url": "/v1/embeddings", "body": {"model": "gpt-4o-mini"}}',
            b'{"custom_id": "r4", "url": "/v1/chat/completions", "body": {}}',
            b'{"custom_id": "r5", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o"}}',
        ]
    )
    errors = batch_input_errors(content, "/v1/chat/completions")
    assert [(e["line"], e["code"]) for e in errors] == [
        (2, "invalid_json_line"),
        (3, "duplicate_custom_id"),
        (4, "url_mismatch"),
        (5, "missing_required_parameter"),
        (6, "model_mismatch"),
    ]
    assert errors[0]["message"] == "This line is not parseable as valid JSON."
    assert set(errors[0]) == {"code", "message", "param", "line"}


def test_an_empty_batch_file() -> None:
    assert [e["code"] for e in batch_input_errors(b"\n\n", "/v1/chat/completions")] == ["empty_file"]
