"""An invalid client event on any simulated websocket names the parameter as the API does: the dotted
path into the event, never the name of a union member the SDK's types tried (handlers/_base/socket_events)."""

from __future__ import annotations

import json
from typing import Any

from openai_fakes import FakeOpenAI

# A user message whose text is not a string: the item is a union of several message types.
BAD_TEXT = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": 5}]}


def test_realtime_names_the_nested_parameter_not_the_union_member() -> None:
    fake = FakeOpenAI(seed=1)
    with fake.realtime.connect(model="gpt-realtime") as conn:
        conn.recv()  # session.created
        conn.send_raw(json.dumps({"type": "conversation.item.create", "item": BAD_TEXT, "event_id": "e1"}))
        error = conn.recv()
    assert error.type == "error"
    assert error.error.param == "item.content[0].text" and error.error.code == "invalid_value"
    assert error.error.message == "Invalid value for 'item.content[0].text': Input should be a valid string."


def test_live_names_the_nested_parameter_not_the_union_member() -> None:
    fake = FakeOpenAI(seed=2)
    with fake.live.connect() as conn:
        conn.session.start(session={"model": "gpt-live-1"})
        conn.recv()  # session.started
        bad: dict[str, Any] = {"type": "decision.item.create", "item": BAD_TEXT}
        conn.send_raw(json.dumps(bad))
        error = json.loads(conn.recv_bytes())
    assert error["type"] == "error" and error["error"]["param"] == "item.content[0].text"


def test_responses_steer_names_the_nested_parameter_not_the_union_member() -> None:
    fake = FakeOpenAI(seed=3)
    with fake.responses.connect() as conn:
        steer = {"type": "response.steer", "previous_response_id": "resp_1", "input": [BAD_TEXT]}
        conn.send_raw(json.dumps(steer))
        error = json.loads(conn.recv_bytes())
    assert error["type"] == "error" and error["error"]["param"] == "input[0].content[0].text"
