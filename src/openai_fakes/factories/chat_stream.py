"""``chat_chunks``: the stream of one chat completion, as ``ChatCompletionChunk`` objects.

The chunks are cut from one completion by the rule the fake server streams with
(``_sim.reply_rules.chat_stream``): one id, one ``created``, model and fingerprint throughout; the
role chunk, the text (or refusal, or tool-call argument) pieces, each choice's finish chunk, and
the usage chunk when ``include_usage`` asks. Joined (``openai.lib.streaming.chat``'s
``ChatCompletionStreamState``, or by hand), they give the completion back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openai.types.chat import ChatCompletion, ChatCompletionChunk

from .._sim.reply_rules.chat_stream import chunks_of
from ._curate import UNSET, Unset, given
from ._tool_calls import ToolCallLike
from .chat import ChatCompletionFactory, FinishReason, Parsed


def chat_chunks(
    completion: ChatCompletion | None = None,
    *,
    include_usage: bool = False,
    random_seed: int | None = None,
    content: str | Unset | None = UNSET,
    refusal: str | Unset = UNSET,
    tool_calls: Sequence[ToolCallLike] | Unset = UNSET,
    parsed: Parsed | Unset = UNSET,
    finish_reason: FinishReason | Unset = UNSET,
    n: int | Unset = UNSET,
    **fields: Any,
) -> list[ChatCompletionChunk]:
    """The chunks the API streams for ``completion``, or for one ``ChatCompletionFactory`` builds
    from the other arguments (its shorthands and fields, ``random_seed``).

    ``include_usage`` is ``stream_options={"include_usage": True}``: a last chunk with no choices
    carries the usage, and every chunk before it says ``usage=None``.
    """
    shorthands = given(
        content=content, refusal=refusal, tool_calls=tool_calls, parsed=parsed, finish_reason=finish_reason, n=n
    )
    if completion is None:
        completion = ChatCompletionFactory.build(random_seed=random_seed, **shorthands, **fields)
    elif not isinstance(completion, ChatCompletion):
        raise TypeError(f"chat_chunks: completion must be a ChatCompletion, got {type(completion).__name__}")
    elif shorthands or fields or random_seed is not None:
        named = ", ".join(
            f"{name}=" for name in (*shorthands, *fields, *(["random_seed"] if random_seed is not None else []))
        )
        raise ValueError(f"chat_chunks: pass a completion or {named} to build one, not both")
    wire = completion.model_dump(mode="json", by_alias=True)
    return [ChatCompletionChunk.model_validate(chunk) for chunk in chunks_of(wire, include_usage=include_usage)]
