"""Built-in (hosted) tools of the Responses API: web search, file search, code interpreter, image
generation, remote MCP servers and computer use.

The server-side tools run inside the response that uses them: their items (``web_search_call``,
``file_search_call``, ``code_interpreter_call``, ``image_generation_call``, ``mcp_list_tools``,
``mcp_call``) come first and the model then writes its message, citing what it found. Two kinds
end the response instead and wait for the client: an ``mcp_approval_request`` (answered with an
``mcp_approval_response`` input item) and a ``computer_call`` (answered with a
``computer_call_output``).

When a hosted tool is used (`plan`), a rule with no randomness so that a test can rely on it:

* ``tool_choice="none"``: never;
* ``tool_choice`` names a hosted tool (``{"type": "file_search"}``, ``{"type":
  "web_search_preview"}`` for any web search tool, ``{"type": "mcp", "server_label": ...}``...):
  that tool, and no function is called;
* ``"auto"`` (the default) or ``"required"``, unless the input ends with a tool output: each
  offered tool whose cue is in the last user message, in the order offered: web search, file
  search and MCP for a question (a ``?`` or a leading question word) or a request to search, look
  up or find; code interpreter for a calculation (numbers with an operator, "calculate",
  "average", "plot", "python"...); image generation for a picture ("draw", "image", "logo"...);
  computer use always. Under ``"required"`` with no cue, the first hosted tool offered is used.

Function tools keep their own rule (`_sim.turns.decide`), so a response may search and then call a
function. Item extras the API sends only on request (``include``) are added by `included`, from
the item itself, so a stored response shows them again when retrieved with ``include``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..._core.errors import bad_request
from ..._core.ids import SHAPES
from ..._sim.text_search import rewrite
from ..._sim.tokens import text_tokens
from ..._state.collection import JsonObject
from ..._state.shapes import not_found_error
from .._base.stateful import collection
from ._hosted_results import (
    Source,
    cite_files,
    cite_sources,
    code_for,
    computer_call,
    image_call,
    logs_of,
    mcp_arguments,
    mcp_output,
    mcp_tools,
)
from ._hosted_results import sources as web_sources

if TYPE_CHECKING:
    from ..._control.context import Context

WEB_SEARCH = ("web_search", "web_search_2025_08_26", "web_search_preview", "web_search_preview_2025_03_11")
_KINDS: dict[str, str] = {
    **dict.fromkeys(WEB_SEARCH, "web_search"),
    "file_search": "file_search",
    "code_interpreter": "code_interpreter",
    "image_generation": "image_generation",
    "mcp": "mcp",
    "computer_use_preview": "computer",
    "computer": "computer",
    "computer_use": "computer",
}
# Tool choices that name a hosted tool, and the kind each names.
_CHOICES: dict[str, str] = {**_KINDS, "computer_use": "computer"}

_QUESTION = re.compile(
    r"\?|^\s*(who|what|when|where|why|how|which|whose|is|are|was|were|can|could|does|do|did|should|will|would|has|have)\b"
    r"|\b(search|look up|lookup|find|latest|news|today|current)\b",
    re.IGNORECASE,
)
_CALCULATION = re.compile(
    r"\d\s*[-+*/^%x×]\s*\d|\b(calculat\w*|comput\w*|average|mean|median|sum|total|plot|chart|graph|python|code|run|solve|analy[sz]\w*|statistics)\b",
    re.IGNORECASE,
)
_PICTURE = re.compile(
    r"\b(draw\w*|image|picture|illustrat\w*|logo|sketch|paint\w*|photo\w*|render|icon|poster|wallpaper)\b",
    re.IGNORECASE,
)
_CUES: dict[str, Callable[[str], bool]] = {
    "web_search": lambda prompt: bool(_QUESTION.search(prompt)),
    "file_search": lambda prompt: bool(_QUESTION.search(prompt)),
    "mcp": lambda prompt: bool(_QUESTION.search(prompt)),
    "code_interpreter": lambda prompt: bool(_CALCULATION.search(prompt)),
    "image_generation": lambda prompt: bool(_PICTURE.search(prompt)),
    "computer": lambda prompt: True,
}
# Tokens of retrieved web content the model reads per source, by ``search_context_size`` (an
# estimate [U]: the API bills search content as input but publishes no per-source figure).
_CONTEXT_TOKENS = {"low": 150, "medium": 300, "high": 600}
_FILE_SEARCH_DEFAULT_RESULTS = 20  # the API echoes max_num_results=20 when none is given ([3P])

ItemId = Callable[[str], str]


def kind_of(tool: Any) -> str | None:
    """``web_search``, ``file_search``, ``code_interpreter``, ``image_generation``, ``mcp`` or
    ``computer`` for a hosted tool definition; ``None`` for a function, custom or other tool."""
    return _KINDS.get(str(tool.get("type"))) if isinstance(tool, Mapping) else None


@dataclass
class Hosted:
    """What the hosted tools did in one response."""

    items: list[JsonObject] = field(default_factory=list)
    output_tokens: int = 0
    """What the model spent writing the tools' inputs (queries, code, arguments, prompts)."""
    input_tokens: int = 0
    """What the model read back (search results, tool lists, outputs)."""
    waiting: bool = False
    """The response ends on an item the client must answer: no function call, no message."""
    exclusive: bool = False
    """``tool_choice`` named a hosted tool: no function tool is called."""
    sources: list[Source] = field(default_factory=list)
    found: list[JsonObject] = field(default_factory=list)
    searched: str | None = None
    """The file search query, when file search ran."""
    logs: str = ""
    """What the code interpreter printed, when it ran."""

    def cite(self, text: str) -> tuple[str, list[JsonObject]]:
        """``text`` with the citations of what the tools found, and their annotations."""
        annotations: list[JsonObject] = []
        if self.logs.strip():
            text = f"Running the code gives: {self.logs.strip()}. {text}"
        if self.sources:
            text, annotations = cite_sources(text, self.sources)
        if self.searched is not None:
            text, cited = cite_files(text, self.found, self.searched)
            annotations.extend(cited)
        return text, annotations


