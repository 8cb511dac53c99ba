"""Certificates: ``admin.organization.certificates`` and ``projects.certificates``.

An uploaded certificate is stored by the generic state as a ``certificate`` (no ``active`` flag:
the API shows it only at a scope). Listing, activating and deactivating show it at a scope, the
organisation (``organization.certificate``) or one project (``organization.project.certificate``),
with ``active`` saying whether it is active there. A new certificate is inactive everywhere;
``certificate_details`` says it is valid from its upload for a year [U: the fake does not parse
the PEM it is given]. Changes are recorded in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...._state.collection import JsonObject, json_copy
from ..._base.router import Router
from ..._base.stateful import on_store
from ..._stored import page
from ._organization import organization, record
from ._routes import AfterStore, OwnAnswer, body_of, require_project, stored

if TYPE_CHECKING:
    from ...._control.context import Context
    from ...._core.exchange import Exchange

CERTIFICATES = "/organization/certificates"
_YEAR = 365 * 86_400
_ORGANIZATION_SCOPE = ""


def _active(server: Context) -> dict[str, set[str]]:
    """Scope ("" for the organisation, else a project id) -> ids of the certificates active there."""
    return server.backend.area("active_certificates", dict[str, set[str]])


def _created(server: Context, exchange: Exchange, certificate: JsonObject) -> None:
    organization(server)
    body = body_of(exchange)
    now = server.backend.clock.now()
    certificate.pop("active", None)
    certificate.update(
        object="certificate",
        name=body.get("name", certificate.get("name")),
        created_at=now,
        certificate_details={"valid_at": now, "expires_at": now + _YEAR},
    )
    record(server, "certificate.created", {"id": certificate["id"], "name": certificate.get("name")})


def _deleted(server: Context, exchange: Exchange, certificate: JsonObject) -> None:
    for ids in _active(server).values():
        ids.discard(certificate["id"])
    record(server, "certificate.deleted", {"id": certificate["id"], "name": certificate.get("name")})


def _updated(server: Context, exchange: Exchange, answer: Any) -> Any:
    certificate = stored(server, exchange, CERTIFICATES, exchange.path_params["certificate_id"], CERTIFICATES)
    if "name" in body_of(exchange):
        certificate["name"] = body_of(exchange)["name"]
    record(server, "certificate.updated", {"id": certificate["id"], "name": certificate.get("name")})
    return _plain(certificate)


def _plain(certificate: JsonObject) -> JsonObject:
    shown: JsonObject = json_copy(certificate)
    shown.pop("active", None)
    shown["object"] = "certificate"
    return shown


def _at_scope(server: Context, scope: str) -> Any:
    """How a certificate shows at ``scope``: the scope's object type and its ``active`` flag there."""
    active = _active(server).get(scope, set())
    kind = "organization.certificate" if scope == _ORGANIZATION_SCOPE else "organization.project.certificate"

    def shown(certificate: JsonObject) -> JsonObject:
        details = certificate.get("certificate_details") or {}
        return {
            "id": certificate["id"],
            "object": kind,
            "name": certificate.get("name"),
            "created_at": certificate.get("created_at"),
            "active": certificate["id"] in active,
            "certificate_details": {"valid_at": details.get("valid_at"), "expires_at": details.get("expires_at")},
        }

    return shown


def _scope(server: Context, exchange: Exchange) -> str:
    return require_project(server, exchange) if "project_id" in exchange.path_params else _ORGANIZATION_SCOPE


def _listed(server: Context, exchange: Exchange) -> Any:
    scope = _scope(server, exchange)
    return page(server, exchange, CERTIFICATES, ascending_by_default=False, shown=_at_scope(server, scope))


def _switch(active: bool) -> Any:
    def answer(server: Context, exchange: Exchange) -> Any:
        scope = _scope(server, exchange)
        ids = [str(i) for i in body_of(exchange).get("certificate_ids") or ()]
        from openai.types.admin.organization import Certificate

        found = [stored(server, exchange, CERTIFICATES, i, CERTIFICATES, Certificate) for i in ids]
        chosen = _active(server).setdefault(scope, set())
        for certificate in found:
            (chosen.add if active else chosen.discard)(certificate["id"])
        event = "certificates.activated" if active else "certificates.deactivated"
        record(
            server,
            event,
            {"certificates": [{"id": c["id"], "name": c.get("name")} for c in found]},
            project_id=scope or None,
        )
        shown = _at_scope(server, scope)
        return {"object": "list", "data": [shown(c) for c in found]}

    return answer


def register(router: Router) -> None:
    on_store("create", CERTIFICATES, _created)
    on_store("delete", CERTIFICATES, _deleted)
    project = "/organization/projects/{project_id}/certificates"
    routes = {
        ("GET", CERTIFICATES): OwnAnswer(_listed, "organisation scope, with `active`"),
        ("GET", f"{CERTIFICATES}/{{certificate_id}}"): AfterStore(
            lambda s, e, answer: _plain(answer) if isinstance(answer, dict) else answer, "stored"
        ),
        ("POST", f"{CERTIFICATES}/{{certificate_id}}"): AfterStore(
            _updated, "name stored; `certificate.updated` logged"
        ),
        ("POST", f"{CERTIFICATES}/activate"): OwnAnswer(
            _switch(True), "active for the organisation; `certificates.activated` logged"
        ),
        ("POST", f"{CERTIFICATES}/deactivate"): OwnAnswer(
            _switch(False), "inactive for the organisation; `certificates.deactivated` logged"
        ),
        ("GET", project): OwnAnswer(_listed, "project scope, with `active`"),
        ("POST", f"{project}/activate"): OwnAnswer(
            _switch(True), "active for the project; `certificates.activated` logged"
        ),
        ("POST", f"{project}/deactivate"): OwnAnswer(
            _switch(False), "inactive for the project; `certificates.deactivated` logged"
        ),
    }
    for (method, template), adapter in routes.items():
        router.add(method, template, adapter, summary=adapter.summary)
