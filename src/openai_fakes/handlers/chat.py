"""Chat Completions: ``POST /chat/completions``, streamed or not.

The reply is built once as plain data; a stream is that same reply cut into chunks the way the
API cuts it (role first, content or tool-call argument deltas, the finish chunk, then a usage
chunk when asked), so joined chunks always equal the unstreamed reply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from .._exchange import Exchange, Reply
from .._model_catalog import snapshot
from .._router import Router
from .._tokens import chat_prompt_tokens, text_tokens
from .._turns import ToolSpec, Turn, answer_text, decide
from . import _chat_store
from ._adapter import ChunkStreamAdapter
from ._chat_store import store_completion

if TYPE_CHECKING:
    from .._server import FakeServer


class ChatCompletionsAdapter(ChunkStreamAdapter):
    summary = (
        "request-shaped: dated model snapshot, `n` choices, token limits (`length`), `tools` / "
        "`tool_choice` (schema-valid arguments), `response_format` (schema-valid JSON, so `.parse()` works), "
        "usage that adds up; streams are the same reply cut into chunks (usage chunk with `include_usage`)"
    )

    def build(self, server: FakeServer, exchange: Exchange) -> Any:
        return build_completion(server, exchange.body if isinstance(exchange.body, dict) else {})

    def chunks(self, final: Any, include_usage: bool) -> list[dict[str, Any]]:
        return chunks_of(final, include_usage=include_usage)

    def respond(self, server: FakeServer, exchange: Exchange, final: Any) -> Reply:
        # The final object is the one sent (scripted edits included): that is what gets stored,
        # streamed or not.
        body = exchange.body
        if isinstance(body, dict) and body.get("store") is True:  # (store_completion's own first test)
            store_completion(server, body, final)
        return super().respond(server, exchange, final)

    def with_text(self, server: FakeServer, exchange: Exchange, final: Any, text: str) -> Any:
        return _with_messages(final, {"content": text}, "stop", text_tokens(text))

    def with_refusal(self, server: FakeServer, exchange: Exchange, final: Any, text: str) -> Any:
        return _with_messages(final, {"content": None, "refusal": text}, "stop", text_tokens(text))

    def with_tool_calls(
        self, server: FakeServer, exchange: Exchange, final: Any, calls: Sequence[tuple[str, str]]
    ) -> Any:
        tool_calls = [
            {"id": server.backend.id_for_kind("call"), "type": "function", "function": {"name": name, "arguments": arguments}}
            for name, arguments in calls
        ]
        tokens = sum(text_tokens(arguments) + 3 for _, arguments in calls)
        return _with_messages(final, {"content": None, "tool_calls": tool_calls}, "tool_calls", tokens)


def _with_messages(final: dict[str, Any], message: dict[str, Any], finish_reason: str, tokens: int) -> dict[str, Any]:
    """Every choice says ``message``; usage follows the new completion."""
    base: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None, "annotations": []}
    choices = [
        {**choice, "message": {**base, **message}, "finish_reason": finish_reason, "logprobs": None}
        for choice in final["choices"]
    ]
    usage = dict(final.get("usage") or {})
    if usage:
        usage["completion_tokens"] = tokens * len(choices)
        usage["total_tokens"] = usage.get("prompt_tokens", 0) + usage["completion_tokens"]
    return {**final, "choices": choices, "usage": usage or final.get("usage")}


ADAPTER = ChatCompletionsAdapter()


def register(router: Router) -> None:
    router.add("POST", "/chat/completions", ADAPTER, summary=ADAPTER.summary)
    _chat_store.register(router)


def _last_user_text(messages: Iterable[Any]) -> str:
    text = ""
    for message in messages:
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                text = content
            elif isinstance(content, list):
                text = " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return text


def _tools(body: Mapping[str, Any]) -> list[ToolSpec]:
    specs: list[ToolSpec] = []
    for tool in body.get("tools") or ():
        if not isinstance(tool, dict):
            continue
        kind = tool.get("type", "function")
        inner = tool.get(kind)
        if isinstance(inner, dict) and isinstance(inner.get("name"), str):
            specs.append(ToolSpec(inner["name"], kind, inner.get("parameters")))
    for function in body.get("functions") or ():  # the legacy form
        if isinstance(function, dict) and isinstance(function.get("name"), str):
            specs.append(ToolSpec(function["name"], "legacy_function", function.get("parameters")))
    return specs


def _tool_choice(body: Mapping[str, Any]) -> Any:
    if "tool_choice" in body:
        return body["tool_choice"]
    legacy = body.get("function_call")
    if isinstance(legacy, dict):
        return {"type": "function", "function": {"name": legacy.get("name")}}
    return legacy if legacy is not None else "auto"


def _output_schema(body: Mapping[str, Any]) -> tuple[Mapping[str, Any] | None, bool]:
    response_format = body.get("response_format")
    if not isinstance(response_format, dict):
        return None, False
    if response_format.get("type") == "json_schema":
        spec = response_format.get("json_schema") or {}
        return spec.get("schema") or {"type": "object", "properties": {}}, False
    return None, response_format.get("type") == "json_object"


def _answered_tool_calls(messages: Any) -> bool:
    last = messages[-1] if isinstance(messages, list) and messages else None
    return isinstance(last, dict) and last.get("role") in ("tool", "function")


def _message(server: FakeServer, turn: Turn) -> tuple[dict[str, Any], str, int]:
    """The assistant message for ``turn``, its finish reason and its completion tokens."""
    message: dict[str, Any] = {"role": "assistant", "content": turn.text, "refusal": None, "annotations": []}
    if not turn.tool_calls:
        return message, "stop", turn.tokens
    tokens = 0
    first = turn.tool_calls[0]
    if first.kind == "legacy_function":
        message["function_call"] = {"name": first.name, "arguments": first.arguments}
        return message, "function_call" if not turn.forced else "stop", text_tokens(first.arguments) + 3
    calls = []
    for call in turn.tool_calls:
        tokens += text_tokens(call.arguments) + 3
        if call.kind == "custom":
            calls.append({"id": server.backend.id_for_kind("call"), "type": "custom", "custom": {"name": call.name, "input": call.arguments}})
        else:
            calls.append({"id": server.backend.id_for_kind("call"), "type": "function", "function": {"name": call.name, "arguments": call.arguments}})
    message["tool_calls"] = calls
    # A function forced by name finishes with "stop", as the API does (DESIGN §3.1).
    return message, "stop" if turn.forced else "tool_calls", tokens


def _cut_at_stop(text: str, stop: list[str]) -> str | None:
    hits = [text.index(marker) for marker in stop if marker and marker in text]
    return text[: min(hits)] if hits else None


def _logprobs(text: str, top: int) -> dict[str, Any]:
    return {"content": token_logprobs(text, top), "refusal": None}


def token_logprobs(text: str, top: int) -> list[dict[str, Any]]:
    """Per-token log probabilities for ``text``'s pieces (the pieces the stream sends), each with
    ``top`` alternatives ranked below the chosen token, as the API lists them (Chat's
    ``logprobs.content`` and Responses' ``output_text.logprobs`` share the shape)."""
    entries = []
    for piece in _pieces(text):
        logprob = round(-0.01 - (len(piece) % 5) * 0.13, 5)
        alternatives = [piece, piece.lower(), piece.upper(), " the", " a", " and", "\n", ",", "."]
        seen: list[str] = []
        for candidate in alternatives:
            if len(seen) == top:
                break
            if candidate not in seen:
                seen.append(candidate)
        entries.append(
            {
                "token": piece,
                "logprob": logprob,
                "bytes": list(piece.encode()),
                "top_logprobs": [
                    {"token": t, "logprob": round(logprob - 1.7 * i, 5), "bytes": list(t.encode())} for i, t in enumerate(seen)
                ],
            }
        )
    return entries


def _truncate(text: str, limit: int) -> str:
    words = text.split(" ")
    while words and text_tokens(" ".join(words)) > limit:
        words.pop()
    return " ".join(words)


def build_completion(server: FakeServer, body: Mapping[str, Any]) -> dict[str, Any]:
    backend = server.backend
    rng = backend.rng
    messages = body.get("messages") or []
    model = snapshot(str(body.get("model", "gpt-4o-mini")))
    n = int(body.get("n") or 1)
    limit = body.get("max_completion_tokens") or body.get("max_tokens")
    prompt = _last_user_text(messages)
    tools = _tools(body)
    schema, json_object = _output_schema(body)
    # No tools, no schema, no JSON mode: the turn is prose (`decide` would draw only the answer text).
    prose = not tools and schema is None and not json_object
    choice = None if prose else _tool_choice(body)
    answered = False if prose else _answered_tool_calls(messages)
    stop = body.get("stop") or []
    stop = [stop] if isinstance(stop, str) else list(stop)
    want_logprobs = body.get("logprobs")
    top = int(body.get("top_logprobs") or 0)
    choices = []
    completion_tokens = 0
    for index in range(n):
        if prose:
            content, tokens = answer_text(rng, prompt)
            message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None, "annotations": []}
            finish_reason = "stop"
        else:
            turn = decide(
                rng,
                prompt=prompt,
                tools=tools,
                tool_choice=choice,
                answered_tool_calls=answered,
                output_schema=schema,
                json_object=json_object,
            )
            message, finish_reason, tokens = _message(server, turn)
            content = message["content"]
        if content is not None and stop:
            cut = _cut_at_stop(content, stop)
            if cut is not None:  # the stop sequence itself is not included, as the API does
                message["content"] = content = cut
                finish_reason, tokens = "stop", text_tokens(cut)
        if isinstance(limit, int) and tokens > limit and content is not None:
            message["content"] = content = _truncate(content, limit)
            finish_reason, tokens = "length", text_tokens(content)
        completion_tokens += tokens
        logprobs = _logprobs(content, top) if want_logprobs and content is not None else None
        choices.append({"index": index, "message": message, "logprobs": logprobs, "finish_reason": finish_reason})
    prompt_tokens = chat_prompt_tokens(messages, model)
    return {
        "id": backend.id_for_kind("chat.completion"),
        "object": "chat.completion",
        "created": backend.clock.now(),
        "model": model,
        "choices": choices,
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        "service_tier": "default",
        "system_fingerprint": "fp_%010x" % rng.getrandbits(40),
    }


