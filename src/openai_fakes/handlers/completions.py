"""Legacy Completions: ``POST /completions`` with ``n``, ``max_tokens`` (16 by default, as the API),
``echo``, ``suffix``, ``logprobs``, ``stop`` and streaming."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._core.exchange import Exchange
from .._sim.reply_rules.chat import REASONING
from .._sim.reply_rules.usage import CHAT_SIDES, counted, fit_usage
from .._sim.tokens import cut_to_tokens, pieces, text_tokens
from .._sim.turns import answer_text
from .._sim.validation._common import in_range
from .._sim.validation.chat import MAX_N
from ._base.adapter import ChunkStreamAdapter
from ._base.router import Router

if TYPE_CHECKING:
    from .._control.context import Context

_DEFAULT_MAX_TOKENS = 16
_DEFAULT_MODEL = "gpt-3.5-turbo-instruct"


class CompletionsAdapter(ChunkStreamAdapter):
    summary = (
        "request-shaped: `n` choices per prompt, `max_tokens` (default 16, `length`), `echo`, `suffix`, "
        "`stop`, `logprobs`, usage that adds up; streams carry the same text"
    )

    def build(self, server: Context, exchange: Exchange) -> Any:
        return build_text_completion(server, exchange.body if isinstance(exchange.body, dict) else {})

    def chunks(self, final: Any, include_usage: bool) -> list[dict[str, Any]]:
        return chunks_of(final, include_usage)

    def with_text(self, server: Context, exchange: Exchange, final: Any, text: str) -> Any:
        choices = [{**choice, "text": text, "finish_reason": "stop", "logprobs": None} for choice in final["choices"]]
        usage = dict(final["usage"])
        visible = text_tokens(text, str(final.get("model") or _DEFAULT_MODEL)) * len(choices)
        # Legacy completions share chat's usage object (``CompletionUsage``), and its rules.
        fit_usage(usage, (), sides=CHAT_SIDES, visible=visible, details={}, reasoning=REASONING)
        return {**final, "choices": choices, "usage": usage}


def _prompts(prompt: Any) -> list[str]:
    if isinstance(prompt, str):
        return [prompt]
    if isinstance(prompt, list) and prompt and all(isinstance(p, int) for p in prompt):
        return [" ".join(f"<{token}>" for token in prompt)]  # one prompt given as token ids
    if isinstance(prompt, list):
        return [p if isinstance(p, str) else " ".join(f"<{t}>" for t in p) for p in prompt] or [""]
    return [""]


def _cut(text: str, limit: int, stop: Sequence[str], model: str) -> tuple[str, str]:
    for marker in stop:
        if marker and marker in text:
            return text[: text.index(marker)], "stop"
    if text_tokens(text, model) <= limit:
        return text, "stop"
    return cut_to_tokens(text, limit, model), "length"


def _logprobs(text: str, offset: int, top: int) -> dict[str, Any]:
    tokens = pieces(text)
    offsets, position = [], offset
    for token in tokens:
        offsets.append(position)
        position += len(token)
    logprobs = [round(-0.02 - (len(t) % 7) * 0.11, 4) for t in tokens]
    alternatives = []
    for token, logprob in zip(tokens, logprobs):
        # Plausible runners-up: the same word cased or inflected differently, then common fillers.
        variants = [token.lower(), token.capitalize(), token + "s", " the", " a", " and", "\n"]
        options = {token: logprob}
        for variant in variants:
            if len(options) >= top:
                break
            options.setdefault(variant, round(logprob - 1.5 * len(options), 4))
        alternatives.append(options)
    return {"tokens": tokens, "token_logprobs": logprobs, "top_logprobs": alternatives, "text_offset": offsets}


def build_text_completion(server: Context, body: dict[str, Any]) -> dict[str, Any]:
    backend = server.backend
    prompts = _prompts(body.get("prompt"))
    n = int(body.get("n") or 1)
    in_range("n", n, 1, MAX_N, integer=True)  # the API's bound holds at every validation level
    limit = body.get("max_tokens")
    limit = _DEFAULT_MAX_TOKENS if limit is None else int(limit)
    stop = body.get("stop") or []
    stop = [stop] if isinstance(stop, str) else list(stop)
    # `suffix` only frames the insertion; the API does not repeat it in `text`.
    echo, top = bool(body.get("echo")), body.get("logprobs")
    # Both sides are counted in the model's encoding: cl100k for gpt-3.5-turbo-instruct,
    # davinci-002 and babbage-002, the models this endpoint serves.
    model = str(body.get("model") or _DEFAULT_MODEL)
    choices: list[dict[str, Any]] = []
    completion_tokens = 0
    for prompt in prompts:
        for _ in range(n):
            text, _tokens = answer_text(backend.rng, prompt)
            text = "\n\n" + text  # instruct models open their continuation on a new paragraph
            text, finish_reason = _cut(text, limit, stop, model)
            completion_tokens += text_tokens(text, model)
            shown = (prompt + text) if echo else text
            choices.append(
                {
                    "index": len(choices),
                    "text": shown,
                    "logprobs": _logprobs(shown, 0, max(1, int(top))) if isinstance(top, int) else None,
                    "finish_reason": finish_reason,
                }
            )
    prompt_tokens = sum(max(1, text_tokens(p, model)) for p in prompts)
    return {
        "id": backend.id_for_kind("text_completion"),
        "object": "text_completion",
        "created": backend.clock.now(),
        "model": model,
        "choices": choices,
        "usage": counted(CHAT_SIDES, prompt_tokens, completion_tokens),
    }


def chunks_of(completion: dict[str, Any], include_usage: bool) -> list[dict[str, Any]]:
    """Text pieces per choice, then each choice's finish, then the usage chunk when asked."""
    head = {k: completion[k] for k in ("id", "object", "created", "model")}
    out: list[dict[str, Any]] = []
    for choice in completion["choices"]:
        for piece in pieces(choice["text"]):
            out.append(
                {
                    **head,
                    "choices": [{"index": choice["index"], "text": piece, "logprobs": None, "finish_reason": None}],
                }
            )
        out.append(
            {
                **head,
                "choices": [
                    {"index": choice["index"], "text": "", "logprobs": None, "finish_reason": choice["finish_reason"]}
                ],
            }
        )
    if include_usage:
        out.append({**head, "choices": [], "usage": completion["usage"]})
    return out


ADAPTER = CompletionsAdapter()


def register(router: Router) -> None:
    router.add("POST", "/completions", ADAPTER, summary=ADAPTER.summary)
