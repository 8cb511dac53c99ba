"""Realistic numbers, flags and free-form JSON chosen by field name, and how often optional
fields are missing and how long lists are.

Each rule is chosen once per field when a model's plan is compiled and returns a generator
``(Build) -> value``; strings have their own module (``_strings``).
"""

from __future__ import annotations

import json
from typing import Any

from .._sim.text import identifier, slug, words
from ._site import Gen, Site, const, is_time_name, time_gen
from ._state import Build
from ._strings import json_arguments

# --- numbers -------------------------------------------------------------------------------

_DETAIL_TOKENS = frozenset(
    {
        "cached_tokens",
        "audio_tokens",
        "reasoning_tokens",
        "accepted_prediction_tokens",
        "rejected_prediction_tokens",
        "image_tokens",
        "cache_write_tokens",
        "cache_creation_tokens",
    }
)
COUNT_NAMES = frozenset(
    {
        "completed",
        "failed",
        "in_progress",
        "cancelled",
        "canceled",
        "errored",
        "succeeded",
        "expired",
        "pending",
        "running",
        "passed",
        "queued",
        "skipped",
    }
)


def _randint(lo: int, hi: int) -> Gen:
    return lambda b: b.rng.randint(lo, hi)


def int_gen(site: Site) -> Gen:
    name = site.leaf
    if is_time_name(name):
        return time_gen(site, as_float=False)
    if name.endswith("_tokens") or name == "tokens":
        if name in _DETAIL_TOKENS or name.startswith(("text_", "audio_", "image_", "cached_")):
            return lambda b: 0 if b.rng.random() < 0.6 else b.rng.randint(1, 64)
        return _randint(12, 900)
    if name in ("bytes", "size", "file_size", "usage_bytes", "size_bytes", "content_length") or name.endswith("_bytes"):
        return _randint(2_048, 4_000_000)
    if name == "index" or name.endswith("_index"):
        return _randint(0, 2)
    if name == "sequence_number":
        return _randint(1, 40)
    if name == "seed":
        return lambda b: b.rng.getrandbits(31)
    if name in ("width", "height"):
        return lambda b: b.rng.choice((512, 1024, 1024, 1536))
    if name.startswith("max_") or name.endswith("_limit") or name == "limit":
        return lambda b: b.rng.choice((256, 1024, 4096, 16_384))
    if name in ("status_code", "http_status", "code", "status"):
        return const(200)
    if name in ("exit_code", "returncode", "return_code"):
        return const(0)
    if name in ("n_epochs", "epochs", "epoch"):
        return _randint(1, 4)
    if name in ("batch_size",):
        return _randint(1, 16)
    if name in ("line", "line_number", "start_line", "end_line", "page", "page_number"):
        return _randint(1, 120)
    if name in ("step", "steps", "trained_tokens") or name.endswith("_step"):
        return _randint(1, 1000)
    if name.endswith(("_ms", "_millis")):
        return _randint(80, 2500)
    if name.endswith(("seconds", "_secs")) or name in ("duration", "ttl"):
        return _randint(1, 120)
    if (
        name in ("total", "count")
        or name in COUNT_NAMES
        or name.endswith(("_count", "_counts"))
        or name.startswith(("n_", "num_"))
    ):
        return _randint(0, 12)
    if name in ("top_logprobs", "n", "rank", "priority", "attempt", "retries"):
        return _randint(0, 4)
    if name == "year":
        return const(2026)
    return _randint(0, 100)


def _uniform(lo: float, hi: float, digits: int = 4) -> Gen:
    return lambda b: round(b.rng.uniform(lo, hi), digits)


def float_gen(site: Site) -> Gen:
    name = site.leaf
    if is_time_name(name):
        return time_gen(site, as_float=True)
    if name in ("logprob", "avg_logprob") or name.endswith("_logprob"):
        return _uniform(-4.0, 0.0)
    if name == "temperature":
        return lambda b: b.rng.choice((0.0, 0.2, 0.7, 1.0, 1.0))
    if name in ("top_p",):
        return lambda b: b.rng.choice((1.0, 1.0, 0.9))
    if name.endswith("loss"):
        return _uniform(0.05, 2.5)
    if name in ("learning_rate_multiplier", "compute_multiplier", "beta", "speed"):
        return lambda b: b.rng.choice((0.5, 1.0, 1.0, 2.0))
    if name in ("seconds", "duration", "start", "end", "offset") or name.endswith(("_seconds", "_duration", "_time")):
        return _uniform(0.0, 60.0, 2)
    if name in ("value", "amount", "cost", "price", "quantity") or name.endswith(("_cost", "_usd")):
        return _uniform(0.0, 25.0, 2)
    if site.item and name in ("embedding", "embeddings", "vector"):
        return _uniform(-0.08, 0.08, 6)
    if name in ("compression_ratio",):
        return _uniform(0.8, 2.4)
    if name in ("reward", "step"):
        return _uniform(0.0, 1.0)
    if "moderation" in site.module:
        # Category scores: almost always tiny, as for ordinary text.
        return lambda b: round(b.rng.random() ** 6, 6)
    # Scores, probabilities, thresholds, ratios, accuracies and moderation categories: all [0, 1].
    return _uniform(0.0, 1.0)


