"""Audit logs: ``GET /organization/audit_logs`` (``admin.organization.audit_logs.list``).

Lists the events the admin handlers recorded (`_organization.record`), newest first, filtered by
``event_types``, ``project_ids``, ``resource_ids`` (the object an event is about), ``actor_ids``,
``actor_emails`` and ``effective_at`` (``gt``/``gte``/``lt``/``lte``), ``limit`` (default 20) per
page with ``after``/``before`` cursors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ...._state.collection import JsonObject
from ..._base.router import Router
from ..._stored import page
from ._organization import AUDIT_LOGS
from ._routes import OwnAnswer

if TYPE_CHECKING:
    from ...._control.context import Context
    from ...._core.exchange import Exchange

_BOUNDS: dict[str, Callable[[int, int], bool]] = {
    "gt": lambda at, bound: at > bound,
    "gte": lambda at, bound: at >= bound,
    "lt": lambda at, bound: at < bound,
    "lte": lambda at, bound: at <= bound,
}


def _listed(server: Context, exchange: Exchange) -> Any:
    tests = _tests(exchange.query)
    keep = (lambda event: all(test(event) for test in tests)) if tests else None
    return page(server, exchange, AUDIT_LOGS, ascending_by_default=False, keep=keep)


def _tests(query: Mapping[str, Any]) -> list[Callable[[JsonObject], bool]]:
    tests: list[Callable[[JsonObject], bool]] = []
    types = _strings(query.get("event_types"))
    if types:
        tests.append(lambda event: event["type"] in types)
    projects = _strings(query.get("project_ids"))
    if projects:
        tests.append(lambda event: (event.get("project") or {}).get("id") in projects)
    resources = _strings(query.get("resource_ids"))
    if resources:
        tests.append(lambda event: (event.get(event["type"]) or {}).get("id") in resources)
    actors = _strings(query.get("actor_ids"))
    if actors:
        tests.append(lambda event: bool(_actor_ids(event) & actors))
    emails = {e.lower() for e in _strings(query.get("actor_emails"))}
    if emails:
        tests.append(lambda event: str(_actor_user(event).get("email", "")).lower() in emails)
    window = query.get("effective_at")
    if isinstance(window, Mapping):
        for name, bound in window.items():
            check = _BOUNDS.get(str(name))
            if check is not None and isinstance(bound, int):
                tests.append(_in_window(check, bound))
    return tests


def _in_window(check: Callable[[int, int], bool], bound: int) -> Callable[[JsonObject], bool]:
    return lambda event: check(event["effective_at"], bound)


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    return {str(v) for v in value} if isinstance(value, (list, tuple)) else set()


def _actor_user(event: JsonObject) -> Mapping[str, Any]:
    key = (event.get("actor") or {}).get("api_key") or {}
    return key.get("user") or {}


def _actor_ids(event: JsonObject) -> set[str]:
    key = (event.get("actor") or {}).get("api_key") or {}
    found = {key.get("id"), _actor_user(event).get("id"), (key.get("service_account") or {}).get("id")}
    return {value for value in found if isinstance(value, str)}


def register(router: Router) -> None:
    adapter = OwnAnswer(
        _listed,
        "every admin change made through the fake, newest first; type, project, resource, actor and time filters",
    )
    router.add("GET", AUDIT_LOGS, adapter, summary=adapter.summary)
