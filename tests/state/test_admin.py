"""The admin API keeps state as the API does and logs every change (issue 6, admin part)."""

from __future__ import annotations

import asyncio

import openai
import pytest

from openai_fakes import Backend, FakeAsyncOpenAI, FakeOpenAI, accept_invite
from openai_fakes.handlers.admin.organization.invites import INVITE_LIFETIME


def _default_project(fake: FakeOpenAI) -> str:
    return next(p.id for p in fake.admin.organization.projects.list() if p.name == "Default project")


def _event_types(fake: FakeOpenAI, **filters: object) -> list[str]:
    return [event.type for event in fake.admin.organization.audit_logs.list(**filters)]  # type: ignore[arg-type]


# --- the organisation a fake starts with ----------------------------------------------------------


def test_an_organisation_has_an_owner_a_default_project_and_keys_from_the_start() -> None:
    organization = FakeOpenAI(seed=1).admin.organization
    users = list(organization.users.list())
    assert [(u.role, u.email, u.id[:5]) for u in users] == [("owner", "alex.morgan@example.com", "user-")]
    projects = list(organization.projects.list())
    assert [(p.name, p.status, p.archived_at) for p in projects] == [("Default project", "active", None)]
    members = list(organization.projects.users.list(projects[0].id))
    assert [(m.id, m.role) for m in members] == [(users[0].id, "owner")]
    keys = list(organization.projects.api_keys.list(projects[0].id))
    assert len(keys) == 1 and keys[0].owner.type == "user" and keys[0].owner.user is not None
    assert keys[0].owner.user.id == users[0].id and keys[0].redacted_value.startswith("sk-proj-...")
    admin_keys = list(organization.admin_api_keys.list())
    assert len(admin_keys) == 1 and admin_keys[0].owner.id == users[0].id and admin_keys[0].id.startswith("key_")
    assert list(organization.audit_logs.list()) == []  # nothing was changed yet


# --- projects ------------------------------------------------------------------------------------


def test_projects_are_created_active_updated_and_archived_with_a_timestamp() -> None:
    fake = FakeOpenAI(seed=2)
    projects = fake.admin.organization.projects
    project = projects.create(name="Search")
    assert (project.name, project.status, project.archived_at, project.id[:5]) == ("Search", "active", None, "proj_")
    assert projects.update(project.id, name="Search v2").name == "Search v2"
    archived = projects.archive(project.id)
    assert (
        archived.status == "archived"
        and archived.archived_at is not None
        and archived.archived_at >= project.created_at
    )
    assert projects.retrieve(project.id) == archived
    assert [p.name for p in projects.list()] == ["Default project"]
    assert [p.name for p in projects.list(include_archived=True)] == ["Search v2", "Default project"]
    assert _event_types(fake) == ["project.archived", "project.updated", "project.created"]


def test_an_unknown_project_is_the_apis_404() -> None:
    projects = FakeOpenAI(seed=3).admin.organization.projects
    with pytest.raises(openai.NotFoundError):
        projects.archive("proj_nope")
    with pytest.raises(openai.NotFoundError):
        projects.api_keys.list("proj_nope")
    with pytest.raises(openai.NotFoundError):
        projects.rate_limits.list_rate_limits("proj_nope")


# --- service accounts and keys -------------------------------------------------------------------


def test_a_service_account_key_is_shown_once_and_listed_redacted_among_the_project_keys() -> None:
    fake = FakeOpenAI(seed=4)
    organization = fake.admin.organization
    project = organization.projects.create(name="Bots")
    account = organization.projects.service_accounts.create(project.id, name="deployer")
    assert account.role == "member" and account.api_key is not None
    value = account.api_key.value
    assert value.startswith("sk-svcacct-") and len(value) > 40
    assert (
        "api_key" not in organization.projects.service_accounts.retrieve(account.id, project_id=project.id).model_dump()
    )
    assert all(not hasattr(a, "api_key") for a in organization.projects.service_accounts.list(project.id))
    (key,) = organization.projects.api_keys.list(project.id)
    assert key.id == account.api_key.id and key.redacted_value == f"sk-svcacct-...{value[-4:]}"
    assert key.owner.type == "service_account" and key.owner.service_account is not None
    assert key.owner.service_account.id == account.id
    second = organization.projects.service_accounts.api_keys.create(account.id, project_id=project.id, name="rotation")
    assert second.value.startswith("sk-svcacct-") and second.value != value and second.name == "rotation"
    assert [k.id for k in organization.projects.api_keys.list(project.id)] == [key.id, second.id]
    organization.projects.service_accounts.delete(account.id, project_id=project.id)
    assert list(organization.projects.api_keys.list(project.id)) == []
    assert _event_types(fake, project_ids=[project.id]) == [
        "service_account.deleted",
        "api_key.created",
        "service_account.created",
        "project.created",
    ]


