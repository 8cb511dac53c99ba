"""Hypothesis strategies for request parameters: values of the right JSON types, often nonsense.

Each ``*_kwargs`` strategy draws the keyword arguments of one SDK call, the way user code might
pass them: mostly plausible, with out-of-range numbers, unknown names, odd strings, malformed
tool turns and schemas mixed in.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# The settings of every property test here. No example database (nothing written to the
# repository), a deadline that catches a hang or a runaway reply (it found n=8297 streaming
# 200,000 chunks) but not a slow example on a machine CI's side-by-side legs share, and no health check
# about slow generation on a busy CI machine. Under CI the examples are the same on every run (a
# merge is never blocked by a newly drawn case); elsewhere they are drawn afresh, and
# OPENAI_FAKES_FUZZ_EXAMPLES=5000 searches deeper.
BOUNDED = settings(
    max_examples=int(os.environ.get("OPENAI_FAKES_FUZZ_EXAMPLES", "80")),
    derandomize=bool(os.environ.get("CI")),
    deadline=timedelta(seconds=15),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

Kwargs = dict[str, Any]


def maybe(kwargs: Kwargs, key: str, value: Any) -> None:
    """Put ``value`` under ``key`` unless it is the "leave it out" marker."""
    if value is not _ABSENT:
        kwargs[key] = value


_ABSENT = object()


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually left out (three times in four), so that most requests get past validation and reach
    the handlers; when sent, drawn from ``strategy``."""
    return st.one_of(st.just(_ABSENT), st.just(_ABSENT), st.just(_ABSENT), strategy)


