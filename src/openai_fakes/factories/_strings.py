"""Realistic strings chosen by field name: ids, model names, text, URLs, codes.

Rules are generic (by field name, the owning model's literals and its module), never written
per model; curated factories add what generic rules cannot know.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from .._core.ids import IdShape
from .._sim.text import email, filename, identifier, instructions, paragraph, person_name, sentence, title, url, words
from ._ids_for import MODEL_NAME, foreign_key_shape, id_shape_of
from ._site import B62, Gen, Site, const, is_time_name
from ._state import Build

# --- model names ---------------------------------------------------------------------------

CHAT_MODELS = (
    "gpt-4o-mini-2024-07-18",
    "gpt-4o-mini-2024-07-18",
    "gpt-4o-2024-08-06",
    "gpt-4.1-2025-04-14",
    "gpt-4.1-mini-2025-04-14",
    "o4-mini-2025-04-16",
    "gpt-5-2025-08-07",
    "gpt-5-mini-2025-08-07",
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
    choices: tuple[str, ...] = CHAT_MODELS
    for fragment, models in _AREA_MODELS:
        if fragment in module:
            choices = models
            break
    return lambda b: b.rng.choice(choices)


def _fine_tuned_model(b: Build) -> str:
    suffix = b.rng.choice(("", "support-bot", "summarizer", "classifier"))
    tail = "".join(b.rng.choices(B62, k=8))
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

_PARAGRAPH_NAMES = frozenset(
    {
        "content",
        "text",
        "output_text",
        "transcript",
        "answer",
        "body",
        "completion",
        "markdown",
        "result",
        "response_text",
    }
)
_SENTENCE_NAMES = frozenset(
    {
        "description",
        "summary",
        "message",
        "explanation",
        "prompt",
        "revised_prompt",
        "note",
        "notes",
        "feedback",
        "status_details",
        "detail",
        "details",
        "comment",
        "caption",
        "question",
        "rationale",
        "reasoning",
        "reason",
        "justification",
        "hint",
        "error_message",
        "failure_reason",
        "system_message",
    }
)
_TITLE_NAMES = frozenset({"title", "label", "display_name", "heading", "project_name", "team_name", "subject"})
_FUNCTION_OWNERS = ("Function", "Tool", "Call", "Mcp", "MCP")
_PERSON_OWNERS = ("User", "Member", "Owner", "Actor", "Invite", "Person")

# ``object`` of the models the SDK types as a plain ``str``: the API's name for them (source: the
# API's OpenAPI spec examples), by the end of the model's module path and its name.
_OBJECT_NAMES: dict[str, str] = {
    "container_create_response.ContainerCreateResponse": "container",
    "container_retrieve_response.ContainerRetrieveResponse": "container",
    "container_list_response.ContainerListResponse": "container",
    "eval_delete_response.EvalDeleteResponse": "eval.deleted",
    "evals.run_delete_response.RunDeleteResponse": "eval.run.deleted",
    "groups.role_delete_response.RoleDeleteResponse": "group.role.deleted",
    "users.role_delete_response.RoleDeleteResponse": "user.role.deleted",
}


def _object_name(site: Site) -> str | None:
    owner = site.owner
    if owner is None:
        return None
    qualified = f"{owner.__module__}.{owner.__qualname__}"
    return next((name for tail, name in _OBJECT_NAMES.items() if qualified.endswith("." + tail)), None)


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
_ERROR_CODES = (
    "rate_limit_exceeded",
    "invalid_request_error",
    "server_error",
    "invalid_prompt",
    "context_length_exceeded",
)
_CODE_SNIPPETS = (
    "import pandas as pd\ndf = pd.read_csv('data.csv')\nprint(df.describe())",
    "total = sum(range(1, 11))\nprint(total)",
)


def json_arguments(b: Build) -> str:
    rng = b.rng
    args: dict[str, Any] = {
        rng.choice(("location", "city", "query", "topic")): rng.choice(("Paris", "Berlin", "quarterly report", "Tokyo"))
    }
    if rng.random() < 0.5:
        args[rng.choice(("unit", "limit", "format"))] = rng.choice(("celsius", 5, "short"))
    return json.dumps(args)


def _base64_text(b: Build) -> str:
    return base64.b64encode(sentence(b.rng).encode()).decode()


def _word_delta(b: Build) -> str:
    return " " + words(b.rng, b.rng.choice((1, 1, 2)))


def _paragraph(b: Build) -> str:
    return paragraph(b.rng, b.rng.choice((1, 2, 2, 3)))


def _sentence(b: Build) -> str:
    return sentence(b.rng)


def _title(b: Build) -> str:
    return title(b.rng)


def _url_gen(name: str) -> Gen:
    if "image" in name or "logo" in name or "icon" in name or "thumbnail" in name:
        return lambda b: url(b.rng, "png")
    if name.startswith("file") or "download" in name:
        return lambda b: url(b.rng, "pdf")
    if "server" in name or name == "endpoint_url":
        return const("https://mcp.example.com/sse")
    if "redirect" in name or "webhook" in name or "callback" in name:
        return const("https://app.example.com/hooks/openai")
    return lambda b: url(b.rng)


def _is_url_name(name: str) -> bool:
    return name in ("url", "uri", "href", "homepage", "website", "link", "redirect_uri", "source") or name.endswith(
        ("_url", "_uri")
    )


def str_gen(site: Site) -> Gen:
    """The generator for a ``str`` at ``site``."""
    name = site.leaf
    owner_name = site.owner_name
    if name == "id":
        found = id_gen(site)
        if found is not None:
            return found
    if name == "object" and (object_name := _object_name(site)) is not None:
        return lambda b: object_name
    if name in ("first_id", "last_id", "after", "before", "cursor", "next_cursor", "next_page", "last_item_id"):
        return lambda b: b.ids.make(IdShape("", "base62", 24), b.now)
    shape = foreign_key_shape(site.owner, name)
    if shape is not None:
        return shape_gen(shape)
    if name in ("model", "base_model", "model_id", "snapshot") or name.endswith("model_name"):
        return model_name_gen(site)
    if name == "fine_tuned_model":
        return _fine_tuned_model
    if name == "arguments" or (name == "input" and "Call" in owner_name and "Mcp" not in owner_name):
        return json_arguments
    if name == "output" and ("Call" in owner_name or "Output" in owner_name):
        return lambda b: (
            b.rng.choice(('{"status": "ok"}', '{"temperature": 21, "unit": "celsius"}'))
            if b.rng.random() < 0.5
            else sentence(b.rng)
        )
    if name == "instructions":
        return lambda b: instructions(b.rng)
    if name == "refusal":
        return lambda b: b.rng.choice(("I'm sorry, but I can't help with that request.", "I can't assist with that."))
    if name == "delta":
        return _word_delta
    if name in ("token",):
        return lambda b: b.rng.choice(("", " ")) + words(b.rng, 1)
    if name == "name" or (name.endswith("_name") and name not in ("file_name", "display_name")):
        if any(part in owner_name for part in _FUNCTION_OWNERS) or name in ("function_name", "tool_name"):
            return lambda b: identifier(b.rng)
        if any(part in owner_name for part in _PERSON_OWNERS) or (".admin." in site.module and "User" in owner_name):
            return lambda b: person_name(b.rng)
        return _title
    if name in ("filename", "file_name"):
        return lambda b: filename(b.rng)
    if _is_url_name(name):
        return _url_gen(name)
    if name == "email" or name.endswith("_email"):
        return lambda b: email(b.rng)
    if name == "code":
        if "Code" in owner_name or "Interpreter" in owner_name:
            return lambda b: b.rng.choice(_CODE_SNIPPETS)
        return lambda b: b.rng.choice(_ERROR_CODES)
    if name in _BASE64_NAMES or (name == "result" and any(k in owner_name for k in ("Image", "Audio", "Speech"))):
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
        return lambda b: words(b.rng, 3)
    if name in ("key", "field", "property", "attribute", "key_name", "tool", "namespace"):
        return lambda b: identifier(b.rng)
    if name.endswith(("_hash", "sha256", "checksum", "fingerprint", "etag")):
        return lambda b: "%064x" % b.rng.getrandbits(256)
    return _fallback_str(name)


def _iso_time(b: Build) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(b.now - b.rng.randrange(3600)))


def _iso_date(b: Build) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(b.now))


def _opaque(prefix: str, length: int = 32) -> Gen:
    return lambda b: prefix + "".join(b.rng.choices(B62, k=length))


_ENUM_WORDS = ("default", "standard", "custom", "auto", "basic")
_ENUM_SUFFIXES = (
    "_type",
    "_kind",
    "_mode",
    "_level",
    "_state",
    "_stage",
    "_status",
    "_strategy",
    "_policy",
    "_tier",
    "_visibility",
    "_logging",
)
_ENUM_NAMES = frozenset(
    {
        "type",
        "kind",
        "mode",
        "level",
        "state",
        "category",
        "tier",
        "bucket",
        "unit",
        "interval",
        "policy",
        "access",
        "stage",
        "origin",
        "target",
        "default",
    }
)
_PATH_NAMES = frozenset({"cwd", "working_directory", "workspace_directory", "directory", "dir", "root"})
_HOST_NAMES = frozenset({"domain", "host", "hostname", "allowed_domain", "allowed_host", "issuer"})


def _fallback_str(name: str) -> Gen:
    """Plain ``str`` fields no rule names: shaped by what the name suggests, else a short phrase."""
    if name.endswith(("_date", "_on")) or name == "date":
        return _iso_date
    if is_time_name(name) or name.endswith("_time"):
        return _iso_time
    if name in ("created_by", "owner", "user", "updated_by", "sender", "recipient", "principal") or (
        name.endswith("_by") and name != "owned_by"
    ):
        return _opaque("user-", 24)
    if name == "owned_by":
        return lambda b: b.rng.choice(("openai", "system", "user-abc123"))
    if name in ("author", "speaker"):
        return lambda b: person_name(b.rng) if name == "author" else b.rng.choice(("A", "B"))
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
        return lambda b: url(b.rng, "png")
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
    return lambda b: words(b.rng, b.rng.choice((1, 2, 2)))
