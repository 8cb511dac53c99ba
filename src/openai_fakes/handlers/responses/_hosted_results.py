"""What the hosted tools find and make, and how the model's message cites it: pure functions of
their inputs (and of the backend's RNG where the model would choose), so a stored item's extras
can be shown again on a later ``include``.

* web search: three sources on reserved example domains (RFC 2606; the tool's
  ``filters.allowed_domains`` when given), cited in the text the way the API's answers cite them:
  a markdown link in parentheses after a sentence, ``([domain](url))``, spanned by a
  ``url_citation`` whose URL carries ``?utm_source=openai`` ([U] seen in real answers);
* file search: one sentence per file found, quoting its best chunk, with a ``file_citation`` at the
  sentence's end (``index`` = where the API would put the citation marker);
* code interpreter: a few lines of Python over the numbers in the prompt (or its words), and the
  logs that code prints, worked out here; nothing is executed;
* image generation: a real image from the image endpoint's own drawing code (`images`);
* MCP: a tool list (``search``, ``fetch``, ``ask_question``, or what ``allowed_tools`` names) with
  input schemas, arguments that fit them, and a short output;
* computer use: one action inside the display.
"""

from __future__ import annotations

import ast
import base64
import json
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..._sim.schema_data import data_for_schema
from ..._sim.text import paragraph, title, words
from ..._sim.text import sentence as english_sentence
from ..._state.collection import JsonObject

if TYPE_CHECKING:
    from ..._control.context import Context


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    domain: str


_SITES = (
    ("www.example.com", "articles", "What to know"),
    ("news.example.org", "reports", "Latest coverage"),
    ("docs.example.net", "guides", "A practical guide"),
)


def sources(query: str, tool: Mapping[str, Any]) -> list[Source]:
    """The pages a web search for ``query`` finds: the same query, the same pages."""
    filters = tool.get("filters")
    allowed = [str(d) for d in (filters.get("allowed_domains") or ()) if d] if isinstance(filters, Mapping) else []
    words = re.findall(r"[a-z0-9]+", query.casefold())[:6]
    slug = "-".join(words) or "overview"
    topic = " ".join(word.capitalize() for word in words) or "Overview"
    found = []
    for index, (host, section, suffix) in enumerate(_SITES):
        if allowed:
            host = re.sub(r"^https?://", "", allowed[index % len(allowed)]).strip("/")
        url = f"https://{host}/{section}/{slug}?utm_source=openai"
        found.append(Source(url, f"{topic}: {suffix}", host.removeprefix("www.")))
    return found