def mostly(usual: st.SearchStrategy[Any], odd: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``usual`` three times in four, ``odd`` otherwise."""
    return st.one_of(usual, usual, usual, odd)


short_text = st.text(max_size=12)
words = st.sampled_from(["hello", "json", "JSON please", "weather in Paris", "", " ", "ünïcödé", "a" * 50])
texts = words | short_text
ids = st.sampled_from(["call_A", "call_B", "call_C", "", "x"])
names = st.sampled_from(["get_weather", "lookup", "bad name", "a" * 70, "", "ok-name_2"]) | short_text

MODELS = [
    "gpt-4o-mini",
    "gpt-4o",
    "gpt-5",
    "gpt-5-chat-latest",
    "o1-mini",
    "o3",
    "o1-pro",
    "gpt-3.5-turbo",
    "gpt-4",
    "text-embedding-3-small",
    "text-embedding-ada-002",
    "ft:gpt-4o-mini-2024-07-18:org::abc12345",
    "gpt-9-imaginary",
]
models = st.sampled_from(MODELS) | short_text
chat_models = mostly(st.sampled_from(["gpt-4o-mini", "gpt-4o", "gpt-5", "gpt-4.1-nano", "o3"]), models)
embedding_models = mostly(
    st.sampled_from(["text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002"]), models
)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | short_text
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(short_text, inner, max_size=3),
    max_leaves=6,
)


# --- JSON schemas, strict-mode valid or not ------------------------------------------------------

_leaf_schemas = st.sampled_from(
    [
        {"type": "string"},
        {"type": "integer", "minimum": 0},
        {"type": "number"},
        {"type": "boolean"},
        {"type": "string", "enum": ["a", "b"]},
        {"type": "string", "minLength": 2},
        {"type": "string", "default": "x"},
        {"anyOf": [{"type": "string"}, {"type": "null"}]},
        {"description": "no type"},
        {"type": "array", "items": {"type": "string"}},
    ]
)


@st.composite
def object_schemas(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(["a", "b", "city", "n"]), max_size=3, unique=True))
    children: st.SearchStrategy[Any] = (
        _leaf_schemas if depth >= 1 else (_leaf_schemas | object_schemas(depth=depth + 1))
    )
    properties = {key: draw(children) for key in keys}
    schema: dict[str, Any] = {"type": draw(st.sampled_from(["object", "object", "array"])), "properties": properties}
    if draw(st.booleans()):
        schema["additionalProperties"] = draw(st.sampled_from([False, False, True]))
    if draw(st.booleans()):
        schema["required"] = draw(st.sampled_from([list(keys), list(keys)[:1], list(keys) + ["extra"]]))
    return schema


schemas = object_schemas() | st.dictionaries(short_text, json_values, max_size=3)


# --- Chat Completions ----------------------------------------------------------------------------

ROLES = ["system", "developer", "user", "assistant", "tool", "function", "tooool"]
PART_TYPES = ["text", "image_url", "input_audio", "refusal", "file", "image"]


@st.composite
def content_parts(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(PART_TYPES))
    part: dict[str, Any] = {"type": kind}
    if kind in ("text", "image"):
        part["text"] = draw(texts)
    elif kind == "image_url":
        part["image_url"] = {
            "url": draw(st.sampled_from(["https://example.com/cat.png", "data:image/png;base64,AAAA", ""]))
        }
    elif kind == "refusal":
        part["refusal"] = draw(texts)
    return part


@st.composite
def chat_messages(draw: st.DrawFn) -> dict[str, Any]:
    role = draw(st.sampled_from(ROLES))
    message: dict[str, Any] = {"role": role}
    content = draw(st.none() | texts | st.lists(content_parts(), max_size=3))
    if content is not None or role != "assistant":
        message["content"] = content
    if role == "assistant" and draw(st.booleans()):
        calls = draw(st.lists(ids, max_size=3))
        message["tool_calls"] = [
            {
                "id": call_id,
                "type": "function",
                "function": {
                    "name": draw(names),
                    "arguments": draw(st.sampled_from(["{}", '{"city": "Paris"}', "not json"])),
                },
            }
            for call_id in calls
        ]
    if role == "tool":
        message["tool_call_id"] = draw(ids)
    if draw(st.integers(0, 9)) == 0:
        message["name"] = draw(short_text)
    return message


@st.composite
def _plain_conversation(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A well-formed conversation: optional system prompt, a question, and sometimes a finished
    tool turn (assistant tool call + its answer)."""
    messages: list[dict[str, Any]] = []
    if draw(st.booleans()):
        messages.append({"role": "system", "content": draw(texts)})
    messages.append({"role": "user", "content": draw(texts)})
    if draw(st.booleans()):
        messages.append(
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {"id": "call_A", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}
                ],
            }
        )
        messages.append({"role": "tool", "tool_call_id": "call_A", "content": draw(texts)})
    return messages


plain_conversations = _plain_conversation()


@st.composite
def chat_tools(draw: st.DrawFn) -> dict[str, Any]:
    function: dict[str, Any] = {"name": draw(names)}
    if draw(st.booleans()):
        function["parameters"] = draw(schemas)
    if draw(st.booleans()):
        function["strict"] = draw(st.booleans())
    if draw(st.integers(0, 4)) == 0:
        function["description"] = draw(st.sampled_from(["Weather lookup.", "d" * 1100]))
    return {"type": "function", "function": function}


