"""``client.admin.organization.external_storage``: stored by the generic state; registering and removing
external storage is recorded in the audit log."""

from __future__ import annotations

from ..._base.router import Router
from ..._base.stateful import on_store
from ._routes import logged

_EXTERNAL_STORAGE = "/organization/external_storage"
# Made once: a hook is registered once however many servers call `register`.
_REGISTERED = logged("external_storage.registered")
_REMOVED = logged("external_storage.removed")


def register(router: Router) -> None:
    on_store("create", _EXTERNAL_STORAGE, _REGISTERED)
    on_store("delete", _EXTERNAL_STORAGE, _REMOVED)
