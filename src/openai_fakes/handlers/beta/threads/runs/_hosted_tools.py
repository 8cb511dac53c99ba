"""The hosted tools of an Assistants run: ``file_search`` and ``code_interpreter``.

`_engine` asks `plan` which hosted calls a run makes before it answers; each becomes a
``tool_calls`` run step (``step_…``, one ``call_…`` each) ahead of the ``message_creation`` step.

When a run calls them (deterministic rules, docs/assistants.md "Hosted tools"):

* ``tool_choice`` ``"none"`` or a function: no hosted call. ``{"type": "file_search"}`` /
  ``{"type": "code_interpreter"}``: that tool, if the run has it. ``"required"`` with no function
  tools: ``file_search`` if the run has it, else ``code_interpreter``. ``"auto"`` (the default):
* ``file_search`` when the run's vector stores hold at least one file and the last user message is
  a question (it ends with ``?`` or opens with a question word: what, how, does, ...);
* ``code_interpreter`` when the last user message asks for a computation: an arithmetic expression
  (``12 * (3 + 4)``), or a computing word (sum, average, ...) with at least two numbers.

A file search is the store's real search (`vector_stores._search.search`, over the stores of the
assistant, or of ``create_and_run``'s ``tool_resources``, and of the thread), with the query the
user's last message, ``max_num_results`` and ``score_threshold`` from the tool's ``file_search``
options. Its answer quotes the best sentence of each of the best (up to three) results, each
followed by its ``【n:i†source】`` marker (i: the result's index), which the message's
``file_citation`` annotation spans exactly. A code interpreter call runs a small, safe evaluator
over the expression, so ``input`` is Python that computes it and ``outputs`` its printed value.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ....._sim.text_search import terms
from ....._sim.tokens import text_tokens
from ....._state.collection import JsonObject, json_copy
from ....vector_stores._search import search

if TYPE_CHECKING:
    from ....._control.context import Context

FILE_SEARCH_CONTENT = "step_details.tool_calls[*].file_search.results[*].content"
"""The one ``include`` value run steps take: with it, file search results carry their text."""

# The ranker a step reports when the tool asked for ``auto`` (a recorded stream shows this one, [3P]).
_DEFAULT_RANKER = "default_2024_08_21"
_CITED_RESULTS = 3
_QUOTE_WORDS = 40
_QUESTION_WORDS = frozenset(
    """what whats what's how why when where which who whom whose is are am was were do does did can
    could should would will shall may might has have had tell explain describe list summarize
    summarise find show give""".split()
)
_EXPRESSION = re.compile(r"[-+(]*\s*\d[\d.,]*(?:\s*(?:\*\*|[-+*/^%×÷x])\s*[-+(]*\s*\d[\d.,]*\s*\)*)+")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass
class HostedCall:
    """One hosted tool call the run will show as a step."""

    call: JsonObject
    """The stored tool call (``file_search`` results hold their ``content``)."""
    output_tokens: int
    """What the model reads back (results' text, logs): part of the answer's prompt."""
    completion_tokens: int
    """What the model wrote to call the tool."""


@dataclass
class Citation:
    marker: str
    file_id: str


@dataclass
class Plan:
    calls: list[HostedCall] = field(default_factory=list)
    lead: str | None = None
    """Text the answer starts with (quotes of the files with their markers, or a computed result)."""
    citations: list[Citation] = field(default_factory=list)


# --- when a run calls a hosted tool -------------------------------------------------------------


def is_question(prompt: str) -> bool:
    text = prompt.strip()
    if text.endswith("?"):
        return True
    first = re.match(r"[^\W\d_]+(?:'[a-z]+)?", text.casefold())
    return first is not None and first.group() in _QUESTION_WORDS


def tool_types(tools: Any) -> list[str]:
    return [str(t.get("type")) for t in tools or () if isinstance(t, Mapping)]


def plan(
    server: Context,
    run: Mapping[str, Any],
    prompt: str,
    *,
    store_ids: Sequence[str],
    function_tools: bool,
    context_messages: int,
    call_id: Callable[[], str],
) -> Plan:
    """The hosted calls a run makes before it answers ``prompt`` (none, one or both tools)."""
    kinds = tool_types(run.get("tools"))
    choice = run.get("tool_choice") or "auto"
    wanted: list[str] = []
    if isinstance(choice, Mapping):
        forced = choice.get("type")
        if forced in ("file_search", "code_interpreter") and forced in kinds:
            wanted.append(str(forced))
    elif choice == "required":
        if not function_tools:
            wanted += (
                ["file_search"]
                if "file_search" in kinds
                else ["code_interpreter"]
                if "code_interpreter" in kinds
                else []
            )
    elif choice == "auto":
        if "file_search" in kinds and is_question(prompt) and _has_files(server, store_ids):
            wanted.append("file_search")
        if "code_interpreter" in kinds and computation(prompt) is not None:
            wanted.append("code_interpreter")
    result = Plan()
    for kind in wanted:
        if kind == "file_search":
            _file_search(server, run, prompt, store_ids, context_messages, call_id(), result)
        else:
            _code_interpreter(prompt, call_id(), result)
    return result


def _has_files(server: Context, store_ids: Sequence[str]) -> bool:
    stores = server.backend.stores
    return any(stores.get(f"/vector_stores/{store_id}/files") for store_id in store_ids)


# --- file_search ----------------------------------------------------------------------------


def _tool_options(run: Mapping[str, Any]) -> Mapping[str, Any]:
    for tool in run.get("tools") or ():
        if (
            isinstance(tool, Mapping)
            and tool.get("type") == "file_search"
            and isinstance(tool.get("file_search"), Mapping)
        ):
            options: Mapping[str, Any] = tool["file_search"]
            return options
    return {}


def _file_search(
    server: Context,
    run: Mapping[str, Any],
    prompt: str,
    store_ids: Sequence[str],
    context_messages: int,
    call_id: str,
    plan: Plan,
) -> None:

    options = _tool_options(run)
    ranking = options.get("ranking_options") if isinstance(options.get("ranking_options"), Mapping) else {}
    assert isinstance(ranking, Mapping)
    threshold = float(ranking.get("score_threshold") or 0.0)
    ranker = ranking.get("ranker")
    model = str(run.get("model") or "")
    # The tool's default: 20 results for gpt-4* models, 5 for gpt-3.5-turbo (SDK FileSearchTool).
    default_limit = 5 if model.startswith("gpt-3.5") else 20
    limit = options.get("max_num_results")
    limit = limit if isinstance(limit, int) and 1 <= limit <= 50 else default_limit
    found = search(server.backend, list(store_ids), prompt, limit=limit, threshold=threshold)
    results = [
        {"file_id": r["file_id"], "file_name": r["filename"], "score": r["score"], "content": json_copy(r["content"])}
        for r in found
    ]
    plan.calls.append(
        HostedCall(
            call={
                "id": call_id,
                "type": "file_search",
                "file_search": {
                    "ranking_options": {
                        "ranker": ranker if ranker not in (None, "auto") else _DEFAULT_RANKER,
                        "score_threshold": threshold,
                    },
                    "results": results,
                },
            },
            output_tokens=sum(text_tokens(part["text"]) for r in results for part in r["content"]),
            completion_tokens=text_tokens(prompt) + 3,
        )
    )
    # The model sees the results as one tool message after the conversation and its own call:
    # markers count messages that way ([U]: the API's first number; 【4:0†source】 is the common one).
    _quote(results, prompt, context_messages + 2, plan)


def _quote(results: Sequence[Mapping[str, Any]], prompt: str, message_index: int, plan: Plan) -> None:
    """The answer's lead: the best sentence of each of the best results, each with its marker."""
    quotes: list[str] = []
    for index, result in enumerate(results):
        if len(quotes) == _CITED_RESULTS:
            break
        content = result.get("content") or [{"text": ""}]
        quote = best_sentence(str(content[0].get("text") or ""), prompt)
        if not quote or any(quote in q for q in quotes):
            continue  # overlapping chunks: the same sentence is quoted once
        marker = f"【{message_index}:{index}†source】"
        quotes.append(quote + marker)
        plan.citations.append(Citation(marker, str(result["file_id"])))
    if quotes:
        plan.lead = " ".join(quotes)


def best_sentence(text: str, query: str) -> str:
    """The sentence of ``text`` that shares most words with ``query`` (the first on a tie), at
    most 40 words, ending in punctuation."""
    wanted = set(terms(query))
    best, best_score = "", -1
    for sentence in _SENTENCE_END.split(" ".join(text.split())):
        score = len(wanted & set(terms(sentence)))
        if sentence and score > best_score:
            best, best_score = sentence, score
    words = best.split()
    if len(words) > _QUOTE_WORDS:
        best = " ".join(words[:_QUOTE_WORDS])
    best = best.rstrip(",;:")
    return best if not best or best[-1] in ".!?" else best + "."


def strip_content(call: Mapping[str, Any]) -> JsonObject:
    """A file search call as the API shows it without the ``include``: results without text."""
    shown: JsonObject = json_copy(dict(call))
    for result in (shown.get("file_search") or {}).get("results") or ():
        result.pop("content", None)
    return shown


def shown_step(step: JsonObject, include: Any) -> JsonObject:
    """A stored step as a request sees it: file search results' ``content`` only if included."""
    if _included(include):
        return step
    details = step.get("step_details") or {}
    calls = details.get("tool_calls") or ()
    if not any(c.get("type") == "file_search" for c in calls):
        return step
    shown = dict(step)
    shown["step_details"] = {
        **details,
        "tool_calls": [strip_content(c) if c.get("type") == "file_search" else c for c in calls],
    }
    return shown


def _included(include: Any) -> bool:
    if isinstance(include, str):
        return include == FILE_SEARCH_CONTENT
    return isinstance(include, (list, tuple)) and FILE_SEARCH_CONTENT in include


def wants_content(include: Any) -> bool:
    return _included(include)


# --- code_interpreter ---------------------------------------------------------------------------


@dataclass
class Computation:
    code: str
    value: str


_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.FloorDiv: operator.floordiv,
}
_WORDS: tuple[tuple[str, str, Callable[[list[float]], float]], ...] = (
    ("average", "sum(values) / len(values)", lambda v: sum(v) / len(v)),
    ("mean", "sum(values) / len(values)", lambda v: sum(v) / len(v)),
    ("sum", "sum(values)", sum),
    ("total", "sum(values)", sum),
    ("add", "sum(values)", sum),
    ("product", "math.prod(values)", math.prod),
    ("multiply", "math.prod(values)", math.prod),
    ("maximum", "max(values)", max),
    ("largest", "max(values)", max),
    ("minimum", "min(values)", min),
    ("smallest", "min(values)", min),
)


