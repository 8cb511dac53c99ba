"""Built-in (hosted) tools in the Responses API, through the SDK, sync and async: which tools run,
the items they leave (ids, order, include extras), the citations in the message, the stream's
event sequence, and what the store keeps."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import io
import json
import re
import struct
from typing import Any

import openai
import pytest
from openai.types.responses import Response, ResponseStreamEvent

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from tests.conformance._typecheck import check_value

MODEL = "gpt-4.1"
QUESTION = "What is the refund policy for returns?"
_REFUNDS = b"Refund policy: customers may return any item within 30 days for a full refund to the original card."
_SHIPPING = b"Shipping takes five business days. Express shipping arrives the next day for an extra fee."
_RETURNS = b"Returns of opened items are accepted when the item is faulty. Refund requests need the receipt."
_EXAMPLE_HOSTS = re.compile(r"^(www\.|news\.|docs\.)?example\.(com|org|net)$")

WEB: Any = {"type": "web_search"}
MCP_NEVER: Any = {
    "type": "mcp",
    "server_label": "wiki",
    "server_url": "https://mcp.example.com/mcp",
    "require_approval": "never",
}
MCP_ASK: Any = {"type": "mcp", "server_label": "wiki", "server_url": "https://mcp.example.com/mcp"}
COMPUTER: Any = {"type": "computer_use_preview", "display_width": 1280, "display_height": 800, "environment": "browser"}


def _store(fake: FakeOpenAI) -> tuple[str, dict[str, str]]:
    ids = {
        name: fake.files.create(file=(f"{name}.md", content), purpose="assistants").id
        for name, content in (("refunds", _REFUNDS), ("shipping", _SHIPPING), ("returns", _RETURNS))
    }
    store = fake.vector_stores.create(name="handbook", file_ids=list(ids.values()))
    return store.id, ids


def _tail(value: str) -> str:
    return value[-16:]


def _kinds(response: Response) -> list[str]:
    return [item.type for item in response.output]


def _assert_ids_share_tail(response: Response, prefixes: dict[str, str]) -> None:
    for item in response.output:
        assert item.id is not None and item.id.startswith(prefixes[item.type]), item.id
        assert _tail(item.id) == _tail(response.id)


def _assert_conforms(response: Response) -> None:
    assert check_value(response, Response) == []
    usage = response.usage
    assert usage is not None and usage.total_tokens == usage.input_tokens + usage.output_tokens


def _message_text(response: Response) -> tuple[str, list[Any]]:
    (message,) = [item for item in response.output if item.type == "message"]
    part = message.content[0]
    assert part.type == "output_text"
    return part.text, list(part.annotations)


# --- when hosted tools run -------------------------------------------------------------------------


def test_a_question_with_web_search_searches_then_answers_with_url_citations() -> None:
    response = FakeOpenAI(seed=1).responses.create(
        model=MODEL, input="What is the latest news about solar panels?", tools=[WEB]
    )
    assert _kinds(response) == ["web_search_call", "message"]
    _assert_ids_share_tail(response, {"web_search_call": "ws_", "message": "msg_"})
    _assert_conforms(response)
    call = response.output[0]
    assert call.type == "web_search_call" and call.status == "completed"
    assert call.action.type == "search" and call.action.query
    assert set(call.action.query.split()) <= set(re.findall(r"\w+", "what is the latest news about solar panels"))
    assert call.action.sources is None  # only with include
    text, annotations = _message_text(response)
    assert annotations and response.output_text == text
    for note in annotations:
        assert note.type == "url_citation" and note.url.startswith("https://") and note.title
        host = re.sub(r"^https://([^/]+)/.*$", r"\1", note.url)
        assert _EXAMPLE_HOSTS.match(host), host
        assert text[note.start_index : note.end_index] == f"([{host.removeprefix('www.')}]({note.url}))"


def test_web_search_sources_come_only_with_include_and_are_the_cited_pages() -> None:
    response = FakeOpenAI(seed=1).responses.create(
        model=MODEL, input="Who won the match today?", tools=[WEB], include=["web_search_call.action.sources"]
    )
    call = response.output[0]
    assert call.type == "web_search_call" and call.action.type == "search" and call.action.sources
    _, annotations = _message_text(response)
    assert [source.url for source in call.action.sources] == [note.url for note in annotations]


def test_web_search_keeps_to_allowed_domains() -> None:
    tool: Any = {"type": "web_search", "filters": {"allowed_domains": ["docs.python.org"]}}
    response = FakeOpenAI(seed=2).responses.create(model=MODEL, input="How do I read a file?", tools=[tool])
    _, annotations = _message_text(response)
    assert annotations and all(note.url.startswith("https://docs.python.org/") for note in annotations)


def test_under_auto_a_statement_uses_no_search_and_none_never_does() -> None:
    fake = FakeOpenAI(seed=3)
    plain = fake.responses.create(model=MODEL, input="Write a haiku about tea.", tools=[WEB])
    assert _kinds(plain) == ["message"] and _message_text(plain)[1] == []
    refused = fake.responses.create(model=MODEL, input="What is new in Python?", tools=[WEB], tool_choice="none")
    assert _kinds(refused) == ["message"]
    required = fake.responses.create(model=MODEL, input="Write a haiku about tea.", tools=[WEB], tool_choice="required")
    assert _kinds(required) == ["web_search_call", "message"]


def test_a_forced_hosted_tool_runs_and_no_function_is_called() -> None:
    fake = FakeOpenAI(seed=4, lifecycle="immediate")
    store, _ = _store(fake)
    function = {
        "type": "function",
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {}},
        "strict": None,
    }
    tools: list[Any] = [function, {"type": "file_search", "vector_store_ids": [store]}]
    forced = fake.responses.create(
        model=MODEL, input="Tell me about refunds.", tools=tools, tool_choice={"type": "file_search"}
    )
    assert _kinds(forced) == ["file_search_call", "message"]
    both = fake.responses.create(model=MODEL, input=QUESTION, tools=tools)
    assert _kinds(both) == ["file_search_call", "function_call"]  # searched, then calls the function
    answered = fake.responses.create(
        model=MODEL,
        tools=tools,
        input=[
            {"role": "user", "content": QUESTION},
            {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "call_1", "output": "sunny"},
        ],
    )
    assert _kinds(answered) == ["message"]  # a tool output answered: the model writes its reply


# --- file search -----------------------------------------------------------------------------------


def test_file_search_results_are_the_stores_own_best_chunks() -> None:
    fake = FakeOpenAI(seed=5, lifecycle="immediate")
    store, ids = _store(fake)
    tool: Any = {"type": "file_search", "vector_store_ids": [store], "max_num_results": 1}
    response = fake.responses.create(model=MODEL, input=QUESTION, tools=[tool], include=["file_search_call.results"])
    assert _kinds(response) == ["file_search_call", "message"]
    _assert_ids_share_tail(response, {"file_search_call": "fs_", "message": "msg_"})
    _assert_conforms(response)
    call = response.output[0]
    assert call.type == "file_search_call" and call.queries and call.results is not None
    expected = fake.vector_stores.search(store, query=call.queries[0], max_num_results=1).data
    assert len(call.results) == 1 < len(fake.vector_stores.search(store, query=call.queries[0]).data)
    assert [(r.file_id, r.filename, r.score, r.text) for r in call.results] == [
        (hit.file_id, hit.filename, hit.score, hit.content[0].text) for hit in expected
    ]
    assert call.results[0].file_id == ids["refunds"]
    text, annotations = _message_text(response)
    assert {note.file_id for note in annotations} == {r.file_id for r in call.results}
    for note in annotations:
        assert note.type == "file_citation" and 0 < note.index <= len(text)
        assert note.filename in text[: note.index] and text[note.index - 2 : note.index] == '."'


def test_file_search_results_come_only_with_include() -> None:
    fake = FakeOpenAI(seed=5, lifecycle="immediate")
    store, _ = _store(fake)
    response = fake.responses.create(
        model=MODEL, input=QUESTION, tools=[{"type": "file_search", "vector_store_ids": [store]}]
    )
    call = response.output[0]
    assert call.type == "file_search_call" and call.results is None
    assert _message_text(response)[1]  # still cited


def test_file_search_in_an_unknown_store_is_404_strict_and_finds_nothing_lenient() -> None:
    tool: Any = {"type": "file_search", "vector_store_ids": ["vs_nobody"]}
    with pytest.raises(openai.NotFoundError):
        FakeOpenAI(seed=6).responses.create(model=MODEL, input=QUESTION, tools=[tool])
    lenient = FakeOpenAI(seed=6, unknown_ids="materialize").responses.create(
        model=MODEL, input=QUESTION, tools=[tool], include=["file_search_call.results"]
    )
    assert lenient.output[0].type == "file_search_call" and lenient.output[0].results == []
    text, annotations = _message_text(lenient)
    assert annotations == [] and "could not find" in text


def test_file_search_without_vector_store_ids_is_refused() -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        incomplete: Any = {"type": "file_search"}
        FakeOpenAI(seed=6).responses.create(model=MODEL, input=QUESTION, tools=[incomplete])
    assert caught.value.param == "tools[0].vector_store_ids" and caught.value.code == "missing_required_parameter"


# --- code interpreter ------------------------------------------------------------------------------


def _printed(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<code_interpreter>", "exec"), {})  # the fake's own generated code
    return out.getvalue()


@pytest.mark.parametrize(
    "prompt", ["Calculate the average of 3, 4.5 and 10", "Run some python over this sentence please"]
)
def test_code_interpreter_writes_code_whose_logs_are_what_it_prints(prompt: str) -> None:
    fake = FakeOpenAI(seed=7)
    tool: Any = {"type": "code_interpreter", "container": {"type": "auto"}}
    response = fake.responses.create(model=MODEL, input=prompt, tools=[tool], include=["code_interpreter_call.outputs"])
    assert _kinds(response) == ["code_interpreter_call", "message"]
    _assert_ids_share_tail(response, {"code_interpreter_call": "ci_", "message": "msg_"})
    _assert_conforms(response)
    call = response.output[0]
    assert call.type == "code_interpreter_call" and call.code and call.outputs
    assert call.container_id.startswith("cntr_")
    assert call.container_id in [container.id for container in fake.containers.list()]
    (logs,) = call.outputs
    assert logs.type == "logs" and logs.logs == _printed(call.code)
    assert logs.logs.strip() in response.output_text
    plain = fake.responses.create(model=MODEL, input=prompt, tools=[tool])
    assert plain.output[0].type == "code_interpreter_call" and plain.output[0].outputs is None


def test_code_interpreter_uses_the_container_it_is_given() -> None:
    fake = FakeOpenAI(seed=7)
    container = fake.containers.create(name="mine")
    response = fake.responses.create(
        model=MODEL, input="Compute 6 * 7", tools=[{"type": "code_interpreter", "container": container.id}]
    )
    assert response.output[0].type == "code_interpreter_call" and response.output[0].container_id == container.id


# --- image generation ------------------------------------------------------------------------------


def _dimensions(data: bytes) -> tuple[str, int, int]:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        width, height = struct.unpack(">II", data[16:24])
        return "png", width, height
    if data.startswith(b"\xff\xd8"):
        at = 2
        while at < len(data):
            marker, length = data[at + 1], struct.unpack(">H", data[at + 2 : at + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", data[at + 5 : at + 9])
                return "jpeg", width, height
            at += 2 + length
    raise AssertionError(f"not a PNG or JPEG: {data[:8]!r}")


@pytest.mark.parametrize(("output_format", "size"), [("png", "1536x1024"), ("jpeg", "1024x1536")])
def test_image_generation_returns_a_real_image_of_the_asked_format_and_size(output_format: str, size: str) -> None:
    tool: Any = {"type": "image_generation", "output_format": output_format, "size": size, "quality": "low"}
    response = FakeOpenAI(seed=8).responses.create(model=MODEL, input="Draw a lighthouse at dusk", tools=[tool])
    assert _kinds(response) == ["image_generation_call", "message"]
    _assert_ids_share_tail(response, {"image_generation_call": "ig_", "message": "msg_"})
    _assert_conforms(response)
    call = response.output[0]
    assert call.type == "image_generation_call" and call.result and call.revised_prompt
    assert "lighthouse at dusk" in call.revised_prompt.lower()
    assert (call.output_format, call.size, call.quality) == (output_format, size, "low")
    width, height = (int(n) for n in size.split("x"))
    assert _dimensions(base64.b64decode(call.result)) == (output_format, width, height)


# --- MCP -------------------------------------------------------------------------------------------


def _fits(arguments: dict[str, Any], schema: dict[str, Any]) -> bool:
    kinds: dict[str, Any] = {
        "string": str,
        "integer": int,
        "object": dict,
        "number": (int, float),
        "boolean": bool,
        "array": list,
    }
    properties = schema.get("properties", {})
    return set(schema.get("required", [])) <= set(arguments) and all(
        key in properties and isinstance(value, kinds[properties[key]["type"]]) for key, value in arguments.items()
    )


def test_mcp_lists_its_tools_then_calls_one_with_fitting_arguments() -> None:
    response = FakeOpenAI(seed=9).responses.create(
        model=MODEL, input="What does the wiki say about caching?", tools=[MCP_NEVER]
    )
    assert _kinds(response) == ["mcp_list_tools", "mcp_call", "message"]
    _assert_ids_share_tail(response, {"mcp_list_tools": "mcpl_", "mcp_call": "mcp_", "message": "msg_"})
    _assert_conforms(response)
    listing, call = response.output[0], response.output[1]
    assert listing.type == "mcp_list_tools" and call.type == "mcp_call"
    assert listing.server_label == call.server_label == "wiki" and listing.tools
    (tool,) = [t for t in listing.tools if t.name == call.name]
    assert isinstance(tool.input_schema, dict) and _fits(json.loads(call.arguments), tool.input_schema)
    assert call.output and call.error is None and call.approval_request_id is None


def test_mcp_allowed_tools_and_a_never_filter_choose_the_tool_called() -> None:
    tool: Any = {
        **MCP_ASK,
        "allowed_tools": ["lookup_order"],
        "require_approval": {"never": {"tool_names": ["lookup_order"]}},
    }
    response = FakeOpenAI(seed=9).responses.create(model=MODEL, input="Where is my order?", tools=[tool])
    listing, call = response.output[0], response.output[1]
    assert listing.type == "mcp_list_tools" and [t.name for t in listing.tools] == ["lookup_order"]
    assert call.type == "mcp_call" and call.name == "lookup_order"


def test_mcp_asks_for_approval_and_calls_once_approved() -> None:
    fake = FakeOpenAI(seed=10)
    asked = fake.responses.create(model=MODEL, input="What does the wiki say about caching?", tools=[MCP_ASK])
    assert _kinds(asked) == ["mcp_list_tools", "mcp_approval_request"] and asked.output_text == ""
    request = asked.output[1]
    assert request.type == "mcp_approval_request" and request.id.startswith("mcpr_")
    approved = fake.responses.create(
        model=MODEL,
        previous_response_id=asked.id,
        tools=[MCP_ASK],
        input=[{"type": "mcp_approval_response", "approve": True, "approval_request_id": request.id}],
    )
    assert _kinds(approved) == ["mcp_call", "message"]  # the tools were listed earlier in the chain
    call = approved.output[0]
    assert call.type == "mcp_call" and call.approval_request_id == request.id
    assert (call.name, call.arguments, call.server_label) == (request.name, request.arguments, request.server_label)
    _assert_conforms(approved)
    denied = fake.responses.create(
        model=MODEL,
        previous_response_id=asked.id,
        tools=[MCP_ASK],
        input=[{"type": "mcp_approval_response", "approve": False, "approval_request_id": request.id}],
    )
    assert _kinds(denied) == ["message"]
    with pytest.raises(openai.BadRequestError):
        fake.responses.create(
            model=MODEL,
            previous_response_id=asked.id,
            tools=[MCP_ASK],
            input=[{"type": "mcp_approval_response", "approve": True, "approval_request_id": "mcpr_unknown"}],
        )


# --- computer use ----------------------------------------------------------------------------------


def test_computer_use_acts_then_answers_the_screenshot() -> None:
    fake = FakeOpenAI(seed=11)
    acting = fake.responses.create(
        model="computer-use-preview", input="Open example.com", tools=[COMPUTER], truncation="auto"
    )
    assert _kinds(acting) == ["computer_call"] and acting.output_text == ""
    _assert_ids_share_tail(acting, {"computer_call": "cu_"})
    _assert_conforms(acting)
    call = acting.output[0]
    assert call.type == "computer_call" and call.call_id.startswith("call_") and call.pending_safety_checks == []
    assert call.action is not None
    point = (getattr(call.action, "x", 0), getattr(call.action, "y", 0))
    assert 0 <= point[0] < 1280 and 0 <= point[1] < 800
    screenshot: Any = {"type": "computer_screenshot", "image_url": "data:image/png;base64,iVBORw0KGgo="}
    answered = fake.responses.create(
        model="computer-use-preview",
        previous_response_id=acting.id,
        tools=[COMPUTER],
        truncation="auto",
        input=[{"type": "computer_call_output", "call_id": call.call_id, "output": screenshot}],
    )
    assert _kinds(answered) == ["message"] and answered.output_text


# --- streams ---------------------------------------------------------------------------------------


def _setups(fake: FakeOpenAI) -> dict[str, dict[str, Any]]:
    store, _ = _store(fake)
    return {
        "web_search": {
            "input": "Who invented the telescope?",
            "tools": [WEB],
            "include": ["web_search_call.action.sources"],
        },
        "file_search": {
            "input": QUESTION,
            "tools": [{"type": "file_search", "vector_store_ids": [store]}],
            "include": ["file_search_call.results"],
        },
        "code_interpreter": {
            "input": "Calculate 12 + 30",
            "tools": [{"type": "code_interpreter", "container": {"type": "auto"}}],
            "include": ["code_interpreter_call.outputs"],
        },
        "image_generation": {
            "input": "Draw a small red boat",
            "tools": [{"type": "image_generation", "partial_images": 2, "quality": "low"}],
        },
        "mcp": {"input": "What does the wiki say about caching?", "tools": [MCP_NEVER]},
        "mcp_approval": {"input": "What does the wiki say about caching?", "tools": [MCP_ASK]},
        "computer": {
            "input": "Open example.com",
            "tools": [COMPUTER],
            "model": "computer-use-preview",
            "truncation": "auto",
        },
    }


_PROGRESS = {
    "web_search_call": [
        "response.web_search_call.in_progress",
        "response.web_search_call.searching",
        "response.web_search_call.completed",
    ],
    "file_search_call": [
        "response.file_search_call.in_progress",
        "response.file_search_call.searching",
        "response.file_search_call.completed",
    ],
    "mcp_list_tools": ["response.mcp_list_tools.in_progress", "response.mcp_list_tools.completed"],
    "mcp_approval_request": [],
    "computer_call": [],
}


@pytest.mark.parametrize(
    "case", ["web_search", "file_search", "code_interpreter", "image_generation", "mcp", "mcp_approval", "computer"]
)
def test_a_stream_is_the_apis_event_sequence_ending_in_the_unstreamed_response(case: str) -> None:
    def fake() -> FakeOpenAI:
        return FakeOpenAI(seed=12, lifecycle="immediate")

    whole_fake, stream_fake = fake(), fake()
    params = {"model": MODEL, **_setups(whole_fake)[case]}
    whole = whole_fake.responses.create(**params)
    events: list[Any] = list(stream_fake.responses.create(**{**params, **_setups(stream_fake)[case]}, stream=True))
    assert events[-1].type == "response.completed" and events[-1].response == whole
    assert [event.sequence_number for event in events] == list(range(len(events)))
    for event in events:
        assert check_value(event, ResponseStreamEvent) == [], event.type
    for index, item in enumerate(whole.output):
        own = [e.type for e in events if getattr(e, "output_index", None) == index]
        assert own[0] == "response.output_item.added" and own[-1] == "response.output_item.done"
        if item.type in _PROGRESS:
            assert own[1:-1] == _PROGRESS[item.type]
        if item.type == "code_interpreter_call":
            deltas = [e.delta for e in events if e.type == "response.code_interpreter_call_code.delta"]
            assert "".join(deltas) == item.code
            assert own[-3:-1] == [
                "response.code_interpreter_call.interpreting",
                "response.code_interpreter_call.completed",
            ]
        if item.type == "image_generation_call":
            partials = [e for e in events if e.type == "response.image_generation_call.partial_image"]
            assert [p.partial_image_index for p in partials] == [0, 1]
            assert all(_dimensions(base64.b64decode(p.partial_image_b64))[0] == item.output_format for p in partials)
        if item.type == "mcp_call":
            assert "".join(e.delta for e in events if e.type == "response.mcp_call_arguments.delta") == item.arguments
    notes = [e for e in events if e.type == "response.output_text.annotation.added"]
    final = [note for item in whole.output if item.type == "message" for note in item.content[0].annotations]
    assert [e.annotation.model_dump() for e in notes if e.annotation is not None] == [
        note.model_dump() for note in final
    ]
    assert [e.annotation_index for e in notes] == list(range(len(final)))


def test_an_annotation_follows_the_delta_that_completes_its_span() -> None:
    events: list[Any] = list(
        FakeOpenAI(seed=13).responses.create(model=MODEL, input="Who invented the telescope?", tools=[WEB], stream=True)
    )
    written = ""
    for event in events:
        if event.type == "response.output_text.delta":
            written += event.delta
        elif event.type == "response.output_text.annotation.added":
            assert event.annotation is not None and event.annotation.type == "url_citation"
            assert event.annotation.end_index <= len(written)
            assert written[event.annotation.start_index : event.annotation.end_index].endswith(
                f"]({event.annotation.url}))"
            )


def test_the_stream_helper_ends_with_the_same_response() -> None:
    whole = FakeOpenAI(seed=14).responses.create(model=MODEL, input="Who invented the telescope?", tools=[WEB])
    with FakeOpenAI(seed=14).responses.stream(model=MODEL, input="Who invented the telescope?", tools=[WEB]) as stream:
        final = stream.get_final_response()
    assert [item.model_dump()["id"] for item in final.output] == [item.model_dump()["id"] for item in whole.output]
    assert final.output[0].model_dump() == whole.output[0].model_dump()  # the web_search_call, as is
    assert final.output_text == whole.output_text and final.usage == whole.usage
    assert [n.model_dump() for n in _message_text(final)[1]] == [n.model_dump() for n in _message_text(whole)[1]]


# --- store, conversations, determinism ---------------------------------------------------------------


def test_a_stored_response_keeps_its_hosted_items_and_shows_extras_on_request() -> None:
    fake = FakeOpenAI(seed=15, lifecycle="immediate")
    store, _ = _store(fake)
    tool: Any = {"type": "file_search", "vector_store_ids": [store]}
    created = fake.responses.create(model=MODEL, input=QUESTION, tools=[tool], include=["file_search_call.results"])
    plain = fake.responses.retrieve(created.id)
    assert _kinds(plain) == _kinds(created) and plain.output[0].model_dump()["results"] is None
    again = fake.responses.retrieve(created.id, include=["file_search_call.results"])
    assert again.output == created.output
    conversation = fake.conversations.create()
    fake.responses.create(model=MODEL, input=QUESTION, tools=[tool], conversation=conversation.id)
    kinds = [item.type for item in fake.conversations.items.list(conversation.id, order="asc")]
    assert kinds == ["message", "file_search_call", "message"]


def test_the_same_seed_gives_the_same_hosted_response_in_a_new_fake() -> None:
    def run() -> dict[str, Any]:
        fake = FakeOpenAI(seed=16, lifecycle="immediate")
        params = _setups(fake)
        tools = [*params["web_search"]["tools"], *params["code_interpreter"]["tools"], *params["file_search"]["tools"]]
        return fake.responses.create(
            model=MODEL, input="What is 12 + 30, and what is the refund policy?", tools=tools
        ).model_dump()

    first = run()
    assert [item["type"] for item in first["output"]] == [
        "web_search_call",
        "code_interpreter_call",
        "file_search_call",
        "message",
    ]
    assert run() == first


# --- async -----------------------------------------------------------------------------------------


def test_async_web_search_and_its_stream_agree() -> None:
    async def main() -> None:
        whole = await FakeAsyncOpenAI(seed=17).responses.create(
            model=MODEL, input="Who invented the telescope?", tools=[WEB]
        )
        assert _kinds(whole) == ["web_search_call", "message"]
        _assert_conforms(whole)
        stream = await FakeAsyncOpenAI(seed=17).responses.create(
            model=MODEL, input="Who invented the telescope?", tools=[WEB], stream=True
        )
        events: list[Any] = [event async for event in stream]
        assert events[-1].type == "response.completed" and events[-1].response == whole
        assert any(event.type == "response.web_search_call.searching" for event in events)

    asyncio.run(main())


def test_async_file_search_reads_the_store() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=18, lifecycle="immediate")
        file = await fake.files.create(file=("refunds.md", _REFUNDS), purpose="assistants")
        store = await fake.vector_stores.create(name="kb", file_ids=[file.id])
        response = await fake.responses.create(
            model=MODEL,
            input=QUESTION,
            tools=[{"type": "file_search", "vector_store_ids": [store.id]}],
            include=["file_search_call.results"],
        )
        call = response.output[0]
        assert call.type == "file_search_call" and call.results and call.results[0].file_id == file.id
        _, annotations = _message_text(response)
        assert [note.file_id for note in annotations] == [file.id]

    asyncio.run(main())


def test_async_mcp_approval_round_trip() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=19)
        asked = await fake.responses.create(model=MODEL, input="What does the wiki say?", tools=[MCP_ASK])
        request = asked.output[-1]
        assert request.type == "mcp_approval_request"
        done = await fake.responses.create(
            model=MODEL,
            previous_response_id=asked.id,
            tools=[MCP_ASK],
            input=[{"type": "mcp_approval_response", "approve": True, "approval_request_id": request.id}],
        )
        assert _kinds(done) == ["mcp_call", "message"] and done.output_text

    asyncio.run(main())