def test_a_service_account_created_alone_has_no_key_and_no_membership() -> None:
    fake = FakeOpenAI(seed=5)
    project = fake.admin.organization.projects.create(name="Quiet")
    account = fake.admin.organization.projects.service_accounts.create(
        project.id, name="x", extra_body={"create_service_account_only": True}
    )
    assert (account.role, account.api_key) == ("none", None)
    assert list(fake.admin.organization.projects.api_keys.list(project.id)) == []


def test_project_api_keys_update_and_delete() -> None:
    fake = FakeOpenAI(seed=6)
    projects = fake.admin.organization.projects
    default = _default_project(fake)
    (key,) = projects.api_keys.list(default)
    now = fake.backend.clock.now()
    updated = projects.api_keys.update(key.id, project_id=default, expires_in_seconds=3_600)
    assert updated.expires_at is not None and now < updated.expires_at <= now + 3_600 + 10
    assert projects.api_keys.retrieve(key.id, project_id=default) == updated
    deleted = projects.api_keys.delete(key.id, project_id=default)
    assert (deleted.id, deleted.deleted) == (key.id, True)
    with pytest.raises(openai.NotFoundError):
        projects.api_keys.retrieve(key.id, project_id=default)
    assert _event_types(fake) == ["api_key.deleted", "api_key.updated"]


def test_an_admin_key_value_is_shown_once_and_a_deleted_key_is_gone() -> None:
    fake = FakeOpenAI(seed=7)
    keys = fake.admin.organization.admin_api_keys
    created = keys.create(name="ci")
    assert created.value.startswith("sk-admin-") and created.redacted_value == f"sk-admin...{created.value[-4:]}"
    listed = [k for k in keys.list() if k.id == created.id]
    assert len(listed) == 1 and "value" not in listed[0].model_dump() and listed[0].name == "ci"
    assert "value" not in keys.retrieve(created.id).model_dump()
    keys.delete(created.id)
    with pytest.raises(openai.NotFoundError):
        keys.retrieve(created.id)
    assert _event_types(fake) == ["api_key.deleted", "api_key.created"]


# --- invites and users ---------------------------------------------------------------------------


def test_an_invite_is_pending_until_accepted_and_the_invitee_joins_its_projects() -> None:
    fake = FakeOpenAI(seed=8)
    organization = fake.admin.organization
    invite = organization.invites.create(email="sam.lee@example.com", role="reader")
    default = _default_project(fake)
    assert (invite.status, invite.accepted_at) == ("pending", None)
    assert invite.expires_at == invite.created_at + INVITE_LIFETIME
    assert [(p.id, p.role) for p in invite.projects] == [(default, "member")]  # no projects given: the default one
    user_id = accept_invite(fake, invite.id)
    accepted = organization.invites.retrieve(invite.id)
    assert (
        accepted.status == "accepted" and accepted.accepted_at is not None and accepted.accepted_at >= invite.created_at
    )
    user = organization.users.retrieve(user_id)
    assert (user.email, user.role, user.name) == ("sam.lee@example.com", "reader", "Sam Lee")
    assert user_id in [m.id for m in organization.projects.users.list(default)]
    assert [u.id for u in organization.users.list(emails=["SAM.LEE@example.com"])] == [user_id]
    with pytest.raises(ValueError, match="accepted"):
        accept_invite(fake, invite.id)
    with pytest.raises(KeyError, match="invite-nope"):
        accept_invite(fake.backend, "invite-nope")
    assert _event_types(fake) == ["invite.accepted", "invite.sent"]


def test_an_invite_with_no_projects_joins_none_and_a_deleted_invite_is_gone() -> None:
    fake = FakeOpenAI(seed=9)
    invites = fake.admin.organization.invites
    invite = invites.create(email="ops@example.com", role="owner", projects=[])
    assert invite.projects == []
    user_id = accept_invite(fake, invite.id)
    assert user_id not in [m.id for m in fake.admin.organization.projects.users.list(_default_project(fake))]
    other = invites.create(email="late@example.com", role="reader")
    assert invites.delete(other.id).deleted
    with pytest.raises(openai.NotFoundError):
        invites.retrieve(other.id)
    assert [i.id for i in invites.list()] == [invite.id]


