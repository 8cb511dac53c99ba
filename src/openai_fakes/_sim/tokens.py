"""Token counts as OpenAI's tokenizer makes them (docs/token-counts.md).

Text: exactly tiktoken's count when tiktoken is installed and the model's encoding is already on
disk (``_sim.tiktoken_cache``: it is never downloaded), else an estimate within a few percent on
ordinary text (``_sim.token_estimate``). The environment variable ``OPENAI_FAKES_TOKENIZER=estimate``
keeps to the estimate, so counts do not depend on what a machine has cached. Chat messages add 3
tokens each and 3 for the reply priming, plus 1 per ``name``; an image part costs its tiles plus
1 (docs/api-behaviour.md, Token counting).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from .image_tokens import image_tokens
from .tiktoken_cache import tiktoken_counter
from .token_estimate import estimator

DEFAULT_ENCODING = "o200k_base"
"""The encoding of the models a count without a model is for: gpt-4o and every model since."""

_CL100K_PREFIXES = ("gpt-3.5", "gpt-4-", "text-embedding-", "davinci-002", "babbage-002")
_ENCODINGS: dict[str, str] = {}
_ENCODINGS_MAX = 1024


def encoding_of(model: str) -> str:
    """The tokenizer ``model`` uses: ``o200k_base`` for gpt-4o, gpt-4.1, gpt-4.5, gpt-5 and the
    o-series (and any model not listed), ``cl100k_base`` for gpt-4, gpt-4-turbo, gpt-3.5-turbo,
    the embedding models text-embedding-3-* and text-embedding-ada-002, davinci-002 and
    babbage-002; a fine-tuned model uses its base model's."""
    encoding = _ENCODINGS.get(model)
    if encoding is None:
        base = model.removeprefix("ft:")
        encoding = "cl100k_base" if base == "gpt-4" or base.startswith(_CL100K_PREFIXES) else DEFAULT_ENCODING
        if len(_ENCODINGS) >= _ENCODINGS_MAX:
            _ENCODINGS.clear()
        _ENCODINGS[model] = encoding
    return encoding


TOKENIZER_VARIABLE = "OPENAI_FAKES_TOKENIZER"
_MODES = ("auto", "estimate")

# How each encoding counts, chosen at its first count: tiktoken's when it loads offline, else the
# estimate. Kept for the process (loading tiktoken's o200k takes ~0.25 s), until forget_counters().
_COUNTERS: dict[str, Callable[[str], int]] = {}

# Counts of short texts already counted, per encoding: the same prompts and answers come back call
# after call. Bounded in entries and in the length of what it keeps.
_COUNTED: defaultdict[str, dict[str, int]] = defaultdict(dict)
_COUNTED_MAX = 4096
_COUNTED_MAX_LENGTH = 256


def _counter(encoding: str) -> Callable[[str], int]:
    mode = os.environ.get(TOKENIZER_VARIABLE) or "auto"
    if mode not in _MODES:
        raise ValueError(f"{TOKENIZER_VARIABLE} must be one of {', '.join(_MODES)} (or unset), got {mode!r}")
    counter = (tiktoken_counter(encoding) if mode == "auto" else None) or estimator(encoding)
    _COUNTERS[encoding] = counter
    return counter


def forget_counters() -> None:
    """Choose each encoding's counter again at its next count (after ``OPENAI_FAKES_TOKENIZER``
    or tiktoken's cache changed), and drop the counts kept."""
    _COUNTERS.clear()
    _COUNTED.clear()


def text_tokens(text: str, model: str | None = None) -> int:
    """The tokens of ``text`` for ``model`` (``None``: gpt-4o's encoding)."""
    encoding = DEFAULT_ENCODING if model is None else encoding_of(model)
    counted = _COUNTED[encoding]
    count = counted.get(text)
    if count is None:
        count = (_COUNTERS.get(encoding) or _counter(encoding))(text)
        if len(text) <= _COUNTED_MAX_LENGTH:
            if len(counted) >= _COUNTED_MAX:
                counted.clear()
            counted[text] = count
    return count


def pieces(text: str) -> list[str]:
    """Token-sized deltas: each word with its leading space, as the API streams them (and as
    per-token logprobs list them)."""
    words = text.split(" ")
    return [words[0]] + [" " + w for w in words[1:]] if text else []


def cut_to_tokens(text: str, limit: int, model: str | None = None) -> str:
    """``text`` cut at a word boundary to at most ``limit`` tokens, as a reply stops where its
    token limit falls: words go from the end until the rest fits."""
    words = text.split(" ")
    while words and text_tokens(" ".join(words), model) > limit:
        words.pop()
    return " ".join(words)


_IMAGE_FRAMING = 1
"""Tokens an image part costs beyond its tiles: the logged gpt-4o-mini call with one text part and
one image counts 36848 = 3 (priming) + 3 (message) + 6 (the text, by tiktoken) + 36835 (the
image's tiles) + 1 (docs/api-behaviour.md, Token counting)."""


def content_tokens(content: Any, model: str) -> int:
    """Tokens of a message's content: text by ``text_tokens``, images by the image rules."""
    if isinstance(content, str):
        return text_tokens(content, model)
    if isinstance(content, Iterable) and not isinstance(content, (bytes, dict)):
        total = 0
        for part in content:
            if isinstance(part, dict):
                text = part.get("text") or part.get("refusal")
                if isinstance(text, str):
                    total += text_tokens(text, model)
                elif part.get("type") in ("image_url", "input_image"):
                    image = part.get("image_url")
                    url = image.get("url", "") if isinstance(image, dict) else str(image or "")
                    detail = image.get("detail") if isinstance(image, dict) else part.get("detail")
                    total += image_tokens(model, url, detail) + _IMAGE_FRAMING
        return total
    return 0


def chat_prompt_tokens(messages: Iterable[Any], model: str = "gpt-4o") -> int:
    """Prompt tokens of a Chat Completions request: each message's fields and framing, and the
    reply priming."""
    total = 3
    for message in messages:
        if not isinstance(message, dict):
            continue
        total += 3 + content_tokens(message.get("content"), model)
        if message.get("name"):
            total += 1 + text_tokens(str(message["name"]), model)
        for call in message.get("tool_calls") or ():
            function = call.get("function") if isinstance(call, dict) else None
            if isinstance(function, dict):
                name, arguments = str(function.get("name", "")), str(function.get("arguments", ""))
                total += 3 + text_tokens(name, model) + text_tokens(arguments, model)
    return total