def bool_gen(site: Site) -> Gen:
    name = site.leaf
    if name in (
        "deleted",
        "strict",
        "parallel_tool_calls",
        "store",
        "success",
        "ok",
        "enabled",
        "active",
        "is_default",
        "stream",
    ):
        return const(True)
    if name in ("has_more", "background", "is_truncated", "disabled", "archived", "blocked", "error"):
        return const(False)
    if name == "flagged" or name in ("hate", "harassment", "violence", "sexual", "illicit", "self_harm"):
        return lambda b: b.rng.random() < 0.1
    return lambda b: b.rng.random() < 0.5


# --- free-form JSON (fields typed object / Any / Dict[str, object]) -------------------------

_SCHEMA_NAMES = frozenset({"parameters", "input_schema", "schema", "schema_", "output_schema", "json_schema"})


def _json_schema(b: Build) -> dict[str, Any]:
    prop = b.rng.choice(("location", "query", "city", "topic"))
    return {
        "type": "object",
        "properties": {prop: {"type": "string", "description": words(b.rng, 2)}},
        "required": [prop],
        "additionalProperties": False,
    }


def _metadata(b: Build) -> dict[str, Any]:
    if b.rng.random() < 0.6:
        return {}
    return {b.rng.choice(("project", "team", "source", "env")): slug(b.rng, 1)}


def _small_json(b: Build) -> Any:
    pick = b.rng.random()
    if pick < 0.4:
        return {}
    if pick < 0.85:
        return {identifier(b.rng).split("_", 1)[-1]: words(b.rng, 2)}
    return {"status": "ok", "count": b.rng.randint(1, 9)}


def json_gen(site: Site) -> Gen:
    """Real JSON for untyped fields: polyfactory's ``object()`` there cannot be serialised."""
    name = site.leaf
    if name in _SCHEMA_NAMES:
        return _json_schema
    if name in ("metadata", "attributes", "labels", "tags", "headers", "env", "variables"):
        return _metadata
    if name in ("arguments", "parsed_arguments", "args", "input"):
        return lambda b: json.loads(json_arguments(b))
    return _small_json


def dict_key_gen(site: Site) -> Gen:
    name = site.name
    if name in ("categories", "category_scores", "category_applied_input_types"):
        keys = ("harassment", "hate", "violence", "sexual", "self-harm", "illicit")
        return lambda b: b.rng.choice(keys)
    if name in ("headers",):
        return lambda b: b.rng.choice(("X-Request-Source", "X-Trace-Id"))
    return lambda b: identifier(b.rng).split("_", 1)[-1]


# --- how often optional things are missing ------------------------------------------------

USUALLY_NULL = frozenset(
    {
        "refusal",
        "function_call",
        "audio",
        "error",
        "last_error",
        "incomplete_details",
        "logprobs",
        "failed_at",
        "cancelled_at",
        "cancelling_at",
        "expired_at",
        "error_file_id",
        "errors",
        "status_details",
        "previous_response_id",
        "conversation",
        "user",
        "safety_identifier",
        "prompt_cache_key",
        "moderation",
        "deprecated",
        "prompt",
        "access_programs",
        "tool_calls",
        "prompt_cache_diagnostics",
        "image",
        "input_transformations",
        "tool_usage",
        "obfuscation",
        "max_tool_calls",
        "top_logprobs",
        "parsed",
        "truncation_strategy",
        "incomplete_at",
        "required_action",
        "estimated_finish",
        "prompt_cache_options",
        "misalignment",
        "steer",
    }
)
USUALLY_SET = frozenset(
    {
        "usage",
        "content",
        "text",
        "model",
        "created",
        "created_at",
        "status",
        "system_fingerprint",
        "id",
        "name",
        "description",
        "instructions",
        "object",
        "type",
        "role",
        "data",
        "choices",
        "tools",
        "message",
        "output",
        "metadata",
        "service_tier",
        "finish_reason",
        "annotations",
        "summary",
        "filename",
        "bytes",
    }
)


