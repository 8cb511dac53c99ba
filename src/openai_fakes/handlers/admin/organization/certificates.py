"""``client.admin.organization.certificates``: an uploaded certificate is stored by the generic state
as a ``certificate`` (no ``active`` flag: the API shows it only at a scope, `_certificates`).
Listing, activating and deactivating show it at the organisation's scope (a project's is
`projects.certificates`). A new certificate is inactive everywhere; ``certificate_details`` says
it is valid from its upload for a year [U: the fake does not parse the PEM it is given]. Changes
are recorded in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...._state.collection import JsonObject, json_copy
from ..._base.router import Router
from ..._base.stateful import on_store
from ._certificates import CERTIFICATES, active_certificates, listed, switch
from ._organization import organization, record
from ._routes import AfterStore, OwnAnswer, body_of, stored

if TYPE_CHECKING:
    from ...._control.context import Context
    from ...._core.exchange import Exchange

_YEAR = 365 * 86_400


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
    for ids in active_certificates(server).values():
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


def register(router: Router) -> None:
    on_store("create", CERTIFICATES, _created)
    on_store("delete", CERTIFICATES, _deleted)
    routes = {
        ("GET", CERTIFICATES): OwnAnswer(listed, "organisation scope, with `active`"),
        ("GET", f"{CERTIFICATES}/{{certificate_id}}"): AfterStore(
            lambda s, e, answer: _plain(answer) if isinstance(answer, dict) else answer, "stored"
        ),
        ("POST", f"{CERTIFICATES}/{{certificate_id}}"): AfterStore(
            _updated, "name stored; `certificate.updated` logged"
        ),
        ("POST", f"{CERTIFICATES}/activate"): OwnAnswer(
            switch(True), "active for the organisation; `certificates.activated` logged"
        ),
        ("POST", f"{CERTIFICATES}/deactivate"): OwnAnswer(
            switch(False), "inactive for the organisation; `certificates.deactivated` logged"
        ),
    }
    router.add_all(routes)
