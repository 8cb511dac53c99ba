"""``client.chat.completions``: ``create`` (``POST /chat/completions``), streamed or not; the stored
completions' ``retrieve``, ``update``, ``delete`` and ``list`` are `_store`'s, registered here.

The reply is built once as plain data; a stream is that same reply cut into chunks the way the
API cuts it (``_sim.reply_rules.chat_stream``), so joined chunks always equal the unstreamed reply.
What a message says, how it finishes and what it costs are ``_sim.reply_rules.chat``'s rules, the
ones the factories and scripted overrides keep too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ...._core.exchange import Exchange, Reply
from ...._sim.conversation import from_chat
from ...._sim.model_catalog import snapshot
from ...._sim.reply_rules.chat import assistant_message, chat_usage, finish_reason_for, message_tokens
from ...._sim.reply_rules.chat_stream import chunks_of
from ...._sim.reply_rules.usage import CHAT_SIDES, add_up, reasoning_tokens
from ...._sim.tokens import DEFAULT_ENCODING, chat_prompt_tokens, cut_to_tokens, encoding_of, pieces, text_tokens
from ...._sim.tool_offers import offered_tools
from ...._sim.turns import Turn, answer_text, decide, forced_name, last_user_text, output_format
from ...._sim.validation._common import in_range
from ...._sim.validation.chat import MAX_N
from ..._base.adapter import ChunkStreamAdapter, ScriptError
from ..._base.router import Router
from ._store import register as register_stored_completions
from ._store import store_completion

if TYPE_CHECKING:
    from ...._control.context import Context


class ChatCompletionsAdapter(ChunkStreamAdapter):
    summary = (
        "request-shaped: dated model snapshot, `n` choices, token limits (`length`), `tools` / "
        "`tool_choice` (schema-valid arguments), `response_format` (schema-valid JSON, so `.parse()` works), "
        "usage that adds up; streams are the same reply cut into chunks (usage chunk with `include_usage`)"
    )

    def build(self, server: Context, exchange: Exchange) -> Any:
        return build_chat_completion(server, exchange.body if isinstance(exchange.body, dict) else {})

    def chunks(self, final: Any, include_usage: bool) -> list[dict[str, Any]]:
        return chunks_of(final, include_usage=include_usage)

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        # The final object is the one sent (scripted edits included): that is what gets stored,
        # streamed or not.
        body = exchange.body
        if isinstance(body, dict) and body.get("store") is True:  # (store_completion's own first test)
            store_completion(server, body, final)
        return super().respond(server, exchange, final)

    def with_text(self, server: Context, exchange: Exchange, final: Any, text: str) -> Any:
        return _with_messages(final, assistant_message("content", text))

    def with_refusal(self, server: Context, exchange: Exchange, final: Any, text: str) -> Any:
        return _with_messages(final, assistant_message("refusal", text))

    def with_tool_calls(self, server: Context, exchange: Exchange, final: Any, calls: Sequence[tuple[str, str]]) -> Any:
        """The calls in the shape the request's tools ask for: ``function_call`` for the deprecated
        ``functions``, a ``custom`` call for a custom tool, a function call otherwise."""
        body = exchange.fields
        kinds = {tool.name: tool.kind for tool in offered_tools(body)}
        if calls and all(kinds.get(name) == "legacy_function" for name, _ in calls):
            if len(calls) > 1:
                raise ScriptError(
                    "a request with the deprecated functions= is answered with one function_call: script one tool_call"
                )
            message = assistant_message("content", None)
            message["function_call"] = {"name": calls[0][0], "arguments": calls[0][1]}
        else:
            message = assistant_message(
                "tool_calls",
                [_call_item(server, kinds.get(name, "function"), name, arguments) for name, arguments in calls],
            )
        choice = _tool_choice(body)
        return _with_messages(final, message, forced=isinstance(choice, dict) and forced_name(choice) is not None)


def _call_item(server: Context, kind: str, name: str, arguments: str) -> dict[str, Any]:
    """One entry of ``message.tool_calls``: a custom tool's input is free text, a function's is JSON."""
    if kind == "custom":
        return {
            "id": server.backend.id_for_kind("call"),
            "type": "custom",
            "custom": {"name": name, "input": _custom_input(arguments)},
        }
    return {
        "id": server.backend.id_for_kind("call"),
        "type": "function",
        "function": {"name": name, "arguments": arguments},
    }


def _custom_input(arguments: str) -> str:
    """A scripted call of a custom tool, ``tool_call("run_sql", input="SELECT 1")``, sends its
    ``input`` as the free text a custom tool takes; other arguments are sent as their JSON."""
    try:
        decoded = json.loads(arguments)
    except ValueError:
        return arguments
    return (
        decoded["input"]
        if isinstance(decoded, dict) and set(decoded) == {"input"} and isinstance(decoded["input"], str)
        else arguments
    )


def _with_messages(final: dict[str, Any], message: dict[str, Any], *, forced: bool = False) -> dict[str, Any]:
    """Every choice says ``message`` and finishes as it implies; usage follows the new completion."""
    finish_reason = finish_reason_for(message, forced=forced)
    choices = [
        {**choice, "message": dict(message), "finish_reason": finish_reason, "logprobs": None}
        for choice in final["choices"]
    ]
    usage = dict(final.get("usage") or {})
    if usage:
        model = final.get("model")
        usage["completion_tokens"] = message_tokens(message, model if isinstance(model, str) else None) * len(choices)
        add_up(usage, (), CHAT_SIDES)
    return {**final, "choices": choices, "usage": usage or final.get("usage")}


ADAPTER = ChatCompletionsAdapter()


def register(router: Router) -> None:
    router.add("POST", "/chat/completions", ADAPTER, summary=ADAPTER.summary)
    register_stored_completions(router, build_chat_completion)


def _tool_choice(body: Mapping[str, Any]) -> Any:
    if "tool_choice" in body:
        return body["tool_choice"]
    legacy = body.get("function_call")
    if isinstance(legacy, dict):
        return {"type": "function", "function": {"name": legacy.get("name")}}
    return legacy if legacy is not None else "auto"


def _has_tool_results(messages: Any) -> bool:
    return isinstance(messages, list) and any(
        isinstance(message, dict) and message.get("role") in ("tool", "function") for message in messages
    )


def _answered_tool_calls(messages: Any) -> bool:
    last = messages[-1] if isinstance(messages, list) and messages else None
    return isinstance(last, dict) and last.get("role") in ("tool", "function")


def _message(server: Context, turn: Turn, model: str | None) -> tuple[dict[str, Any], str, int]:
    """The assistant message for ``turn``, its finish reason and its completion tokens, counted
    in ``model``'s encoding (``None``: gpt-4o's, the one ``turn.tokens`` is counted in)."""
    message = assistant_message("content", turn.text)
    if not turn.tool_calls:
        return message, "stop", turn.tokens if model is None else message_tokens(message, model)
    first = turn.tool_calls[0]
    if first.kind == "legacy_function":
        message["function_call"] = {"name": first.name, "arguments": first.arguments}
    else:
        message["tool_calls"] = [_call_item(server, call.kind, call.name, call.arguments) for call in turn.tool_calls]
    # A function forced by name finishes with "stop", as the API does (docs/how-it-works.md, What a reply promises).
    return message, finish_reason_for(message, forced=turn.forced), message_tokens(message, model)


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
    for piece in pieces(text):
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
                    {"token": t, "logprob": round(logprob - 1.7 * i, 5), "bytes": list(t.encode())}
                    for i, t in enumerate(seen)
                ],
            }
        )
    return entries


def build_chat_completion(server: Context, body: Mapping[str, Any]) -> dict[str, Any]:
    backend = server.backend
    rng = backend.rng
    messages = body.get("messages") or []
    model = snapshot(str(body.get("model", "gpt-4o-mini")))
    n = int(body.get("n") or 1)
    # The API's own bound on choices holds at every validation level: past it, a reply's size
    # (and a stream's chunk count) would grow without limit (n=8297 streamed ~200,000 chunks).
    in_range("n", n, 1, MAX_N, integer=True)
    limit = body.get("max_completion_tokens") or body.get("max_tokens")
    prompt = last_user_text(messages)
    tools = offered_tools(body)
    schema, json_object = output_format(body.get("response_format"))
    # No tools, no schema, no JSON mode, no tool result in the conversation: the turn is prose
    # (`decide` would draw only the answer text). With tool results, even ones a later reminder
    # follows ("Respond with the output fields"), the conversation decides what the turn says.
    answered = _answered_tool_calls(messages)
    prose = not tools and schema is None and not json_object and not _has_tool_results(messages)
    choice = None if prose else _tool_choice(body)
    conversation = None if prose else from_chat(messages, parallel=body.get("parallel_tool_calls"))
    stop = body.get("stop") or []
    stop = [stop] if isinstance(stop, str) else list(stop)
    want_logprobs = body.get("logprobs")
    top = int(body.get("top_logprobs") or 0)
    # The completion side is counted in the model's encoding, as the prompt side is. The turn's
    # own count is gpt-4o's (o200k): a model of another encoding (gpt-4, gpt-3.5-turbo: cl100k)
    # recounts its message, one of o200k keeps the count it has.
    recount = None if encoding_of(model) == DEFAULT_ENCODING else model
    choices = []
    completion_tokens = hidden_tokens = 0
    for index in range(n):
        if prose:
            content, tokens = answer_text(rng, prompt)
            message = assistant_message("content", content)
            finish_reason = finish_reason_for(message)
            if recount is not None:
                tokens = text_tokens(content, recount)
        else:
            turn = decide(
                rng,
                prompt=prompt,
                tools=tools,
                tool_choice=choice,
                answered_tool_calls=answered,
                output_schema=schema,
                json_object=json_object,
                conversation=conversation,
            )
            message, finish_reason, tokens = _message(server, turn, recount)
            content = message["content"]
        if content is not None and stop:
            cut = _cut_at_stop(content, stop)
            if cut is not None:  # the stop sequence itself is not included, as the API does
                message["content"] = content = cut
                finish_reason, tokens = "stop", text_tokens(cut, model)
        # A reasoning model thinks before it answers (hidden tokens, counted as completion tokens);
        # under a token limit its thinking comes first, so a small limit can leave no visible
        # answer: empty content, finish_reason "length". Other models draw nothing here.
        hidden = reasoning_tokens(model, rng)
        budget = limit
        if isinstance(limit, int):
            hidden = min(hidden, max(limit, 0))
            budget = limit - hidden
        if isinstance(budget, int) and tokens > budget and content is not None:
            message["content"] = content = cut_to_tokens(content, budget, model)
            finish_reason, tokens = "length", text_tokens(content, model)
        completion_tokens += tokens + hidden
        hidden_tokens += hidden
        logprobs = _logprobs(content, top) if want_logprobs and content is not None else None
        choices.append({"index": index, "message": message, "logprobs": logprobs, "finish_reason": finish_reason})
    prompt_tokens = chat_prompt_tokens(messages, model)
    return {
        "id": backend.id_for_kind("chat.completion"),
        "object": "chat.completion",
        "created": backend.clock.now(),
        "model": model,
        "choices": choices,
        "usage": chat_usage(prompt_tokens, completion_tokens, reasoning=hidden_tokens),
        "service_tier": "default",
        "system_fingerprint": "fp_%010x" % rng.getrandbits(40),
    }
