"""Models: ``ModelObjectFactory`` for ``openai.types.Model`` (the reply of ``models.retrieve``).

Named ``ModelObjectFactory``, not ``ModelFactory``: that name is polyfactory's base class, which
users of this package import beside it. (The SDK does the same for files: ``FileObject``.)
"""

from __future__ import annotations

from typing import Any

from openai.types import Model

from .._sim.model_catalog import SNAPSHOTS
from ._engine import SDKModelFactory, curated
from ._state import Build

# Names the models endpoint lists: aliases and dated snapshots of chat models, plus the others.
_NAMES = (
    *SNAPSHOTS,
    *SNAPSHOTS.values(),
    "text-embedding-3-small",
    "text-embedding-3-large",
    "whisper-1",
    "tts-1",
    "gpt-image-1",
    "omni-moderation-latest",
    "gpt-4o-transcribe",
)
_DAY = 86_400


@curated
class ModelObjectFactory(SDKModelFactory[Model]):
    """A ``model``: a real model name, created months or years before now, owned by ``system``."""

    __model__ = Model

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        cls._default(kwargs, "id", rng.choice(_NAMES))
        cls._default(kwargs, "created", build.now - rng.randint(60, 1000) * _DAY)
        cls._default(kwargs, "owned_by", "system")
        cls._default(kwargs, "shutdown_date", None)
