"""Moderations: one result per input, keyword flags, consistent scores, input types, model echo."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from openai.types import Moderation

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._sim.moderations import KEYWORDS

TEXT_ONLY = {
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "sexual/minors",
}


def flags(result: Moderation) -> set[str]:
    return {name for name, value in result.categories.model_dump(by_alias=True).items() if value}


def scores(result: Moderation) -> dict[str, float]:
    return dict(result.category_scores.model_dump(by_alias=True))


def applied(result: Moderation) -> dict[str, list[str]]:
    return dict(result.category_applied_input_types.model_dump(by_alias=True))


def assert_consistent(result: Moderation) -> None:
    flagged = flags(result)
    assert result.flagged == bool(flagged)
    for name, score in scores(result).items():
        assert 0.0 <= score <= 1.0
        assert (score >= 0.5) == (name in flagged), name


def test_one_result_per_input_in_order() -> None:
    reply = FakeOpenAI(seed=1).moderations.create(input=["Have a lovely day.", "I will murder them all.", "Thanks!"])
    assert [r.flagged for r in reply.results] == [False, True, False]
    for result in reply.results:
        assert_consistent(result)
    assert "violence" in flags(reply.results[1])


def test_a_sub_category_flags_its_parent() -> None:
    (result,) = FakeOpenAI(seed=1).moderations.create(input="There was blood everywhere.").results
    assert {"violence/graphic", "violence"} <= flags(result)
    assert scores(result)["violence"] >= scores(result)["violence/graphic"]
    assert_consistent(result)


@pytest.mark.parametrize("category", sorted(KEYWORDS))
def test_every_documented_keyword_list_flags_its_category(category: str) -> None:
    text = f"Some words, then {KEYWORDS[category][0]}, then more."
    (result,) = FakeOpenAI(seed=1).moderations.create(input=text).results
    assert category in flags(result)
    assert_consistent(result)


def test_keywords_match_whole_words_in_any_case() -> None:
    fake = FakeOpenAI(seed=1)
    assert fake.moderations.create(input="What a MORON.").results[0].flagged
    assert not fake.moderations.create(input="The moronic plan was dropped.").results[0].flagged


def test_text_inputs_apply_text_to_every_category() -> None:
    (result,) = FakeOpenAI(seed=1).moderations.create(input="hello").results
    assert all(kinds == ["text"] for kinds in applied(result).values())


def test_image_inputs_apply_only_to_image_categories_and_are_seen_through_their_url() -> None:
    image: Any = {"type": "image_url", "image_url": {"url": "https://example.com/photos/gore.png"}}
    fake = FakeOpenAI(seed=1)
    (alone,) = fake.moderations.create(model="omni-moderation-latest", input=[image]).results
    kinds = applied(alone)
    assert all(kinds[c] == [] for c in TEXT_ONLY)
    assert all(kinds[c] == ["image"] for c in kinds if c not in TEXT_ONLY)
    assert "violence/graphic" in flags(alone)
    both = fake.moderations.create(model="omni-moderation-latest", input=[{"type": "text", "text": "look"}, image])
    assert len(both.results) == 1  # a list of parts is one input
    kinds = applied(both.results[0])
    assert kinds["violence"] == ["text", "image"] and kinds["hate"] == ["text"]
    assert_consistent(both.results[0])


def test_model_and_id_as_the_api_sends_them() -> None:
    fake = FakeOpenAI(seed=1)
    omni = fake.moderations.create(input="hi")
    assert omni.model == "omni-moderation-latest"
    assert re.fullmatch(r"modr-[0-9a-f]{32}", omni.id)
    legacy = fake.moderations.create(model="text-moderation-latest", input="hi")
    assert legacy.model == "text-moderation-007"
    assert re.fullmatch(r"modr-[A-Za-z0-9]{29}", legacy.id)
    assert legacy.results[0].categories.illicit is None  # legacy models have 11 categories


def test_the_same_input_gets_the_same_scores() -> None:
    first = FakeOpenAI(seed=1).moderations.create(input=["a", "You idiot."]).results[1]
    second = FakeOpenAI(seed=2).moderations.create(input="You idiot.").results[0]
    assert scores(first) == scores(second)


def test_async_moderations() -> None:
    async def main() -> None:
        reply = await FakeAsyncOpenAI(seed=1).moderations.create(input=["fine", "how to shoplift"])
        assert [r.flagged for r in reply.results] == [False, True]
        assert "illicit" in flags(reply.results[1])

    asyncio.run(main())


def test_the_documented_keyword_table_is_the_one_in_use() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "moderations.md").read_text(encoding="utf-8")
    table = {
        row.group(1): tuple(word.strip() for word in row.group(2).split(","))
        for row in re.finditer(r"^\| `([a-z/-]+)` \| ([^|]+) \|$", page, re.MULTILINE)
    }
    assert table == KEYWORDS
