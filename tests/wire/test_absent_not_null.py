"""Fields the API leaves out rather than sending null (docs/api-behaviour.md, The published spec):
the SDK types them ``Optional`` either way, but the API's spec types them without null, and a
client that validates the wire (or reads it as JSON) sees the difference."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI


def _wire(raw: Any) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(raw.http_response.content)
    return body


def _no_null(body: dict[str, Any], *keys: str) -> None:
    for key in keys:
        assert body.get(key, "absent") is not None, f"{key} is null in {body}"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_file_has_no_null_expiry_or_status_details(seed: int) -> None:
    fake = FakeOpenAI(seed=seed, unknown_ids="materialize")
    created = _wire(fake.files.with_raw_response.create(file=("a.jsonl", b"{}\n"), purpose="batch"))
    _no_null(created, "expires_at", "status_details")
    _no_null(_wire(fake.files.with_raw_response.retrieve("file-abc123")), "expires_at", "status_details")


def test_an_uploaded_file_leaves_out_what_it_does_not_have() -> None:
    fake = FakeOpenAI(seed=1)
    upload = fake.uploads.create(bytes=3, filename="a.jsonl", mime_type="text/jsonl", purpose="batch")
    part = fake.uploads.parts.create(upload.id, data=b"{}\n")
    body = _wire(fake.uploads.with_raw_response.complete(upload.id, part_ids=[part.id]))
    assert "status_details" not in body["file"]
    _no_null(body["file"], "expires_at")


def test_a_project_made_without_residency_has_none() -> None:
    fake = FakeOpenAI(seed=1)
    plain = _wire(fake.admin.organization.projects.with_raw_response.create(name="plain"))
    assert "residency" not in plain
    placed = _wire(
        fake.admin.organization.projects.with_raw_response.create(name="eu", residency="EU_STORAGE_PROCESSING")
    )
    assert placed["residency"] == "EU_STORAGE_PROCESSING"


def test_certificate_switches_name_what_they_did_and_show_no_null_dates() -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    organization = fake.admin.organization.certificates
    activated = _wire(organization.with_raw_response.activate(certificate_ids=["cert_abc123"]))
    assert activated["object"] == "organization.certificate.activation"
    assert all(None not in item["certificate_details"].values() for item in activated["data"])
    project = fake.admin.organization.projects.certificates
    deactivated = _wire(project.with_raw_response.deactivate("proj_abc123", certificate_ids=["cert_abc123"]))
    assert deactivated["object"] == "organization.project.certificate.deactivation"


def test_async_certificate_activation_names_the_project_scope() -> None:
    async def run() -> str:
        fake = FakeAsyncOpenAI(seed=1, unknown_ids="materialize")
        raw = await fake.admin.organization.projects.certificates.with_raw_response.activate(
            "proj_abc123", certificate_ids=["cert_abc123"]
        )
        return str(_wire(raw)["object"])

    assert asyncio.run(run()) == "organization.project.certificate.activation"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_containers_checkpoints_and_users_show_no_null_for_absent_fields(seed: int) -> None:
    fake = FakeOpenAI(seed=seed, unknown_ids="materialize")
    container = _wire(fake.containers.with_raw_response.create(name="scratch"))
    _no_null(container, "expires_after", "last_active_at", "network_policy")
    checkpoints = _wire(fake.fine_tuning.jobs.checkpoints.with_raw_response.list("ftjob-abc123"))
    for checkpoint in checkpoints["data"]:
        assert None not in checkpoint["metrics"].values()
    job = _wire(fake.fine_tuning.jobs.with_raw_response.retrieve("ftjob-abc123"))
    assert None not in (job.get("method") or {}).values()
    user = _wire(fake.admin.organization.users.with_raw_response.retrieve("user-abc123"))
    _no_null(user, "is_scim_managed", "is_service_account", "user")


def test_the_admin_key_in_use_says_it_does_not_expire() -> None:
    # expires_at is one the API always sends (null: no expiry), unlike the fields above.
    body = _wire(FakeOpenAI(seed=1).admin.organization.admin_api_keys.with_raw_response.list())
    assert [key["expires_at"] for key in body["data"]] == [None]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # the beta realtime sessions and evals are deprecated
def test_sessions_eval_runs_and_screenshots_leave_out_what_they_do_not_set() -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    session = _wire(fake.beta.realtime.sessions.with_raw_response.create())
    _no_null(session, "tool_choice", "tracing")
    _no_null(session.get("turn_detection") or {}, "prefix_padding_ms", "silence_duration_ms", "threshold")
    transcription = _wire(fake.beta.realtime.transcription_sessions.with_raw_response.create())
    _no_null(transcription, "turn_detection")
    _no_null(transcription.get("input_audio_transcription") or {}, "prompt")
    run = _wire(fake.evals.runs.with_raw_response.retrieve("evalrun_abc123", eval_id="eval_abc123"))
    _no_null(run["data_source"], "input_messages")
    _no_null(run["data_source"].get("sampling_params") or {}, "temperature", "max_completion_tokens", "seed", "top_p")
    compacted = _wire(fake.beta.responses.with_raw_response.compact(model="gpt-4o-mini"))
    for item in compacted["output"]:
        if isinstance(item.get("output"), dict) and item["output"].get("type") == "computer_screenshot":
            _no_null(item["output"], "file_id", "image_url")