def test_a_user_role_update_persists_and_a_deleted_user_leaves_every_project() -> None:
    fake = FakeOpenAI(seed=10)
    organization = fake.admin.organization
    user_id = accept_invite(fake, organization.invites.create(email="kim@example.com", role="reader").id)
    project = organization.projects.create(name="Data")
    member = organization.projects.users.create(project.id, role="member", user_id=user_id)
    assert (member.id, member.email, member.role) == (user_id, "kim@example.com", "member")
    assert organization.projects.users.update(user_id, project_id=project.id, role="owner").role == "owner"
    assert organization.users.update(user_id, role="owner").role == "owner"
    assert organization.users.retrieve(user_id).role == "owner"
    deleted = organization.users.delete(user_id)
    assert (deleted.id, deleted.deleted, deleted.object) == (user_id, True, "organization.user.deleted")
    with pytest.raises(openai.NotFoundError):
        organization.users.retrieve(user_id)
    assert user_id not in [m.id for m in organization.projects.users.list(project.id)]
    assert user_id not in [m.id for m in organization.projects.users.list(_default_project(fake))]
    assert _event_types(fake, event_types=["user.added", "user.updated", "user.deleted"]) == [
        "user.deleted",
        "user.updated",
        "user.updated",
        "user.added",
    ]


def test_only_organisation_members_join_projects() -> None:
    fake = FakeOpenAI(seed=11)
    project = fake.admin.organization.projects.create(name="Closed")
    with pytest.raises(openai.NotFoundError):
        fake.admin.organization.projects.users.create(project.id, role="member", email="stranger@example.com")
    owner = next(iter(fake.admin.organization.users.list()))
    by_email = fake.admin.organization.projects.users.create(project.id, role="member", email=str(owner.email))
    assert by_email.id == owner.id
    fake.admin.organization.projects.users.delete(owner.id, project_id=project.id)
    assert list(fake.admin.organization.projects.users.list(project.id)) == []


# --- rate limits and certificates ----------------------------------------------------------------


def test_rate_limits_are_per_project_and_an_update_persists() -> None:
    fake = FakeOpenAI(seed=12)
    rate_limits = fake.admin.organization.projects.rate_limits
    project = fake.admin.organization.projects.create(name="Limited")
    default = _default_project(fake)
    limits = list(rate_limits.list_rate_limits(project.id))
    assert limits and all(limit.id == f"rl-{limit.model}" for limit in limits)
    updated = rate_limits.update_rate_limit("rl-gpt-4o", project_id=project.id, max_requests_per_1_minute=42)
    assert updated.max_requests_per_1_minute == 42 and updated.model == "gpt-4o"
    mine = {limit.id: limit.max_requests_per_1_minute for limit in rate_limits.list_rate_limits(project.id)}
    theirs = {limit.id: limit.max_requests_per_1_minute for limit in rate_limits.list_rate_limits(default)}
    assert mine["rl-gpt-4o"] == 42 and theirs["rl-gpt-4o"] != 42
    page = rate_limits.list_rate_limits(project.id, limit=2)
    assert len(page.data) == 2 and page.has_more
    with pytest.raises(openai.NotFoundError):
        rate_limits.update_rate_limit("rl-nope", project_id=project.id, max_requests_per_1_minute=1)
    events = list(fake.admin.organization.audit_logs.list(event_types=["rate_limit.updated"]))
    assert len(events) == 1 and events[0].rate_limit_updated is not None
    assert events[0].rate_limit_updated.changes_requested is not None
    assert events[0].rate_limit_updated.changes_requested.max_requests_per_1_minute == 42


