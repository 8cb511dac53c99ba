"""Assistants runs, streamed: the event sequence of a run that answers with one message.

``thread.run.created`` ... ``thread.message.delta`` ... ``thread.run.completed`` then ``done``, so the
SDK's ``AssistantStreamManager`` and ``*_stream`` helpers reach a final run. Unstreamed run calls
keep the generic answer; run lifecycles belong to the stateful backend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

from .._exchange import Exchange
from .._router import Router
from .._turns import answer_text
from .generic import StreamEventsAdapter

if TYPE_CHECKING:
    from .._server import FakeServer

_SUMMARY = "streamed runs follow the API's event sequence (run created -> message deltas -> run completed)"


class RunStreamAdapter(StreamEventsAdapter):
    """Unstreamed: the generic run. Streamed: the events of a run that answers with one message."""

    summary = _SUMMARY

    def events(self, server: FakeServer, exchange: Exchange) -> list[tuple[str | None, Any]]:
        params = exchange.path_params
        if "thread_id" not in params:  # POST /threads/runs creates the thread too
            from openai.types.beta import Thread  # imported late: openai.types.beta is slow to import

            thread = server.render(Thread)
            thread["metadata"] = {}
            return [("thread.created", thread)] + _run_events(server, exchange, thread["id"], None)
        return _run_events(server, exchange, params["thread_id"], params.get("run_id"))


ADAPTER = RunStreamAdapter()


def register(router: Router) -> None:
    for template in ("/threads/runs", "/threads/{thread_id}/runs", "/threads/{thread_id}/runs/{run_id}/submit_tool_outputs"):
        router.add("POST", template, ADAPTER, summary=ADAPTER.summary)


def _run_events(server: FakeServer, exchange: Exchange, thread_id: str, run_id: str | None) -> list[tuple[str | None, Any]]:
    from openai.types.beta.threads import Message, Run
    from openai.types.beta.threads.runs import RunStep

    backend = server.backend
    now = backend.clock.now()
    body = exchange.body if isinstance(exchange.body, Mapping) else {}
    run = server.render(Run)
    run.update(
        thread_id=thread_id,
        assistant_id=body.get("assistant_id") or run["assistant_id"],
        model=body.get("model") or run["model"],
        instructions=body.get("instructions") or run["instructions"] or "",
        created_at=now,
        required_action=None,
        last_error=None,
        incomplete_details=None,
        usage=None,
        cancelled_at=None,
        failed_at=None,
        completed_at=None,
        started_at=None,
        expires_at=now + 600,
    )
    if run_id is not None:
        run["id"] = run_id
    text, tokens = answer_text(backend.rng, str(body.get("additional_instructions") or ""))
    message = server.render(Message)
    message.update(
        thread_id=thread_id,
        run_id=run["id"],
        assistant_id=run["assistant_id"],
        role="assistant",
        created_at=now + 1,
        completed_at=None,
        incomplete_at=None,
        incomplete_details=None,
        attachments=[],
        content=[],
        status="in_progress",
    )
    step = server.render(RunStep)
    step.update(
        run_id=run["id"],
        thread_id=thread_id,
        assistant_id=run["assistant_id"],
        type="message_creation",
        step_details={"type": "message_creation", "message_creation": {"message_id": message["id"]}},
        status="in_progress",
        created_at=now + 1,
        completed_at=None,
        cancelled_at=None,
        failed_at=None,
        expired_at=None,
        last_error=None,
        usage=None,
    )

    def at(status: str, **changes: Any) -> dict[str, Any]:
        return {**run, "status": status, **changes}

    events: list[tuple[str | None, Any]] = [
        ("thread.run.created", at("queued")),
        ("thread.run.queued", at("queued")),
        ("thread.run.in_progress", at("in_progress", started_at=now)),
        ("thread.run.step.created", step),
        ("thread.run.step.in_progress", step),
        ("thread.message.created", message),
        ("thread.message.in_progress", message),
    ]
    words = text.split(" ")
    for index, word in enumerate(words):
        piece = word if index == 0 else " " + word
        delta = {"role": "assistant", "content": [{"index": 0, "type": "text", "text": {"value": piece, "annotations": []}}]}
        events.append(("thread.message.delta", {"id": message["id"], "object": "thread.message.delta", "delta": delta}))
    done_message = {
        **message,
        "status": "completed",
        "completed_at": now + 2,
        "content": [{"type": "text", "text": {"value": text, "annotations": []}}],
    }
    usage = {"prompt_tokens": 24, "completion_tokens": tokens, "total_tokens": 24 + tokens}
    events += [
        ("thread.message.completed", done_message),
        ("thread.run.step.completed", {**step, "status": "completed", "completed_at": now + 2, "usage": usage}),
        ("thread.run.completed", at("completed", started_at=now, completed_at=now + 2, expires_at=None, usage=usage)),
    ]
    return events
