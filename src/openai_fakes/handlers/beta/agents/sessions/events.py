"""``client.beta.agents.sessions.events`` (beta), streamed: a turn that starts, completes, and leaves
the session idle.

``events.stream`` is ``GET /agents/sessions/{id}/events``; the SDK's ``sessions.stream()`` helper
follows it until the turn it started has ended and the session is idle; this is that sequence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ....._core.exchange import Exchange
from ...._base.generic import StreamEventsAdapter
from ...._base.router import Router

if TYPE_CHECKING:
    from ....._control.context import Context


class SessionEventsAdapter(StreamEventsAdapter):
    summary = "streamed: a turn is created and completed, then the session goes idle"

    def events(self, server: Context, exchange: Exchange) -> list[tuple[str | None, Any]]:
        return _turn_events(server, exchange)


ADAPTER = SessionEventsAdapter()


def register(router: Router) -> None:
    router.add("GET", "/agents/sessions/{session_id}/events", ADAPTER, summary=ADAPTER.summary)


def _turn_events(server: Context, exchange: Exchange) -> list[tuple[str | None, Any]]:
    # Imported here: openai.types.beta costs ~0.5 s to import, and most tests never stream a session.
    from openai.types.beta.agent_session_idle_event import AgentSessionIdleEvent
    from openai.types.beta.agent_session_turn_completed_event import AgentSessionTurnCompletedEvent
    from openai.types.beta.agent_session_turn_created_event import AgentSessionTurnCreatedEvent

    session_id = exchange.path_params["session_id"]
    backend = server.backend
    turn_id = backend.id_for_kind("turn")

    def event(tp: Any, **changes: Any) -> tuple[str | None, Any]:
        data = server.render(tp)
        data.update(event_id=backend.id_for_kind("event"), **changes)
        data.pop("obfuscation", None)
        return None, data

    def turn(status: str) -> dict[str, Any]:
        data: dict[str, Any] = server.render(AgentSessionTurnCreatedEvent)["turn"]
        data.update(id=turn_id, status=status, subagent_id=None)
        return data

    idle_session = server.render(AgentSessionIdleEvent)["session"]
    idle_session.update(id=session_id, status="idle")
    return [
        event(AgentSessionTurnCreatedEvent, session_id=session_id, turn_id=turn_id, turn=turn("in_progress")),
        event(AgentSessionTurnCompletedEvent, session_id=session_id, turn_id=turn_id, turn=turn("completed")),
        event(AgentSessionIdleEvent, session=idle_session),
    ]