def cite_sources(text: str, found: Sequence[Source]) -> tuple[str, list[JsonObject]]:
    """``text`` with a ``([domain](url))`` link after each of its first sentences (the rest after
    the last one), and the ``url_citation`` spanning each link."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip()) if text.strip() else [""]
    out = ""
    annotations: list[JsonObject] = []
    for index, sentence in enumerate(sentences):
        out = f"{out} {sentence}" if out else sentence
        cited = list(found[index : index + 1])
        if index == len(sentences) - 1:
            cited += found[len(sentences) :]
        for source in cited:
            out += " " if out else ""
            start = len(out)
            out += f"([{source.domain}]({source.url}))"
            annotations.append(
                {
                    "type": "url_citation",
                    "start_index": start,
                    "end_index": len(out),
                    "url": source.url,
                    "title": source.title,
                }
            )
    return out, annotations


def cite_files(text: str, found: Sequence[Mapping[str, Any]], query: str) -> tuple[str, list[JsonObject]]:
    """``text`` followed by a sentence quoting each file found (best first, at most three), each
    cited at its end; a model that found nothing says so."""
    if not found:
        return f'I could not find anything about "{query}" in the files provided.', []
    out = text.rstrip()
    annotations: list[JsonObject] = []
    seen: set[str] = set()
    for hit in found:
        file_id = str(hit.get("file_id"))
        if file_id in seen or len(seen) == 3:
            continue
        seen.add(file_id)
        filename = str(hit.get("filename") or "the file")
        out += f' According to {filename}, "{_snippet(str(hit.get("text", "")))}."'
        annotations.append({"type": "file_citation", "file_id": file_id, "filename": filename, "index": len(out)})
    return out, annotations


def _snippet(chunk: str, limit: int = 30) -> str:
    words = chunk.split()
    first = []
    for word in words[:limit]:
        first.append(word)
        if word.endswith((".", "!", "?")) and len(first) >= 6:
            break
    return " ".join(first).rstrip(".!?,;:").replace('"', "'")


# --- code interpreter ----------------------------------------------------------------------------

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def code_for(prompt: str) -> str:
    """Python a model would write for ``prompt``: sum and mean of its numbers, else its word count."""
    numbers = [float(n) if "." in n else int(n) for n in _NUMBER.findall(prompt)[:8]]
    if numbers:
        return f'values = {numbers!r}\ntotal = sum(values)\nmean = total / len(values)\nprint(f"total={{total}}, mean={{mean:.4g}}")\n'
    text = " ".join(prompt.split())[:120]
    return f'text = {text!r}\nwords = text.split()\nprint(f"{{len(words)}} words, {{len(text)}} characters")\n'


def logs_of(code: str) -> str:
    """What `code_for`'s code prints (read back with ``ast.literal_eval``, never run); empty for
    code of any other shape."""
    try:
        values = re.match(r"values = (\[[^\n]*\])\n", code)
        if values:
            numbers = ast.literal_eval(values.group(1))
            if numbers and all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers):
                total = sum(numbers)
                return f"total={total}, mean={total / len(numbers):.4g}\n"
        text = re.match(r"text = ([^\n]*)\n", code)
        if text:
            value = ast.literal_eval(text.group(1))
            if isinstance(value, str):
                return f"{len(value.split())} words, {len(value)} characters\n"
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        pass
    return ""


# --- image generation ----------------------------------------------------------------------------

_ASK = re.compile(
    r"^\s*(please\s+)?(draw|generate|create|make|paint|sketch|render|design)(\s+me)?\s+((an?\s+|the\s+)?(image|picture|illustration|drawing|photo)\s+of\s+)?",
    re.IGNORECASE,
)
_LOOKS = (
    "in a clean, modern illustration style with soft lighting",
    "rendered with vivid colours and crisp detail",
    "as a minimalist flat design on a plain background",
    "in a warm, painterly style with natural light",
)
_IMAGE_OPTIONS = ("model", "size", "quality", "background", "output_format", "output_compression", "partial_images")


def image_request(tool: Mapping[str, Any], prompt: str) -> Any:
    from ..images import tool_request  # late: images imports the generic handlers

    return tool_request({"prompt": prompt, **{key: tool.get(key) for key in _IMAGE_OPTIONS}})


def image_call(server: Context, tool: Mapping[str, Any], prompt: str, item_id: str) -> JsonObject:
    """An ``image_generation_call`` whose ``result`` is a real image of the tool's format and size."""
    subject = _ASK.sub("", " ".join(prompt.split())).rstrip(".!? ") or "an abstract composition of simple shapes"
    revised = f"{subject[0].upper()}{subject[1:]}, {server.backend.rng.choice(_LOOKS)}."
    request = image_request(tool, revised)
    return {
        "id": item_id,
        "type": "image_generation_call",
        "status": "completed",
        "action": "generate",
        "result": base64.b64encode(request.image(0)).decode("ascii"),
        "revised_prompt": revised,
        "size": request.size,
        "quality": request.quality,
        "background": request.background,
        "output_format": request.output_format,
    }


def partial_images(tool: Mapping[str, Any], item: Mapping[str, Any]) -> list[str]:
    """The previews a stream sends before ``item``'s image (``partial_images``, at most 3): the
    same picture with its subject fading in."""
    request = image_request(tool, str(item.get("revised_prompt") or ""))
    count = request.partial_images
    return [base64.b64encode(request.image(0, (n + 1) / (count + 1))).decode("ascii") for n in range(count)]


