"""Token estimates that follow OpenAI's published counting rules approximately, with no tokenizer.

Text: about one token per word or punctuation mark, longer words split every ~6 characters (the
English average is ~4 characters a token). Chat messages add 3 tokens each and 3 for the reply
priming, plus 1 per ``name`` (docs/api-behaviour.md, Token counting).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .image_tokens import image_tokens

_PIECES = re.compile(r"[A-Za-z]+|\d{1,3}|[^\sA-Za-z\d]")


# Counts of short texts already counted: the same prompts and answers come back call after call,
# and counting is a regex pass. Bounded in entries and in the length of what it keeps.
_COUNTED: dict[str, int] = {}
_COUNTED_MAX = 4096
_COUNTED_MAX_LENGTH = 256


def text_tokens(text: str) -> int:
    count = _COUNTED.get(text)
    if count is None:
        count = 0
        for piece in _PIECES.findall(text):
            count += 1 + (len(piece) - 1) // 6 if len(piece) > 6 else 1
        if len(text) <= _COUNTED_MAX_LENGTH:
            if len(_COUNTED) >= _COUNTED_MAX:
                _COUNTED.clear()
            _COUNTED[text] = count
    return count


def pieces(text: str) -> list[str]:
    """Token-sized deltas: each word with its leading space, as the API streams them (and as
    per-token logprobs list them)."""
    words = text.split(" ")
    return [words[0]] + [" " + w for w in words[1:]] if text else []


def cut_to_tokens(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` tokens, as a reply stops where its
    token limit falls: words go from the end until the rest fits."""
    words = text.split(" ")
    while words and text_tokens(" ".join(words)) > limit:
        words.pop()
    return " ".join(words)


def content_tokens(content: Any, model: str) -> int:
    """Tokens of a message's content: text by the text estimate, images by the image rules."""
    if isinstance(content, str):
        return text_tokens(content)
    if isinstance(content, Iterable) and not isinstance(content, (bytes, dict)):
        total = 0
        for part in content:
            if isinstance(part, dict):
                text = part.get("text") or part.get("refusal")
                if isinstance(text, str):
                    total += text_tokens(text)
                elif part.get("type") in ("image_url", "input_image"):
                    image = part.get("image_url")
                    url = image.get("url", "") if isinstance(image, dict) else str(image or "")
                    detail = image.get("detail") if isinstance(image, dict) else part.get("detail")
                    total += image_tokens(model, url, detail)
        return total
    return 0


def chat_prompt_tokens(messages: Iterable[Any], model: str = "gpt-4o") -> int:
    total = 3
    for message in messages:
        if not isinstance(message, dict):
            continue
        total += 3 + content_tokens(message.get("content"), model)
        if message.get("name"):
            total += 1 + text_tokens(str(message["name"]))
        for call in message.get("tool_calls") or ():
            function = call.get("function") if isinstance(call, dict) else None
            if isinstance(function, dict):
                total += (
                    3 + text_tokens(str(function.get("name", ""))) + text_tokens(str(function.get("arguments", "")))
                )
    return total
