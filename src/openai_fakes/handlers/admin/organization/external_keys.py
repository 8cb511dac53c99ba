"""``client.admin.organization.external_keys``: stored by the generic state; registering a key (its
type, name and purpose) and removing one is recorded in the audit log."""

from __future__ import annotations

from ..._base.router import Router
from ..._base.stateful import on_store
from ._routes import logged

_EXTERNAL_KEYS = "/organization/external_keys"
# Made once: a hook is registered once however many servers call `register`.
_REGISTERED = logged("external_key.registered", "type", "name", "purpose")
_REMOVED = logged("external_key.removed")


def register(router: Router) -> None:
    on_store("create", _EXTERNAL_KEYS, _REGISTERED)
    on_store("delete", _EXTERNAL_KEYS, _REMOVED)
