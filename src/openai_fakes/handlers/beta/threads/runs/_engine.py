"""Assistants runs: what a run does to its thread, status by status.

A run is stored where the generic state reads it (``/threads/{thread_id}/runs``); its steps under
``/threads/{thread_id}/runs/{run_id}/steps`` and the messages it writes under
``/threads/{thread_id}/messages``. `enter` is the one place that says what entering a status does:

* ``in_progress``: the model decides the turn (`_sim.turns.decide`, the same rules as chat: text shaped
  by the thread's last user message, or schema-valid calls of the run's function tools) and opens
  a step: a hosted tool's ``tool_calls`` step first (`_hosted_tools`: ``file_search`` over the run's
  vector stores, ``code_interpreter``), which stays open while the run is; else a function
  ``tool_calls`` step, or ``message_creation`` with an empty assistant message;
* ``requires_action``: the run asks for the tool calls' outputs (``required_action``);
* ``completed``: an open hosted step completes, the message gets its text (with ``file_citation``
  annotations for what a file search found), steps and run get their usage; ``incomplete`` the
  same, with the text cut at ``max_completion_tokens``;
* ``cancelling`` / ``cancelled``, ``failed``, ``expired``: open steps and messages end with the run.

Whatever moves the run (at once, or a lifecycle engine poll by poll) calls `enter` for each status
in order. Given an event list, `enter` also appends the stream events the API sends for it, so a
streamed run is the same walk as an unstreamed one and always agrees with the stored state.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ....._core.errors import bad_request
from ....._sim.conversation import Conversation, ToolResult
from ....._sim.reply_rules.usage import tool_call_tokens
from ....._sim.tokens import DEFAULT_ENCODING, chat_prompt_tokens, cut_to_tokens, encoding_of, pieces, text_tokens
from ....._sim.tool_offers import offered_tools
from ....._sim.turns import ToolCall, ToolSpec, Turn, decide, last_user_text, output_format
from ....._sim.validation._common import missing
from ....._state.collection import Collection, JsonObject, json_copy
from ....._state.lifecycle import Lifecycle, Lifecycles, Step
from ...._base.stateful import collection
from ._hosted_tools import (
    Citation,
    HostedCall,
    citation_annotations,
    citations_of,
    shown_step,
    strip_content,
    wants_content,
)
from ._hosted_tools import plan as plan_hosted_calls

if TYPE_CHECKING:
    from ....._control.context import Context

Events = list[tuple[str, Any]]

ACTIVE = frozenset({"queued", "in_progress", "requires_action", "cancelling"})
FINAL = frozenset({"completed", "cancelled", "failed", "expired", "incomplete"})
# A run gives up after ten minutes without finishing: expires_at = created_at + 600
# (docs/api-behaviour.md, Assistants runs).
EXPIRY_SECONDS = 600


# How a run moves (``fake.lifecycle``, kind ``"thread.run"``): its way is known once the model has
# planned its turn, so there is one way to ``completed`` and one to ``requires_action``.
_CANCEL = (Step("cancelling"), Step("cancelled"))
_ENDINGS = (Step("failed"), Step("expired"), Step("incomplete"))


def _run_to(final: str) -> Lifecycle:
    """A run's way from ``queued`` through ``in_progress`` to ``final``."""
    return Lifecycle(
        "thread.run",
        (Step("queued"), Step("in_progress"), Step(final)),
        cancel=_CANCEL,
        endings=_ENDINGS,
        error_field="last_error",
    )


TO_COMPLETION = _run_to("completed")
TO_ACTION = _run_to("requires_action")
TO_INCOMPLETE = _run_to("incomplete")
_WAYS = {"completed": TO_COMPLETION, "requires_action": TO_ACTION, "incomplete": TO_INCOMPLETE}
CANCELLING = Lifecycle("thread.run", _CANCEL)


