"""Token estimates that follow OpenAI's published counting rules approximately, with no tokenizer.

Text: about one token per word or punctuation mark, longer words split every ~6 characters (the
English average is ~4 characters a token, api-facts.md §3a). Chat messages add 3 tokens each and 3
for the reply priming, plus 1 per ``name`` (api-facts.md §3b).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

_PIECES = re.compile(r"[A-Za-z]+|\d{1,3}|[^\sA-Za-z\d]")


def text_tokens(text: str) -> int:
    count = 0
    for piece in _PIECES.findall(text):
        count += 1 + (len(piece) - 1) // 6 if len(piece) > 6 else 1
    return count


def _content_tokens(content: Any) -> int:
    if isinstance(content, str):
        return text_tokens(content)
    if isinstance(content, Iterable) and not isinstance(content, (bytes, Mapping)):
        total = 0
        for part in content:
            if isinstance(part, dict):
                text = part.get("text") or part.get("refusal")
                if isinstance(text, str):
                    total += text_tokens(text)
                elif part.get("type") in ("image_url", "input_image"):
                    total += 85  # a low-detail image on gpt-4o; the image rules refine this later
        return total
    return 0


def chat_prompt_tokens(messages: Iterable[Any]) -> int:
    total = 3
    for message in messages:
        if not isinstance(message, dict):
            continue
        total += 3 + _content_tokens(message.get("content"))
        if message.get("name"):
            total += 1 + text_tokens(str(message["name"]))
        for call in message.get("tool_calls") or ():
            function = call.get("function") if isinstance(call, dict) else None
            if isinstance(function, dict):
                total += 3 + text_tokens(str(function.get("name", ""))) + text_tokens(str(function.get("arguments", "")))
    return total
