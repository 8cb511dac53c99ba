"""Which id shape a field holds: the ``id`` of a model, or a foreign key named by its field.

The shapes live in ``_core.ids.SHAPES``; this module only decides which one applies, from what a
model says about itself: its ``object`` literal first (``"batch"`` -> ``batch_``), then its
``type`` literal (Responses items: ``"function_call"`` -> ``fc_``), then its class name and
module (``ModerationCreateResponse`` -> ``modr-``, a webhook's ``Data`` in
``batch_completed_webhook_event`` -> ``batch_``).
"""

from __future__ import annotations

import re
from functools import cache

from .._core.ids import FIELD_KINDS, SHAPES, IdShape
from .._core.model_fields import literal_values

NoneType = type(None)

# Kinds whose id is not an opaque id at all: a ``Model``'s id is the model's name.
MODEL_NAME = "model-name"

# Shapes of kinds the shared table does not name (webhook events are `evt_`: docs/api-behaviour.md, Ids).
_EXTRA: dict[str, IdShape] = {
    "webhook_event": IdShape("evt_", "hex_time", 32),
    "vector_store.file": SHAPES["file"],  # a vector store file's id is the file's own id
    # Responses item prefixes seen in the spec's examples (docs/api-behaviour.md, Ids).
    "apply_patch_call": IdShape("apc_", "hex_time", 48),
    "apply_patch_call_output": IdShape("apco_", "hex_time", 48),
    "shell_call": IdShape("sh_", "hex_time", 48),
    "shell_call_output": IdShape("sho_", "hex_time", 48),
    "local_shell_call": IdShape("lsh_", "hex_time", 48),
    "tool_search_call": IdShape("tsc_", "hex_time", 48),
    "tool_search_output": IdShape("tso_", "hex_time", 48),
    "computer_call_output": IdShape("cuo_", "hex_time", 48),
    "compaction": IdShape("cmp_", "hex_time", 48),
}

# Matching is on snake_case words, so "vector_store.file_batch" becomes "vector_store_file_batch".
_KEYS: list[tuple[str, str]] = sorted(
    ((kind.replace(".", "_"), kind) for kind in SHAPES), key=lambda pair: -len(pair[0])
)
_GENERIC_WORDS = frozenset({"list", "deleted", "object", "response", "data", "event"})


def _snake(name: str) -> str:
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    return name.lower()


def _match(words: str, *, anchored_start: bool = False) -> IdShape | None:
    """The shape whose key is found as whole words in ``words``, longest key first.

    Class names put the kind last (``ChatCompletionMessageCustomToolCall`` is a tool call), module
    names first (``batch_completed_webhook_event`` is about a batch), so those ends win.
    """
    for key, kind in _KEYS:
        if words == key or (words.startswith(key + "_") if anchored_start else words.endswith("_" + key)):
            return SHAPES[kind]
    if anchored_start:
        return None
    for key, kind in _KEYS:
        if words.startswith(key + "_") or f"_{key}_" in words:
            return SHAPES[kind]
    return None


def _owner_literal(owner: type, field: str) -> str | None:
    fields = getattr(owner, "model_fields", {})
    info = fields.get(field)
    if info is None:
        return None
    values = literal_values(info.annotation)
    return values[0] if len(values) == 1 and isinstance(values[0], str) else None


@cache
def id_shape_of(owner: type) -> IdShape | str:
    """The shape of ``owner.id``; ``MODEL_NAME`` when the id is a model name."""
    module = owner.__module__
    obj = _owner_literal(owner, "object")
    if obj == "model":
        return MODEL_NAME
    if obj == "event" and ".webhooks." in module:
        return _EXTRA["webhook_event"]
    if obj is not None:
        obj = obj.removesuffix(".deleted")
        shape = _EXTRA.get(obj) or SHAPES.get(obj)
        if shape is None and obj not in _GENERIC_WORDS:
            shape = _match(obj.replace(".", "_"))
        if shape is not None:
            return shape
    snake = _snake(owner.__name__)
    if ".chat." in module and snake.endswith("tool_call"):
        return SHAPES["tool_call"]  # Chat Completions tool calls are all `call_...`
    tag = _owner_literal(owner, "type")
    if tag is not None:
        if ".realtime." in module and tag in ("message", "function_call", "function_call_output"):
            return SHAPES["item"]
        shape = _EXTRA.get(tag) or SHAPES.get(tag)
        if shape is not None:
            return shape
    if snake not in _GENERIC_WORDS:
        for suffix in (
            "_create_response",
            "_retrieve_response",
            "_update_response",
            "_list_response",
            "_delete_response",
            "_response",
            "_object",
            "_deleted",
            "_id",
        ):
            if snake.endswith(suffix) and snake != suffix[1:]:
                snake = snake[: -len(suffix)]
                break
        if snake == "model":
            return MODEL_NAME
        shape = SHAPES.get(snake) or _match(snake)
        if shape is not None:
            return shape
    shape = _match(module.rsplit(".", 1)[-1], anchored_start=True)
    if shape is not None:
        return shape
    # Unknown kind: an old-style id named after the object, like the API's own `xyz_...` ids.
    if snake in _GENERIC_WORDS:
        snake = module.rsplit(".", 1)[-1].split("_")[0]
    base = (obj or snake).replace(".", "_").split("_")[-1] or "obj"
    return IdShape(base + "_", "base62", 24)


# Foreign keys whose kind depends on the API area (module) they appear in.
_AREA_KINDS: tuple[tuple[str, str, str], ...] = (
    (".evals.", "run_id", "eval.run"),
    (".responses.", "item_id", "message"),
    (".conversations.", "item_id", "message"),
    (".batch", "batch_id", "batch"),
    (".webhooks.", "batch_id", "batch"),
)


# Foreign keys not named `*_id`, beside those in `_core.ids.FIELD_KINDS` (items of `result_files`).
_MORE_FIELD_KINDS = {"result_file": "file", "input_file": "file", "output_file": "file"}


@cache
def foreign_key_shape(owner: type | None, field: str) -> IdShape | None:
    """The shape of a field that names another object (``file_id``, ``thread_id``, ...)."""
    module = owner.__module__ if owner is not None else ""
    for area, name, kind in _AREA_KINDS:
        if name == field and area in module:
            return SHAPES[kind]
    known = FIELD_KINDS.get(field) or _MORE_FIELD_KINDS.get(field)
    if known is not None:
        return SHAPES[known]
    if field.endswith("_id"):
        stem = field[:-3]
        return SHAPES.get(stem) or _match(stem) or IdShape(stem.rsplit("_", 1)[-1] + "_", "base62", 24)
    return None
