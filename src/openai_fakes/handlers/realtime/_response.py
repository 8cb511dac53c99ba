"""One realtime response (``response.create``): the model's turn as the server streams it.

The turn is decided as for Chat Completions and Responses (`_sim.turns.decide`: tool choice, an agent
loop that ends with text once a tool's output is in the conversation), then streamed with the GA
event sequence::

    response.created
    response.output_item.added          conversation.item.added  (unless conversation="none")
    text:     response.content_part.added, response.output_text.delta x N, response.output_text.done,
              response.content_part.done
    audio:    response.content_part.added, (response.output_audio_transcript.delta,
              response.output_audio.delta) x N, response.output_audio.done,
              response.output_audio_transcript.done, response.content_part.done
    function: response.function_call_arguments.delta x N, response.function_call_arguments.done
    response.output_item.done           conversation.item.done
    response.done                       (with usage; audio bytes are left out, as the API does)

Audio is real PCM (24 kHz 16-bit mono, a quiet tone per word) or G.711 silence for
``audio/pcmu`` / ``audio/pcma``, as long as the transcript takes to say at ~150 words a minute.
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from ..._core.ids import IdShape
from ..._sim.audio_codec import encode
from ..._sim.conversation import from_response_items
from ..._sim.tokens import pieces, text_tokens
from ..._sim.tool_offers import offered_tools
from ..._sim.turns import Turn, decide

if TYPE_CHECKING:
    from ..._state.backend import Backend

Event = dict[str, Any]

RESPONSE_ID = IdShape("resp_", "base62", 21)
CALL_ID = IdShape("call_", "base62", 16)
CONVERSATION_ID = IdShape("conv_", "base62", 21)
ITEM_ID = IdShape("item_", "base62", 21)

SECONDS_PER_WORD = 0.4  # ~150 words a minute
# Audio tokens per second of speech. [U] The API does not publish the rate; this keeps audio
# usage in the range logged sessions show (tens of tokens per second).
AUDIO_TOKENS_PER_SECOND = 10
_BYTES_PER_SECOND = {"audio/pcm": 48_000, "audio/pcmu": 8_000, "audio/pcma": 8_000}
_G711_SILENCE = {"audio/pcmu": b"\xff", "audio/pcma": b"\xd5"}
# Prompt caching: a prefix of at least 1024 tokens, cached in steps of 64 (as for text models).
_CACHE_MIN, _CACHE_STEP = 1024, 64


class ResponseSession(Protocol):
    """What a response reads and writes on its session. `_session.RealtimeSession` is
    the one; it is declared here so this module, which the session imports, need not import it."""

    backend: Backend
    session: dict[str, Any]
    items: list[dict[str, Any]]
    audio_seconds: dict[str, float]
    responses: list[dict[str, Any]]
    has_spoken: bool
    conversation_id: str | None

    def event(self, kind: str, **fields: Any) -> Event: ...

    def find(self, item_id: Any) -> int: ...

    def insert(self, item: dict[str, Any], previous_item_id: Any = None) -> str | None: ...


def audio_format(config: Mapping[str, Any] | None) -> str:
    return str((config or {}).get("type") or "audio/pcm")


def audio_seconds(size: int, session: Mapping[str, Any], direction: str) -> float:
    """How long ``size`` bytes of the session's input or output audio format last."""
    kind = audio_format(session["audio"][direction].get("format"))
    return size / _BYTES_PER_SECOND.get(kind, 48_000)


def speech(seconds: float, words: int, kind: str) -> bytes:
    if kind in _G711_SILENCE:
        return _G711_SILENCE[kind] * round(seconds * 8_000)
    return encode("pcm", seconds, words)


def _argument_pieces(arguments: str) -> list[str]:
    """Function arguments stream in token-sized chunks."""
    return [arguments[i : i + 6] for i in range(0, len(arguments), 6)] or [""]


