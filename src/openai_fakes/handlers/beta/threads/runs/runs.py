"""``client.beta.threads.runs`` (and the run ``threads.create_and_run`` starts, routed by `threads`): a run
reads its thread, answers in it, and stops for tools. The assistants it reads are kept by `beta.assistants`.

* ``runs.create`` / ``threads.create_and_run``: 404 for an unknown thread or assistant, 400 while
  the thread has an active run. The run echoes the assistant's model, instructions and tools
  unless the request overrides them, answers ``queued`` as the API does, and has moved on by the
  next read: ``completed`` with the assistant's message in the thread, its run steps and usage,
  or ``requires_action`` when the model calls a function tool (`_engine` says what each status does).
* ``submit_tool_outputs`` checks the outputs against the open calls (400 otherwise) and finishes
  the run; ``cancel`` answers ``cancelling`` and the run is ``cancelled`` by the next read.
* Streamed, each of these is the same walk, sent as the API's events (``thread.run.created``,
  ``queued``, ``in_progress``, step and message events, ``requires_action`` or ``completed``).
* Run steps are listed and retrieved by `steps`, which reads the run through `stored_run`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ....._core.declared import declared_only
from ....._core.errors import bad_request
from ....._core.exchange import Exchange, JsonReply, Reply, SseReply
from ....._state.collection import JsonObject, json_copy
from ....._state.shapes import not_found_error
from ...._base.adapter import Adapter
from ...._base.router import Router
from .._tool_resources import with_vector_stores
from ..messages import add_messages
from ._engine import (
    EXPIRY_SECONDS,
    FINAL,
    Events,
    active_run,
    runs_path,
    set_tool_resources,
    store,
    submit_tool_outputs,
    wait_for_outputs,
)
from ._engine import cancel as cancel_run
from ._engine import start as start_run

if TYPE_CHECKING:
    from ....._control.context import Context


def _body(exchange: Exchange) -> Mapping[str, Any]:
    return exchange.body if isinstance(exchange.body, Mapping) else {}


class _RunAdapter(Adapter):
    """Answers with the run as the request leaves it, or, streamed, the events of its walk."""

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        return SseReply(list(final)) if exchange.stream else JsonReply(final)


class RunCreateAdapter(_RunAdapter):
    summary = (
        "stateful run: echoes the assistant (model, instructions, tools) unless overridden; answers `queued`, then "
        "`completed` with the assistant's message, run steps and usage, or `requires_action` for function tools; "
        "`file_search` (the vector stores' real search, cited) and `code_interpreter` steps first; "
        "streamed as the API's events"
    )
    keeps_state = True  # runs live in the generic store: retrieve, list and update stay generic

    def build(self, server: Context, exchange: Exchange) -> Any:
        body = _body(exchange)
        backend = server.backend
        events: Events = []
        thread_id = exchange.path_params.get("thread_id")
        if thread_id is not None:
            _thread(server, thread_id)
            running = active_run(server, thread_id)
            if running is not None and _strict(server):  # materialize: the fake assumes, never refuses
                raise bad_request(f"Thread {thread_id} already has an active run {running['id']}.")
        assistant = _assistant(server, body.get("assistant_id"))
        if thread_id is None:  # threads.create_and_run: the thread comes with the run
            thread = _new_thread(server, body.get("thread"))
            thread_id = thread["id"]
            events.append(("thread.created", json_copy(thread)))
        now = backend.clock.now()
        add_messages(server, thread_id, body.get("additional_messages"), now)
        run = _new_run(server, thread_id, assistant, body, now)
        store(server, runs_path(thread_id)).put(run)
        if "thread_id" not in exchange.path_params and isinstance(body.get("tool_resources"), Mapping):
            # create_and_run's own resources replace the assistant's for this run.
            set_tool_resources(server, run["id"], body["tool_resources"])
        events.append(("thread.run.created", json_copy(run)))
        reply = start_run(server, run, events if exchange.stream else None, include=exchange.query.get("include"))
        return events if exchange.stream else reply


class SubmitToolOutputsAdapter(_RunAdapter):
    summary = (
        "checks the outputs against the run's open tool calls (400 otherwise), then the run finishes with a message"
    )

    def build(self, server: Context, exchange: Exchange) -> Any:
        params = exchange.path_params
        outputs = _body(exchange).get("tool_outputs")
        run = stored_run(server, params["thread_id"], params["run_id"], waiting_for=outputs)
        if run["id"] in _made_up(server) and run["status"] != "requires_action" and isinstance(outputs, list):
            # A run made up for an unknown id accepts any outputs: the fake never knew its calls.
            wait_for_outputs(
                server,
                run,
                [o.get("tool_call_id") for o in outputs if isinstance(o, Mapping)],
                server.backend.clock.now(),
            )
        submit_tool_outputs(server, run, outputs)
        events: Events = []
        reply = start_run(server, run, events if exchange.stream else None)
        return events if exchange.stream else reply


class CancelAdapter(Adapter):
    summary = (
        "answers `cancelling`, the run is `cancelled` by the next read (open steps cancelled); a finished run is a 400"
    )

    def build(self, server: Context, exchange: Exchange) -> Any:
        params = exchange.path_params
        run = stored_run(server, params["thread_id"], params["run_id"])
        status = run["status"]
        if status in FINAL:
            raise bad_request(f"Cannot cancel run with status '{status}'.")
        if status == "cancelling":
            return json_copy(run)
        return cancel_run(server, run)


RUN_CREATE = RunCreateAdapter()
SUBMIT = SubmitToolOutputsAdapter()
CANCEL = CancelAdapter()


def register(router: Router) -> None:
    routes: tuple[tuple[str, str, Adapter], ...] = (
        ("POST", "/threads/{thread_id}/runs", RUN_CREATE),
        ("POST", "/threads/{thread_id}/runs/{run_id}/submit_tool_outputs", SUBMIT),
        ("POST", "/threads/{thread_id}/runs/{run_id}/cancel", CANCEL),
    )
    for method, template, adapter in routes:
        router.add(method, template, adapter, summary=adapter.summary)


# --- what a run reads -----------------------------------------------------------------------------


def _strict(server: Context) -> bool:
    return server.backend.unknown_ids == "strict"


def _thread(server: Context, thread_id: str) -> JsonObject:
    """The stored thread; 404 as the API does, or (``unknown_ids="materialize"``) made up and kept."""
    threads = store(server, "/threads")
    thread = threads.get(thread_id)
    if thread is None:
        if _strict(server):
            raise not_found_error("/threads", thread_id)
        thread = {
            "id": thread_id,
            "object": "thread",
            "created_at": server.backend.clock.now(),
            "metadata": {},
            "tool_resources": {},
        }
        threads.put(thread)
    return thread


def _new_thread(server: Context, spec: Any) -> JsonObject:
    spec = spec if isinstance(spec, Mapping) else {}
    now = server.backend.clock.now()
    thread: JsonObject = {
        "id": server.backend.id_for_kind("thread"),
        "object": "thread",
        "created_at": now,
        "metadata": dict(spec.get("metadata") or {}),
        "tool_resources": with_vector_stores(server, spec.get("tool_resources")),
    }
    store(server, "/threads").put(thread)
    add_messages(server, thread["id"], spec.get("messages"), now)
    return thread


def _assistant(server: Context, assistant_id: Any) -> JsonObject:
    assistants = store(server, "/assistants")
    found = assistants.get(assistant_id) if isinstance(assistant_id, str) else None
    if found is not None:
        return found
    if _strict(server):
        raise not_found_error("/assistants", str(assistant_id))
    from openai.types.beta import Assistant  # imported late: openai.types.beta is slow to import

    made: JsonObject = server.render(Assistant)
    made.update(id=str(assistant_id), tools=[], metadata={}, response_format="auto")
    assistants.put(made)
    return made


def stored_run(server: Context, thread_id: str, run_id: str, *, waiting_for: Any = None) -> JsonObject:
    """The stored run; 404 as the API does, or made up (``materialize``): waiting for the tool
    outputs a submit names, else queued."""
    runs: Mapping[str, JsonObject] = server.backend.stores.get(runs_path(thread_id)) or {}
    run = runs.get(run_id)
    if run is not None:
        return run
    _thread(server, thread_id)
    if _strict(server):
        raise not_found_error(runs_path(thread_id), run_id)
    assistant = _assistant(server, server.backend.id_for_kind("assistant"))
    now = server.backend.clock.now()
    run = _new_run(server, thread_id, assistant, {}, now)
    run["id"] = run_id
    _made_up(server).add(run_id)
    store(server, runs_path(thread_id)).put(run)
    if isinstance(waiting_for, list):
        wait_for_outputs(server, run, [o.get("tool_call_id") for o in waiting_for if isinstance(o, Mapping)], now)
    return run


def _made_up(server: Context) -> set[str]:
    """Ids of runs made up for unknown ids (``unknown_ids="materialize"``)."""
    return server.backend.area("made_up_runs", set[str])


def _new_run(
    server: Context, thread_id: str, assistant: Mapping[str, Any], body: Mapping[str, Any], now: int
) -> JsonObject:
    from openai.types.beta.threads import Run  # imported late: openai.types.beta is slow to import

    def chosen(name: str, default: Any) -> Any:
        # The request overrides the assistant; the assistant overrides the API's default.
        for source in (body, assistant):
            value = source.get(name)
            if value is not None:
                return json_copy(value)
        return default

    run: JsonObject = {
        "id": server.backend.id_for_kind("thread.run"),
        "object": "thread.run",
        "created_at": now,
        "assistant_id": assistant["id"],
        "thread_id": thread_id,
        "status": "queued",
        "started_at": None,
        "expires_at": now + EXPIRY_SECONDS,
        "cancelled_at": None,
        "failed_at": None,
        "completed_at": None,
        "required_action": None,
        "last_error": None,
        "model": chosen("model", "gpt-4o"),
        "instructions": chosen("instructions", ""),
        "tools": chosen("tools", []),
        "metadata": dict(body.get("metadata") or {}),
        "temperature": chosen("temperature", 1.0),
        "top_p": chosen("top_p", 1.0),
        "max_completion_tokens": body.get("max_completion_tokens"),
        "max_prompt_tokens": body.get("max_prompt_tokens"),
        "truncation_strategy": json_copy(body.get("truncation_strategy") or {"type": "auto", "last_messages": None}),
        "incomplete_details": None,
        "usage": None,
        "response_format": chosen("response_format", "auto"),
        "tool_choice": json_copy(body.get("tool_choice") or "auto"),
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
    }
    return declared_only(run, Run, deep=False)