@dataclass
class _Pending:
    """What an unfinished run has decided but not yet shown."""

    turn: Turn | None = None
    """The model's next turn (text or tool calls), decided by `plan` before the run starts."""
    prompt_tokens: int = 0
    """The prompt the planned turn read."""
    answered: bool = False
    """True once tool outputs were submitted: the model then answers with text."""
    step_tokens: dict[str, tuple[int, int]] = field(default_factory=dict)
    """(prompt, completion) tokens of each open step, counted when it opened."""
    text: dict[str, str] = field(default_factory=dict)
    """The text each open message will hold once complete."""
    usage: list[dict[str, int]] = field(default_factory=list)
    """Usage of the steps already finished (a run's usage is their sum)."""
    hosted: list[HostedCall] = field(default_factory=list)
    """Hosted tool calls planned and not yet shown, each its own step, in order."""
    hosted_tokens: int = 0
    """What the hosted calls gave the model to read: part of the answer's prompt."""
    citations: list[Citation] = field(default_factory=list)
    """The markers the planned answer cites (file search results)."""
    message_citations: dict[str, list[Citation]] = field(default_factory=dict)
    """The citations of each open message, annotated once its text is complete."""
    include_content: bool = False
    """The request asked for file search results' content (``include``): streamed steps show it."""


def store(server: Context, path: str) -> Collection:
    """The collection at ``path``, created (or adopted from a plain dict) on first use."""
    return collection(server.backend, path)


def runs_path(thread_id: str) -> str:
    return f"/threads/{thread_id}/runs"


def steps_path(thread_id: str, run_id: str) -> str:
    return f"/threads/{thread_id}/runs/{run_id}/steps"


def messages_path(thread_id: str) -> str:
    return f"/threads/{thread_id}/messages"


def active_run(server: Context, thread_id: str) -> JsonObject | None:
    """The thread's run that has not finished yet, if any (a thread runs one at a time)."""
    runs: Mapping[str, JsonObject] = server.backend.stores.get(runs_path(thread_id)) or {}
    for run in runs.values():
        if run.get("status") in ACTIVE:
            return run
    return None


def _pending(server: Context) -> dict[str, _Pending]:
    return server.backend.area("assistant_runs", dict[str, _Pending])


# --- the walk -----------------------------------------------------------------------------------


def start(server: Context, run: JsonObject, events: Events | None = None, *, include: Any = None) -> JsonObject:
    """Plan the stored ``run``'s turn and set it going from ``queued``; returns the run as the
    request answers with it. Streamed (``events`` given), the whole walk happens in the response,
    as it does on the API; otherwise the run moves as ``fake.lifecycle`` says (by default: queued
    now, finished by the next retrieve). ``include``: the request's, for the streamed steps."""
    if wants_content(include):
        _pending(server).setdefault(run["id"], _Pending()).include_content = True
    way = plan(server, run)
    if events is not None:
        lifecycles = Lifecycles.existing(server.backend)
        if lifecycles is not None:  # resumed by a stream: no longer on the way it was tracked on
            lifecycles.forget(runs_path(run["thread_id"]), run["id"])
        now = server.backend.clock.now()
        for status in ("queued", "in_progress", way):
            enter(server, run, status, now, events)
        answer: JsonObject = json_copy(run)
        return answer
    return _track(server, run, _WAYS[way])


def cancel(server: Context, run: JsonObject) -> JsonObject:
    """The API's cancel of an active run: ``cancelling``, then ``cancelled`` as the lifecycle moves."""
    return _track(server, run, CANCELLING)


def _track(server: Context, run: JsonObject, lifecycle: Lifecycle) -> JsonObject:
    lifecycles = Lifecycles.of(server.backend)
    path = runs_path(run["thread_id"])
    lifecycles.forget(path, run["id"])  # a run that resumes or is cancelled takes a new way

    def on_enter(obj: JsonObject, status: str, now: int) -> None:
        enter(server, obj, status, now)

    reply = lifecycles.track(lifecycle, path, run["id"], on_enter=on_enter)
    return reply if reply is not None else json_copy(run)


