"""Models: ``GET /models``, ``GET /models/{model}``, ``DELETE /models/{model}``.

The catalogue is every model another endpoint of the fake accepts (the SDK's own model literals
and the aliases of `_sim.model_catalog`, as `_sim.validation.models` knows them), so ``models.retrieve``
succeeds exactly for the names the other endpoints take. ``created`` and ``owned_by`` are the
API's where known (real ``/models`` listings), else the date in the name, else a fixed date
derived from the name.

Fine-tuned models (``ft:...``) belong to the fake's organisation. One exists once something
creates it (`remember_fine_tuned`, for the fine-tuning handler) and is gone once deleted. Under
``unknown_ids="strict"`` (the default) a fine-tuned model nobody created is 404 and only
fine-tuned models can be deleted: deleting a base model is refused with 403 (the API refuses it;
its wording is not on record, so the message is the fake's). Under ``"materialize"`` any unknown
model (a fine-tune's ``ft:...`` name, or a placeholder such as ``"my-model"``) is answered as one
of the organisation's and remembered, as every unknown id is there, and a base model can be
deleted from the fake's catalogue.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .._core.errors import APIErrorReply
from .._core.exchange import Exchange, JsonReply, Reply
from .._sim.validation.models import family
from ._base.adapter import Adapter
from ._base.router import Router

if TYPE_CHECKING:
    from .._control.context import Context
    from .._state.backend import Backend

ORGANIZATION = "user-fake0000000000000000000"
"""The fake's own organisation (the ``openai-organization`` header): owner of fine-tuned models."""

# (created, owned_by) as real /models listings show them.
_KNOWN: dict[str, tuple[int, str]] = {
    "gpt-3.5-turbo": (1677610602, "openai"),
    "gpt-3.5-turbo-0125": (1706048358, "system"),
    "gpt-3.5-turbo-1106": (1698959748, "system"),
    "gpt-3.5-turbo-16k": (1683758102, "openai-internal"),
    "gpt-3.5-turbo-instruct": (1692901427, "system"),
    "gpt-4": (1687882411, "openai"),
    "gpt-4-0613": (1686588896, "openai"),
    "gpt-4-0125-preview": (1706037612, "system"),
    "gpt-4-turbo": (1712361441, "system"),
    "gpt-4-turbo-2024-04-09": (1712601677, "system"),
    "gpt-4-turbo-preview": (1706037777, "system"),
    "gpt-4o": (1715367049, "system"),
    "gpt-4o-2024-05-13": (1715368132, "system"),
    "gpt-4o-2024-08-06": (1722814719, "system"),
    "gpt-4o-mini": (1721172741, "system"),
    "gpt-4o-mini-2024-07-18": (1721172717, "system"),
    "o1-mini": (1725649008, "system"),
    "o1-mini-2024-09-12": (1725648979, "system"),
    "o1": (1734375816, "system"),
    "o1-2024-12-17": (1734326976, "system"),
    "o3-mini": (1737146383, "system"),
    "o3-mini-2025-01-31": (1738010200, "system"),
    "babbage-002": (1692634615, "system"),
    "davinci-002": (1692634301, "system"),
    "text-embedding-ada-002": (1671217299, "openai-internal"),
    "text-embedding-3-small": (1705948997, "system"),
    "text-embedding-3-large": (1705953180, "system"),
    "whisper-1": (1677532384, "openai-internal"),
    "tts-1": (1681940951, "openai-internal"),
    "tts-1-hd": (1699046015, "system"),
    "dall-e-2": (1698798177, "system"),
    "dall-e-3": (1698785189, "system"),
    "omni-moderation-latest": (1731689265, "system"),
    "omni-moderation-2024-09-26": (1732734466, "system"),
}
_FAMILIES = (
    "chat",
    "responses_only",
    "completions",
    "embeddings",
    "moderations",
    "images",
    "speech",
    "transcriptions",
    "videos",
)
_DATED = re.compile(r"(\d{4})-(\d{2})-(\d{2})$")
_EARLIEST, _LATEST = 1_704_067_200, 1_767_225_599  # 2024-01-01 .. 2025-12-31, for undated names


def _seconds_into(name: str, span: int) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") % span


