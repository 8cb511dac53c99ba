"""Realistic leaf values chosen by field name: ids, times, model names, text, URLs, counts.

Rules are generic (by field name, the owning model's literals and its module), never written
per model; curated factories add what generic rules cannot know. Each rule is chosen once per
field when a model's plan is compiled and returns a generator ``(Build) -> value``.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass
from typing import Any, Callable

from .. import _text
from .._ids import IdShape
from ._ids_for import MODEL_NAME, foreign_key_shape, id_shape_of
from ._state import Build

Gen = Callable[[Build], Any]

_B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True)
class Site:
    """Where a value goes: field ``name`` of model ``owner``; ``item`` inside its list or dict."""

    owner: type | None
    name: str
    item: bool = False

    @property
    def leaf(self) -> str:
        """The name one item answers to: ``file_ids`` -> ``file_id``, ``urls`` -> ``url``."""
        name = self.name
        if self.item and name.endswith("s") and not name.endswith("ss"):
            return name[:-1]
        return name

    @property
    def owner_name(self) -> str:
        return self.owner.__name__ if self.owner is not None else ""

    @property
    def module(self) -> str:
        return self.owner.__module__ if self.owner is not None else ""


def const(value: Any) -> Gen:
    return lambda b: value


# --- times ---------------------------------------------------------------------------------

FUTURE_TIMES = frozenset({"expires_at", "expire_at", "expiration", "expires", "valid_until", "estimated_finish"})
_TIME_NAMES = frozenset({"created", "timestamp", "start_time", "end_time", "last_used", "time"})


def is_time_name(name: str) -> bool:
    return name.endswith("_at") or name in _TIME_NAMES or name in FUTURE_TIMES


def time_gen(site: Site, as_float: bool) -> Gen:
    name = site.leaf
    if name in FUTURE_TIMES:
        def future(b: Build) -> Any:
            t = b.now + b.rng.choice((3600, 86_400, 7 * 86_400, 30 * 86_400))
            return float(t) if as_float else t
        return future

    def past(b: Build) -> Any:
        t = b.now - b.rng.randrange(0, 120)
        return float(t) if as_float else t
    return past


# --- model names ---------------------------------------------------------------------------

_CHAT_MODELS = (
    "gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18", "gpt-4o-2024-08-06", "gpt-4.1-2025-04-14",
    "gpt-4.1-mini-2025-04-14", "o4-mini-2025-04-16", "gpt-5-2025-08-07", "gpt-5-mini-2025-08-07",
)
# (module fragment, candidate models), first match wins.
_AREA_MODELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("embedding", ("text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002-v2")),
    ("moderation", ("omni-moderation-latest", "omni-moderation-2024-09-26")),
    ("image", ("gpt-image-1", "dall-e-3")),
    ("speech", ("gpt-4o-mini-tts", "tts-1")),
    ("transcription", ("gpt-4o-transcribe", "gpt-4o-mini-transcribe", "whisper-1")),
    ("translation", ("whisper-1",)),
    ("realtime", ("gpt-realtime-2025-08-28", "gpt-4o-realtime-preview-2024-12-17")),
    ("video", ("sora-2", "sora-2-pro")),
    ("completion_choice", ("gpt-3.5-turbo-instruct", "davinci-002")),
    ("types.completion", ("gpt-3.5-turbo-instruct", "davinci-002")),
)


def model_name_gen(site: Site) -> Gen:
    module = site.module
    choices: tuple[str, ...] = _CHAT_MODELS
    for fragment, models in _AREA_MODELS:
        if fragment in module:
            choices = models
            break
    return lambda b: b.rng.choice(choices)


def _fine_tuned_model(b: Build) -> str:
    suffix = b.rng.choice(("", "support-bot", "summarizer", "classifier"))
    tail = "".join(b.rng.choices(_B62, k=8))
    return f"ft:gpt-4o-mini-2024-07-18:personal:{suffix}:{tail}"


# --- ids -----------------------------------------------------------------------------------

def shape_gen(shape: IdShape) -> Gen:
    return lambda b: b.ids.make(shape, b.now)


def id_gen(site: Site) -> Gen | None:
    if site.owner is None:
        return None
    shape = id_shape_of(site.owner)
    if shape == MODEL_NAME:
        return model_name_gen(site)
    assert isinstance(shape, IdShape)
    return shape_gen(shape)


# --- text ----------------------------------------------------------------------------------

_PARAGRAPH_NAMES = frozenset({"content", "text", "output_text", "transcript", "answer", "body", "completion",
                              "markdown", "result", "response_text"})
_SENTENCE_NAMES = frozenset({
    "description", "summary", "message", "explanation", "prompt", "revised_prompt", "note", "notes",
    "feedback", "status_details", "detail", "details", "comment", "caption", "question", "rationale",
    "reasoning", "reason", "justification", "hint", "error_message", "failure_reason", "system_message",
})
_TITLE_NAMES = frozenset({"title", "label", "display_name", "heading", "project_name", "team_name", "subject"})
_FUNCTION_OWNERS = ("Function", "Tool", "Call", "Mcp", "MCP")
_PERSON_OWNERS = ("User", "Member", "Owner", "Actor", "Invite", "Person")

# Plain string fields that are enums in practice: the value the API sends most often.
_STR_VALUES: dict[str, tuple[str, ...]] = {
    "role": ("assistant", "user"),
    "voice": ("alloy", "verse", "coral", "sage"),
    "language": ("en", "english"),
    "status": ("completed", "in_progress"),
    "finish_reason": ("stop", "stop", "length"),
    "object": ("list",),
    "format": ("text", "json"),
    "size": ("1024x1024", "1536x1024"),
    "quality": ("standard", "high"),
    "param": ("messages", "model", "input"),
    "endpoint": ("/v1/chat/completions", "/v1/responses", "/v1/embeddings"),
    "completion_window": ("24h",),
    "purpose": ("assistants", "batch", "fine-tune"),
    "mime_type": ("application/pdf", "text/plain", "image/png"),
    "content_type": ("application/pdf", "text/plain", "application/json"),
    "encoding_format": ("float",),
    "output_format": ("png", "json"),
    "response_format": ("json", "text"),
    "tool_choice": ("auto",),
    "reasoning_effort": ("medium", "low"),
    "service_tier": ("default",),
    "truncation": ("auto",),
    "modality": ("text",),
    "region": ("us-east-1", "eu-west-1"),
    "country": ("US", "DE", "GB"),
    "currency": ("usd",),
    "timezone": ("UTC",),
    "version": ("1", "2"),
    "redacted_value": ("sk-abc...wxyz", "sk-proj-...3f9a"),
    "method": ("POST", "GET"),
    "http_method": ("POST", "GET"),
    "scope": ("api.model.read", "api.responses.write"),
    "sort": ("desc",),
    "order": ("desc", "asc"),
    "environment": ("production", "staging"),
    "logs": ("Completed successfully.",),
    "stdout": ("done\n",),
    "stderr": ("",),
    "command": ("ls -la /mnt/data", "python analyze.py"),
    "path": ("/mnt/data/report.csv", "/mnt/data/summary.md"),
    "container_path": ("/mnt/data/report.csv",),
}
# Binary payloads the API sends base64-encoded (images, audio).
_BASE64_NAMES = frozenset({"b64_json", "data", "audio", "b64", "image_base64", "partial_image_b64"})
_ERROR_CODES = ("rate_limit_exceeded", "invalid_request_error", "server_error", "invalid_prompt",
                "context_length_exceeded")
_CODE_SNIPPETS = ("import pandas as pd\ndf = pd.read_csv('data.csv')\nprint(df.describe())",
                  "total = sum(range(1, 11))\nprint(total)")


def _json_arguments(b: Build) -> str:
    rng = b.rng
    args: dict[str, Any] = {rng.choice(("location", "city", "query", "topic")):
                            rng.choice(("Paris", "Berlin", "quarterly report", "Tokyo"))}
    if rng.random() < 0.5:
        args[rng.choice(("unit", "limit", "format"))] = rng.choice(("celsius", 5, "short"))
    return json.dumps(args)


def _base64_text(b: Build) -> str:
    return base64.b64encode(_text.sentence(b.rng).encode()).decode()


def _word_delta(b: Build) -> str:
    return " " + _text.words(b.rng, b.rng.choice((1, 1, 2)))


def _paragraph(b: Build) -> str:
    return _text.paragraph(b.rng, b.rng.choice((1, 2, 2, 3)))


def _sentence(b: Build) -> str:
    return _text.sentence(b.rng)


def _title(b: Build) -> str:
    return _text.title(b.rng)


def _url_gen(name: str) -> Gen:
    if "image" in name or "logo" in name or "icon" in name or "thumbnail" in name:
        return lambda b: _text.url(b.rng, "png")
    if name.startswith("file") or "download" in name:
        return lambda b: _text.url(b.rng, "pdf")
    if "server" in name or name == "endpoint_url":
        return const("https://mcp.example.com/sse")
    if "redirect" in name or "webhook" in name or "callback" in name:
        return const("https://app.example.com/hooks/openai")
    return lambda b: _text.url(b.rng)


def _is_url_name(name: str) -> bool:
    return name in ("url", "uri", "href", "homepage", "website", "link", "redirect_uri", "source") or \
        name.endswith(("_url", "_uri"))


def str_gen(site: Site) -> Gen:
    """The generator for a ``str`` at ``site``."""
    name = site.leaf
    owner_name = site.owner_name
    if name == "id":
        found = id_gen(site)
        if found is not None:
            return found
    if name in ("first_id", "last_id", "after", "before", "cursor", "next_cursor", "next_page", "last_item_id"):
        return lambda b: b.ids.make(IdShape("", "base62", 24), b.now)
    shape = foreign_key_shape(site.owner, name)
    if shape is not None:
        return shape_gen(shape)
    if name in ("model", "base_model", "model_id", "snapshot") or name.endswith("model_name"):
        return model_name_gen(site)
    if name == "fine_tuned_model":
        return _fine_tuned_model
    if name == "arguments" or name == "input" and "Call" in owner_name and "Mcp" not in owner_name:
        return _json_arguments
    if name == "output" and ("Call" in owner_name or "Output" in owner_name):
        return lambda b: b.rng.choice(('{"status": "ok"}', '{"temperature": 21, "unit": "celsius"}')) \
            if b.rng.random() < 0.5 else _text.sentence(b.rng)
    if name == "instructions":
        return lambda b: _text.instructions(b.rng)
    if name == "refusal":
        return lambda b: b.rng.choice(("I'm sorry, but I can't help with that request.",
                                       "I can't assist with that."))
    if name == "delta":
        return _word_delta
    if name in ("token",):
        return lambda b: b.rng.choice(("", " ")) + _text.words(b.rng, 1)
    if name == "name" or name.endswith("_name") and name not in ("file_name", "display_name"):
        if any(part in owner_name for part in _FUNCTION_OWNERS) or name in ("function_name", "tool_name"):
            return lambda b: _text.identifier(b.rng)
        if any(part in owner_name for part in _PERSON_OWNERS) or ".admin." in site.module and "User" in owner_name:
            return lambda b: _text.person_name(b.rng)
        return _title
    if name in ("filename", "file_name"):
        return lambda b: _text.filename(b.rng)
    if _is_url_name(name):
        return _url_gen(name)
    if name == "email" or name.endswith("_email"):
        return lambda b: _text.email(b.rng)
    if name == "code":
        if "Code" in owner_name or "Interpreter" in owner_name:
            return lambda b: b.rng.choice(_CODE_SNIPPETS)
        return lambda b: b.rng.choice(_ERROR_CODES)
    if name in _BASE64_NAMES or name == "result" and any(k in owner_name for k in ("Image", "Audio", "Speech")):
        return _base64_text
    if name in _STR_VALUES:
        values = _STR_VALUES[name]
        return lambda b: b.rng.choice(values)
    if name in _PARAGRAPH_NAMES:
        return _paragraph
    if name in _SENTENCE_NAMES or name.endswith(("_message", "_description", "_text", "_prompt")):
        return _sentence
    if name in _TITLE_NAMES or name.endswith("_title"):
        return _title
    if name in ("query", "search_query", "queries", "keyword", "search_term"):
        return lambda b: _text.words(b.rng, 3)
    if name in ("key", "field", "property", "attribute", "key_name", "tool", "namespace"):
        return lambda b: _text.identifier(b.rng)
    if name.endswith(("_hash", "sha256", "checksum", "fingerprint", "etag")):
        return lambda b: "%064x" % b.rng.getrandbits(256)
    return _fallback_str(name)


def _iso_time(b: Build) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(b.now - b.rng.randrange(3600)))


def _iso_date(b: Build) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(b.now))


def _opaque(prefix: str, length: int = 32) -> Gen:
    return lambda b: prefix + "".join(b.rng.choices(_B62, k=length))


_ENUM_WORDS = ("default", "standard", "custom", "auto", "basic")
_ENUM_SUFFIXES = ("_type", "_kind", "_mode", "_level", "_state", "_stage", "_status", "_strategy", "_policy",
                  "_tier", "_visibility", "_logging")
_ENUM_NAMES = frozenset({"type", "kind", "mode", "level", "state", "category", "tier", "bucket", "unit",
                         "interval", "policy", "access", "stage", "origin", "target", "default"})
_PATH_NAMES = frozenset({"cwd", "working_directory", "workspace_directory", "directory", "dir", "root"})
_HOST_NAMES = frozenset({"domain", "host", "hostname", "allowed_domain", "allowed_host", "issuer"})


def _fallback_str(name: str) -> Gen:
    """Plain ``str`` fields no rule names: shaped by what the name suggests, else a short phrase."""
    if name.endswith(("_date", "_on")) or name == "date":
        return _iso_date
    if is_time_name(name) or name.endswith("_time"):
        return _iso_time
    if name in ("created_by", "owner", "user", "updated_by", "sender", "recipient", "principal") or \
            name.endswith("_by") and name != "owned_by":
        return _opaque("user-", 24)
    if name == "owned_by":
        return lambda b: b.rng.choice(("openai", "system", "user-abc123"))
    if name in ("author", "speaker"):
        return lambda b: _text.person_name(b.rng) if name == "author" else b.rng.choice(("A", "B"))
    if name.endswith(_ENUM_SUFFIXES) or name in _ENUM_NAMES:
        return lambda b: b.rng.choice(_ENUM_WORDS)
    if name.endswith(("_secret", "_token", "_hint")) or name in ("secret", "client_secret", "signing_secret"):
        return _opaque("sk-", 32)
    if name.endswith("_key") or name in ("safety_identifier", "identifier", "external_id"):
        return lambda b: "user_" + "%016x" % b.rng.getrandbits(64)
    if name in _HOST_NAMES or name.endswith(("_domain", "_host")):
        return lambda b: b.rng.choice(("example.com", "docs.example.com", "api.example.org"))
    if name in ("ip", "ip_address", "allowed_ip", "client_ip"):
        return lambda b: f"203.0.113.{b.rng.randint(1, 254)}"
    if name in _PATH_NAMES or name.endswith(("_directory", "_path", "_dir")):
        return const("/mnt/data")
    if name in ("encrypted_content", "encrypted_reasoning"):
        return lambda b: "gAAAAAB" + _base64_text(b)
    if name in ("file_data", "image_data", "audio_data", "content_base64"):
        return _base64_text
    if name in ("picture", "avatar", "icon", "logo"):
        return lambda b: _text.url(b.rng, "png")
    if name in ("pattern", "regex", "expression"):
        return const("^[a-z0-9_-]+$")
    if name.endswith(("_version", "version")):
        return lambda b: b.rng.choice(("1", "2", "2024-08-06"))
    if name.endswith(("_code", "_error_type")):
        return lambda b: b.rng.choice(_ERROR_CODES)
    if name in ("environment", "env"):
        return lambda b: b.rng.choice(("production", "staging"))
    if name in ("topic", "city", "location"):
        return lambda b: b.rng.choice(("Paris", "Berlin", "Tokyo", "Lisbon", "Toronto"))
    if name in ("seconds", "duration", "n", "count"):
        return lambda b: str(b.rng.choice((4, 8, 12)))
    if name in ("error", "quote", "explanation") or name.endswith(("_explanation", "_details", "_reason")):
        return _sentence
    return lambda b: _text.words(b.rng, b.rng.choice((1, 2, 2)))


# --- numbers -------------------------------------------------------------------------------

_DETAIL_TOKENS = frozenset({"cached_tokens", "audio_tokens", "reasoning_tokens", "accepted_prediction_tokens",
                            "rejected_prediction_tokens", "image_tokens", "cache_write_tokens",
                            "cache_creation_tokens"})
COUNT_NAMES = frozenset({"completed", "failed", "in_progress", "cancelled", "canceled", "errored", "succeeded",
                         "expired", "pending", "running", "passed", "queued", "skipped"})


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
    if name in ("total", "count") or name in COUNT_NAMES or name.endswith(("_count", "_counts")) or name.startswith(("n_", "num_")):
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
    if name in ("deleted", "strict", "parallel_tool_calls", "store", "success", "ok", "enabled", "active",
                "is_default", "stream"):
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
    return {"type": "object", "properties": {prop: {"type": "string", "description": _text.words(b.rng, 2)}},
            "required": [prop], "additionalProperties": False}


def _metadata(b: Build) -> dict[str, Any]:
    if b.rng.random() < 0.6:
        return {}
    return {b.rng.choice(("project", "team", "source", "env")): _text.slug(b.rng, 1)}


def _small_json(b: Build) -> Any:
    pick = b.rng.random()
    if pick < 0.4:
        return {}
    if pick < 0.85:
        return {_text.identifier(b.rng).split("_", 1)[-1]: _text.words(b.rng, 2)}
    return {"status": "ok", "count": b.rng.randint(1, 9)}


def json_gen(site: Site) -> Gen:
    """Real JSON for untyped fields: polyfactory's ``object()`` there cannot be serialised."""
    name = site.leaf
    if name in _SCHEMA_NAMES:
        return _json_schema
    if name in ("metadata", "attributes", "labels", "tags", "headers", "env", "variables"):
        return _metadata
    if name in ("arguments", "parsed_arguments", "args", "input"):
        return lambda b: json.loads(_json_arguments(b))
    return _small_json


