"""Chat Completions: ``POST /chat/completions``, streamed or not.

The reply is built once as plain data; a stream is that same reply cut into chunks the way the
API cuts it (role first, content deltas, the finish chunk, then a usage chunk when asked).
"""

from __future__ import annotations

import random
import zlib
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .. import _text
from .._exchange import Exchange, JsonReply, Reply, SseReply
from .._model_catalog import snapshot
from .._router import Router
from .._tokens import chat_prompt_tokens, text_tokens

if TYPE_CHECKING:
    from .._server import FakeServer

_COMPLETION_SHAPE_PREFIX = "chatcmpl-"


def register(router: Router) -> None:
    router.add(
        "POST",
        "/chat/completions",
        create,
        summary="request-shaped: dated model snapshot, `n` choices, token limits (`length`), usage that adds up; "
        "streams are the same reply cut into chunks (usage chunk with `include_usage`)",
    )


def _last_user_text(messages: Iterable[Any]) -> str:
    text = ""
    for message in messages:
        if isinstance(message, Mapping) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                text = content
            elif isinstance(content, list):
                text = " ".join(str(p.get("text", "")) for p in content if isinstance(p, Mapping))
    return text


# Answers are a pure function of a 12-bit key, generated once per key: seeding a fresh Random per
# call would cost more than the whole per-call budget (DESIGN §2.1).
_ANSWER_KEYS = 4096
_ANSWERS: dict[int, tuple[str, int]] = {}


def _answer(rng: random.Random, prompt: str) -> tuple[str, int]:
    """Plain-English answer text and its token count. The prompt steers it, the backend's RNG
    varies it: same seed and prompt, same answer."""
    key = (rng.getrandbits(32) ^ zlib.crc32(prompt.encode())) % _ANSWER_KEYS
    answer = _ANSWERS.get(key)
    if answer is None:
        local = random.Random(key)
        text = _text.paragraph(local, sentences=local.randint(1, 3))
        answer = _ANSWERS[key] = (text, text_tokens(text))
    return answer


def _truncate(text: str, limit: int) -> str:
    words = text.split(" ")
    while words and text_tokens(" ".join(words)) > limit:
        words.pop()
    return " ".join(words)


def build_completion(server: FakeServer, body: Mapping[str, Any]) -> dict[str, Any]:
    backend = server.backend
    rng = backend.rng
    messages = body.get("messages") or []
    model = str(body.get("model", "gpt-4o-mini"))
    n = int(body.get("n") or 1)
    limit = body.get("max_completion_tokens") or body.get("max_tokens")
    prompt = _last_user_text(messages)
    choices = []
    completion_tokens = 0
    for index in range(n):
        content, tokens = _answer(rng, prompt)
        finish_reason = "stop"
        if isinstance(limit, int) and tokens > limit:
            content, finish_reason = _truncate(content, limit), "length"
            tokens = text_tokens(content)
        completion_tokens += tokens
        choices.append(
            {
                "index": index,
                "message": {"role": "assistant", "content": content, "refusal": None, "annotations": []},
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        )
    prompt_tokens = chat_prompt_tokens(messages)
    return {
        "id": backend.id_for_kind("chat.completion"),
        "object": "chat.completion",
        "created": backend.clock.now(),
        "model": snapshot(model),
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


def create(server: FakeServer, exchange: Exchange) -> Reply:
    body = exchange.body if isinstance(exchange.body, Mapping) else {}
    completion = build_completion(server, body)
    if not exchange.stream:
        return JsonReply(completion)
    options = body.get("stream_options") or {}
    return SseReply([(None, chunk) for chunk in chunks_of(completion, include_usage=bool(options.get("include_usage")))])


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

    def chunk(choices: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
        return {**head, "choices": choices, **({"usage": None} if include_usage else {}), **extra}

    out: list[dict[str, Any]] = []
    for choice in completion["choices"]:
        index = choice["index"]
        message = choice["message"]
        out.append(chunk([{"index": index, "delta": {"role": "assistant", "content": "", "refusal": None}, "logprobs": None, "finish_reason": None}]))
        for piece in _pieces(message.get("content") or ""):
            out.append(chunk([{"index": index, "delta": {"content": piece}, "logprobs": None, "finish_reason": None}]))
        out.append(chunk([{"index": index, "delta": {}, "logprobs": None, "finish_reason": choice["finish_reason"]}]))
    if include_usage:
        out.append({**head, "choices": [], "usage": completion["usage"]})
    return out


def _pieces(text: str) -> list[str]:
    """Token-sized deltas: each word with its leading space, as the API streams them."""
    words = text.split(" ")
    return [words[0]] + [" " + w for w in words[1:]] if text else []
