"""``client.admin.organization.projects.rate_limits``: every project has one per model
(`DEFAULT_RATE_LIMITS`, illustrative numbers), made on first use; an update persists and is
recorded in the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ....._state.collection import json_copy
from ...._base.router import Router
from ...._base.stateful import collection
from ...._stored import page
from .._organization import PROJECTS, record
from .._routes import OwnAnswer, body_of, require_project, stored

if TYPE_CHECKING:
    from ....._control.context import Context
    from ....._core.exchange import Exchange

DEFAULT_RATE_LIMITS: dict[str, dict[str, int]] = {
    # Illustrative limits (a low usage tier), one per model; the API's depend on the organisation.
    "gpt-4o": {
        "max_requests_per_1_minute": 500,
        "max_tokens_per_1_minute": 30_000,
        "batch_1_day_max_input_tokens": 90_000,
    },
    "gpt-4o-mini": {
        "max_requests_per_1_minute": 500,
        "max_tokens_per_1_minute": 200_000,
        "max_requests_per_1_day": 10_000,
        "batch_1_day_max_input_tokens": 2_000_000,
    },
    "gpt-4.1": {
        "max_requests_per_1_minute": 500,
        "max_tokens_per_1_minute": 30_000,
        "batch_1_day_max_input_tokens": 90_000,
    },
    "text-embedding-3-small": {
        "max_requests_per_1_minute": 3_000,
        "max_tokens_per_1_minute": 1_000_000,
        "batch_1_day_max_input_tokens": 3_000_000,
    },
    "dall-e-3": {"max_requests_per_1_minute": 500, "max_tokens_per_1_minute": 0, "max_images_per_1_minute": 5},
    "whisper-1": {
        "max_requests_per_1_minute": 500,
        "max_tokens_per_1_minute": 0,
        "max_audio_megabytes_per_1_minute": 100,
    },
}


def _rate_limits_of(server: Context, project_id: str) -> str:
    """The path of the project's rate limits, filled with the defaults on first use."""
    path = f"{PROJECTS}/{project_id}/rate_limits"
    limits = collection(server.backend, path)
    if not limits:
        for model, values in DEFAULT_RATE_LIMITS.items():
            limits.put({"id": f"rl-{model}", "object": "project.rate_limit", "model": model, **values})
    return path


def _rate_limits(server: Context, exchange: Exchange) -> Any:
    project_id = require_project(server, exchange)
    return page(server, exchange, _rate_limits_of(server, project_id), ascending_by_default=True)


def _rate_limit_updated(server: Context, exchange: Exchange) -> Any:
    project_id = require_project(server, exchange)
    path = _rate_limits_of(server, project_id)
    limit_id = exchange.path_params["rate_limit_id"]
    limit = stored(server, exchange, path, limit_id, "/organization/projects/{project_id}/rate_limits")
    if server.backend.unknown_ids != "strict" and limit.get("model") is None:
        limit.update(object="project.rate_limit", model=limit_id.removeprefix("rl-"))
    requested = {
        name: value
        for name, value in body_of(exchange).items()
        if name.startswith(("max_", "batch_")) and isinstance(value, int)
    }
    limit.update(requested)
    record(server, "rate_limit.updated", {"id": limit_id, "changes_requested": requested}, project_id=project_id)
    return json_copy(limit)


def register(router: Router) -> None:
    routes = {
        ("GET", "/organization/projects/{project_id}/rate_limits"): OwnAnswer(
            _rate_limits, "one per model, per project"
        ),
        ("POST", "/organization/projects/{project_id}/rate_limits/{rate_limit_id}"): OwnAnswer(
            _rate_limit_updated, "persists; `rate_limit.updated` logged"
        ),
    }
    router.add_all(routes)