def _created(name: str, names: frozenset[str]) -> int:
    """The date in the name (or in a dated snapshot of it), at a time of day fixed by the name."""
    dates = [m for n in (name, *sorted(n for n in names if n.startswith(name + "-"))) if (m := _DATED.search(n))]
    if dates:
        year, month, day = (int(part) for part in dates[0].groups())
        midnight = datetime.datetime(year, month, day, tzinfo=datetime.timezone.utc).timestamp()
        return int(midnight) + _seconds_into(name, 86_400)
    return _EARLIEST + _seconds_into(name, _LATEST - _EARLIEST)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, Any]]:
    """Every base model the fake knows, by id, as ``/models`` lists them (oldest first)."""
    names: frozenset[str] = frozenset().union(*(family(f) for f in _FAMILIES))
    entries = []
    for name in names:
        created, owner = _KNOWN.get(name) or (_created(name, names), "system")
        entries.append({"id": name, "object": "model", "created": created, "owned_by": owner})
    entries.sort(key=lambda entry: (entry["created"], entry["id"]))
    return {str(entry["id"]): entry for entry in entries}


def _store(backend: Backend) -> dict[str, Any]:
    """``backend.stores["models"]``: fine-tuned models by id, and ``None`` for deleted ids."""
    return backend.stores.setdefault("models", {})


def remember_fine_tuned(backend: Backend, model: str, created: int | None = None) -> dict[str, Any]:
    """Make the fine-tuned ``model`` exist in ``backend`` (a finished fine-tuning job calls this)."""
    with backend.lock:
        entry = {"id": model, "object": "model", "created": created or backend.clock.now(), "owned_by": ORGANIZATION}
        _store(backend)[model] = entry
        return dict(entry)


def _not_found(model: str) -> APIErrorReply:
    return APIErrorReply(
        404, f"The model `{model}` does not exist or you do not have access to it.", code="model_not_found"
    )


def lookup(server: Context, model: str) -> dict[str, Any]:
    """The model object for ``model``; `APIErrorReply` 404 if the API would not know it."""
    backend = server.backend
    stored = _store(backend)
    if model in stored:
        entry = stored[model]
        if entry is None:
            raise _not_found(model)
        return dict(entry)
    if model in catalogue():
        return dict(catalogue()[model])
    if backend.unknown_ids == "materialize" and model:
        return remember_fine_tuned(backend, model)
    raise _not_found(model)


def list_models(server: Context, exchange: Exchange) -> Reply:
    stored = _store(server.backend)
    base = [dict(entry) for name, entry in catalogue().items() if stored.get(name, entry) is not None]
    own = [dict(entry) for name, entry in stored.items() if entry is not None and name not in catalogue()]
    return JsonReply({"object": "list", "data": base + own})


def retrieve_model(server: Context, exchange: Exchange) -> Reply:
    return JsonReply(lookup(server, exchange.path_params.get("model", "")))


def delete_model(server: Context, exchange: Exchange) -> Reply:
    model = exchange.path_params.get("model", "")
    entry = lookup(server, model)
    if entry["owned_by"] != ORGANIZATION and server.backend.unknown_ids == "strict":
        raise APIErrorReply(
            403,
            f"You are not allowed to delete the model `{model}`: only fine-tuned models your organization owns can be deleted.",
            type="invalid_request_error",
        )
    _store(server.backend)[model] = None
    return JsonReply({"id": model, "object": "model", "deleted": True})


class _Models(Adapter):
    """One adapter per route, so scripted answers edit the real answer."""

    def __init__(self, function: Any, summary: str) -> None:
        self.function = function
        self.summary = summary

    def build(self, server: Context, exchange: Exchange) -> Any:
        reply = self.function(server, exchange)
        return reply.data


def register(router: Router) -> None:
    routes = (
        (
            "GET",
            "/models",
            list_models,
            "stateful: the fake's catalogue (real ids, `created`, `owned_by`) plus fine-tuned models, less deleted ones",
        ),
        (
            "GET",
            "/models/{model}",
            retrieve_model,
            "stateful: a known model, a fine-tuned `ft:` model, or 404 `model_not_found`",
        ),
        (
            "DELETE",
            "/models/{model}",
            delete_model,
            "stateful: deletes a fine-tuned model (later calls 404); 403 for a base model, 404 `model_not_found` for an unknown one",
        ),
    )
    for method, template, function, summary in routes:
        router.add(method, template, _Models(function, summary), summary=summary)
