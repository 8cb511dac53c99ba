"""Stored state against a reference model: create, update, delete and list across families, with
refused requests mixed in (a Hypothesis state machine).

After every step each family's ``list()`` (auto-paginated, small pages, both orders) returns
exactly the live objects, in creation order, with the names last set; a refused create or update
changes nothing; a deleted object is gone; deleting while iterating a listing loses no live object.
"""

from __future__ import annotations

import warnings
from typing import Any

import openai
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from openai_fakes import FakeOpenAI
from tests.validation import _strategies as draw

_NAMES = st.text(alphabet="abcdefghij ", min_size=1, max_size=12)
_JUNK = st.sampled_from([{}, [], 7, ["x"], {"a": 1}])


class _Family:
    """How to create, rename, delete and list one family through the SDK."""

    def __init__(self, name: str) -> None:
        self.name = name

    def create(self, fake: Any, label: Any) -> Any:
        if self.name == "vector_stores":
            return fake.vector_stores.create(name=label)
        if self.name == "assistants":
            return fake.beta.assistants.create(model="gpt-4o-mini", name=label)
        return fake.admin.organization.groups.create(name=label)

    def rename(self, fake: Any, key: str, label: Any) -> Any:
        if self.name == "vector_stores":
            return fake.vector_stores.update(key, name=label)
        if self.name == "assistants":
            return fake.beta.assistants.update(key, name=label)
        return fake.admin.organization.groups.update(key, name=label)

    def delete(self, fake: Any, key: str) -> Any:
        if self.name == "vector_stores":
            return fake.vector_stores.delete(key)
        if self.name == "assistants":
            return fake.beta.assistants.delete(key)
        return fake.admin.organization.groups.delete(key)

    def listed(self, fake: Any, *, limit: int, order: str) -> list[tuple[str, str | None]]:
        if self.name == "vector_stores":
            pages = fake.vector_stores.list(limit=limit, order=order)
        elif self.name == "assistants":
            pages = fake.beta.assistants.list(limit=limit, order=order)
        else:
            pages = fake.admin.organization.groups.list(limit=limit, order=order)
        return [(obj.id, obj.name) for obj in pages]


FAMILIES = [_Family("vector_stores"), _Family("assistants"), _Family("groups")]


class StoredState(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.fake = FakeOpenAI(seed=3, _strict_response_validation=True)
        # The reference: per family, the live objects in creation order, id -> name.
        self.model: dict[str, dict[str, str]] = {family.name: {} for family in FAMILIES}

    def _family(self, index: int) -> _Family:
        return FAMILIES[index % len(FAMILIES)]

    @rule(index=st.integers(0, 2), label=_NAMES)
    def create(self, index: int, label: str) -> None:
        family = self._family(index)
        made = family.create(self.fake, label)
        assert made.id not in self.model[family.name]
        self.model[family.name][made.id] = label

    @rule(index=st.integers(0, 2), junk=_JUNK)
    def refused_create(self, index: int, junk: Any) -> None:
        family = self._family(index)
        with pytest.raises(openai.BadRequestError):
            family.create(self.fake, junk)

    @precondition(lambda self: any(self.model.values()))
    @rule(data=st.data(), label=_NAMES)
    def rename(self, data: st.DataObject, label: str) -> None:
        family, key = self._pick(data)
        assert family.rename(self.fake, key, label).name == label
        self.model[family.name][key] = label

    @precondition(lambda self: any(self.model.values()))
    @rule(data=st.data(), junk=_JUNK)
    def refused_rename(self, data: st.DataObject, junk: Any) -> None:
        family, key = self._pick(data)
        with pytest.raises(openai.BadRequestError):
            family.rename(self.fake, key, junk)

    @precondition(lambda self: any(self.model.values()))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        family, key = self._pick(data)
        assert family.delete(self.fake, key).deleted
        del self.model[family.name][key]

    @precondition(lambda self: any(self.model.values()))
    @rule(index=st.integers(0, 2), limit=st.integers(1, 3))
    def delete_while_listing(self, index: int, limit: int) -> None:
        # Each object seen is deleted before the next page is asked for (its id is the cursor).
        family = self._family(index)
        seen = []
        for key, _name in family.listed(self.fake, limit=limit, order="asc"):
            seen.append(key)
            family.delete(self.fake, key)
        assert seen == list(self.model[family.name])
        self.model[family.name].clear()

    def _pick(self, data: st.DataObject) -> tuple[_Family, str]:
        family = data.draw(st.sampled_from([f for f in FAMILIES if self.model[f.name]]), label="family")
        key = data.draw(st.sampled_from(sorted(self.model[family.name])), label="object")
        return family, key

    @invariant()
    def every_list_is_exactly_the_live_objects(self) -> None:
        for family in FAMILIES:
            expected = list(self.model[family.name].items())
            for limit in (2, 100):
                assert family.listed(self.fake, limit=limit, order="asc") == expected
            assert family.listed(self.fake, limit=2, order="desc") == expected[::-1]


StoredState.TestCase.settings = settings(
    draw.BOUNDED, max_examples=int(draw.BOUNDED.max_examples / 4) or 1, stateful_step_count=25
)


def test_stored_state_matches_the_reference() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # assistants are deprecated by the SDK
        StoredState.TestCase().runTest()