def plan(
    server: Context,
    body: Mapping[str, Any],
    context: Sequence[Mapping[str, Any]],
    *,
    prompt: str,
    answered: bool,
    item_id: ItemId,
    lenient: bool,
) -> Hosted:
    """The hosted tools ``body`` offers, used as the module's rule says."""
    offered = [tool for tool in body.get("tools") or () if kind_of(tool) is not None]
    choice = body.get("tool_choice")
    choice = "auto" if choice is None else choice
    hosted = Hosted()
    if not offered or choice == "none":
        return hosted
    inputs = (
        [item for item in body.get("input") or () if isinstance(item, Mapping)]
        if isinstance(body.get("input"), list)
        else []
    )
    seen = [*context, *inputs]
    forced = _forced(choice, offered)
    if forced is not None:
        used, hosted.exclusive = forced, True
    elif answered or any(item.get("type") == "mcp_approval_response" for item in inputs):
        used = []
    else:
        offered = _allowed(choice, offered)
        used = [tool for tool in offered if _CUES[str(kind_of(tool))](prompt)]
        if not used and _mode(choice) == "required" and offered:
            used = offered[:1]
    query = _query(prompt)
    listed = {str(item.get("server_label")) for item in seen if item.get("type") == "mcp_list_tools"}
    for tool in offered:
        if kind_of(tool) == "mcp" and tool.get("server_label") not in listed:
            # The API lists a server's tools once per conversation, whether or not it calls one.
            hosted.items.append(_mcp_list(tool, item_id))
            hosted.input_tokens += text_tokens(str(hosted.items[-1]["tools"]))
            listed.add(str(tool.get("server_label")))
    _approved_calls(server, hosted, offered, inputs, seen, item_id, lenient)
    for tool in used:
        _use(server, hosted, tool, choice, query, prompt, item_id, lenient)
    return hosted


def _forced(choice: Any, offered: list[Any]) -> list[Any] | None:
    if not isinstance(choice, Mapping) or choice.get("type") not in _CHOICES:
        return None
    wanted = _CHOICES[choice["type"]]
    found = [tool for tool in offered if kind_of(tool) == wanted]
    if wanted == "mcp":
        found = [tool for tool in found if tool.get("server_label") == choice.get("server_label")]
    return found[:1]


def _allowed(choice: Any, offered: list[Any]) -> list[Any]:
    """``allowed_tools`` narrows the hosted tools to the kinds it lists."""
    if not isinstance(choice, Mapping) or choice.get("type") != "allowed_tools":
        return offered
    listed = {kind_of(tool) for tool in choice.get("tools") or ()} - {None}
    return [tool for tool in offered if kind_of(tool) in listed]


def _mode(choice: Any) -> str:
    if isinstance(choice, Mapping):
        return str(choice.get("mode") or "auto")
    return str(choice)


def _query(prompt: str) -> str:
    """The search query a model writes for ``prompt``: its content words, at most ten."""
    words = rewrite(prompt).split()[:10]
    return " ".join(words) if words else prompt.strip()[:80] or "overview"