def plan(server: Context, run: JsonObject) -> str:
    """Decide the run's next turn from its thread, as chat would (`_sim.turns.decide`); returns where
    the run will stop: ``requires_action`` when the model calls function tools, ``incomplete``
    when its answer outgrows ``max_completion_tokens``, else ``completed``."""
    return _Walk(server, run, server.backend.clock.now(), None).plan()


def enter(server: Context, run: JsonObject, status: str, now: int, events: Events | None = None) -> None:
    """The stored ``run`` enters ``status`` at ``now``: update it, its steps and its message."""
    walk = _Walk(server, run, now, events)
    walk.enter(status)


def submit_tool_outputs(server: Context, run: JsonObject, outputs: Any) -> None:
    """Check the outputs against the run's open calls (the API's 400s) and close its tool step."""
    if run.get("status") != "requires_action":
        raise bad_request(f'Runs in status "{run.get("status")}" do not accept tool outputs.')
    for index, output in enumerate(outputs if isinstance(outputs, list) else ()):
        if not isinstance(output, Mapping) or not isinstance(output.get("tool_call_id"), str):
            raise missing(f"tool_outputs[{index}].tool_call_id")
    action = (run.get("required_action") or {}).get("submit_tool_outputs") or {}
    expected = [call["id"] for call in action.get("tool_calls") or ()]
    given = [o.get("tool_call_id") for o in outputs if isinstance(o, Mapping)] if isinstance(outputs, list) else []
    if sorted(str(g) for g in given) != sorted(expected):
        # The API names both lists ([U] exact wording), whether an output is missing or unknown.
        raise bad_request(f"Expected tool outputs for call_ids {expected}, got {given}", param="tool_outputs")
    by_id = {o["tool_call_id"]: o.get("output") for o in outputs}
    pending = _pending(server).setdefault(run["id"], _Pending())
    pending.answered = True
    steps = store(server, steps_path(run["thread_id"], run["id"]))
    for step in steps.values():
        details = step.get("step_details") or {}
        if step.get("status") == "in_progress" and details.get("type") == "tool_calls":
            for call in details.get("tool_calls") or ():
                if call.get("type") == "function" and call["id"] in by_id:
                    call["function"]["output"] = by_id[call["id"]]