def computation(prompt: str) -> Computation | None:
    """The computation a prompt asks for: an arithmetic expression, or a computing word over at
    least two numbers; ``None`` for a prompt that asks for none."""
    for match in sorted(_EXPRESSION.finditer(prompt), key=lambda m: -len(m.group())):
        if _DATE.fullmatch(match.group().strip()):
            continue  # 2024-05-01 is a date, not a subtraction
        source = _python(match.group())
        value = _evaluate(source)
        if value is not None:
            return Computation(f"result = {source}\nprint(result)", _show(value))
    lowered = prompt.casefold()
    numbers = [float(n) for n in _NUMBER.findall(prompt.replace(",", ""))]
    if len(numbers) >= 2:
        for word, expression, function in _WORDS:
            if re.search(rf"\b{word}", lowered):
                values = ", ".join(_show(n) for n in numbers)
                imports = "import math\n" if "math." in expression else ""
                return Computation(f"{imports}values = [{values}]\nprint({expression})", _show(function(numbers)))
    return None


def _python(expression: str) -> str:
    text = expression.strip().replace("×", "*").replace("÷", "/").replace("^", "**")
    text = re.sub(r"(?<=\d)\s*x\s*(?=\d)", " * ", text)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # thousands separators
    # Balance what the prose cut off (an opening bracket the match took without its close).
    text = text.rstrip("+-*/% ")
    text += ")" * max(0, text.count("(") - text.count(")"))
    text = text.lstrip(")")
    return " ".join(text.split())


