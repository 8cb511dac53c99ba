"""Fine-tuning jobs: ``validating_files`` -> ``queued`` -> ``running`` -> ``succeeded``, with events,
checkpoints and a fine-tuned model that the rest of the fake then serves (docs/api-behaviour.md,
Fine-tuning).

The job objects live in the generic store (``/fine_tuning/jobs``: retrieve, list, cancel); this
area adds:

* create checks that ``training_file`` (and ``validation_file``) name stored files (404
  otherwise, in strict mode), resolves ``model`` to its snapshot and echoes ``"auto"``
  hyperparameters, as a new job shows them;
* each status the job enters (`_state.lifecycle`, as ``fake.lifecycle`` says) adds the API's events, in
  its words: created, validating, files validated, started, one metrics event per reported step,
  new model, completed. ``jobs.list_events`` lists them newest first;
* on ``succeeded``: resolved hyperparameters, ``trained_tokens``, ``finished_at``, a
  ``fine-tune-results`` CSV in ``result_files``, one checkpoint per epoch (``checkpoints.list``,
  ``ft:...:ckpt-step-N``), and ``fine_tuned_model = ft:{base}:personal:{suffix}:{8 base62}``,
  which ``models.list`` / ``models.retrieve`` then know and ``chat.completions.create`` accepts;
* cancel ends a job that has not finished as ``cancelled`` (400 once it has).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...._core.exchange import Exchange, JsonReply, Reply
from ...._sim.model_catalog import snapshot
from ...._state.blobs import get_bytes, put_bytes
from ...._state.collection import Collection, JsonObject, json_copy
from ...._state.lifecycle import Lifecycle, Lifecycles, Step
from ...._state.shapes import int_param, not_found_error, page, text_param
from ..._base.adapter import Adapter
from ..._base.generic import GENERIC
from ..._base.router import Router
from ..._base.stateful import collection, on_store
from ...models import remember_fine_tuned

if TYPE_CHECKING:
    from ...._control.context import Context

JOBS = "/fine_tuning/jobs"
FINE_TUNING_JOB = Lifecycle(
    "fine_tuning.job",
    path=(Step("validating_files"), Step("queued"), Step("running"), Step("succeeded", ("finished_at",))),
    cancel=(Step("cancelled", ("finished_at",)),),
    endings=(Step("failed", ("finished_at",)),),
    error_field="error",
)
_ORG_SLUG = "personal"  # what personal accounts show in fine-tuned model names (docs/api-behaviour.md, Ids)
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_REPORTED_STEPS = 10  # metrics events per job: the API reports every few steps, not all of them


def start_job(server: Context, exchange: Exchange, job: JsonObject) -> None:
    """``fine_tuning.jobs.create`` (an `on_store` hook, before the store keeps ``job``)."""
    backend = server.backend
    body = exchange.fields
    files = backend.stores.get("/files", {})
    for name in ("training_file", "validation_file"):
        file_id = body.get(name)
        if isinstance(file_id, str) and file_id not in files and backend.unknown_ids == "strict":
            raise not_found_error("/files", file_id)
    asked = _asked_hyperparameters(body)
    job.update(
        created_at=backend.clock.now(),
        error=None,
        fine_tuned_model=None,
        finished_at=None,
        estimated_finish=None,
        model=snapshot(str(body.get("model") or job.get("model"))),
        training_file=body.get("training_file"),
        validation_file=body.get("validation_file"),
        result_files=[],
        trained_tokens=None,
        hyperparameters=asked,
        seed=body["seed"] if isinstance(body.get("seed"), int) else job.get("seed"),
        metadata=body.get("metadata"),
        integrations=body.get("integrations") or None,
    )
    method = body.get("method")
    method_type = method.get("type") if isinstance(method, Mapping) else None
    if "method" in job:
        kind = method_type if method_type in ("supervised", "dpo", "reinforcement") else "supervised"
        job["method"] = {
            "type": kind,
            kind: {
                **(
                    json_copy(method.get(kind))
                    if isinstance(method, Mapping) and isinstance(method.get(kind), Mapping)
                    else {}
                ),
                "hyperparameters": dict(asked),
            },
        }
    run = _JobRun(server, job["id"], str(body.get("suffix") or ""), _examples(server, body.get("training_file")))
    Lifecycles.of(backend).track(FINE_TUNING_JOB, JOBS, job["id"], obj=job, on_enter=run.enter)


def _asked_hyperparameters(body: Mapping[str, Any]) -> dict[str, Any]:
    """What the job echoes until it runs: the request's values, ``"auto"`` for the rest."""
    given = body.get("hyperparameters")
    method = body.get("method")
    if isinstance(method, Mapping):
        inner = method.get(str(method.get("type")))
        if isinstance(inner, Mapping) and isinstance(inner.get("hyperparameters"), Mapping):
            given = inner["hyperparameters"]
    given = given if isinstance(given, Mapping) else {}
    return {name: given.get(name, "auto") for name in ("batch_size", "learning_rate_multiplier", "n_epochs")}