# --- MCP -----------------------------------------------------------------------------------------


def mcp_tools(tool: Mapping[str, Any]) -> list[JsonObject]:
    """What the server lists: three tools, or those ``allowed_tools`` names (unknown names get a
    one-string ``query`` schema)."""
    label = str(tool.get("server_label") or "the server")
    catalogue: list[JsonObject] = [
        _mcp_tool(
            "search",
            f"Search {label} for documents that match a query.",
            {"query": _string("What to look for."), "limit": {"type": "integer", "minimum": 1, "maximum": 20}},
            ["query"],
        ),
        _mcp_tool("fetch", f"Fetch one {label} document by its id.", {"id": _string("The document id.")}, ["id"]),
        _mcp_tool(
            "ask_question",
            f"Ask {label} a question and get an answer grounded in its content.",
            {"question": _string("The question.")},
            ["question"],
        ),
    ]
    allowed = tool.get("allowed_tools")
    names = allowed.get("tool_names") if isinstance(allowed, Mapping) else allowed
    if not isinstance(names, list) or not names:
        return catalogue
    known = {str(entry["name"]): entry for entry in catalogue}
    return [
        known.get(str(name))
        or _mcp_tool(str(name), f"{name} on {label}.", {"query": _string("The request.")}, ["query"])
        for name in names
    ]


def _string(description: str) -> JsonObject:
    return {"type": "string", "description": description}


def _mcp_tool(name: str, description: str, properties: JsonObject, required: list[str]) -> JsonObject:
    schema = {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
    return {"name": name, "description": description, "input_schema": schema, "annotations": {"read_only": True}}


def mcp_arguments(rng: random.Random, listed: Mapping[str, Any], query: str) -> str:
    """Arguments valid for the listed tool's ``input_schema``; its text field carries the query."""
    schema = listed.get("input_schema")
    arguments = data_for_schema(
        schema if isinstance(schema, Mapping) else {"type": "object"}, random.Random(rng.getrandbits(32))
    )
    properties = schema.get("properties") if isinstance(schema, Mapping) else None
    if isinstance(arguments, dict) and isinstance(properties, Mapping):
        for key in ("query", "question", "q"):
            if isinstance(properties.get(key), Mapping) and properties[key].get("type") == "string":
                arguments[key] = query
    return json.dumps(arguments)


def mcp_output(rng: random.Random, name: str, arguments: str) -> str:
    """A short answer from the server: search results as JSON, otherwise prose."""
    if name == "search":
        hits = [
            {"id": f"doc-{rng.randrange(1000, 9999)}", "title": title(rng), "snippet": english_sentence(rng)}
            for _ in range(2)
        ]
        return json.dumps({"results": hits})
    return paragraph(rng, sentences=2)


# --- computer use --------------------------------------------------------------------------------


def computer_call(server: Context, tool: Mapping[str, Any], item_id: str) -> JsonObject:
    """A ``computer_call`` the client performs: one action, its point inside the display."""
    backend = server.backend
    rng = backend.rng
    width, height = _dimension(tool.get("display_width"), 1024), _dimension(tool.get("display_height"), 768)
    x, y = rng.randrange(width), rng.randrange(height)
    action: JsonObject = rng.choice(
        [
            {"type": "screenshot"},
            {"type": "click", "button": "left", "x": x, "y": y},
            {"type": "scroll", "x": x, "y": y, "scroll_x": 0, "scroll_y": rng.choice((-400, -200, 200, 400))},
            {"type": "type", "text": words(rng, 3)},
        ]
    )
    return {
        "id": item_id,
        "type": "computer_call",
        "status": "completed",
        "call_id": backend.id_for_kind("call"),
        "action": action,
        "pending_safety_checks": [],
    }


def _dimension(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default