def test_certificates_are_active_per_scope() -> None:
    fake = FakeOpenAI(seed=13)
    certificates = fake.admin.organization.certificates
    certificate = certificates.create(certificate="-----BEGIN CERTIFICATE-----\n...", name="mtls")
    assert (certificate.object, certificate.name, certificate.active) == ("certificate", "mtls", None)
    details = certificate.certificate_details
    assert details.valid_at is not None and details.expires_at is not None and details.valid_at < details.expires_at
    assert [(c.object, c.active) for c in certificates.list()] == [("organization.certificate", False)]
    assert [c.active for c in certificates.activate(certificate_ids=[certificate.id])] == [True]
    assert [c.active for c in certificates.list()] == [True]
    project = _default_project(fake)
    scoped = fake.admin.organization.projects.certificates
    assert [(c.object, c.active) for c in scoped.list(project)] == [("organization.project.certificate", False)]
    scoped.activate(project, certificate_ids=[certificate.id])
    assert [c.active for c in scoped.list(project)] == [True]
    assert [c.active for c in certificates.deactivate(certificate_ids=[certificate.id])] == [False]
    assert [c.active for c in scoped.list(project)] == [True]  # scopes are separate
    assert certificates.update(certificate.id, name="mtls-2").name == "mtls-2"
    certificates.delete(certificate.id)
    assert list(certificates.list()) == [] and list(scoped.list(project)) == []
    assert _event_types(fake) == [
        "certificate.deleted",
        "certificate.updated",
        "certificates.deactivated",
        "certificates.activated",
        "certificates.activated",
        "certificate.created",
    ]


def test_groups_and_roles_are_logged_with_what_changed() -> None:
    fake = FakeOpenAI(seed=18)
    organization = fake.admin.organization
    group = organization.groups.create(name="eng")
    assert organization.groups.update(group.id, name="platform").name == "platform"
    role = organization.roles.create(role_name="reader", permissions=["api.model.read"])
    assert (role.name, role.permissions, role.predefined_role) == ("reader", ["api.model.read"], False)
    updated = organization.roles.update(role.id, role_name="writer", permissions=["api.files.write"])
    assert (updated.name, updated.permissions) == ("writer", ["api.files.write"])
    organization.roles.delete(role.id)
    organization.groups.delete(group.id)
    events = list(organization.audit_logs.list())
    assert [e.type for e in events] == [
        "group.deleted",
        "role.deleted",
        "role.updated",
        "role.created",
        "group.updated",
        "group.created",
    ]
    role_updated = events[2].role_updated
    assert role_updated is not None and role_updated.changes_requested is not None
    assert (role_updated.changes_requested.permissions_added, role_updated.changes_requested.permissions_removed) == (
        ["api.files.write"],
        ["api.model.read"],
    )
    group_created = events[-1].group_created
    assert group_created is not None and group_created.data is not None and group_created.data.group_name == "eng"


def test_external_keys_and_workload_identity_providers_are_logged() -> None:
    fake = FakeOpenAI(seed=19)
    organization = fake.admin.organization
    if not hasattr(organization, "external_keys"):  # CI's oldest-SDK leg: the resource came later
        pytest.skip(f"openai {openai.__version__} has no admin.organization.external_keys")
    key = organization.external_keys.create(
        name="kms", type="aws", external_id="ext", kms_arn="arn:aws:kms:k", role_arn="arn:aws:iam::r"
    )
    organization.external_keys.delete(key.id)
    provider = organization.workload_identity_providers.create(
        name="ci", type="oidc", audience="api", issuer="https://issuer.example.com"
    )
    organization.workload_identity_providers.update(provider.id, name="ci-2")
    organization.workload_identity_providers.delete(provider.id)
    assert _event_types(fake) == [
        "workload_identity_provider.deleted",
        "workload_identity_provider.updated",
        "workload_identity_provider.created",
        "external_key.removed",
        "external_key.registered",
    ]
    assert _event_types(fake, resource_ids=[key.id]) == ["external_key.removed", "external_key.registered"]


# --- audit logs ----------------------------------------------------------------------------------


def test_audit_events_name_the_admin_key_the_project_and_what_changed() -> None:
    fake = FakeOpenAI(seed=14)
    organization = fake.admin.organization
    project = organization.projects.create(name="Audited")
    (event,) = organization.audit_logs.list()
    admin_key = next(iter(organization.admin_api_keys.list()))
    owner = next(iter(organization.users.list()))
    assert event.id.startswith("audit_log-") and event.type == "project.created"
    assert event.effective_at >= project.created_at
    assert event.actor is not None and event.actor.type == "api_key" and event.actor.api_key is not None
    assert event.actor.api_key.id == admin_key.id and event.actor.api_key.user is not None
    assert (event.actor.api_key.user.id, event.actor.api_key.user.email) == (owner.id, owner.email)
    assert event.project is not None and (event.project.id, event.project.name) == (project.id, "Audited")
    assert event.project_created is not None and event.project_created.data is not None
    assert (event.project_created.id, event.project_created.data.name) == (project.id, "Audited")


