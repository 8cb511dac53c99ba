"""Moderations: ``ModerationCreateResponseFactory`` and ``ModerationFactory``.

Results come from the fake server's own moderation rules (``_sim.moderations``): a category
is flagged when the input holds one of its keywords, parents follow their sub-categories, scores
agree with the flags (0.5-0.99 flagged, tiny otherwise) and ``flagged`` is true exactly when a
category is (docs/api-behaviour.md, Moderations). About one result in ten is flagged unless ``flagged=`` says.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from openai.types import Moderation, ModerationCreateResponse

from .._sim.moderations import KEYWORDS, moderation_result
from .._sim.text import sentence
from ._curate import UNSET, Unset, given
from ._engine import SDKModelFactory, curated
from ._state import Build

_MODEL = "omni-moderation-latest"  # echoed as sent (docs/api-behaviour.md, Model snapshots)
_RESULT_FIELDS = ("categories", "category_scores", "category_applied_input_types")


@curated
class ModerationFactory(SDKModelFactory[Moderation]):
    """One moderation result. Shorthand: ``input=`` (the text that was checked; a keyword in it
    flags its category). ``flagged=True`` without an input flags one category at random."""

    __model__ = Moderation
    _shorthands = ("input",)

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        input: str | Unset = UNSET,
        **kwargs: Any,
    ) -> Moderation:
        """Build one result: a keyword in ``input=`` flags its category."""
        return super().build(factory_use_construct, random_seed, **given(input=input), **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        rng = build.rng
        text = kwargs.pop("input", None)
        if text is None:
            flagged = kwargs.get("flagged")
            if flagged is None and "flagged" not in cls._declared_keys():
                flagged = rng.random() < 0.1
            category = rng.choice(tuple(KEYWORDS))
            text = sentence(rng) + (f" {rng.choice(KEYWORDS[category])}." if flagged else "")
        if any(field in kwargs for field in _RESULT_FIELDS):
            return None  # the caller shaped the result; `_complete` fits `flagged` to it
        for field, value in moderation_result(_MODEL, str(text), [], False).items():
            cls._default(kwargs, field, value)
        return None

    @classmethod
    def _complete(cls, data: dict[str, Any], locked: Collection[str], notes: Any, build: Build) -> None:
        categories = data.get("categories")
        if isinstance(categories, dict) and "flagged" not in locked:
            data["flagged"] = any(value is True for value in categories.values())
        scores = data.get("category_scores")
        if isinstance(categories, dict) and isinstance(scores, dict) and "category_scores" not in locked:
            for name, value in categories.items():
                if value is True and isinstance(scores.get(name), float) and scores[name] < 0.5:
                    scores[name] = 0.5 + 0.49 * build.rng.random()  # a flag needs a high score


@curated
class ModerationCreateResponseFactory(SDKModelFactory[ModerationCreateResponse]):
    """The reply of ``moderations.create``: ``modr-`` id, the model as sent, one result per input.

    Shorthand: ``input=`` (a string or a list of strings).
    """

    __model__ = ModerationCreateResponse
    _shorthands = ("input",)

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        input: str | Sequence[str] | Unset = UNSET,
        **kwargs: Any,
    ) -> ModerationCreateResponse:
        """Build one reply: a result per ``input=`` string."""
        return super().build(factory_use_construct, random_seed, **given(input=input), **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        texts = kwargs.pop("input", None)
        if isinstance(texts, str):
            texts = [texts]
        cls._default(kwargs, "results", [{"input": t} for t in texts] if texts is not None else [{}])
        cls._default(kwargs, "model", _MODEL)