def _evaluate(source: str) -> float | int | None:
    try:
        tree = ast.parse(source, mode="eval")
        if not isinstance(tree.body, (ast.BinOp,)):
            return None
        value = _node(tree.body)
    except (SyntaxError, ValueError, ZeroDivisionError, OverflowError, TypeError):
        return None
    return value if isinstance(value, (int, float)) and not isinstance(value, complex) else None


def _node(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _node(node.operand)
        return -inner if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _node(node.left), _node(node.right)
        if isinstance(node.op, ast.Pow) and (abs(right) > 64 or abs(left) > 10**6):
            raise ValueError("too large to show")
        return _BINARY[type(node.op)](left, right)
    raise ValueError("not arithmetic")


def _show(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return repr(round(value, 10))
    return str(value)


def _code_interpreter(prompt: str, call_id: str, plan: Plan) -> None:
    found = computation(prompt)
    if found is None:  # forced with nothing to compute: the model looks at the question itself
        words = len(prompt.split())
        found = Computation(f"text = {prompt!r}\nprint(len(text.split()))", str(words))
        lead = f"The message has {words} words."
    else:
        lead = f"The result is {found.value}."
    plan.calls.append(
        HostedCall(
            call={
                "id": call_id,
                "type": "code_interpreter",
                "code_interpreter": {"input": found.code, "outputs": [{"type": "logs", "logs": found.value}]},
            },
            output_tokens=text_tokens(found.value),
            completion_tokens=text_tokens(found.code),
        )
    )
    plan.lead = lead if plan.lead is None else f"{plan.lead} {lead}"


# --- the answer -----------------------------------------------------------------------------


def citation_annotations(text: str, citations: Sequence[Citation]) -> list[dict[str, Any]]:
    """The ``file_citation`` annotations of the markers ``text`` still holds, in order."""
    found: list[dict[str, Any]] = []
    position = 0
    for citation in citations:
        start = text.find(citation.marker, position)
        if start < 0:
            continue  # cut off with the answer (max_completion_tokens)
        end = start + len(citation.marker)
        found.append(
            {
                "type": "file_citation",
                "text": citation.marker,
                "start_index": start,
                "end_index": end,
                "file_citation": {"file_id": citation.file_id},
            }
        )
        position = end
    return found


def citations_of(steps: Sequence[Mapping[str, Any]], prompt: str, context_messages: int) -> Plan:
    """The answer a resumed run (after function outputs) gives from the file searches it made."""
    result = Plan()
    for step in steps:
        for call in (step.get("step_details") or {}).get("tool_calls") or ():
            if call.get("type") == "file_search":
                _quote((call.get("file_search") or {}).get("results") or (), prompt, context_messages + 2, result)
    return result