class ResponseBuilder:
    """Builds one response's events and the final ``realtime.response`` object."""

    def __init__(self, session: ResponseSession, params: Mapping[str, Any]) -> None:
        self.session = session
        self.params = params
        config = session.session
        self.modalities: list[str] = list(params.get("output_modalities") or config["output_modalities"])
        self.in_conversation = params.get("conversation", "auto") != "none"
        output = {**config["audio"]["output"], **((params.get("audio") or {}).get("output") or {})}
        self.audio_output = output
        self.max_output_tokens: Any = params.get("max_output_tokens", config.get("max_output_tokens", "inf"))
        backend = session.backend
        self.response: dict[str, Any] = {
            "object": "realtime.response",
            "id": backend.new_id(RESPONSE_ID),
            "status": "in_progress",
            "status_details": None,
            "output": [],
            "conversation_id": self._conversation_id() if self.in_conversation else None,
            "output_modalities": self.modalities,
            "max_output_tokens": self.max_output_tokens,
            "audio": {"output": {"format": output.get("format"), "voice": output.get("voice")}},
            "usage": None,
            "metadata": params.get("metadata"),
        }
        self.total_tokens = 0
        self.final_status = "completed"
        self.output_text = ""
        self.previous: str | None = None

    def _conversation_id(self) -> str:
        """The session's default conversation, named on its first response."""
        session = self.session
        if session.conversation_id is None:
            session.conversation_id = session.backend.new_id(CONVERSATION_ID)
        return session.conversation_id

    # --- what the model sees and decides ---------------------------------------------------------

    def context(self) -> list[dict[str, Any]]:
        """The items the response reads: ``response.input`` when given (items or references), else
        the whole conversation."""
        given = self.params.get("input")
        if given is None:
            return list(self.session.items)
        items: list[dict[str, Any]] = []
        for entry in given:
            if entry.get("type") == "item_reference":
                items.append(self.session.items[self.session.find(entry.get("id"))])
            else:
                items.append(dict(entry))
        return items

    def decide(self, context: list[dict[str, Any]]) -> Turn:
        config = self.session.session
        offered = offered_tools({"tools": self.params.get("tools", config.get("tools"))})
        tools = [tool for tool in offered if tool.kind == "function" and tool.name]
        last = context[-1] if context else {}
        prompt = _prompt(context)
        # The conversation the turn follows (docs/unscripted-model.md); a spoken message reads as
        # its transcript.
        followed = replace(
            from_response_items(context, instructions=self.params.get("instructions", config.get("instructions"))),
            user_text=prompt,
        )
        return decide(
            self.session.backend.rng,
            prompt=prompt,
            tools=tools,
            tool_choice=self.params.get("tool_choice", config.get("tool_choice", "auto")),
            answered_tool_calls=last.get("type") == "function_call_output",
            conversation=followed,
        )

    # --- the stream ------------------------------------------------------------------------------

    def events(self) -> list[Event]:
        session = self.session
        context = self.context()
        input_tokens = self._input_usage(context)
        turn = self.decide(context)
        events = [session.event("response.created", response=copy.deepcopy(self.response))]
        if turn.tool_calls:
            for call in turn.tool_calls:
                events += self._function_call(call.name, call.arguments)
        else:
            events += self._message(turn.text or "")
        self.response["status"] = self.final_status
        self.response["usage"] = self._usage(input_tokens)
        events.append(session.event("response.done", response=copy.deepcopy(self.response)))
        return events

    def _item_added(self, item: dict[str, Any]) -> list[Event]:
        session = self.session
        index = len(self.response["output"])
        events = [
            session.event(
                "response.output_item.added",
                response_id=self.response["id"],
                output_index=index,
                item=copy.deepcopy(item),
            )
        ]
        self.previous = None
        if self.in_conversation:
            self.previous = session.insert(item)
            events.append(
                session.event("conversation.item.added", previous_item_id=self.previous, item=copy.deepcopy(item))
            )
        return events

    def _item_done(self, item: dict[str, Any]) -> list[Event]:
        session = self.session
        index = len(self.response["output"])
        self.response["output"].append(copy.deepcopy(item))
        events = [
            session.event(
                "response.output_item.done",
                response_id=self.response["id"],
                output_index=index,
                item=copy.deepcopy(item),
            )
        ]
        if self.in_conversation:
            events.append(
                session.event("conversation.item.done", previous_item_id=self.previous, item=copy.deepcopy(item))
            )
        return events

    def _where(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"response_id": self.response["id"], "item_id": item["id"], "output_index": len(self.response["output"])}

    def _message(self, text: str) -> list[Event]:
        session = self.session
        # An empty text still streams one (empty) delta.
        deltas = self._limited(pieces(text) or [""])
        text = "".join(deltas)
        audio = "audio" in self.modalities
        item: dict[str, Any] = {
            "id": session.backend.new_id(ITEM_ID),
            "object": "realtime.item",
            "type": "message",
            "status": "in_progress",
            "role": "assistant",
            "content": [],
        }
        events = self._item_added(item)
        where = {**self._where(item), "content_index": 0}
        empty_part = {"type": "audio", "transcript": ""} if audio else {"type": "text", "text": ""}
        events.append(session.event("response.content_part.added", **where, part=empty_part))
        if audio:
            events += self._spoken(deltas, where, item["id"])
            part = {"type": "audio", "transcript": text}
            content = {"type": "output_audio", "transcript": text}
        else:
            events += [session.event("response.output_text.delta", **where, delta=piece) for piece in deltas]
            events.append(session.event("response.output_text.done", **where, text=text))
            part = {"type": "text", "text": text}
            content = {"type": "output_text", "text": text}
        events.append(session.event("response.content_part.done", **where, part=part))
        item["content"] = [content]
        item["status"] = "incomplete" if self.final_status == "incomplete" else "completed"
        self.output_text = text
        return events + self._item_done(item)

    def _spoken(self, deltas: list[str], where: dict[str, Any], item_id: str) -> list[Event]:
        """Transcript deltas, each followed by the audio of its word."""
        session = self.session
        kind = audio_format(self.audio_output.get("format"))
        events: list[Event] = []
        for piece in deltas:
            events.append(session.event("response.output_audio_transcript.delta", **where, delta=piece))
            chunk = speech(SECONDS_PER_WORD, 1, kind)
            events.append(session.event("response.output_audio.delta", **where, delta=base64.b64encode(chunk).decode()))
        events.append(session.event("response.output_audio.done", **where))
        events.append(session.event("response.output_audio_transcript.done", **where, transcript="".join(deltas)))
        session.audio_seconds[item_id] = SECONDS_PER_WORD * len(deltas)
        session.has_spoken = True
        return events

    def _limited(self, deltas: list[str]) -> list[str]:
        """Cut at ``max_output_tokens``, as the API does (status ``incomplete``)."""
        limit = self.max_output_tokens
        if not isinstance(limit, int) or text_tokens("".join(deltas)) <= limit:
            return deltas
        kept: list[str] = []
        for piece in deltas:
            if text_tokens("".join([*kept, piece])) > limit:
                break
            kept.append(piece)
        self.final_status = "incomplete"
        self.response["status_details"] = {"type": "incomplete", "reason": "max_output_tokens"}
        return kept

    def _function_call(self, name: str, arguments: str) -> list[Event]:
        session = self.session
        item: dict[str, Any] = {
            "id": session.backend.new_id(ITEM_ID),
            "object": "realtime.item",
            "type": "function_call",
            "status": "in_progress",
            "name": name,
            "call_id": session.backend.new_id(CALL_ID),
            "arguments": "",
        }
        events = self._item_added(item)
        where = {**self._where(item), "call_id": item["call_id"]}
        events += [
            session.event("response.function_call_arguments.delta", **where, delta=piece)
            for piece in _argument_pieces(arguments)
        ]
        events.append(session.event("response.function_call_arguments.done", **where, name=name, arguments=arguments))
        item["arguments"] = arguments
        item["status"] = "completed"
        self.output_text = name + arguments
        return events + self._item_done(item)

    # --- usage -----------------------------------------------------------------------------------

    def _input_usage(self, context: list[dict[str, Any]]) -> tuple[int, int]:
        """(text tokens, audio tokens) of everything the model reads."""
        config = self.session.session
        text = text_tokens(str(self.params.get("instructions", config.get("instructions")) or ""))
        tools = self.params.get("tools", config.get("tools")) or []
        if tools:
            text += text_tokens(json.dumps(tools))
        audio = 0
        for item in context:
            seconds = self.session.audio_seconds.get(str(item.get("id")))
            if seconds is not None:
                audio += max(1, round(seconds * AUDIO_TOKENS_PER_SECOND))
            text += 4 + text_tokens(_item_text(item))  # ~4 tokens of framing per item
        return text, audio

    def _usage(self, input_tokens: tuple[int, int]) -> dict[str, Any]:
        text_in, audio_in = input_tokens
        total_in = text_in + audio_in
        text_out = text_tokens(self.output_text)
        audio_out = 0
        if "audio" in self.modalities and self.response["output"] and self.response["output"][0]["type"] == "message":
            audio_out = max(
                1, round(self.session.audio_seconds[self.response["output"][0]["id"]] * AUDIO_TOKENS_PER_SECOND)
            )
        previous = self.session.responses[-1]["usage"]["input_tokens"] if self.session.responses else 0
        cached = (min(previous, total_in) // _CACHE_STEP) * _CACHE_STEP if previous >= _CACHE_MIN else 0
        cached_text = min(cached, text_in)
        output = text_out + audio_out
        self.total_tokens = total_in + output
        return {
            "total_tokens": total_in + output,
            "input_tokens": total_in,
            "output_tokens": output,
            "input_token_details": {
                "text_tokens": text_in,
                "audio_tokens": audio_in,
                "image_tokens": 0,
                "cached_tokens": cached,
                "cached_tokens_details": {
                    "text_tokens": cached_text,
                    "audio_tokens": cached - cached_text,
                    "image_tokens": 0,
                },
            },
            "output_token_details": {"text_tokens": text_out, "audio_tokens": audio_out},
        }


def _item_text(item: Mapping[str, Any]) -> str:
    """The text an item contributes to the model's context."""
    if item.get("type") == "function_call":
        return f"{item.get('name', '')}{item.get('arguments', '')}"
    if item.get("type") == "function_call_output":
        return str(item.get("output", ""))
    parts = []
    for content in item.get("content") or []:
        parts.append(str(content.get("text") or content.get("transcript") or ""))
    return " ".join(parts)


def _prompt(context: list[dict[str, Any]]) -> str:
    """The last user message's text (typed, or the transcript of its audio): it steers the answer."""
    for item in reversed(context):
        if item.get("type") == "message" and item.get("role") == "user":
            return _item_text(item)
    return ""
