"""Which model names each endpoint family knows, and what the API says about the others.

The known names are the SDK's own model literals (``ChatModel``, ``ResponsesModel``,
``EmbeddingModel``...), the aliases and snapshots of `_sim.model_catalog.SNAPSHOTS`, and fine-tuned
names ``ft:{base}:{org}:{suffix}:{id}`` whose base the family knows. Anything else is the API's 404
``model_not_found``. (docs/api-behaviour.md: Model snapshots, Ids, Error messages "unknown model".)
"""

from __future__ import annotations

import importlib
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any

from ..._core.errors import APIErrorReply, bad_request, not_found
from ..._core.exchange import Exchange
from ..model_catalog import SNAPSHOTS, snapshot
from ._common import Check, Rule, invalid_type, model_not_found

# --- the SDK's model literals -------------------------------------------------------------------


def _literal_strings(tp: Any) -> tuple[str, ...]:
    """Every string in the ``Literal[...]`` members of ``tp`` (through ``Union``, ``Required``...),
    in declaration order."""
    if typing.get_origin(tp) is typing.Literal:
        return tuple(a for a in typing.get_args(tp) if isinstance(a, str))
    names: dict[str, None] = {}
    for arg in typing.get_args(tp):
        names.update(dict.fromkeys(_literal_strings(arg)))
    return tuple(names)


def _sdk_names(module: str, attribute: str) -> frozenset[str]:
    """The names an SDK literal lists; empty on an SDK release that lacks it (3.x moves them)."""
    try:
        value = getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError):
        return frozenset()
    if attribute.endswith("ParamsBase"):
        value = typing.get_type_hints(value, include_extras=True).get("model")
    return frozenset(_literal_strings(value))


@cache
def sdk_literal(module: str, owner: str, key: str) -> tuple[str, ...]:
    """The values the SDK's ``owner`` (a TypedDict or model) allows for ``key``, in its order;
    empty when this SDK release has no such field."""
    try:
        hints = typing.get_type_hints(getattr(importlib.import_module(module), owner), include_extras=True)
    except (ImportError, AttributeError, NameError):
        return ()
    return _literal_strings(hints.get(key))


_NON_CHAT_PREFIXES = ("text-embedding", "text-moderation", "omni-moderation")


@cache
def family(name: str) -> frozenset[str]:
    """The model names the ``name`` family of endpoints accepts (computed once, on first use)."""
    if name == "responses_only":
        # ResponsesModel = ChatModel | the models only the Responses API serves.
        sdk_chat = _sdk_names("openai.types.shared.chat_model", "ChatModel")
        return _sdk_names("openai.types.shared.responses_model", "ResponsesModel") - sdk_chat
    if name == "chat":
        catalog = frozenset(n for pair in SNAPSHOTS.items() for n in pair if not n.startswith(_NON_CHAT_PREFIXES))
        return (_sdk_names("openai.types.shared.chat_model", "ChatModel") | catalog) - family("responses_only")
    if name == "responses":
        return family("chat") | family("responses_only")
    sources = {
        "embeddings": ("openai.types.embedding_model", "EmbeddingModel"),
        "completions": ("openai.types.completion_create_params", "CompletionCreateParamsBase"),
        "moderations": ("openai.types.moderation_model", "ModerationModel"),
        "images": ("openai.types.image_model", "ImageModel"),
        "speech": ("openai.types.audio.speech_model", "SpeechModel"),
        "transcriptions": ("openai.types.audio_model", "AudioModel"),
        "videos": ("openai.types.video_model", "VideoModel"),
    }
    names = _sdk_names(*sources[name])
    if name == "moderations":
        names |= frozenset(SNAPSHOTS[k] for k in SNAPSHOTS if k.startswith("text-moderation"))
    return names


_FAMILIES = ("responses", "embeddings", "completions", "moderations", "images", "speech", "transcriptions", "videos")


def base_of(model: str) -> str:
    """``ft:gpt-4o-mini-2024-07-18:org:suffix:abc123`` -> ``gpt-4o-mini-2024-07-18``; others as they are."""
    if model.startswith("ft:"):
        return model[3:].split(":", 1)[0]
    return model


def knows(family_name: str, model: str) -> bool:
    names = family(family_name)
    if model.startswith("ft:"):
        base = base_of(model)
        return bool(base) and base in names
    return model in names


# --- what the API says ----------------------------------------------------------------------------

_NOT_A_CHAT_MODEL = (
    "This is not a chat model and thus not supported in the v1/chat/completions endpoint. "
    "Did you mean to use v1/completions?"
)
_RESPONSES_ONLY = "This model is only supported in v1/responses and not in v1/chat/completions."
_CHAT_MODEL_ON_COMPLETIONS = (
    "This is a chat model and not supported in the v1/completions endpoint. Did you mean to use v1/chat/completions?"
)


def _wrong_family(family_name: str, model: str) -> APIErrorReply:
    """A known model sent to an endpoint of another family."""
    if family_name == "chat":
        if knows("responses_only", model):
            # Pro, deep-research, codex and computer-use models (404, param "model").
            return not_found(_RESPONSES_ONLY, param="model")
        # Completions, embedding, audio... models on chat (404, param "model").
        return not_found(_NOT_A_CHAT_MODEL, param="model")
    if family_name == "completions" and knows("chat", model):
        return not_found(_CHAT_MODEL_ON_COMPLETIONS, param="model")  # [U] wording
    return model_not_found(model)  # [U] which wording other families use