class _Walk:
    def __init__(self, server: Context, run: JsonObject, now: int, events: Events | None) -> None:
        self.server = server
        self.run = run
        self.now = now
        self.events = events
        self.thread_id: str = run["thread_id"]
        self.steps = store(server, steps_path(self.thread_id, run["id"]))
        self.pending = _pending(server).setdefault(run["id"], _Pending())

    @property
    def model(self) -> str:
        """The run's model: its encoding counts the run's tokens, both sides (docs/token-counts.md)."""
        return str(self.run.get("model") or "gpt-4o")

    def emit(self, name: str, data: Any) -> None:
        if self.events is not None:
            if (
                name.startswith("thread.run.step.")
                and name != "thread.run.step.delta"
                and not self.pending.include_content
            ):
                data = shown_step(data, None)  # file search results' text only when included
            self.events.append((name, json_copy(data)))

    def enter(self, status: str) -> None:
        run = self.run
        run["status"] = status
        if status == "in_progress":
            if run.get("started_at") is None:
                run["started_at"] = self.now
            run["required_action"] = None
            self.emit("thread.run.in_progress", run)
            self._resume_or_think()
        elif status == "queued":
            run["required_action"] = None
            self.emit("thread.run.queued", run)
        elif status == "requires_action":
            self._ask_for_outputs()
        elif status in ("completed", "incomplete"):
            self._complete(status)
        else:
            self._end(status)

    # in_progress: the model decides, a step opens

    def _resume_or_think(self) -> None:
        # A run that resumes after tool outputs first closes its tool step, then writes its answer.
        tool_step = self._open_function_step()
        if tool_step is not None:
            if not self.pending.answered:
                return  # still waiting for the outputs
            self._close_step(tool_step, "completed")
            self.emit("thread.run.step.completed", tool_step)
        if self._open_step("message_creation") is None:
            self._think()

    def plan(self) -> str:
        run, pending = self.run, self.pending
        model = self.model
        messages = self._conversation()
        tools = json.dumps(run.get("tools") or [])
        pending.prompt_tokens = chat_prompt_tokens(messages, model) + text_tokens(tools, model)
        schema, json_object = output_format(run.get("response_format"))
        prompt = last_user_text(messages)  # the thread as chat messages, string contents
        functions = _function_tools(run.get("tools"))
        if not self.steps:  # a fresh run: the hosted tools work before the model answers
            hosted = plan_hosted_calls(
                self.server,
                run,
                prompt,
                store_ids=vector_store_ids(self.server, run),
                function_tools=bool(functions),
                context_messages=len(messages),
                call_id=lambda: self.server.backend.id_for_kind("call"),
            )
            pending.hosted = hosted.calls
            pending.hosted_tokens = sum(call.output_tokens for call in hosted.calls)
        else:  # resumed after function outputs: the answer still cites what was searched
            hosted = citations_of(list(self.steps.values()), prompt, len(messages))
        pending.turn = decide(
            self.server.backend.rng,
            prompt=prompt,
            tools=functions,
            tool_choice=_function_choice(run.get("tool_choice")),
            answered_tool_calls=pending.answered,
            output_schema=schema,
            json_object=json_object,
            conversation=self._followed(prompt),
        )
        turn = pending.turn
        pending.citations = []
        if turn.tool_calls:
            return "requires_action"
        if hosted.lead is not None and schema is None and not json_object:
            # The answer says what the tools found: quotes with their markers, or the result.
            turn.text, turn.tokens = hosted.lead, text_tokens(hosted.lead, model)
            pending.citations = hosted.citations
        elif turn.text is not None and encoding_of(model) != DEFAULT_ENCODING:
            # The turn counts its text in gpt-4o's encoding (o200k); gpt-4-turbo's is cl100k.
            turn.tokens = text_tokens(turn.text, model)
        limit = run.get("max_completion_tokens")
        if isinstance(limit, int) and turn.tokens > limit and turn.text:
            # The answer is cut where the limit falls, and the run ends incomplete (docs/api-behaviour.md, Assistants runs).
            turn.text = cut_to_tokens(turn.text, limit, model)
            turn.tokens = text_tokens(turn.text, model)
            return "incomplete"
        return "completed"

    def _think(self, *, finishing: bool = False) -> None:
        """Open the step of the planned turn (planning it now if nobody did). A planned hosted
        tool call opens first and, unless the run is ``finishing``, stays open with the run."""
        pending = self.pending
        if pending.turn is None:
            self.plan()
        turn, prompt_tokens = pending.turn, pending.prompt_tokens
        assert turn is not None
        if pending.hosted and self._open_hosted_step() is None:
            self._open_hosted(pending.hosted.pop(0), prompt_tokens)
            if not turn.tool_calls and not finishing:
                return  # the run works with the tool; it answers when it completes
        self._finish_hosted(prompt_tokens)
        pending.turn = None
        if turn.tool_calls:
            self._open_tool_step(turn.tool_calls, prompt_tokens + pending.hosted_tokens)
            return
        message = self._new_message()
        pending.text[message["id"]] = turn.text or ""
        pending.message_citations[message["id"]] = pending.citations
        step = self._new_step(
            "message_creation", {"type": "message_creation", "message_creation": {"message_id": message["id"]}}
        )
        pending.step_tokens[step["id"]] = (prompt_tokens + pending.hosted_tokens, turn.tokens)
        self.emit("thread.run.step.created", step)
        self.emit("thread.run.step.in_progress", step)
        self.emit("thread.message.created", message)
        self.emit("thread.message.in_progress", message)

    def _open_tool_step(self, calls: list[ToolCall], prompt_tokens: int) -> None:
        backend = self.server.backend
        tool_calls: list[dict[str, Any]] = [
            {
                "id": backend.id_for_kind("call"),
                "type": "function",
                "function": {"name": c.name, "arguments": c.arguments, "output": None},
            }
            for c in calls
        ]
        step = self._new_step("tool_calls", {"type": "tool_calls", "tool_calls": tool_calls})
        completion = sum(tool_call_tokens(c.arguments, self.model) for c in calls)
        self.pending.step_tokens[step["id"]] = (prompt_tokens, completion)
        # The step opens with no calls; the deltas below bring them (the SDK joins them back).
        opened = {**step, "step_details": {"type": "tool_calls", "tool_calls": []}}
        self.emit("thread.run.step.created", opened)
        self.emit("thread.run.step.in_progress", opened)
        for index, call in enumerate(tool_calls):
            # The first delta names the call; the arguments follow in pieces (docs/api-behaviour.md, Assistants runs).
            opening = {
                "index": index,
                "id": call["id"],
                "type": "function",
                "function": {"name": call["function"]["name"], "arguments": "", "output": None},
            }
            self._step_delta(step["id"], opening)
            for piece in pieces(call["function"]["arguments"]):
                self._step_delta(step["id"], {"index": index, "type": "function", "function": {"arguments": piece}})

    def _open_hosted(self, hosted: HostedCall, prompt_tokens: int) -> None:
        """A hosted tool's step opens with no calls; its deltas bring the call (the API's order)."""
        call = hosted.call
        step = self._new_step("tool_calls", {"type": "tool_calls", "tool_calls": [json_copy(call)]})
        self.pending.step_tokens[step["id"]] = (prompt_tokens, hosted.completion_tokens)
        opened = {**step, "step_details": {"type": "tool_calls", "tool_calls": []}}
        self.emit("thread.run.step.created", opened)
        self.emit("thread.run.step.in_progress", opened)
        if call["type"] == "file_search":
            # One delta names the call with its ranking options and results (a recorded stream, [3P]).
            shown = call if self.pending.include_content else strip_content(call)
            self._step_delta(step["id"], {"index": 0, **json_copy(shown)})
            return
        code = call["code_interpreter"]
        # Code interpreter: the call with empty input, the input in pieces, then its outputs (SPEC).
        self._step_delta(
            step["id"],
            {
                "index": 0,
                "id": call["id"],
                "type": "code_interpreter",
                "code_interpreter": {"input": "", "outputs": []},
            },
        )
        for piece in _code_pieces(code["input"]):
            self._step_delta(step["id"], {"index": 0, "type": "code_interpreter", "code_interpreter": {"input": piece}})
        outputs = [{"index": i, **output} for i, output in enumerate(code["outputs"])]
        self._step_delta(step["id"], {"index": 0, "type": "code_interpreter", "code_interpreter": {"outputs": outputs}})

    def _finish_hosted(self, prompt_tokens: int) -> None:
        """Complete the open hosted step, then show (and complete) any hosted call still planned."""
        while True:
            step = self._open_hosted_step()
            if step is not None:
                self._close_step(step, "completed")
                self.emit("thread.run.step.completed", step)
            if not self.pending.hosted:
                return
            self._open_hosted(self.pending.hosted.pop(0), prompt_tokens)

    def _step_delta(self, step_id: str, call: dict[str, Any]) -> None:
        self.emit(
            "thread.run.step.delta",
            {
                "id": step_id,
                "object": "thread.run.step.delta",
                "delta": {"step_details": {"type": "tool_calls", "tool_calls": [call]}},
            },
        )

    # requires_action

    def _ask_for_outputs(self) -> None:
        step = self._open_function_step()
        calls = [] if step is None else step["step_details"]["tool_calls"]
        self.run["required_action"] = {
            "type": "submit_tool_outputs",
            "submit_tool_outputs": {
                "tool_calls": [
                    {
                        "id": c["id"],
                        "type": "function",
                        "function": {"name": c["function"]["name"], "arguments": c["function"]["arguments"]},
                    }
                    for c in calls
                ]
            },
        }
        self.emit("thread.run.requires_action", self.run)

    # completed

    def _complete(self, status: str) -> None:
        run, pending = self.run, self.pending
        cut = status == "incomplete"
        if self._open_step("message_creation") is None:
            # Moved here from in_progress (a hosted step is open) or straight here (by hand).
            tool_step = self._open_function_step()
            if tool_step is not None and self.pending.answered:
                self._resume_or_think()
            elif tool_step is None:
                self._think(finishing=True)
        step = self._open_step("message_creation")
        if step is not None:
            message = store(self.server, messages_path(self.thread_id)).get(
                step["step_details"]["message_creation"]["message_id"]
            )
            if message is not None:
                text = pending.text.pop(message["id"], "")
                notes = citation_annotations(text, pending.message_citations.pop(message["id"], []))
                offset = 0
                for index, piece in enumerate(pieces(text)):
                    inside = [
                        (i, a)
                        for i, a in enumerate(notes)
                        if offset <= a["start_index"] and a["end_index"] <= offset + len(piece)
                    ]
                    self.emit(
                        "thread.message.delta",
                        _message_delta(message["id"], piece, first=index == 0, annotations=inside),
                    )
                    offset += len(piece)
                message["content"] = [{"type": "text", "text": {"value": text, "annotations": notes}}]
                if cut:
                    message.update(
                        status="incomplete", incomplete_at=self.now, incomplete_details={"reason": "max_tokens"}
                    )
                else:
                    message.update(status="completed", completed_at=self.now)
                self.emit(f"thread.message.{message['status']}", message)
            self._close_step(step, "completed")
            self.emit("thread.run.step.completed", step)
        run.update(completed_at=self.now, expires_at=None, required_action=None, usage=_sum(pending.usage))
        if cut:
            run["incomplete_details"] = {"reason": "max_completion_tokens"}
        self.emit(f"thread.run.{status}", run)
        _pending(self.server).pop(run["id"], None)

    # cancelled, failed, expired, incomplete

    def _end(self, status: str) -> None:
        run = self.run
        if status == "cancelling":
            self.emit("thread.run.cancelling", run)
            return
        stamp = {"cancelled": "cancelled_at", "failed": "failed_at"}.get(status)
        if stamp is not None:
            run[stamp] = self.now
        if status in FINAL:
            run["required_action"] = None
            if status != "expired":  # an expired run keeps the time it expired at
                run["expires_at"] = None
            step_status = {"cancelled": "cancelled", "failed": "failed", "expired": "expired"}.get(status, "cancelled")
            reason = {"cancelled": "run_cancelled", "failed": "run_failed", "expired": "run_expired"}.get(
                status, "run_cancelled"
            )
            for step in list(self.steps.values()):
                if step.get("status") == "in_progress":
                    self._close_step(step, step_status, usage=False)
                    self._end_message(step, reason)
                    self.emit(f"thread.run.step.{step_status}", step)
            _pending(self.server).pop(run["id"], None)
        self.emit(f"thread.run.{status}", run)

    def _end_message(self, step: JsonObject, reason: str) -> None:
        details = step.get("step_details") or {}
        if details.get("type") != "message_creation":
            return
        message = store(self.server, messages_path(self.thread_id)).get(details["message_creation"]["message_id"])
        if message is not None and message.get("status") == "in_progress":
            message.update(status="incomplete", incomplete_at=self.now, incomplete_details={"reason": reason})
            self.emit("thread.message.incomplete", message)

    # objects

    def _conversation(self) -> list[dict[str, Any]]:
        """The thread as chat messages (oldest first), after the run's instructions."""
        run = self.run
        messages: list[dict[str, Any]] = []
        if run.get("instructions"):
            messages.append({"role": "system", "content": run["instructions"]})
        for message in store(self.server, messages_path(self.thread_id)).values():
            text = " ".join(
                part["text"]["value"] for part in message.get("content") or () if part.get("type") == "text"
            )
            messages.append({"role": message.get("role", "user"), "content": text})
        for step in self.steps.values():
            for call in (step.get("step_details") or {}).get("tool_calls") or ():
                output = (call.get("function") or {}).get("output")
                if output is not None:
                    messages.append({"role": "tool", "content": str(output)})
        return messages

    def _followed(self, prompt: str) -> Conversation:
        """What the run's model follows: the thread's last user message and the functions this
        run has called, with the outputs submitted for them."""
        called: list[str] = []
        results: list[ToolResult] = []
        for step in self.steps.values():
            for call in (step.get("step_details") or {}).get("tool_calls") or ():
                function = call.get("function") if call.get("type") == "function" else None
                if isinstance(function, dict):
                    called.append(str(function.get("name", "")))
                    if function.get("output") is not None:
                        results.append(ToolResult(called[-1], str(function["output"])))
        return Conversation(
            user_text=prompt,
            instructions=str(self.run.get("instructions") or ""),
            called=tuple(called),
            results=tuple(results),
            parallel=self.run.get("parallel_tool_calls") is not False,
        )

    def _new_message(self) -> JsonObject:
        run = self.run
        message: JsonObject = {
            "id": self.server.backend.id_for_kind("thread.message"),
            "object": "thread.message",
            "created_at": self.now,
            "assistant_id": run["assistant_id"],
            "thread_id": self.thread_id,
            "run_id": run["id"],
            "status": "in_progress",
            "incomplete_details": None,
            "incomplete_at": None,
            "completed_at": None,
            "role": "assistant",
            "content": [],
            "attachments": [],
            "metadata": {},
        }
        store(self.server, messages_path(self.thread_id)).put(message)
        return message

    def _new_step(self, kind: str, details: dict[str, Any]) -> JsonObject:
        run = self.run
        step: JsonObject = {
            "id": self.server.backend.id_for_kind("thread.run.step"),
            "object": "thread.run.step",
            "created_at": self.now,
            "run_id": run["id"],
            "assistant_id": run["assistant_id"],
            "thread_id": self.thread_id,
            "type": kind,
            "status": "in_progress",
            "cancelled_at": None,
            "completed_at": None,
            "expired_at": None,
            "failed_at": None,
            "last_error": None,
            "step_details": details,
            "usage": None,
            "metadata": {},
        }
        self.steps.put(step)
        return step

    def _open_step(self, kind: str) -> JsonObject | None:
        for step in self.steps.values():
            if step.get("type") == kind and step.get("status") == "in_progress":
                return step
        return None

    def _open_function_step(self) -> JsonObject | None:
        """The open ``tool_calls`` step of function calls (the one waiting for outputs)."""
        for step in self.steps.values():
            if step.get("type") == "tool_calls" and step.get("status") == "in_progress" and not _hosted(step):
                return step
        return None

    def _open_hosted_step(self) -> JsonObject | None:
        for step in self.steps.values():
            if step.get("type") == "tool_calls" and step.get("status") == "in_progress" and _hosted(step):
                return step
        return None

    def _close_step(self, step: JsonObject, status: str, *, usage: bool = True) -> None:
        step["status"] = status
        stamp = {
            "completed": "completed_at",
            "cancelled": "cancelled_at",
            "failed": "failed_at",
            "expired": "expired_at",
        }[status]
        step[stamp] = self.now
        prompt, completion = self.pending.step_tokens.pop(step["id"], (0, 0))
        if usage:
            pending = self.pending
            step_usage = {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
            step["usage"] = step_usage
            pending.usage.append(step_usage)


# --- helpers ------------------------------------------------------------------------------------


def _hosted(step: Mapping[str, Any]) -> bool:
    calls = (step.get("step_details") or {}).get("tool_calls") or ()
    return any(call.get("type") in ("file_search", "code_interpreter") for call in calls)


def vector_store_ids(server: Context, run: Mapping[str, Any]) -> list[str]:
    """The stores a run's file search reads: ``create_and_run``'s ``tool_resources`` or else the
    assistant's, then the thread's (the API searches both)."""
    stores = server.backend.stores
    own = _run_resources(server).get(run["id"])
    assistant = (stores.get("/assistants") or {}).get(str(run.get("assistant_id"))) or {}
    thread = (stores.get("/threads") or {}).get(str(run.get("thread_id"))) or {}
    found: list[str] = []
    for resources in (own if own is not None else assistant.get("tool_resources"), thread.get("tool_resources")):
        file_search = resources.get("file_search") if isinstance(resources, Mapping) else None
        ids = file_search.get("vector_store_ids") if isinstance(file_search, Mapping) else None
        found += [i for i in ids or () if isinstance(i, str) and i not in found]
    return found


def _run_resources(server: Context) -> dict[str, Any]:
    return server.backend.area("run_tool_resources", dict[str, Any])


def set_tool_resources(server: Context, run_id: str, resources: Any) -> None:
    """``create_and_run``'s ``tool_resources``: they replace the assistant's for this run."""
    if isinstance(resources, Mapping):
        _run_resources(server)[run_id] = json_copy(dict(resources))


def _code_pieces(code: str) -> list[str]:
    """Code streamed a line at a time (each with its newline), as pieces of the input."""
    return code.splitlines(keepends=True)


def _message_delta(
    message_id: str, piece: str, *, first: bool, annotations: Sequence[tuple[int, dict[str, Any]]] = ()
) -> dict[str, Any]:
    # The first delta of a text part carries its empty annotations; later ones only the value,
    # and the citations whose marker the piece holds ([U]: where the API sends them).
    text: dict[str, Any] = {"value": piece, "annotations": []} if first else {"value": piece}
    if annotations:
        text["annotations"] = [{"index": i, **note} for i, note in annotations]
    return {
        "id": message_id,
        "object": "thread.message.delta",
        "delta": {"content": [{"index": 0, "type": "text", "text": text}]},
    }


def _sum(usages: list[dict[str, int]]) -> dict[str, int]:
    prompt = sum(u["prompt_tokens"] for u in usages)
    completion = sum(u["completion_tokens"] for u in usages)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _function_tools(tools: Any) -> list[ToolSpec]:
    return [tool for tool in offered_tools({"tools": tools}) if tool.kind == "function"]


def _function_choice(choice: Any) -> Any:
    """``tool_choice`` as it concerns function tools: forcing a built-in tool calls no function."""
    if choice is None:
        return "auto"
    if isinstance(choice, Mapping) and choice.get("type") != "function":
        return "none"
    return choice


def wait_for_outputs(server: Context, run: JsonObject, call_ids: list[Any], now: int) -> None:
    """Put a run made up for an unknown id (``unknown_ids="materialize"``) where a submit of
    ``call_ids`` finds it: waiting for exactly those calls' outputs."""
    walk = _Walk(server, run, now, None)
    run.update(
        started_at=now,
        completed_at=None,
        cancelled_at=None,
        failed_at=None,
        usage=None,
        expires_at=now + EXPIRY_SECONDS,
    )
    tool_calls = [
        {"id": str(cid), "type": "function", "function": {"name": "function", "arguments": "{}", "output": None}}
        for cid in call_ids
    ]
    walk._new_step("tool_calls", {"type": "tool_calls", "tool_calls": tool_calls})
    walk.enter("requires_action")
