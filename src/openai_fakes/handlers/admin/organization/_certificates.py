"""How a certificate shows at a scope, the organisation (``organization.certificate``) or one project
(``organization.project.certificate``), with ``active`` saying whether it is active there: the
listing, activating and deactivating that `certificates` and `projects.certificates` share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...._state.collection import JsonObject
from ..._stored import page
from ._organization import record
from ._routes import body_of, require_project, stored

if TYPE_CHECKING:
    from ...._control.context import Context
    from ...._core.exchange import Exchange

CERTIFICATES = "/organization/certificates"
_ORGANIZATION_SCOPE = ""


def active_certificates(server: Context) -> dict[str, set[str]]:
    """Scope ("" for the organisation, else a project id) -> ids of the certificates active there."""
    return server.backend.area("active_certificates", dict[str, set[str]])


def _at_scope(server: Context, scope: str) -> Any:
    """How a certificate shows at ``scope``: the scope's object type and its ``active`` flag there."""
    active = active_certificates(server).get(scope, set())
    kind = "organization.certificate" if scope == _ORGANIZATION_SCOPE else "organization.project.certificate"

    def shown(certificate: JsonObject) -> JsonObject:
        details = certificate.get("certificate_details") or {}
        return {
            "id": certificate["id"],
            "object": kind,
            "name": certificate.get("name"),
            "created_at": certificate.get("created_at"),
            "active": certificate["id"] in active,
            # What the certificate does not say (a materialized one's dates) is left out, never null.
            "certificate_details": {
                key: details[key] for key in ("valid_at", "expires_at") if details.get(key) is not None
            },
        }

    return shown


def _scope(server: Context, exchange: Exchange) -> str:
    return require_project(server, exchange) if "project_id" in exchange.path_params else _ORGANIZATION_SCOPE


def listed(server: Context, exchange: Exchange) -> Any:
    scope = _scope(server, exchange)
    return page(server, exchange, CERTIFICATES, ascending_by_default=False, shown=_at_scope(server, scope))


def switch(active: bool) -> Any:
    def answer(server: Context, exchange: Exchange) -> Any:
        scope = _scope(server, exchange)
        given = body_of(exchange).get("certificate_ids") or ()
        # One id sent as a plain string (validation="off" lets it through) is one id, not one per character.
        ids = [given] if isinstance(given, str) else [str(i) for i in given]
        from openai.types.admin.organization import Certificate

        found = [stored(server, exchange, CERTIFICATES, i, CERTIFICATES, Certificate) for i in ids]
        chosen = active_certificates(server).setdefault(scope, set())
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
        prefix = "organization.certificate" if scope == _ORGANIZATION_SCOPE else "organization.project.certificate"
        return {"object": f"{prefix}.{'activation' if active else 'deactivation'}", "data": [shown(c) for c in found]}

    return answer