def model_check(family_name: str, *, required: bool = True) -> Check:
    """The request's ``model`` must be one the family knows (docs/api-behaviour.md, Error messages:
    "unknown model", "missing model")."""

    def check(exchange: Exchange, body: Mapping[str, Any]) -> None:
        # `model_given`'s checks written out again: this runs on every call, a call costs ~60 ns.
        model = body.get("model")
        if model is None:
            if required:
                raise bad_request("you must provide a model parameter")
            return
        if not isinstance(model, str):
            raise invalid_type("model", "a string", model)
        if knows(family_name, model):
            return
        if any(knows(other, model) for other in _FAMILIES):
            raise _wrong_family(family_name, model)
        raise model_not_found(model)

    return check


def model_given(*, required: bool = True) -> Check:
    """The protocol's part of `model_check`, all that applies off OpenAI's endpoint: any name goes
    there (a deployment's, a local server's), but one is needed (unless optional), as a string."""

    def check(exchange: Exchange, body: Mapping[str, Any]) -> None:
        model = body.get("model")
        if model is None:
            if required:
                raise bad_request("you must provide a model parameter")
        elif not isinstance(model, str):
            raise invalid_type("model", "a string", model)

    return check


def model_rule(family_name: str, *, required: bool = True) -> Rule:
    """The `Rule` for ``model``: a name the family knows on OpenAI's endpoint, any name elsewhere."""
    return Rule(
        model_check(family_name, required=required), about_models=True, elsewhere=model_given(required=required)
    )


def model_of(body: Mapping[str, Any]) -> str:
    """The request's model name, or ``""`` when it has none a check could use."""
    model = body.get("model")
    return model if isinstance(model, str) else ""


# --- what models can do (docs/api-behaviour.md, Model snapshots: "max output tokens") -------

_MAX_OUTPUT: dict[str, int] = {
    "gpt-3.5-turbo-0125": 4096,
    "gpt-4-0613": 8192,
    "gpt-4-turbo-2024-04-09": 4096,
    "gpt-4-0125-preview": 4096,
    "gpt-4o-2024-05-13": 4096,
    "gpt-4o-2024-08-06": 16384,
    "gpt-4o-2024-11-20": 16384,
    "gpt-4o-mini-2024-07-18": 16384,
    "gpt-4o-audio-preview-2025-06-03": 16384,
    "gpt-4o-mini-audio-preview-2024-12-17": 16384,
    "gpt-4o-search-preview-2025-03-11": 16384,
    "gpt-4o-mini-search-preview-2025-03-11": 16384,
    "gpt-4.1-2025-04-14": 32768,
    "gpt-4.1-mini-2025-04-14": 32768,
    "gpt-4.1-nano-2025-04-14": 32768,
    "gpt-4.5-preview-2025-02-27": 16384,
    "o1-2024-12-17": 100000,
    "o1-mini-2024-09-12": 65536,
    "o1-preview-2024-09-12": 32768,
    "o1-pro-2025-03-19": 100000,
    "o3-2025-04-16": 100000,
    "o3-mini-2025-01-31": 100000,
    "o3-pro-2025-06-10": 100000,
    "o4-mini-2025-04-16": 100000,
    "o3-deep-research-2025-06-26": 100000,
    "o4-mini-deep-research-2025-06-26": 100000,
    "gpt-5-2025-08-07": 128000,
    "gpt-5-mini-2025-08-07": 128000,
    "gpt-5-nano-2025-08-07": 128000,
    "gpt-5-chat-latest": 16384,
    "computer-use-preview-2025-03-11": 1024,
}


def max_output_tokens(model: str) -> int | None:
    """The most completion tokens ``model`` may produce, where docs/api-behaviour.md (Model snapshots) lists it."""
    return _MAX_OUTPUT.get(snapshot(base_of(model)))


# Models that refuse image input on Chat Completions: "Invalid content type. image_url is only
# supported by certain models." (the API's wording; [3P] sightings for gpt-3.5/gpt-4/o1-mini/o3-mini).
NO_VISION: frozenset[str] = frozenset(
    {
        "gpt-3.5-turbo",
        "gpt-3.5-turbo-16k",
        "gpt-3.5-turbo-0301",
        "gpt-3.5-turbo-0613",
        "gpt-3.5-turbo-1106",
        "gpt-3.5-turbo-0125",
        "gpt-3.5-turbo-16k-0613",
        "gpt-4",
        "gpt-4-0314",
        "gpt-4-0613",
        "gpt-4-32k",
        "gpt-4-32k-0314",
        "gpt-4-32k-0613",
        "gpt-4-0125-preview",
        "gpt-4-1106-preview",
        "gpt-4-turbo-preview",
        "o1-mini",
        "o1-mini-2024-09-12",
        "o1-preview",
        "o1-preview-2024-09-12",
        "o3-mini",
        "o3-mini-2025-01-31",
    }
)

# o1's beta releases: no system/developer messages and `n` fixed at 1 (docs/api-behaviour.md, Reasoning models; `n` is [U]).
O1_BETA: frozenset[str] = frozenset({"o1-mini", "o1-mini-2024-09-12", "o1-preview", "o1-preview-2024-09-12"})

# Models that answer `response_format: {"type": "json_object"}` with "Invalid parameter:
# 'response_format' of type 'json_object' is not supported with this model." ([3P]).
NO_JSON_MODE: frozenset[str] = frozenset(
    {"gpt-4", "gpt-4-0314", "gpt-4-0613", "gpt-4-32k", "gpt-4-32k-0314", "gpt-4-32k-0613"}
)