def _use(
    server: Context,
    hosted: Hosted,
    tool: Mapping[str, Any],
    choice: Any,
    query: str,
    prompt: str,
    item_id: ItemId,
    lenient: bool,
) -> None:
    kind = kind_of(tool)
    if kind == "web_search":
        hosted.items.append(
            {
                "id": item_id("web_search_call"),
                "type": "web_search_call",
                "status": "completed",
                "action": {"type": "search", "query": query},
            }
        )
        hosted.sources = web_sources(query, tool)
        size = str(tool.get("search_context_size") or "medium")
        hosted.output_tokens += text_tokens(query) + 4
        hosted.input_tokens += len(hosted.sources) * _CONTEXT_TOKENS.get(size, _CONTEXT_TOKENS["medium"])
    elif kind == "file_search":
        hosted.found = _file_search(server, tool, query, lenient)
        hosted.searched = query
        hosted.items.append(
            {
                "id": item_id("file_search_call"),
                "type": "file_search_call",
                "status": "completed",
                "queries": [query],
                "results": None,
            }
        )
        hosted.output_tokens += text_tokens(query) + 4
        hosted.input_tokens += sum(text_tokens(str(hit.get("text", ""))) for hit in hosted.found)
    elif kind == "code_interpreter":
        code = code_for(prompt)
        hosted.items.append(
            {
                "id": item_id("code_interpreter_call"),
                "type": "code_interpreter_call",
                "status": "completed",
                "code": code,
                "container_id": _container(server, tool),
                "outputs": None,
            }
        )
        hosted.logs = logs_of(code)
        hosted.output_tokens += text_tokens(code)
        hosted.input_tokens += text_tokens(hosted.logs)
    elif kind == "image_generation":
        hosted.items.append(image_call(server, tool, prompt, item_id("image_generation_call")))
        hosted.output_tokens += text_tokens(str(hosted.items[-1]["revised_prompt"])) + 4
    elif kind == "mcp":
        _mcp_use(server, hosted, tool, choice, query, item_id)
    elif kind == "computer":
        hosted.items.append(computer_call(server, tool, item_id("computer_call")))
        hosted.output_tokens += 12
        hosted.waiting = True


# --- file search ---------------------------------------------------------------------------------


def _file_search(server: Context, tool: Mapping[str, Any], query: str, lenient: bool) -> list[JsonObject]:
    """The store's own search (`vector_stores._search.search`) over the tool's stores, as results."""
    from ..vector_stores._search import search  # late: vector_stores._search imports the generic handlers

    store_ids = [str(store) for store in tool.get("vector_store_ids") or ()]
    known = server.backend.stores.get("/vector_stores") or {}
    for store in store_ids:
        if store not in known and not lenient:
            raise not_found_error("/vector_stores", store)  # the store's own 404 wording [U]
    options = tool.get("ranking_options")
    threshold = options.get("score_threshold") if isinstance(options, Mapping) else None
    limit = tool.get("max_num_results")
    filters = tool.get("filters")
    hits = search(
        server.backend,
        store_ids,
        query,
        limit=limit if isinstance(limit, int) and limit > 0 else _FILE_SEARCH_DEFAULT_RESULTS,
        threshold=float(threshold) if isinstance(threshold, (int, float)) else 0.0,
        filters=filters if isinstance(filters, Mapping) else None,
    )
    return [
        {
            "file_id": hit["file_id"],
            "filename": hit["filename"],
            "score": hit["score"],
            "attributes": hit["attributes"],
            "text": " ".join(part.get("text", "") for part in hit["content"]),
        }
        for hit in hits
    ]


# --- code interpreter ----------------------------------------------------------------------------


def _container(server: Context, tool: Mapping[str, Any]) -> str:
    """The tool's container: the id it names, or (``{"type": "auto"}``) a new one in the
    backend's containers, as the API makes one for the call ([U] its name and expiry)."""
    container = tool.get("container")
    if isinstance(container, str):
        return container
    backend = server.backend

    now = backend.clock.now()
    spec = container if isinstance(container, Mapping) else {}
    made: JsonObject = {
        "id": backend.new_id(SHAPES["container"]),
        "object": "container",
        "created_at": now,
        "name": "Code Interpreter container",
        "status": "running",
        "expires_after": {"anchor": "last_active_at", "minutes": 20},
        "last_active_at": now,
        "memory_limit": spec.get("memory_limit") or "1g",
    }
    collection(backend, "/containers").put(made)
    return str(made["id"])


# --- MCP -----------------------------------------------------------------------------------------


def _mcp_list(tool: Mapping[str, Any], item_id: ItemId) -> JsonObject:
    return {
        "id": item_id("mcp_list_tools"),
        "type": "mcp_list_tools",
        "server_label": tool.get("server_label"),
        "tools": mcp_tools(tool),
        "error": None,
    }