def test_audit_logs_filter_by_type_project_resource_actor_and_time_and_page_newest_first() -> None:
    fake = FakeOpenAI(seed=15)
    organization = fake.admin.organization
    first = organization.projects.create(name="One")
    fake.backend.clock.advance(100)
    middle = fake.backend.clock.now()
    fake.backend.clock.advance(100)
    second = organization.projects.create(name="Two")
    organization.projects.update(second.id, name="Two!")
    organization.invites.create(email="a@example.com", role="reader")
    assert _event_types(fake) == ["invite.sent", "project.updated", "project.created", "project.created"]
    assert _event_types(fake, event_types=["project.created"]) == ["project.created", "project.created"]
    assert _event_types(fake, project_ids=[first.id]) == ["project.created"]
    assert _event_types(fake, resource_ids=[second.id]) == ["project.updated", "project.created"]
    assert _event_types(fake, effective_at={"lt": middle}) == ["project.created"]
    assert len(_event_types(fake, effective_at={"gt": middle})) == 3
    admin_key = next(iter(organization.admin_api_keys.list())).id
    assert len(_event_types(fake, actor_ids=[admin_key])) == 4 and _event_types(fake, actor_ids=["key_other"]) == []
    assert len(_event_types(fake, actor_emails=["alex.morgan@example.com"])) == 4
    page = organization.audit_logs.list(limit=3)
    assert [e.type for e in page.data] == ["invite.sent", "project.updated", "project.created"] and page.has_more
    rest = organization.audit_logs.list(limit=3, after=page.data[-1].id)
    assert [e.project.id for e in rest.data if e.project] == [first.id] and not rest.has_more
    before = organization.audit_logs.list(limit=2, before=rest.data[0].id)
    assert [e.id for e in before.data] == [e.id for e in page.data[1:]]
    # A cursor keeps its place when the filter leaves its own event out, as with any list.
    created = organization.audit_logs.list(event_types=["project.created"], after=page.data[1].id)
    assert [e.type for e in created.data] == ["project.created", "project.created"] and not created.has_more


def test_the_same_seed_gives_the_same_organisation_and_log() -> None:
    def dump() -> str:
        fake = FakeOpenAI(seed=16)
        project = fake.admin.organization.projects.create(name="Same")
        fake.admin.organization.projects.service_accounts.create(project.id, name="bot")
        return "".join(e.model_dump_json() for e in fake.admin.organization.audit_logs.list()) + "".join(
            k.model_dump_json() for k in fake.admin.organization.projects.api_keys.list(project.id)
        )

    assert dump() == dump()


# --- async ---------------------------------------------------------------------------------------


def test_async_clients_share_the_organisation_and_the_log() -> None:
    backend = Backend(seed=17)
    fake, sync = FakeAsyncOpenAI(backend=backend), FakeOpenAI(backend=backend)

    async def run() -> None:
        organization = fake.admin.organization
        project = await organization.projects.create(name="Async")
        archived = await organization.projects.archive(project.id)
        assert archived.status == "archived" and archived.archived_at is not None
        account = await organization.projects.service_accounts.create(project.id, name="worker")
        assert account.api_key is not None and account.api_key.value.startswith("sk-svcacct-")
        retrieved = await organization.projects.service_accounts.retrieve(account.id, project_id=project.id)
        assert "api_key" not in retrieved.model_dump()
        invite = await organization.invites.create(email="async@example.com", role="reader")
        user_id = accept_invite(fake, invite.id)
        await organization.users.delete(user_id)
        limits = [limit async for limit in organization.projects.rate_limits.list_rate_limits(project.id)]
        await organization.projects.rate_limits.update_rate_limit(
            limits[0].id, project_id=project.id, max_tokens_per_1_minute=9
        )
        types = [event.type async for event in organization.audit_logs.list(limit=2)]
        assert types == [
            "rate_limit.updated",
            "user.deleted",
            "invite.accepted",
            "invite.sent",
            "service_account.created",
            "project.archived",
            "project.created",
        ]
        assert [
            p.status for p in sync.admin.organization.projects.list(include_archived=True) if p.id == project.id
        ] == ["archived"]

    asyncio.run(run())
