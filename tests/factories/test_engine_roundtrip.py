"""Every pydantic model of ``openai.types`` builds, validates and round-trips by alias.

docs/how-it-works.md (polyfactory and the SDK's models): plain polyfactory fails the round trip for ~300 SDK models (``object()`` values,
``None`` union tags, aliases). Each model here is built under three seeds and must come back
equal from ``model_validate(model_dump(mode="json", by_alias=True))``.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from typing import Any

import openai
import openai.types
import pytest

from openai_fakes.factories import factory_for

SEEDS = (0, 1, 2)


def _sdk_models() -> list[type[openai.BaseModel]]:
    """The pydantic models defined in ``openai.types`` and its submodules, in a stable order."""
    found: dict[str, type[openai.BaseModel]] = {}
    for info in pkgutil.walk_packages(openai.types.__path__, "openai.types."):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, openai.BaseModel) and obj.__module__ == module.__name__:
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[name] for name in sorted(found)]


MODELS = _sdk_models()


def test_the_walk_finds_the_whole_sdk() -> None:
    # openai 3.54 defines 2,738; a walk that silently found few would make the test below hollow.
    assert len(MODELS) > 2000


@pytest.mark.parametrize(
    "model", MODELS, ids=lambda m: f"{m.__module__.removeprefix('openai.types.')}.{m.__qualname__}"
)
def test_builds_validates_and_round_trips(model: type[openai.BaseModel]) -> None:
    # Timed in benchmarks/bench.py (every SDK model built by factory_for), not here.
    factory = factory_for(model)
    for seed in SEEDS:
        built = factory.build(random_seed=seed)
        assert isinstance(built, model)
        dumped: Any = built.model_dump(mode="json", by_alias=True)
        json.dumps(dumped)  # plain JSON all the way down (no object(), bytes, datetimes left)
        again = model.model_validate(dumped)
        assert again.model_dump(mode="json", by_alias=True) == dumped, f"seed {seed}"
        # Nothing may land in pydantic's extra fields: an override or alias gone astray would.
        assert not built.model_extra, f"seed {seed}: unexpected extra fields {built.model_extra}"


# --- the curated factories: more seeds, and builds shaped by their shorthands ---------------

import openai_fakes.factories as _factories  # noqa: E402
from openai_fakes import tool_call  # noqa: E402

CURATED = [getattr(_factories, n) for n in _factories.__all__ if n.endswith("Factory") and n != "SDKModelFactory"]
SHAPED: list[tuple[Any, dict[str, Any]]] = [
    (_factories.ChatCompletionFactory, {"content": "Hi"}),
    (_factories.ChatCompletionFactory, {"tool_calls": [tool_call("get_weather", city="Paris")], "n": 2}),
    (_factories.ChatCompletionFactory, {"parsed": {"city": "Paris"}}),
    (_factories.ChatCompletionChunkFactory, {"finish_reason": "tool_calls"}),
    (_factories.ResponseFactory, {"output_text": "Hi"}),
    (_factories.ResponseFactory, {"refusal": "No.", "status": "incomplete"}),
    (_factories.ResponseFactory, {"tool_calls": [{"name": "f", "arguments": {"x": [1, None]}}]}),
    (_factories.CreateEmbeddingResponseFactory, {"input": ["a", "b"], "dimensions": 4}),
    (
        _factories.ImagesResponseFactory,
        {"response_format": "b64_json", "size": "1024x1536", "background": "transparent"},
    ),
    (_factories.ErrorObjectFactory, {"status": 404}),
]


def _round_trips(built: openai.BaseModel) -> None:
    dumped: Any = built.model_dump(mode="json", by_alias=True)
    json.dumps(dumped)
    assert type(built).model_validate(dumped).model_dump(mode="json", by_alias=True) == dumped
    assert not built.model_extra


@pytest.mark.parametrize("factory", CURATED, ids=lambda f: f.__name__)
def test_curated_factories_round_trip_for_many_seeds(factory: Any) -> None:
    assert factory_for(factory.__model__) is factory  # so the walk above covered it too
    for seed in range(12):
        _round_trips(factory.build(random_seed=seed))


@pytest.mark.parametrize(("factory", "shorthands"), SHAPED, ids=lambda x: getattr(x, "__name__", "") or ",".join(x))
def test_shaped_builds_round_trip(factory: Any, shorthands: dict[str, Any]) -> None:
    for seed in range(5):
        _round_trips(factory.build(random_seed=seed, **shorthands))