@st.composite
def chat_kwargs(draw: st.DrawFn) -> Kwargs:
    kwargs: Kwargs = {
        "model": draw(chat_models),
        "messages": draw(mostly(plain_conversations, st.lists(chat_messages(), max_size=5))),
    }
    maybe(kwargs, "n", draw(optional(mostly(st.integers(1, 4), st.integers(-3, 200)))))
    maybe(kwargs, "temperature", draw(optional(mostly(st.floats(0, 2), st.floats(-3, 3, allow_nan=False)))))
    maybe(kwargs, "top_p", draw(optional(mostly(st.floats(0, 1), st.floats(-1, 2, allow_nan=False)))))
    maybe(kwargs, "presence_penalty", draw(optional(st.floats(-3, 3, allow_nan=False))))
    maybe(kwargs, "frequency_penalty", draw(optional(st.floats(-3, 3, allow_nan=False))))
    maybe(kwargs, "max_tokens", draw(optional(mostly(st.integers(1, 500), st.integers(-5, 200_000)))))
    maybe(kwargs, "max_completion_tokens", draw(optional(mostly(st.integers(1, 500), st.integers(-5, 200_000)))))
    maybe(kwargs, "stop", draw(optional(texts | st.lists(texts, max_size=6))))
    maybe(kwargs, "logprobs", draw(optional(st.booleans())))
    maybe(kwargs, "top_logprobs", draw(optional(st.integers(-2, 25))))
    maybe(kwargs, "seed", draw(optional(st.integers(-(2**63), 2**63 - 1))))
    maybe(kwargs, "user", draw(optional(short_text)))
    maybe(kwargs, "reasoning_effort", draw(optional(st.sampled_from(["none", "low", "medium", "high"]))))
    maybe(kwargs, "parallel_tool_calls", draw(optional(st.booleans())))
    maybe(kwargs, "tools", draw(optional(st.lists(chat_tools(), max_size=3))))
    maybe(
        kwargs,
        "tool_choice",
        draw(
            optional(
                st.sampled_from(["none", "auto", "required", "bogus"])
                | st.builds(lambda n: {"type": "function", "function": {"name": n}}, names)
            )
        ),
    )
    maybe(
        kwargs,
        "response_format",
        draw(
            optional(
                st.sampled_from([{"type": "text"}, {"type": "json_object"}])
                | st.builds(
                    lambda s, strict: {
                        "type": "json_schema",
                        "json_schema": {"name": "answer", "schema": s, "strict": strict},
                    },
                    schemas,
                    st.booleans(),
                )
            )
        ),
    )
    maybe(kwargs, "stream", draw(optional(st.booleans())))
    if kwargs.get("stream"):
        maybe(kwargs, "stream_options", draw(optional(st.builds(lambda b: {"include_usage": b}, st.booleans()))))
    return kwargs


# --- Responses -----------------------------------------------------------------------------------


@st.composite
def response_items(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["message", "message", "function_call", "function_call_output"]))
    if kind == "message":
        content = draw(texts | st.lists(st.builds(lambda t: {"type": "input_text", "text": t}, texts), max_size=2))
        return {"role": draw(st.sampled_from(["user", "system", "developer", "assistant"])), "content": content}
    if kind == "function_call":
        return {"type": "function_call", "call_id": draw(ids), "name": draw(names), "arguments": "{}"}
    return {"type": "function_call_output", "call_id": draw(ids), "output": draw(texts)}


# Built-in tools, well formed and not: an unknown store (404 strict), an incomplete file_search
# (refused), small images so that a fuzz run stays fast.
HOSTED_TOOLS: list[Any] = [
    {"type": "web_search"},
    {"type": "web_search_preview", "search_context_size": "high"},
    {"type": "file_search", "vector_store_ids": ["vs_fuzz"], "max_num_results": 3},
    {"type": "file_search"},
    {"type": "code_interpreter", "container": {"type": "auto"}},
    {"type": "image_generation", "size": "64x64", "partial_images": 1},
    {"type": "mcp", "server_label": "wiki", "server_url": "https://mcp.example.com/mcp", "require_approval": "never"},
    {"type": "mcp", "server_label": "wiki", "server_url": "https://mcp.example.com/mcp"},
    {"type": "computer_use_preview", "display_width": 800, "display_height": 600, "environment": "browser"},
]