def dict_key_gen(site: Site) -> Gen:
    name = site.name
    if name in ("categories", "category_scores", "category_applied_input_types"):
        keys = ("harassment", "hate", "violence", "sexual", "self-harm", "illicit")
        return lambda b: b.rng.choice(keys)
    if name in ("headers",):
        return lambda b: b.rng.choice(("X-Request-Source", "X-Trace-Id"))
    return lambda b: _text.identifier(b.rng).split("_", 1)[-1]


# --- how often optional things are missing ------------------------------------------------

USUALLY_NULL = frozenset({
    "refusal", "function_call", "audio", "error", "last_error", "incomplete_details", "logprobs", "failed_at",
    "cancelled_at", "cancelling_at", "expired_at", "error_file_id", "errors", "status_details",
    "previous_response_id", "conversation", "user", "safety_identifier", "prompt_cache_key", "moderation",
    "deprecated", "prompt", "access_programs", "tool_calls", "prompt_cache_diagnostics", "image", "input_transformations",
    "tool_usage", "obfuscation", "max_tool_calls", "top_logprobs", "parsed", "truncation_strategy",
    "incomplete_at", "required_action", "estimated_finish", "prompt_cache_options", "misalignment", "steer",
})
USUALLY_SET = frozenset({
    "usage", "content", "text", "model", "created", "created_at", "status", "system_fingerprint", "id", "name",
    "description", "instructions", "object", "type", "role", "data", "choices", "tools", "message", "output",
    "metadata", "service_tier", "finish_reason", "annotations", "summary", "filename", "bytes",
})


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
    """Possible list lengths and their weights: short, mostly one item (DESIGN §3.1).

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