# Fields the API leaves out rather than sending null, by SDK model class name: the SDK types them
# ``Optional`` all the same (it cannot tell absent from null), so a sample drops them when it drew
# None. Source: the API's OpenAPI spec, which types them without null (docs/api-behaviour.md, The
# published spec).
ABSENT_WHEN_UNSET: dict[str, frozenset[str]] = {
    "FileObject": frozenset({"expires_at", "status_details"}),
    "Project": frozenset({"residency"}),
    "ContainerCreateResponse": frozenset({"expires_after", "last_active_at", "network_policy"}),
    "ContainerRetrieveResponse": frozenset({"expires_after", "last_active_at", "network_policy"}),
    "ContainerListResponse": frozenset({"expires_after", "last_active_at", "network_policy"}),
    # A container's network policy lists its allowed domains only when it is an allowlist.
    "NetworkPolicy": frozenset({"allowed_domains"}),
    # A fine-tuning checkpoint's metrics are those its job computed; a job's method names its one kind.
    "Metrics": frozenset(
        {
            "full_valid_loss",
            "full_valid_mean_token_accuracy",
            "step",
            "train_loss",
            "train_mean_token_accuracy",
            "valid_loss",
            "valid_mean_token_accuracy",
        }
    ),
    "Method": frozenset({"dpo", "reinforcement", "supervised"}),
    "CertificateDetails": frozenset({"expires_at", "valid_at"}),
    "OrganizationUser": frozenset({"is_default", "is_scim_managed", "is_service_account", "user"}),
    "Owner": frozenset({"user", "service_account"}),
    # Realtime sessions (beta): what the session does not set is left out.
    "SessionCreateResponse": frozenset({"tool_choice", "tracing"}),
    "TurnDetection": frozenset({"prefix_padding_ms", "silence_duration_ms", "threshold"}),
    "TranscriptionSession": frozenset({"turn_detection"}),
    "InputAudioTranscription": frozenset({"prompt"}),
    "AudioOutput": frozenset({"language"}),
    # A computer screenshot is a file or an image URL: the other is left out.
    "ResponseComputerToolCallOutputScreenshot": frozenset({"file_id", "image_url"}),
    "BetaResponseComputerToolCallOutputScreenshot": frozenset({"file_id", "image_url"}),
    # An eval run's completions data source: what the run did not set is left out.
    "CreateEvalCompletionsRunDataSource": frozenset({"input_messages"}),
    "SamplingParams": frozenset({"temperature", "max_completion_tokens", "seed", "top_p"}),
    "SourceFileContentContent": frozenset({"sample"}),
}


RARELY_SET = frozenset({"refusal", "function_call", "audio", "deprecated", "obfuscation"})


def none_probability(site: Site) -> float:
    name = site.name
    if name in RARELY_SET:
        return 0.95
    if name in USUALLY_NULL:
        return 0.85
    if name in USUALLY_SET or name.endswith("_tokens"):
        return 0.05
    return 0.1 if site.item else 0.35


def list_lengths(site: Site) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """Possible list lengths and their weights: short, mostly one item (docs/how-it-works.md, What a reply promises).

    An empty list is left to the lists the API often sends empty; ``Optional`` lists are
    already absent some of the time.
    """
    if site.name == "data":
        return (1, 2), (0.6, 0.4)
    if site.name in ("annotations", "errors", "refusal", "logprobs"):
        return (0, 1), (0.7, 0.3)
    if site.name == "tool_calls":
        return (1, 2), (0.8, 0.2)
    if site.name in _NEVER_EMPTY:
        return (1, 2, 3), (0.75, 0.2, 0.05)
    return (0, 1, 2, 3), (0.05, 0.7, 0.2, 0.05)


# Lists the API does not send empty (a completion always has a choice, a page an item).
_NEVER_EMPTY = frozenset({"choices", "output", "content", "messages", "results", "segments", "embedding", "words"})


# Literal values to favour, so a sample looks like the common case rather than a random one.
PREFERRED_LITERALS: dict[str, tuple[str, ...]] = {
    "status": ("completed", "succeeded", "processed", "active", "ready", "succeeded"),
    "finish_reason": ("stop",),
    "service_tier": ("default",),
    "role": ("assistant",),
    "detail": ("auto",),
    "truncation": ("disabled",),
    "object": (),
}