@st.composite
def responses_kwargs(draw: st.DrawFn) -> Kwargs:
    kwargs: Kwargs = {"model": draw(chat_models), "input": draw(texts | st.lists(response_items(), max_size=4))}
    maybe(kwargs, "instructions", draw(optional(texts)))
    maybe(kwargs, "max_output_tokens", draw(optional(mostly(st.integers(16, 500), st.integers(-5, 200_000)))))
    maybe(kwargs, "temperature", draw(optional(mostly(st.floats(0, 2), st.floats(-3, 3, allow_nan=False)))))
    maybe(kwargs, "top_p", draw(optional(mostly(st.floats(0, 1), st.floats(-1, 2, allow_nan=False)))))
    maybe(kwargs, "store", draw(optional(st.booleans())))
    maybe(kwargs, "truncation", draw(optional(st.sampled_from(["auto", "disabled", "sideways"]))))
    maybe(kwargs, "metadata", draw(optional(st.dictionaries(short_text, short_text, max_size=3))))
    maybe(
        kwargs,
        "reasoning",
        draw(
            optional(st.builds(lambda e: {"effort": e}, st.sampled_from(["low", "medium", "high", "none", "extreme"])))
        ),
    )
    tools = draw(
        optional(
            st.lists(
                st.builds(
                    lambda n, s, strict: {"type": "function", "name": n, "parameters": s, "strict": strict},
                    names,
                    schemas,
                    st.booleans() | st.none(),
                )
                | st.sampled_from(HOSTED_TOOLS),
                max_size=3,
            )
        )
    )
    maybe(kwargs, "tools", tools)
    maybe(
        kwargs,
        "tool_choice",
        draw(
            optional(
                st.sampled_from(["none", "auto", "required"])
                | st.builds(lambda n: {"type": "function", "name": n}, names)
                | st.sampled_from(
                    [{"type": "file_search"}, {"type": "code_interpreter"}, {"type": "mcp", "server_label": "wiki"}]
                )
            )
        ),
    )
    fmt = draw(
        optional(
            st.sampled_from([{"type": "text"}, {"type": "json_object"}])
            | st.builds(
                lambda s, strict: {"type": "json_schema", "name": "answer", "schema": s, "strict": strict},
                schemas,
                st.booleans(),
            )
        )
    )
    if fmt is not _ABSENT:
        kwargs["text"] = {"format": fmt}
    maybe(kwargs, "stream", draw(optional(st.booleans())))
    return kwargs


# --- Embeddings, files, generic ------------------------------------------------------------------

token_lists = st.lists(st.integers(0, 100_000), max_size=5)


@st.composite
def embeddings_kwargs(draw: st.DrawFn) -> Kwargs:
    kwargs: Kwargs = {
        "model": draw(embedding_models),
        "input": draw(texts | st.lists(texts, max_size=4) | token_lists | st.lists(token_lists, max_size=3)),
    }
    maybe(kwargs, "dimensions", draw(optional(mostly(st.integers(1, 1536), st.integers(-3, 4000)))))
    maybe(kwargs, "encoding_format", draw(optional(st.sampled_from(["float", "base64"]))))
    maybe(kwargs, "user", draw(optional(short_text)))
    return kwargs


@st.composite
def files_kwargs(draw: st.DrawFn) -> Kwargs:
    content = draw(
        st.sampled_from(
            [
                b"",
                b"{}\n",
                b'{"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions", "body": {}}\n',
                b"not json",
            ]
        )
    )
    name = draw(st.sampled_from(["input.jsonl", "notes.txt", "data.JSONL", "x"]) | short_text)
    file: Any = draw(st.sampled_from(["bytes", "tuple"]))
    return {
        "file": content if file == "bytes" else (name, content),
        "purpose": draw(
            st.sampled_from(["batch", "fine-tune", "assistants", "vision", "user_data", "evals", "vector_store"])
            | short_text
        ),
    }


# --- requests the API accepts (for "no false refusals") ---------------------------------------------

