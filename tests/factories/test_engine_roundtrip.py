"""Every pydantic model of ``openai.types`` builds, validates and round-trips by alias.

DESIGN §4: plain polyfactory fails the round trip for ~300 SDK models (``object()`` values,
``None`` union tags, aliases). Each model here is built under three seeds and must come back
equal from ``model_validate(model_dump(mode="json", by_alias=True))``.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import time
from typing import Any, Iterator

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


@pytest.fixture(scope="module")
def timing() -> Iterator[list[float]]:
    spent: list[float] = []
    yield spent
    # Shown with `pytest -s`: the budget is well under two minutes for the whole walk.
    print(f"\nbuilt and round-tripped {len(spent) * len(SEEDS)} objects in {sum(spent):.1f} s")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: f"{m.__module__.removeprefix('openai.types.')}.{m.__qualname__}")
def test_builds_validates_and_round_trips(model: type[openai.BaseModel], timing: list[float]) -> None:
    start = time.perf_counter()
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
    timing.append(time.perf_counter() - start)
