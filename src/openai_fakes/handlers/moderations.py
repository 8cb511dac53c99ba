"""Moderations: ``POST /moderations``.

Which categories an input flags and how it scores are ``_sim.moderations``' rules (factories share
them); this module is the endpoint: the inputs of a request, ids, the model echoed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._core.exchange import Exchange
from .._core.ids import IdShape
from .._sim.model_catalog import snapshot
from .._sim.moderations import moderation_result
from ._base.adapter import Adapter
from ._base.router import Router

if TYPE_CHECKING:
    from .._control.context import Context

_LEGACY_ID = IdShape("modr-", "base62", 29)  # legacy (text-moderation) ids are base62
_OMNI_ID = IdShape("modr-", "hex", 32)


class ModerationsAdapter(Adapter):
    summary = (
        "request-shaped: one result per input (text and image parts), flagged when an input holds a "
        "category's keyword (sub-categories flag their parents), scores that agree with the flags, "
        "`category_applied_input_types` by input kind, `model` echoed as the API does"
    )

    def build(self, server: Context, exchange: Exchange) -> Any:
        body = exchange.fields
        model = str(body.get("model") or "omni-moderation-latest")
        legacy = model.startswith("text-moderation")
        results = [moderation_result(model, text, images, legacy) for text, images in _inputs(body.get("input"))]
        return {
            "id": server.backend.new_id(_LEGACY_ID if legacy else _OMNI_ID),
            "model": snapshot(model),
            "results": results,
        }


ADAPTER = ModerationsAdapter()


def register(router: Router) -> None:
    router.add("POST", "/moderations", ADAPTER, summary=ADAPTER.summary)


def _inputs(value: Any) -> list[tuple[str, list[str]]]:
    """(text, image URLs) of each input that gets its own result."""
    if isinstance(value, str):
        return [(value, [])]
    items = list(value) if isinstance(value, (list, tuple)) else []
    if items and all(isinstance(item, Mapping) for item in items):
        texts = [str(item.get("text", "")) for item in items if item.get("type") == "text"]
        urls = [
            str(item["image_url"].get("url", ""))
            for item in items
            if item.get("type") == "image_url" and isinstance(item.get("image_url"), Mapping)
        ]
        return [(" ".join(texts), urls)] if texts else [("", urls)]
    return [(str(item), []) for item in items]