function_names = st.from_regex(r"[a-zA-Z0-9_-]{1,64}", fullmatch=True)
_strict_leaves = st.sampled_from(
    [
        {"type": "string"},
        {"type": "string", "pattern": "^[a-z]+$"},
        {"type": "string", "format": "date-time"},
        {"type": "integer", "minimum": 0, "maximum": 10},
        {"type": "number"},
        {"type": "boolean"},
        {"type": "string", "enum": ["C", "F"]},
        {"anyOf": [{"type": "string"}, {"type": "null"}]},
        {"type": ["string", "null"]},
        {"type": "array", "items": {"type": "integer"}, "minItems": 1},
    ]
)


@st.composite
def strict_schemas(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    """Object schemas strict mode accepts: every object closed and fully required."""
    keys = draw(st.lists(st.sampled_from(["city", "days", "unit", "note"]), max_size=3, unique=True))
    children: st.SearchStrategy[Any] = (
        _strict_leaves if depth >= 2 else (_strict_leaves | strict_schemas(depth=depth + 1))
    )
    properties = {key: draw(children) for key in keys}
    return {"type": "object", "properties": properties, "required": list(keys), "additionalProperties": False}


@st.composite
def valid_chat_kwargs(draw: st.DrawFn) -> Kwargs:
    messages = draw(plain_conversations)
    kwargs: Kwargs = {
        "model": draw(st.sampled_from(["gpt-4o-mini", "gpt-4o", "gpt-4.1-nano", "gpt-5-chat-latest"])),
        "messages": messages,
    }
    maybe(kwargs, "n", draw(optional(st.integers(1, 4))))
    maybe(kwargs, "temperature", draw(optional(st.floats(0, 2))))
    maybe(kwargs, "top_p", draw(optional(st.floats(0, 1))))
    maybe(kwargs, "max_completion_tokens", draw(optional(st.integers(1, 500))))
    maybe(kwargs, "stop", draw(optional(st.lists(st.sampled_from(["\n", "END", "."]), min_size=1, max_size=4))))
    tools = draw(
        optional(
            st.lists(
                st.builds(
                    lambda n, s, strict: {
                        "type": "function",
                        "function": {"name": n, "parameters": s, "strict": strict},
                    },
                    function_names,
                    strict_schemas(),
                    st.booleans(),
                ),
                min_size=1,
                max_size=3,
            )
        )
    )
    maybe(kwargs, "tools", tools)
    if tools is not _ABSENT:
        offered = [t["function"]["name"] for t in tools]
        choice = draw(
            st.sampled_from(["none", "auto", "required"])
            | st.sampled_from(offered).map(lambda n: {"type": "function", "function": {"name": n}})
        )
        maybe(kwargs, "tool_choice", draw(optional(st.just(choice))))
    fmt = draw(
        optional(
            st.just({"type": "json_object"})
            | st.builds(
                lambda s: {"type": "json_schema", "json_schema": {"name": "answer", "schema": s, "strict": True}},
                strict_schemas(),
            )
        )
    )
    if fmt is not _ABSENT:
        kwargs["response_format"] = fmt
        if fmt["type"] == "json_object":
            kwargs["messages"] = [{"role": "system", "content": "Reply in JSON."}, *messages]
    maybe(kwargs, "stream", draw(optional(st.booleans())))
    return kwargs


@st.composite
def valid_responses_kwargs(draw: st.DrawFn) -> Kwargs:
    kwargs: Kwargs = {
        "model": draw(st.sampled_from(["gpt-4o-mini", "gpt-4.1", "o3", "gpt-5", "o3-pro"])),
        "input": draw(texts),
    }
    maybe(kwargs, "instructions", draw(optional(texts)))
    maybe(kwargs, "max_output_tokens", draw(optional(st.integers(16, 2000))))
    tools = draw(
        optional(
            st.lists(
                st.builds(
                    lambda n, s: {"type": "function", "name": n, "parameters": s, "strict": True},
                    function_names,
                    strict_schemas(),
                ),
                min_size=1,
                max_size=3,
            )
        )
    )
    maybe(kwargs, "tools", tools)
    fmt = draw(
        optional(
            st.builds(
                lambda s: {"type": "json_schema", "name": "answer", "schema": s, "strict": True}, strict_schemas()
            )
        )
    )
    if fmt is not _ABSENT:
        kwargs["text"] = {"format": fmt}
    maybe(kwargs, "stream", draw(optional(st.booleans())))
    return kwargs


@st.composite
def valid_embeddings_kwargs(draw: st.DrawFn) -> Kwargs:
    model = draw(st.sampled_from(["text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002"]))
    text = st.text(min_size=1, max_size=40)
    kwargs: Kwargs = {
        "model": model,
        "input": draw(
            text | st.lists(text, min_size=1, max_size=4) | st.lists(st.integers(0, 100_000), min_size=1, max_size=5)
        ),
    }
    if model != "text-embedding-ada-002":
        maybe(kwargs, "dimensions", draw(optional(st.integers(1, 1536))))
    maybe(kwargs, "encoding_format", draw(optional(st.sampled_from(["float", "base64"]))))
    return kwargs


# --- any JSON value in any field ----------------------------------------------------------------------

CHAT_FIELDS = [
    "messages",
    "n",
    "temperature",
    "top_p",
    "max_tokens",
    "max_completion_tokens",
    "stop",
    "tools",
    "tool_choice",
    "response_format",
    "stream_options",
    "logprobs",
    "top_logprobs",
    "seed",
    "user",
    "reasoning_effort",
    "parallel_tool_calls",
    "functions",
    "function_call",
    "metadata",
    "store",
    "frequency_penalty",
    "presence_penalty",
    "modalities",
    "audio",
    "logit_bias",
    "prediction",
    "service_tier",
    "verbosity",
    "web_search_options",
    "prompt_cache_key",
    "safety_identifier",
]
RESPONSES_FIELDS = [
    "input",
    "instructions",
    "tools",
    "tool_choice",
    "text",
    "reasoning",
    "max_output_tokens",
    "metadata",
    "temperature",
    "top_p",
    "parallel_tool_calls",
    "store",
    "truncation",
    "user",
    "include",
    "background",
    "max_tool_calls",
    "service_tier",
    "top_logprobs",
    "conversation",
    "previous_response_id",
    "prompt",
    "stream_options",
    "prompt_cache_key",
    "safety_identifier",
]
EMBEDDINGS_FIELDS = ["input", "dimensions", "encoding_format", "user"]


# Messages and input items whose every field may hold any JSON value.
_any_message = st.fixed_dictionaries(
    {"role": st.sampled_from(ROLES) | json_values},
    optional={
        "content": json_values
        | st.lists(st.dictionaries(st.sampled_from(["type", "text", "image_url"]), json_values), max_size=2),
        "tool_calls": json_values
        | st.lists(st.dictionaries(st.sampled_from(["id", "type", "function"]), json_values), max_size=2),
        "tool_call_id": json_values,
        "name": json_values,
    },
)
_any_item = st.fixed_dictionaries(
    {"type": st.sampled_from(["message", "function_call", "function_call_output", "reasoning"]) | json_values},
    optional={
        "role": json_values,
        "content": json_values,
        "call_id": json_values,
        "output": json_values,
        "name": json_values,
        "arguments": json_values,
    },
)
_RICHER = {"messages": st.lists(_any_message, max_size=4), "input": st.lists(_any_item, max_size=4)}


def any_json_in(fields: list[str], *, nulls: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    """Up to four of ``fields``, each holding any JSON value (``null`` too, unless ``nulls`` is off);
    ``messages`` and ``input`` are often lists of objects whose every field holds any JSON value."""
    values = json_values if nulls else json_values.filter(lambda v: v is not None)

    @st.composite
    def draw_fields(draw: st.DrawFn) -> dict[str, Any]:
        chosen = draw(st.lists(st.sampled_from(fields), max_size=4, unique=True))
        return {name: draw(_RICHER[name] | values if name in _RICHER else values) for name in chosen}

    return draw_fields()