def chunks_of(completion: Mapping[str, Any], *, include_usage: bool) -> list[dict[str, Any]]:
    """The chunks the API streams for ``completion``; joined, they give it back."""
    head = {
        "id": completion["id"],
        "object": "chat.completion.chunk",
        "created": completion["created"],
        "model": completion["model"],
        "service_tier": completion.get("service_tier"),
        "system_fingerprint": completion.get("system_fingerprint"),
    }

    def chunk(index: int, delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
        choice = {"index": index, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        return {**head, "choices": [choice], **({"usage": None} if include_usage else {})}

    out: list[dict[str, Any]] = []
    for choice in completion["choices"]:
        index = choice["index"]
        message = choice["message"]
        calls = message.get("tool_calls") or []
        if calls:
            # The first call rides on the role chunk; each later call opens with its own index
            # (api-facts §4b), then argument pieces follow with no id, type or name.
            for position, call in enumerate(calls):
                kind = call["type"]
                payload_key = "arguments" if kind == "function" else "input"
                opening = {"index": position, "id": call["id"], "type": kind, kind: {"name": call[kind]["name"], payload_key: ""}}
                if position == 0:
                    out.append(chunk(index, {"role": "assistant", "content": None, "tool_calls": [opening], "refusal": None}))
                else:
                    out.append(chunk(index, {"tool_calls": [opening]}))
                for piece in _pieces(call[kind][payload_key]):
                    out.append(chunk(index, {"tool_calls": [{"index": position, kind: {payload_key: piece}}]}))
        elif message.get("function_call"):
            function_call = message["function_call"]
            out.append(chunk(index, {"role": "assistant", "content": None, "function_call": {"name": function_call["name"], "arguments": ""}}))
            for piece in _pieces(function_call["arguments"]):
                out.append(chunk(index, {"function_call": {"arguments": piece}}))
        else:
            out.append(chunk(index, {"role": "assistant", "content": "", "refusal": None}))
            entries = (choice.get("logprobs") or {}).get("content") or []
            for position, piece in enumerate(_pieces(message.get("content") or "")):
                piece_chunk = chunk(index, {"content": piece})
                if position < len(entries):
                    piece_chunk["choices"][0]["logprobs"] = {"content": [entries[position]], "refusal": None}
                out.append(piece_chunk)
        out.append(chunk(index, {}, choice["finish_reason"]))
    if include_usage:
        out.append({**head, "choices": [], "usage": completion["usage"]})
    return out


def _pieces(text: str) -> list[str]:
    """Token-sized deltas: each word with its leading space, as the API streams them."""
    words = text.split(" ")
    return [words[0]] + [" " + w for w in words[1:]] if text else []