def _mcp_use(
    server: Context, hosted: Hosted, tool: Mapping[str, Any], choice: Any, query: str, item_id: ItemId
) -> None:
    listed = mcp_tools(tool)
    named = choice.get("name") if isinstance(choice, Mapping) and choice.get("type") == "mcp" else None
    chosen = next((t for t in listed if t["name"] == named), listed[0])
    arguments = mcp_arguments(server.backend.rng, chosen, query)
    hosted.output_tokens += text_tokens(arguments) + 4
    label = tool.get("server_label")
    if _needs_approval(tool.get("require_approval"), chosen["name"]):
        hosted.items.append(
            {
                "id": item_id("mcp_approval_request"),
                "type": "mcp_approval_request",
                "server_label": label,
                "name": chosen["name"],
                "arguments": arguments,
            }
        )
        hosted.waiting = True
        return
    hosted.items.append(_mcp_call(server, label, chosen["name"], arguments, None, item_id))
    hosted.input_tokens += text_tokens(str(hosted.items[-1]["output"]))


def _mcp_call(
    server: Context, label: Any, name: str, arguments: str, approval: str | None, item_id: ItemId
) -> JsonObject:
    return {
        "id": item_id("mcp_call"),
        "type": "mcp_call",
        "status": "completed",
        "server_label": label,
        "name": name,
        "arguments": arguments,
        "output": mcp_output(server.backend.rng, name, arguments),
        "error": None,
        "approval_request_id": approval,
    }


def _needs_approval(setting: Any, name: str) -> bool:
    """``require_approval``: ``"never"``, ``"always"``, or filters naming tools; a tool named by
    neither filter needs approval, the API's default ([U] for the mixed case)."""
    if setting == "never":
        return False
    if isinstance(setting, Mapping):
        never = setting.get("never")
        if isinstance(never, Mapping) and name in (never.get("tool_names") or ()):
            return False
    return True


def _approved_calls(
    server: Context,
    hosted: Hosted,
    offered: list[Any],
    inputs: list[Mapping[str, Any]],
    seen: Iterable[Mapping[str, Any]],
    item_id: ItemId,
    lenient: bool,
) -> None:
    """Each ``mcp_approval_response`` in the input: approved, the requested call is made now."""
    requests = {item.get("id"): item for item in seen if item.get("type") == "mcp_approval_request"}
    for answer in inputs:
        if answer.get("type") != "mcp_approval_response":
            continue
        request = requests.get(answer.get("approval_request_id"))
        if request is None:
            if lenient:
                continue
            # Wording [U]: the API refuses an answer to a request it never made.
            raise bad_request(
                f"No approval request found with id '{answer.get('approval_request_id')}'.", param="input"
            )
        if answer.get("approve") is True:
            call = _mcp_call(
                server,
                request.get("server_label"),
                str(request.get("name")),
                str(request.get("arguments")),
                str(request.get("id")),
                item_id,
            )
            hosted.items.append(call)
            hosted.input_tokens += text_tokens(str(call["output"]))


# --- include -------------------------------------------------------------------------------------

RESULTS = "file_search_call.results"
SOURCES = "web_search_call.action.sources"
OUTPUTS = "code_interpreter_call.outputs"


def included(server: Context, response: JsonObject, include: Any) -> JsonObject:
    """``response`` with the hosted items' extras that ``include`` asks for (a copy where
    anything changes): file search ``results``, web search ``action.sources``, code ``outputs``."""
    wanted = set(include) if isinstance(include, (list, tuple)) else set()
    output = response.get("output")
    if not wanted & {RESULTS, SOURCES, OUTPUTS} or not isinstance(output, list):
        return response
    tools = [tool for tool in response.get("tools") or () if isinstance(tool, Mapping)]
    shown = []
    for item in output:
        kind = item.get("type") if isinstance(item, Mapping) else None
        if kind == "file_search_call" and RESULTS in wanted:
            tool = next((t for t in tools if kind_of(t) == "file_search"), {})
            query = " ".join(str(q) for q in item.get("queries") or ())
            item = {**item, "results": _file_search(server, tool, query, lenient=True)}
        elif kind == "web_search_call" and SOURCES in wanted and isinstance(item.get("action"), Mapping):
            tool = next((t for t in tools if kind_of(t) == "web_search"), {})
            found = web_sources(str(item["action"].get("query") or ""), tool)
            item = {
                **item,
                "action": {**item["action"], "sources": [{"type": "url", "url": source.url} for source in found]},
            }
        elif kind == "code_interpreter_call" and OUTPUTS in wanted:
            item = {**item, "outputs": [{"type": "logs", "logs": logs_of(str(item.get("code") or ""))}]}
        shown.append(item)
    return {**response, "output": shown}


def without_included(item: JsonObject) -> None:
    """Drop, in place, what `included` adds: a stored item shows it only on request."""
    kind = item.get("type")
    if kind == "file_search_call":
        item["results"] = None
    elif kind == "code_interpreter_call":
        item["outputs"] = None
    elif kind == "web_search_call" and isinstance(item.get("action"), dict):
        item["action"].pop("sources", None)
