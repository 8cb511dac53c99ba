"""Fine-tuning: ``FineTuningJobFactory`` (docs/api-behaviour.md, Fine-tuning).

The status decides the rest: a succeeded job has ``finished_at``, its ``fine_tuned_model``
(``ft:{base}:personal:{suffix}:{8 chars}``), trained tokens and a results file; a failed one an
``error``; a running one an ``estimated_finish``; the method and the (deprecated) top-level
hyperparameters agree.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from openai.types.fine_tuning import FineTuningJob

from .._core.ids import SHAPES
from ._curate import weighted
from ._engine import SDKModelFactory, curated
from ._site import B62
from ._state import Build

_BASES = (
    "gpt-4o-mini-2024-07-18",
    "gpt-4.1-mini-2025-04-14",
    "gpt-4o-2024-08-06",
    "gpt-4.1-2025-04-14",
    "gpt-3.5-turbo-0125",
)
_STATUSES = (
    ("succeeded", 0.5),
    ("running", 0.2),
    ("queued", 0.08),
    ("validating_files", 0.05),
    ("failed", 0.1),
    ("cancelled", 0.07),
)
_FAILURES = (
    ("invalid_training_file", "The file has 3 example(s) with an invalid format.", "training_file"),
    ("invalid_n_examples", "Training file has 4 example(s), but must have at least 10 examples.", "training_file"),
    ("exceeded_quota", "Creating this fine-tuning job would exceed your hard limit.", None),
)
_ACTIVE = frozenset({"running", "queued", "validating_files"})


@curated
class FineTuningJobFactory(SDKModelFactory[FineTuningJob]):
    """A ``fine_tuning.job`` in any status, supervised unless ``method=`` says otherwise."""

    __model__ = FineTuningJob

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        cls._default(kwargs, "status", weighted(rng, _STATUSES))
        cls._default(kwargs, "model", rng.choice(_BASES))
        hyperparameters = {
            "n_epochs": rng.choice((1, 2, 3, 3, 4)),
            "batch_size": rng.choice((1, 4, 8)),
            "learning_rate_multiplier": rng.choice((0.1, 0.5, 1.0, 1.8, 2.0)),
        }
        cls._default(kwargs, "hyperparameters", hyperparameters)
        cls._default(kwargs, "method", {"type": "supervised", "supervised": {"hyperparameters": hyperparameters}})
        for field, value in (
            ("integrations", None),
            ("metadata", None),
            ("validation_file", build.ids.make(SHAPES["file"], build.now) if rng.random() < 0.3 else None),
        ):
            cls._default(kwargs, field, value)

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        rng, status = build.rng, data.get("status")
        succeeded = status == "succeeded"
        if "fine_tuned_model" not in locked:
            suffix = rng.choice(("", "support-bot", "summarizer", "classifier"))
            tail = "".join(rng.choices(B62, k=8))
            data["fine_tuned_model"] = f"ft:{data.get('model')}:personal:{suffix}:{tail}" if succeeded else None
        if "trained_tokens" not in locked:
            data["trained_tokens"] = rng.randint(5_000, 2_000_000) if succeeded else None
        if "result_files" not in locked:
            data["result_files"] = [build.ids.make(SHAPES["file"], build.now)] if succeeded else []
        if "error" not in locked:
            code, message, param = rng.choice(_FAILURES)
            data["error"] = {"code": code, "message": message, "param": param} if status == "failed" else None
        created = data.get("created_at")
        if "finished_at" not in locked and status in _ACTIVE:
            data["finished_at"] = None  # `validating_files` is a status the generic rules do not know
        if "estimated_finish" not in locked:
            running = status in _ACTIVE and isinstance(created, int)
            data["estimated_finish"] = (
                created + rng.randint(900, 7200) if running and isinstance(created, int) else None
            )