def _examples(server: Context, training_file: Any) -> int:
    content = get_bytes(server.backend, training_file) if isinstance(training_file, str) else None
    if content is None:
        return 10  # the API's minimum training set
    return max(1, sum(1 for line in content.splitlines() if line.strip()))


class _JobRun:
    """What one job does on entering each status: events, checkpoints, the model."""

    def __init__(self, server: Context, job_id: str, suffix: str, examples: int) -> None:
        self.server = server
        self.job_id = job_id
        self.suffix = suffix
        self.examples = examples

    def enter(self, job: JsonObject, status: str, now: int) -> None:
        if status == "validating_files":
            self._event(now, f"Created fine-tuning job: {self.job_id}")
            files = f"Validating training file: {job.get('training_file')}"
            if job.get("validation_file"):
                files += f" and validation file: {job['validation_file']}"
            self._event(now, files)
        elif status == "queued":
            self._event(now, "Files validated, moving job to queued state")
        elif status == "running":
            self._event(now, "Fine-tuning job started")
        elif status == "succeeded":
            self._succeed(job, now)
        elif status == "cancelled":
            self._event(now, "Fine-tuning job cancelled")
        elif status == "failed":
            error = job.get("error") or {}
            job["error"] = {"code": error.get("code"), "message": error.get("message"), "param": error.get("param")}
            self._event(now, f"Fine-tuning job failed: {error.get('message')}", level="error")

    def _succeed(self, job: JsonObject, now: int) -> None:
        backend = self.server.backend
        rng = backend.rng
        asked = job["hyperparameters"]
        epochs = asked["n_epochs"] if isinstance(asked.get("n_epochs"), int) else 3
        batch_size = asked["batch_size"] if isinstance(asked.get("batch_size"), int) else 1
        multiplier = (
            asked["learning_rate_multiplier"]
            if isinstance(asked.get("learning_rate_multiplier"), (int, float))
            else 1.8
        )
        resolved = {"batch_size": batch_size, "learning_rate_multiplier": multiplier, "n_epochs": epochs}
        per_epoch = max(1, -(-self.examples // batch_size))
        total = epochs * per_epoch
        model = f"ft:{job['model']}:{_ORG_SLUG}:{self.suffix}:{''.join(rng.choice(_BASE62) for _ in range(8))}"
        losses = _losses(rng, total)
        reported = sorted({max(1, round(total * i / _REPORTED_STEPS)) for i in range(1, _REPORTED_STEPS + 1)})
        for step in reported:
            loss, accuracy = losses[step - 1]
            data = {"step": step, "train_loss": loss, "total_steps": total, "train_mean_token_accuracy": accuracy}
            self._event(now, f"Step {step}/{total}: training loss={loss:.2f}", kind="metrics", data=data)
        for epoch in range(1, epochs + 1):
            self._checkpoint(model, epoch * per_epoch, losses[epoch * per_epoch - 1], now)
        self._event(now, f"New fine-tuned model created: {model}")
        self._event(now, "The job has successfully completed")
        job.update(
            fine_tuned_model=model,
            hyperparameters=resolved,
            trained_tokens=total * batch_size * 120,  # ~120 tokens per example seen
            result_files=[self._results_file(losses, now)],
            estimated_finish=None,
        )
        if isinstance(job.get("method"), dict):
            kind = job["method"].get("type")
            if isinstance(job["method"].get(kind), dict):
                job["method"][kind]["hyperparameters"] = dict(resolved)
        remember_fine_tuned(backend, model, now)

    def _event(self, now: int, message: str, *, level: str = "info", kind: str = "message", data: Any = None) -> None:
        backend = self.server.backend
        event = {
            "id": backend.id_for_kind("fine_tuning.job.event"),
            "object": "fine_tuning.job.event",
            "created_at": now,
            "level": level,
            "message": message,
            "data": data if data is not None else {},
            "type": kind,
        }
        collection(backend, f"{JOBS}/{self.job_id}/events").put(event)

    def _checkpoint(self, model: str, step: int, metrics: tuple[float, float], now: int) -> None:
        backend = self.server.backend
        loss, accuracy = metrics
        checkpoint = {
            "id": backend.id_for_kind("fine_tuning.job.checkpoint"),
            "object": "fine_tuning.job.checkpoint",
            "created_at": now,
            "fine_tuned_model_checkpoint": f"{model}:ckpt-step-{step}",
            "fine_tuning_job_id": self.job_id,
            "step_number": step,
            "metrics": {
                "step": float(step),
                "train_loss": loss,
                "train_mean_token_accuracy": accuracy,
                "valid_loss": None,
                "valid_mean_token_accuracy": None,
                "full_valid_loss": None,
                "full_valid_mean_token_accuracy": None,
            },
        }
        collection(backend, f"{JOBS}/{self.job_id}/checkpoints").put(checkpoint)

    def _results_file(self, losses: list[tuple[float, float]], now: int) -> str:
        backend = self.server.backend
        rows = ["step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"]
        rows += [f"{step},{loss:.5f},{accuracy:.5f},," for step, (loss, accuracy) in enumerate(losses, start=1)]
        content = ("\n".join(rows) + "\n").encode()
        file_id = backend.id_for_kind("file")
        collection(backend, "/files").put(
            {
                "id": file_id,
                "object": "file",
                "bytes": len(content),
                "created_at": now,
                "filename": "step_metrics.csv",
                "purpose": "fine-tune-results",
                "status": "processed",
            }
        )
        put_bytes(backend, file_id, content)
        return file_id


def _losses(rng: Any, total: int) -> list[tuple[float, float]]:
    """(train_loss, train_mean_token_accuracy) per step: loss falls, accuracy rises, with noise."""
    found = []
    for step in range(1, total + 1):
        progress = step / total
        loss = max(0.01, 1.6 * (1 - 0.8 * progress) + rng.uniform(-0.1, 0.1))
        accuracy = min(1.0, 0.55 + 0.4 * progress + rng.uniform(-0.03, 0.03))
        found.append((round(loss, 4), round(accuracy, 4)))
    return found


class JobPage(Adapter):
    """``jobs.list_events`` / ``jobs.checkpoints.list``: what the job recorded, newest first."""

    def __init__(self, kind: str, default_limit: int, summary: str) -> None:
        self.kind = kind
        self.default_limit = default_limit
        self.summary = summary

    def build(self, server: Context, exchange: Exchange) -> Any:
        job_id = exchange.path_params.get("fine_tuning_job_id", "")
        stores = server.backend.stores
        if exchange.stream or exchange.scripted or job_id not in stores.get(JOBS, {}):
            return GENERIC.build(server, exchange)  # 404 in strict mode; a generic page otherwise
        found = stores.get(f"{JOBS}/{job_id}/{self.kind}")
        if not isinstance(found, Collection) or not found:
            return page(exchange, [], False)
        query = exchange.query
        items, more = found.page(
            limit=int_param(query.get("limit"), self.default_limit),
            ascending=False,
            after=text_param(query.get("after")),
        )
        return page(exchange, [json_copy(item) for item in items], more)

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        return GENERIC.respond(server, exchange, final) if exchange.stream else JsonReply(final)


def register(router: Router) -> None:
    on_store("create", JOBS, start_job)
    events = JobPage(
        "events", 20, "stateful: the job's events in the API's words, newest first, as its status advances"
    )
    router.add("GET", f"{JOBS}/{{fine_tuning_job_id}}/events", events, summary=events.summary)
