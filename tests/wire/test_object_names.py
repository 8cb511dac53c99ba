"""``object`` names the API gives objects the SDK types as a plain string (the spec's examples): a
container is ``container``, deleting an eval ``eval.deleted``, an eval run ``eval.run.deleted``, and
unassigning a role ``group.role.deleted`` / ``user.role.deleted`` — never ``list``."""

from __future__ import annotations

import asyncio
import json

import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

pytestmark = pytest.mark.filterwarnings("ignore:The Evals API is deprecated:DeprecationWarning")


def test_containers_are_containers() -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    assert fake.containers.create(name="scratch").object == "container"
    assert fake.containers.retrieve("cntr_abc123").object == "container"


def test_deletes_name_what_they_deleted() -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    assert fake.evals.delete("eval_abc123").object == "eval.deleted"
    assert fake.evals.runs.delete("evalrun_abc123", eval_id="eval_abc123").object == "eval.run.deleted"
    organization = fake.admin.organization
    assert organization.groups.roles.delete("role_abc123", group_id="group_abc123").object == "group.role.deleted"
    assert organization.users.roles.delete("role_abc123", user_id="user-abc123").object == "user.role.deleted"


def test_project_role_unassignments_name_themselves_async() -> None:
    async def run() -> tuple[str, str]:
        projects = FakeAsyncOpenAI(seed=1, unknown_ids="materialize").admin.organization.projects
        group = await projects.groups.roles.delete("role_abc123", project_id="proj_abc123", group_id="group_abc123")
        user = await projects.users.roles.delete("role_abc123", project_id="proj_abc123", user_id="user-abc123")
        return group.object, user.object

    assert asyncio.run(run()) == ("group.role.deleted", "user.role.deleted")


def test_a_made_up_vector_store_files_content_is_a_content_page() -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    raw = fake.vector_stores.files.with_raw_response.content("file-abc123", vector_store_id="vs_abc123")
    body = json.loads(raw.http_response.content)
    assert (body["object"], body["has_more"], body["next_page"]) == ("vector_store.file_content.page", False, None)
    assert body["data"] and {item["type"] for item in body["data"]} == {"text"}
