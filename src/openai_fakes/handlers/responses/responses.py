"""Responses: ``POST /responses``, streamed or not.

The response is built once; a stream is that response replayed as the API's event sequence
(docs/api-behaviour.md, Streaming event order): ``response.created``, ``response.in_progress``, per item ``output_item.added``
[``content_part.added``, ``output_text.delta``..., ``output_text.done``, ``content_part.done`` |
``function_call_arguments.delta``..., ``function_call_arguments.done``] ``output_item.done``, then
``response.completed`` (or ``response.incomplete``) carrying the same response as an unstreamed call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..._core.declared import declared_only
from ..._core.errors import bad_request
from ..._core.exchange import Exchange, JsonReply, Reply, SseReply
from ..._core.ids import SHAPES
from ..._sim.conversation import from_response_items
from ..._sim.model_catalog import is_reasoning, snapshot
from ..._sim.reply_rules.response_events import annotation_end
from ..._sim.reply_rules.responses import fit_output, item_tokens, response_usage
from ..._sim.reply_rules.usage import reasoning_tokens
from ..._sim.tokens import cut_to_tokens, text_tokens
from ..._sim.tool_offers import offered_tools
from ..._sim.turns import decide
from .._base.adapter import Adapter
from .._base.router import Router
from .._stored import strict
from ..conversations.conversations import append as append_to_conversation
from ..conversations.conversations import context as conversation_context
from ..conversations.conversations import conversation_id
from ._hosted_stream import events_of
from ._hosted_tools import included
from ._hosted_tools import plan as plan_hosted_tools
from ._items import item_text, stored_items, with_included, without_included
from ._store import check_outputs_answer, previous_context, store_response
from ._store import register as register_stored_responses

if TYPE_CHECKING:
    from ..._control.context import Context

_RESPONSE_TAIL = 16  # item ids end with the owning response's last 16 hex digits (docs/api-behaviour.md, Ids)


class ResponsesAdapter(Adapter):
    summary = (
        "request-shaped: dated model snapshot, `instructions`, `tools` / `tool_choice` (function calls "
        "with schema-valid arguments), `text.format` (schema-valid JSON, so `.parse()` works), `max_output_tokens` "
        "(`incomplete`), reasoning items for reasoning models, usage that adds up; built-in tools: `web_search` "
        "(`url_citation`s), `file_search` (the vector store's real search, `file_citation`s), `code_interpreter`, "
        "`image_generation` (a real image), `mcp` (tool list, calls, approvals), computer use; `include` extras; "
        "streams follow the API's event sequence and end with the same response"
    )

    def build(self, server: Context, exchange: Exchange) -> Any:
        body = exchange.body if isinstance(exchange.body, Mapping) else {}
        context = _context(server, exchange, body)
        lenient = exchange.scripted or not strict(server)
        response = build_response(server, body, context=context, lenient=lenient)
        response = with_included(response, body.get("include"), int(body.get("top_logprobs") or 0))
        response = included(server, response, body.get("include"))
        return declared_only(response, exchange.cast_to, deep=False)

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        # The final object is the one sent (scripted edits included): that is what gets stored.
        body = exchange.body if isinstance(exchange.body, Mapping) else {}
        shown = final
        conversation = conversation_id(body.get("conversation"))
        kept = _given(body, "store", True) is not False or conversation is not None
        if kept and isinstance(final, dict) and isinstance(final.get("id"), str):
            inputs = stored_items(server, body.get("input"), tail=final["id"][-_RESPONSE_TAIL:], param="input")
            shown = store_response(server, body, final, inputs)
            if conversation is not None:
                append_to_conversation(server, conversation, inputs + without_included(final).get("output", []))
        if not exchange.stream:
            return JsonReply(shown)
        return SseReply([(event["type"], event) for event in events_of(final)], done_marker=False)

    def with_text(self, server: Context, exchange: Exchange, final: Any, text: str) -> Any:
        part = {"type": "output_text", "text": text, "annotations": [], "logprobs": []}
        return _with_output(final, [_message_item(server, final, part)])

    def with_refusal(self, server: Context, exchange: Exchange, final: Any, text: str) -> Any:
        part = {"type": "refusal", "refusal": text}
        return _with_output(final, [_message_item(server, final, part)])

    def with_tool_calls(self, server: Context, exchange: Exchange, final: Any, calls: Sequence[tuple[str, str]]) -> Any:
        items = [
            {
                "id": _item_id(server, final, "function_call"),
                "type": "function_call",
                "status": "completed",
                "call_id": server.backend.id_for_kind("call"),
                "name": name,
                "arguments": arguments,
            }
            for name, arguments in calls
        ]
        return _with_output(final, items)


def _item_id(server: Context, response: Mapping[str, Any], kind: str) -> str:
    return server.backend.new_id(SHAPES[kind])[:-_RESPONSE_TAIL] + str(response["id"])[-_RESPONSE_TAIL:]


def _message_item(server: Context, response: Mapping[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": _item_id(server, response, "message"),
        "type": "message",
        "role": "assistant",
        "status": "completed",
        "content": [part],
    }


def _with_output(final: dict[str, Any], items: list[dict[str, Any]]) -> dict[str, Any]:
    """The response with ``items`` as its output (reasoning items kept), settled, usage recounted
    for them (the reasoning stays counted; hosted tools' tokens go with their items)."""
    reasoning = [item for item in final.get("output") or [] if item.get("type") == "reasoning"]
    usage = dict(final.get("usage") or {})
    if usage:
        model = final.get("model")
        fit_output(usage, sum(item_tokens(item, model if isinstance(model, str) else None) for item in items))
    return {
        **final,
        "output": reasoning + items,
        "status": "completed",
        "incomplete_details": None,
        "usage": usage or final.get("usage"),
    }


ADAPTER = ResponsesAdapter()


def register(router: Router) -> None:
    router.add("POST", "/responses", ADAPTER, summary=ADAPTER.summary)
    register_stored_responses(router, build_response)


def _context(server: Context, exchange: Exchange, body: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What the model saw before this request's input: the ``previous_response_id`` chain or the
    ``conversation``'s items. Unknown ids are refused as the API refuses them, except for a
    scripted call or under ``unknown_ids="materialize"``."""
    conversation = conversation_id(body.get("conversation"))
    # Under validation="off" nothing is refused: the conversation, the stored state, is the context.
    if conversation is not None and body.get("previous_response_id") is not None and server.validation != "off":
        # Wording [U]; the API documents the two as mutually exclusive.
        raise bad_request(
            "Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.",
            param="conversation",
            code="mutually_exclusive_parameters",
        )
    lenient = exchange.scripted or not strict(server)
    if conversation is not None:
        context = conversation_context(server, conversation, lenient=lenient)
    else:
        context = previous_context(server, body, lenient=lenient)
    if context and server.validation != "off":
        raw = body.get("input")
        check_outputs_answer(context, [item for item in raw if isinstance(item, dict)] if isinstance(raw, list) else [])
    return context


def _input_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    texts: list[str] = []
    for item in value if isinstance(value, Iterable) else ():
        if not isinstance(item, Mapping):
            continue
        content = item.get("content")
        if isinstance(content, str):
            texts.append(content)
        elif isinstance(content, list):
            texts.extend(str(part.get("text", "")) for part in content if isinstance(part, Mapping))
        elif isinstance(item.get("output"), str):
            texts.append(item["output"])
    return " ".join(texts)


def _last_user_input_text(value: Any) -> str:
    """The text of the last user message of a Responses ``input`` (the whole input when it is a
    string): what a hosted tool's cue and query are read from."""
    if not isinstance(value, list):
        return _input_text(value)
    for item in reversed(value):
        if (
            isinstance(item, Mapping)
            and item.get("role", "user") == "user"
            and item.get("type", "message") == "message"
        ):
            return _input_text([item])
    return ""


def _input_items(value: Any) -> list[Any]:
    """A Responses ``input`` as items: a string input is one user message."""
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, list) else []


def _answered(body: Mapping[str, Any]) -> bool:
    items = body.get("input")
    if not isinstance(items, list) or not items:
        return False
    last = items[-1]
    return isinstance(last, Mapping) and str(last.get("type", "")).endswith("_call_output")


def _format(body: Mapping[str, Any]) -> tuple[Mapping[str, Any] | None, bool]:
    text = body.get("text")
    spec = text.get("format") if isinstance(text, Mapping) else None
    if not isinstance(spec, Mapping):
        return None, False
    if spec.get("type") == "json_schema":
        return spec.get("schema") or {"type": "object", "properties": {}}, False
    return None, spec.get("type") == "json_object"


def build_response(
    server: Context,
    body: Mapping[str, Any],
    *,
    context: Sequence[Mapping[str, Any]] = (),
    response_id: str | None = None,
    lenient: bool = True,
) -> dict[str, Any]:
    """The response to ``body``; ``context`` is what the model saw before (earlier turns of a
    chain or conversation): it counts as input, as the API bills it. ``lenient`` lets a hosted
    tool name a vector store nobody created (strict: the API's 404)."""
    backend = server.backend
    rng = backend.rng
    now = backend.clock.now()
    model = str(body.get("model") or "gpt-4o")
    response_id = response_id or backend.new_id(SHAPES["response"])
    tail = response_id[-_RESPONSE_TAIL:]

    def item_id(kind: str) -> str:
        # Item ids share the response's tail, as the API's do.
        return backend.new_id(SHAPES[kind])[:-_RESPONSE_TAIL] + tail

    schema, json_object = _format(body)
    output: list[dict[str, Any]] = []
    hidden = 0
    if is_reasoning(model):
        output.append({"id": item_id("reasoning"), "type": "reasoning", "summary": []})
        hidden = reasoning_tokens(model, rng)
    answered = _answered(body)
    hosted = plan_hosted_tools(
        server,
        body,
        context,
        prompt=_last_user_input_text(body.get("input")),
        answered=answered,
        item_id=item_id,
        lenient=lenient,
    )
    output.extend(hosted.items)
    turn = decide(
        rng,
        prompt=_input_text(body.get("input")),
        tools=offered_tools(body),
        tool_choice="none" if hosted.exclusive else _given(body, "tool_choice", "auto"),
        answered_tool_calls=answered,
        output_schema=schema,
        json_object=json_object,
        conversation=from_response_items(
            [*context, *_input_items(body.get("input"))],
            instructions=body.get("instructions"),
            parallel=body.get("parallel_tool_calls"),
        ),
    )
    if hosted.waiting:
        turn.tool_calls, turn.text = [], None  # the response waits for the client's answer
    status, incomplete = "completed", None
    limit = body.get("max_output_tokens")
    for call in turn.tool_calls:
        kind = "function_call" if call.kind == "function" else "custom_tool_call"
        payload = {"arguments": call.arguments} if kind == "function_call" else {"input": call.arguments}
        output.append(
            {
                "id": item_id(kind if kind == "function_call" else "custom_tool_call"),
                "type": kind,
                "status": "completed",
                "call_id": backend.id_for_kind("call"),
                "name": call.name,
                **payload,
            }
        )
    if turn.text is not None:
        text = turn.text
        annotations: list[dict[str, Any]] = []
        if schema is None and not json_object:
            # Plain prose cites what the hosted tools found; JSON output carries no citation marks.
            text, annotations = hosted.cite(text)
        spent = hidden + hosted.output_tokens + _output_tokens(output, model)
        if isinstance(limit, int) and spent + text_tokens(text, model) > limit:
            text = cut_to_tokens(text, max(0, limit - spent), model)
            annotations = [note for note in annotations if annotation_end(note) <= len(text)]
            status, incomplete = "incomplete", {"reason": "max_output_tokens"}
        output.append(
            {
                "id": item_id("message"),
                "type": "message",
                "role": "assistant",
                "status": "completed" if status == "completed" else "incomplete",
                "content": [{"type": "output_text", "text": text, "annotations": annotations, "logprobs": []}],
            }
        )
    input_tokens = 3 + text_tokens(_input_text(body.get("input")), model)
    input_tokens += text_tokens(str(body.get("instructions") or ""), model) + hosted.input_tokens
    if context:
        input_tokens += 3 + text_tokens(item_text(context), model)
    conversation = conversation_id(body.get("conversation"))
    return {
        "id": response_id,
        "object": "response",
        "created_at": now,
        "completed_at": now + 1,
        "status": status,
        "error": None,
        "incomplete_details": incomplete,
        "instructions": body.get("instructions"),
        "max_output_tokens": limit,
        "max_tool_calls": body.get("max_tool_calls"),
        "model": snapshot(model),
        "output": output,
        "parallel_tool_calls": _given(body, "parallel_tool_calls", True),
        "previous_response_id": body.get("previous_response_id"),
        "reasoning": body.get("reasoning") or {"effort": None, "summary": None},
        "service_tier": "default",
        "store": _given(body, "store", True),
        "temperature": _given(body, "temperature", 1.0),
        "text": body.get("text") or {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": _given(body, "tool_choice", "auto"),
        "tools": list(body.get("tools") or []),
        "top_p": _given(body, "top_p", 1.0),
        "truncation": _given(body, "truncation", "disabled"),
        # The output side: the items' own tokens (``item_tokens``, which the factories and
        # scripted overrides count by too), what the hosted tools wrote, the hidden reasoning.
        "usage": response_usage(input_tokens, hosted.output_tokens + _output_tokens(output, model), hidden),
        "user": body.get("user"),
        "metadata": body.get("metadata") or {},
        "background": _given(body, "background", False),
        "conversation": {"id": conversation} if conversation is not None else None,
        "top_logprobs": _given(body, "top_logprobs", 0),
    }


def _output_tokens(output: Iterable[Mapping[str, Any]], model: str) -> int:
    """The output items' tokens, in the model's encoding (docs/token-counts.md)."""
    return sum(item_tokens(item, model) for item in output)


def _given(body: Mapping[str, Any], key: str, default: Any) -> Any:
    """The request's ``key``, or the API's default when absent or sent as null (the API reads an
    explicit null as "not given" and echoes its default)."""
    value = body.get(key)
    return default if value is None else value
