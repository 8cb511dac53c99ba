"""Assigning a role answers with the group or user of the path and the role of the request — the
stored objects themselves — as the API echoes them, not with other ids."""

from __future__ import annotations

import asyncio

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI


def test_a_group_role_assignment_names_the_group_and_role_sent() -> None:
    fake = FakeOpenAI(seed=1)
    organization = fake.admin.organization
    group = organization.groups.create(name="Support")
    role = organization.roles.create(role_name="Reader", permissions=["api.model.read"])
    assignment = organization.groups.roles.create(group.id, role_id=role.id)
    assert (assignment.group.id, assignment.group.name) == (group.id, "Support")
    assert (assignment.role.id, assignment.role.name) == (role.id, "Reader")


def test_a_user_role_assignment_names_the_user_and_role_sent() -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    assignment = fake.admin.organization.users.roles.create("user-abc123", role_id="role_abc123")
    assert (assignment.user.id, assignment.role.id) == ("user-abc123", "role_abc123")


def test_project_role_assignments_name_what_was_sent_async() -> None:
    async def run() -> tuple[str, str, str, str]:
        projects = FakeAsyncOpenAI(seed=1, unknown_ids="materialize").admin.organization.projects
        group = await projects.groups.roles.create("group_abc123", project_id="proj_abc123", role_id="role_abc123")
        user = await projects.users.roles.create("user-abc123", project_id="proj_abc123", role_id="role_def456")
        return group.group.id, group.role.id, user.user.id, user.role.id

    assert asyncio.run(run()) == ("group_abc123", "role_abc123", "user-abc123", "role_def456")


def test_an_assigned_role_is_listed_until_unassigned() -> None:
    organization = FakeOpenAI(seed=1).admin.organization
    group = organization.groups.create(name="Support")
    role = organization.roles.create(role_name="Reader", permissions=["api.model.read"])
    organization.groups.roles.create(group.id, role_id=role.id)
    assert [listed.id for listed in organization.groups.roles.list(group.id)] == [role.id]
    organization.groups.roles.delete(role.id, group_id=group.id)
    assert list(organization.groups.roles.list(group.id)) == []
