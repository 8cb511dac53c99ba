"""``client.evals.runs``: a run grades its eval's data source by the eval's testing criteria.

The run objects live in the generic store (``/evals/{eval_id}/runs``: retrieve, list, update,
delete, cancel; a run below an eval the fake does not hold is the generic 404 in strict mode).
This area adds what the store alone cannot:

* a run moves ``queued`` -> ``in_progress`` -> ``completed`` on ``fake.lifecycle``
  (`_state.lifecycle`); ``evals.runs.cancel`` ends an unfinished run ``canceled``;
* on ``completed`` each data item is graded: its rows come from a ``file_content`` source or the
  JSONL file a ``file_id`` names (``{"item": ..., "sample": ...}`` per line); a ``completions`` or
  ``responses`` data source first samples each item with the fake's own chat / responses route
  (scripts included, as batch lines are), its ``input_messages`` template filled from the item;
* graders and templates are `_graders`' (``string_check`` exactly as the API documents it,
  ``text_similarity`` with a simple, documented score, every other grader type a pass);
* ``result_counts``, ``per_testing_criteria_results`` and ``per_model_usage`` are computed from the
  graded items, one output item per data item, which `output_items` serves.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...._core.exchange import Exchange
from ...._state.blobs import get_bytes
from ...._state.collection import JsonObject, json_copy
from ...._state.lifecycle import Lifecycle, Lifecycles, Step
from ..._base.router import Router
from ..._base.stateful import collection, on_store
from ...batches import answer_line
from ..evals import EVALS
from ._graders import grade, lookup, render

if TYPE_CHECKING:
    from ...._control.context import Context

RUNS = "/evals/{eval_id}/runs"
EVAL_RUN = Lifecycle(
    "eval.run",
    path=(Step("queued"), Step("in_progress"), Step("completed")),
    cancel=(Step("canceled"),),
    endings=(Step("failed"),),
    error_field="error",
)
_NO_ERROR = {"code": "", "message": ""}  # the SDK declares ``error`` an object, never null [U]


def start_run(server: Context, exchange: Exchange, run: JsonObject) -> None:
    """``evals.runs.create`` (an `on_store` hook, before the store keeps ``run``)."""
    backend = server.backend
    eval_id = exchange.path_params.get("eval_id", "")
    body = exchange.fields
    source = json_copy(body.get("data_source")) if isinstance(body.get("data_source"), Mapping) else {}
    model = source.get("model") if isinstance(source.get("model"), str) else ""
    run.update(
        object="eval.run",
        eval_id=eval_id,
        created_at=backend.clock.now(),
        name=body.get("name") if isinstance(body.get("name"), str) else model,
        model=model,
        data_source=source,
        metadata=json_copy(body.get("metadata")) if isinstance(body.get("metadata"), Mapping) else {},
        report_url=f"https://platform.openai.com/evaluations/{eval_id}?run_id={run['id']}",
        result_counts={"total": 0, "errored": 0, "failed": 0, "passed": 0},
        # Observed as null until the run completes; the SDK declares lists and an error object.
        per_model_usage=[],
        per_testing_criteria_results=[],
        error=dict(_NO_ERROR),
    )
    stored_eval = backend.stores.get(EVALS, {}).get(eval_id) or {}
    criteria = [c for c in stored_eval.get("testing_criteria") or [] if isinstance(c, Mapping)]
    grading = _RunGrading(server, eval_id, run["id"], source, criteria)
    Lifecycles.of(backend).track(EVAL_RUN, f"{EVALS}/{eval_id}/runs", run["id"], obj=run, on_enter=grading.enter)


class _RunGrading:
    """What one run does on entering each status: on ``completed``, sample and grade every item."""

    def __init__(
        self, server: Context, eval_id: str, run_id: str, source: JsonObject, criteria: list[Mapping[str, Any]]
    ) -> None:
        self.server = server
        self.eval_id = eval_id
        self.run_id = run_id
        self.source = source
        self.criteria = criteria
        rng = server.backend.rng
        # The API names each criterion's results "<name>-<uuid>" (observed).
        self.labels = [
            f"{c.get('name', c.get('type'))}-{uuid.UUID(int=rng.getrandbits(128), version=4)}" for c in criteria
        ]

    def enter(self, run: JsonObject, status: str, now: int) -> None:
        if status == "in_progress":
            run["result_counts"]["total"] = len(_rows(self.server, self.source))
        elif status == "completed":
            self._grade_all(run, now)

    def _grade_all(self, run: JsonObject, now: int) -> None:
        backend = self.server.backend
        items = collection(backend, f"{EVALS}/{self.eval_id}/runs/{self.run_id}/output_items")
        counts = Counter[str]()
        per_criterion = [Counter[str]() for _ in self.criteria]
        usage: dict[str, Counter[str]] = {}
        for index, row in enumerate(_rows(self.server, self.source)):
            item = _mapping(row.get("item"))
            sample, error = self._sample(item, row.get("sample"), usage)
            results: list[JsonObject] = []
            if error is None:
                names = {"item": item, "sample": sample["namespace"]}
                results = [grade(criterion, names) for criterion in self.criteria]
                for tally, result in zip(per_criterion, results):
                    tally["passed" if result["passed"] else "failed"] += 1
            passed = error is None and all(result["passed"] for result in results)
            counts["errored" if error is not None else "passed" if passed else "failed"] += 1
            items.put(
                {
                    "id": backend.id_for_kind("eval.run.output_item"),
                    "object": "eval.run.output_item",
                    "created_at": now,
                    "eval_id": self.eval_id,
                    "run_id": self.run_id,
                    "status": "pass" if passed else "fail",
                    "datasource_item_id": index,
                    "datasource_item": json_copy(item),
                    "results": results,
                    "sample": sample["shown"],
                }
            )
        run["result_counts"] = {
            "total": sum(counts.values()),
            "errored": counts["errored"],
            "failed": counts["failed"],
            "passed": counts["passed"],
        }
        run["per_testing_criteria_results"] = [
            {"testing_criteria": label, "passed": tally["passed"], "failed": tally["failed"]}
            for label, tally in zip(self.labels, per_criterion)
        ]
        run["per_model_usage"] = [
            {
                "model_name": name,
                "invocation_count": used["invocations"],
                "prompt_tokens": used["prompt"],
                "completion_tokens": used["completion"],
                "total_tokens": used["prompt"] + used["completion"],
                "cached_tokens": used["cached"],
            }
            for name, used in usage.items()
        ]

    def _sample(self, item: Mapping[str, Any], given: Any, usage: dict[str, Counter[str]]) -> tuple[JsonObject, Any]:
        """(``{"namespace": what {{sample.*}} reads, "shown": the output item's sample}``, error)."""
        kind = self.source.get("type")
        if kind not in ("completions", "responses"):
            namespace = dict(given) if isinstance(given, Mapping) else {}
            text = namespace.get("output_text")
            output = [{"role": "assistant", "content": text}] if isinstance(text, str) else []
            shown = _shown_sample(
                dict(_NO_ERROR),
                "stop" if output else "",
                [],
                output,
                str(self.source.get("model") or ""),
                Counter[str](),
                {},
            )
            return {"namespace": namespace, "shown": shown}, None
        messages = _messages(self.source.get("input_messages"), item)
        params = _mapping(self.source.get("sampling_params"))
        model = str(self.source.get("model") or "gpt-4o-mini")
        status, reply = answer_line(self.server, _request(str(kind), model, messages, params))
        if status >= 400 or not isinstance(reply, Mapping):
            error = reply.get("error") if isinstance(reply, Mapping) else None
            error = {
                "code": str((error or {}).get("code") or "server_error"),
                "message": str((error or {}).get("message") or ""),
            }
            shown = _shown_sample(error, "", messages, [], model, Counter[str](), params)
            return {"namespace": {}, "shown": shown}, error
        text, finish = _reply_text(str(kind), reply)
        used = _usage(reply)
        name = str(reply.get("model") or model)
        tally = usage.setdefault(name, Counter[str]())
        tally.update(used)
        tally["invocations"] += 1
        output = [{"role": "assistant", "content": text}]
        namespace = {"output_text": text, "model": name, "finish_reason": finish}
        return {
            "namespace": namespace,
            "shown": _shown_sample(dict(_NO_ERROR), finish, messages, output, name, used, params),
        }, None


def _shown_sample(
    error: Any,
    finish: str,
    messages: list[JsonObject],
    output: list[JsonObject],
    model: str,
    used: Counter[str],
    params: Mapping[str, Any],
) -> JsonObject:
    def number(name: str, default: Any) -> Any:
        value = params.get(name)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else default

    return {
        "error": error,
        "finish_reason": finish,
        "input": [{"role": m["role"], "content": m["content"]} for m in messages],
        "output": output,
        "model": model,
        "usage": {
            "prompt_tokens": used["prompt"],
            "completion_tokens": used["completion"],
            "total_tokens": used["prompt"] + used["completion"],
            "cached_tokens": used["cached"],
        },
        "max_completion_tokens": number("max_completion_tokens", 0),  # unset: 0 [U]
        "seed": number("seed", 0),
        "temperature": number("temperature", 1.0),
        "top_p": number("top_p", 1.0),
    }


def _rows(server: Context, source: Mapping[str, Any]) -> list[JsonObject]:
    """The data source's rows, each ``{"item": ..., "sample": ...}``."""
    inner = _mapping(source.get("source"))
    if inner.get("type") == "file_content" and isinstance(inner.get("content"), list):
        return [row for row in inner["content"] if isinstance(row, dict)]
    if inner.get("type") == "file_id" and isinstance(inner.get("id"), str):
        content = get_bytes(server.backend, inner["id"])
        rows = []
        for line in (content or b"").decode("utf-8", errors="replace").splitlines():
            try:
                value = json.loads(line) if line.strip() else None
            except json.JSONDecodeError:
                continue
            if isinstance(value, dict):
                rows.append(value if isinstance(value.get("item"), dict) else {"item": value})
        return rows
    return []  # stored_completions / responses queries: the fake keeps no logs to select from


def _messages(input_messages: Any, item: Mapping[str, Any]) -> list[JsonObject]:
    """The model input: a template filled from the item, or the item's own messages."""
    if not isinstance(input_messages, Mapping):
        return []
    if input_messages.get("type") == "item_reference":
        found = lookup({"item": item}, str(input_messages.get("item_reference")))
        listed = found if isinstance(found, list) else []
        return [
            {"role": str(m.get("role", "user")), "content": render(_flat(m.get("content")), {"item": item})}
            for m in listed
            if isinstance(m, Mapping)
        ]
    template = input_messages.get("template")
    return [
        {"role": str(m.get("role", "user")), "content": render(_flat(m.get("content")), {"item": item})}
        for m in (template if isinstance(template, list) else [])
        if isinstance(m, Mapping)
    ]


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _flat(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        return str(content.get("text") or "")
    if isinstance(content, list):
        return "".join(_flat(part) for part in content)
    return ""


def _request(kind: str, model: str, messages: list[JsonObject], params: Mapping[str, Any]) -> JsonObject:
    if kind == "completions":
        body: JsonObject = {"model": model, "messages": messages}
        for name in (
            "max_completion_tokens",
            "seed",
            "temperature",
            "top_p",
            "response_format",
            "tools",
            "reasoning_effort",
        ):
            if params.get(name) is not None:
                body[name] = json_copy(params[name])
        return {"url": "/v1/chat/completions", "body": body}
    body = {"model": model, "input": messages}
    for name, field in (
        ("max_completion_tokens", "max_output_tokens"),
        ("temperature", "temperature"),
        ("top_p", "top_p"),
        ("tools", "tools"),
        ("text", "text"),
    ):
        if params.get(name) is not None:
            body[field] = json_copy(params[name])
    if params.get("reasoning_effort") is not None:
        body["reasoning"] = {"effort": params["reasoning_effort"]}
    return {"url": "/v1/responses", "body": body}


def _reply_text(kind: str, reply: Mapping[str, Any]) -> tuple[str, str]:
    if kind == "completions":
        choice = (reply.get("choices") or [{}])[0]
        message = choice.get("message") or {}
        return str(message.get("content") or ""), str(choice.get("finish_reason") or "stop")
    texts = [
        str(part.get("text") or "")
        for entry in reply.get("output") or []
        if isinstance(entry, Mapping) and entry.get("type") == "message"
        for part in entry.get("content") or []
        if isinstance(part, Mapping) and part.get("type") == "output_text"
    ]
    return "".join(texts), "stop" if reply.get("status") == "completed" else "length"


def _usage(reply: Mapping[str, Any]) -> Counter[str]:
    usage = _mapping(reply.get("usage"))
    details = usage.get("prompt_tokens_details") or usage.get("input_tokens_details") or {}
    return Counter(
        prompt=int(usage.get("prompt_tokens", usage.get("input_tokens")) or 0),
        completion=int(usage.get("completion_tokens", usage.get("output_tokens")) or 0),
        cached=int(details.get("cached_tokens") or 0) if isinstance(details, Mapping) else 0,
    )


def register(router: Router) -> None:
    on_store("create", RUNS, start_run)
