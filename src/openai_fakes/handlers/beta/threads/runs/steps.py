"""``client.beta.threads.runs.steps``: the steps a run took, from their own store.

List (newest first, paginated) and retrieve; a file search step's results carry their text only
with ``include=[FILE_SEARCH_CONTENT]`` (`_hosted_tools`). A step of a run the fake does not hold
is the API's 404, or (``unknown_ids="materialize"``) made up and kept, as the run is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ....._core.exchange import Exchange
from ....._state.collection import JsonObject, json_copy
from ....._state.shapes import int_param, not_found_error, page, text_param
from ...._base.adapter import Adapter
from ...._base.generic import settle
from ...._base.router import Router
from ...._stored import strict
from ._engine import steps_path, store
from ._hosted_tools import shown_step
from .runs import stored_run

if TYPE_CHECKING:
    from ....._control.context import Context


class StepsAdapter(Adapter):
    summary = (
        "the run's steps (message_creation, tool_calls), newest first, paginated; retrieve by id; "
        "file search results' content only with `include`"
    )

    def build(self, server: Context, exchange: Exchange) -> Any:
        params = exchange.path_params
        thread_id, run_id = params["thread_id"], params["run_id"]
        run = stored_run(server, thread_id, run_id)
        steps = store(server, steps_path(thread_id, run["id"]))
        step_id = params.get("step_id")
        include = exchange.query.get("include")  # file search results' text only when asked for
        if step_id is not None:
            step = steps.get(step_id)
            if step is None:
                step = _materialized_step(server, exchange, run, step_id)
            return json_copy(shown_step(step, include))
        query = exchange.query
        items, more = steps.page(
            limit=int_param(query.get("limit"), 20),
            ascending=str(query.get("order") or "desc").startswith("asc"),
            after=text_param(query.get("after")),
            before=text_param(query.get("before")),
        )
        return page(exchange, [json_copy(shown_step(item, include)) for item in items], more)


STEPS = StepsAdapter()


def register(router: Router) -> None:
    router.add("GET", "/threads/{thread_id}/runs/{run_id}/steps", STEPS, summary=STEPS.summary)
    router.add("GET", "/threads/{thread_id}/runs/{run_id}/steps/{step_id}", STEPS, summary=STEPS.summary)


def _materialized_step(server: Context, exchange: Exchange, run: JsonObject, step_id: str) -> JsonObject:
    if strict(server):
        raise not_found_error("/steps", step_id)
    from openai.types.beta.threads.runs import RunStep  # imported late: openai.types.beta is slow to import

    step: JsonObject = server.render(RunStep)
    settle(step, RunStep, server.backend.clock.now())
    step.update(id=step_id, run_id=run["id"], thread_id=run["thread_id"], assistant_id=run["assistant_id"])
    store(server, steps_path(run["thread_id"], run["id"])).put(step)
    return step
