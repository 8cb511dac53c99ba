"""A list reply is the API's list envelope (docs/api-behaviour.md, Pagination), whatever the SDK's
page class reads of it: ``object: "list"`` always; on cursor lists ``first_id`` / ``last_id`` (null
when empty; fine-tuning jobs and their events have none) and ``has_more``; ``next`` where the SDK
follows one."""

from __future__ import annotations

import asyncio
import json
import warnings
from typing import Any

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI


def _wire(raw: Any) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(raw.http_response.content)
    return body


def test_a_cursor_list_names_its_first_and_last_objects() -> None:
    fake = FakeOpenAI(seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        older = fake.beta.assistants.create(model="gpt-4o-mini")
        newer = fake.beta.assistants.create(model="gpt-4o-mini")
        body = _wire(fake.beta.assistants.with_raw_response.list())
    assert body["object"] == "list"
    assert [item["id"] for item in body["data"]] == [newer.id, older.id]  # newest first
    assert (body["first_id"], body["last_id"], body["has_more"]) == (newer.id, older.id, False)


def test_an_async_cursor_list_is_the_same_envelope() -> None:
    async def run() -> dict[str, Any]:
        fake = FakeAsyncOpenAI(seed=1)
        created = await fake.files.create(file=("a.jsonl", b"{}\n"), purpose="batch")
        body = _wire(await fake.files.with_raw_response.list())
        assert body["first_id"] == body["last_id"] == created.id
        return body

    assert asyncio.run(run())["object"] == "list"


def test_an_empty_cursor_list_has_null_first_and_last_ids() -> None:
    body = _wire(FakeOpenAI(seed=1).vector_stores.with_raw_response.list())
    assert body == {"object": "list", "data": [], "first_id": None, "last_id": None, "has_more": False}


def test_fine_tuning_job_lists_have_no_first_or_last_id() -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    jobs = _wire(fake.fine_tuning.jobs.with_raw_response.list())
    events = _wire(fake.fine_tuning.jobs.with_raw_response.list_events("ftjob-abc123"))
    for body in (jobs, events):
        assert body["object"] == "list"
        assert "has_more" in body
        assert "first_id" not in body and "last_id" not in body


def test_a_page_the_sdk_follows_by_next_keeps_next() -> None:
    body = _wire(FakeOpenAI(seed=1).admin.organization.roles.with_raw_response.list())
    assert body["object"] == "list"
    assert {"data", "has_more", "next"} <= set(body)
    assert "first_id" not in body


def test_checkpoint_permissions_created_answer_a_cursor_list() -> None:
    # The SDK reads this reply as a plain page; the API sends it as a cursor list all the same.
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    raw = fake.fine_tuning.checkpoints.permissions.with_raw_response.create(
        "ft:gpt-4o-mini-2024-07-18:org:example:abc123", project_ids=["proj_abc123"]
    )
    body = _wire(raw)
    assert body["object"] == "list"
    assert body["has_more"] is False
    assert (body["first_id"], body["last_id"]) == (body["data"][0]["id"], body["data"][-1]["id"])


def test_a_list_without_cursors_has_no_has_more() -> None:
    body = _wire(FakeOpenAI(seed=1).models.with_raw_response.list())
    assert body["object"] == "list"
    assert "has_more" not in body and "first_id" not in body
