"""Usage and costs report what the fake served on the same backend (issue 6, admin part)."""

from __future__ import annotations

import asyncio
from typing import Any

import openai
import pytest
from pydantic import BaseModel

from openai_fakes import Backend, FakeAsyncOpenAI, FakeOpenAI
from openai_fakes.handlers.admin.organization.usage import PRICES

DAY = 86_400
START = 1_767_225_600  # a seeded fake's clock starts here (2026-01-01T00:00:00Z)


def _chat(fake: FakeOpenAI, model: str = "gpt-4o-mini") -> openai.types.chat.ChatCompletion:
    return fake.chat.completions.create(model=model, messages=[{"role": "user", "content": "Say hello"}])


def _results(bucket: BaseModel) -> list[dict[str, Any]]:
    """A bucket's results as the JSON the API sent (the SDK types them as a union of result kinds)."""
    return [result.model_dump() for result in bucket.results]


def test_completions_usage_adds_up_the_tokens_of_the_replies_served() -> None:
    fake = FakeOpenAI(seed=1)
    usages = [u for u in (_chat(fake).usage for _ in range(3)) if u is not None]
    response = fake.responses.create(model="gpt-4o-mini", input="Say hello")
    assert response.usage is not None and len(usages) == 3
    report = fake.admin.organization.usage.completions(start_time=START)
    assert [len(_results(b)) for b in report.data] == [1]
    result = _results(report.data[0])[0]
    assert result["object"] == "organization.usage.completions.result"
    assert result["num_model_requests"] == 4
    assert result["input_tokens"] == sum(u.prompt_tokens for u in usages) + response.usage.input_tokens
    assert result["output_tokens"] == sum(u.completion_tokens for u in usages) + response.usage.output_tokens
    assert (report.data[0].start_time, report.data[0].end_time, report.has_more, report.next_page) == (
        START,
        START + DAY,
        False,
        None,
    )


def test_a_streamed_reply_is_billed_like_the_same_reply_unstreamed() -> None:
    fake = FakeOpenAI(seed=2)
    stream = fake.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "hi"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    usage = list(stream)[-1].usage
    assert usage is not None
    result = _results(fake.admin.organization.usage.completions(start_time=START).data[0])[0]
    assert (result["input_tokens"], result["output_tokens"]) == (usage.prompt_tokens, usage.completion_tokens)


def test_group_by_model_splits_a_bucket_and_names_the_group_only() -> None:
    fake = FakeOpenAI(seed=3)
    _chat(fake, "gpt-4o-mini")
    _chat(fake, "gpt-4o-mini")
    _chat(fake, "gpt-4o")
    results = _results(fake.admin.organization.usage.completions(start_time=START, group_by=["model"]).data[0])
    assert {r["model"]: r["num_model_requests"] for r in results} == {
        "gpt-4o-mini-2024-07-18": 2,
        "gpt-4o-2024-08-06": 1,
    }
    assert {r["project_id"] for r in results} == {None}  # not grouped by it
    only = fake.admin.organization.usage.completions(start_time=START, models=["gpt-4o-2024-08-06"]).data[0]
    assert [r["num_model_requests"] for r in _results(only)] == [1]


def test_requests_belong_to_the_default_project_and_its_key() -> None:
    fake = FakeOpenAI(seed=4)
    _chat(fake)
    organization = fake.admin.organization
    default = [p for p in organization.projects.list() if p.name == "Default project"]
    keys = list(organization.projects.api_keys.list(default[0].id))
    result = _results(organization.usage.completions(start_time=START, group_by=["project_id", "api_key_id"]).data[0])[
        0
    ]
    assert (result["project_id"], result["api_key_id"]) == (default[0].id, keys[0].id)
    assert _results(organization.usage.completions(start_time=START, project_ids=["proj_other"]).data[0]) == []


def test_buckets_cover_the_range_empty_ones_included_and_page_by_limit() -> None:
    fake = FakeOpenAI(seed=5)
    _chat(fake)
    fake.backend.clock.advance(2 * 3_600)
    _chat(fake)
    usage = fake.admin.organization.usage
    end = START + 5 * 3_600
    first = usage.completions(start_time=START, end_time=end, bucket_width="1h", limit=2)
    assert [b.start_time for b in first.data] == [START, START + 3_600]
    assert [len(_results(b)) for b in first.data] == [1, 0]
    assert first.has_more and first.next_page is not None
    second = usage.completions(start_time=START, end_time=end, bucket_width="1h", limit=2, page=first.next_page)
    assert [b.start_time for b in second.data] == [START + 2 * 3_600, START + 3 * 3_600]
    assert [len(_results(b)) for b in second.data] == [1, 0]
    assert second.next_page is not None
    last = usage.completions(start_time=START, end_time=end, bucket_width="1h", limit=2, page=second.next_page)
    assert [b.start_time for b in last.data] == [START + 4 * 3_600] and not last.has_more


def test_a_one_minute_bucket_holds_only_what_was_served_in_that_minute() -> None:
    fake = FakeOpenAI(seed=6)
    _chat(fake)
    fake.backend.clock.advance(120)
    _chat(fake)
    buckets = fake.admin.organization.usage.completions(start_time=START, end_time=START + 180, bucket_width="1m").data
    assert [sum(r["num_model_requests"] for r in _results(b)) for b in buckets] == [1, 0, 1]


def test_each_category_counts_what_it_bills_by() -> None:
    fake = FakeOpenAI(seed=7)
    embedding = fake.embeddings.create(model="text-embedding-3-small", input=["one two three", "four"])
    fake.moderations.create(input="I will hug you")
    fake.images.generate(prompt="a lighthouse", n=3, size="512x512")
    fake.audio.speech.create(model="tts-1", voice="alloy", input="Hello there")
    usage = fake.admin.organization.usage
    assert _results(usage.embeddings(start_time=START).data[0])[0]["input_tokens"] == embedding.usage.prompt_tokens
    assert _results(usage.moderations(start_time=START).data[0])[0]["input_tokens"] > 0
    images = _results(usage.images(start_time=START, group_by=["size", "source"]).data[0])[0]
    assert (images["images"], images["size"], images["source"]) == (3, "512x512", "image.generation")
    assert _results(usage.audio_speeches(start_time=START).data[0])[0]["characters"] == len("Hello there")
    assert _results(usage.completions(start_time=START).data[0]) == []  # nothing was chatted


def test_vector_store_usage_reports_the_bytes_stores_hold() -> None:
    fake = FakeOpenAI(seed=8)
    store = fake.vector_stores.create(name="docs")
    result = _results(fake.admin.organization.usage.vector_stores(start_time=START).data[0])[0]
    assert result["usage_bytes"] == store.usage_bytes


def test_failed_and_refused_requests_are_not_billed() -> None:
    fake = FakeOpenAI(seed=9, max_retries=0)
    fake.stub(fake.chat.completions.create).raises(openai.RateLimitError)
    with pytest.raises(openai.RateLimitError):
        _chat(fake)
    fake.reset()
    with pytest.raises(openai.BadRequestError):
        fake.chat.completions.create(model="gpt-4o-mini", messages=[])
    assert _results(fake.admin.organization.usage.completions(start_time=START).data[0]) == []


def test_costs_price_each_line_item_from_the_table() -> None:
    fake = FakeOpenAI(seed=10)
    usage = _chat(fake, "gpt-4o").usage
    assert usage is not None
    costs = _results(fake.admin.organization.usage.costs(start_time=START, group_by=["line_item"]).data[0])
    amounts = {c["line_item"]: c["amount"]["value"] for c in costs}
    price_in, price_out = PRICES["gpt-4o"]
    assert amounts == {
        "gpt-4o-2024-08-06, input": pytest.approx(usage.prompt_tokens * price_in / 1e6),
        "gpt-4o-2024-08-06, output": pytest.approx(usage.completion_tokens * price_out / 1e6),
    }
    total = _results(fake.admin.organization.usage.costs(start_time=START).data[0])
    assert len(total) == 1 and total[0]["line_item"] is None
    assert total[0]["amount"] == {"value": pytest.approx(sum(amounts.values())), "currency": "usd"}


def test_bad_bucket_width_is_the_apis_400() -> None:
    fake = FakeOpenAI(seed=11)
    with pytest.raises(openai.BadRequestError):
        fake.admin.organization.usage.costs(start_time=START, bucket_width="1h")  # type: ignore[arg-type]
    with pytest.raises(openai.BadRequestError):
        fake.admin.organization.usage.completions(start_time=START, bucket_width="1w")  # type: ignore[arg-type]


def test_async_clients_share_the_record_with_sync_ones() -> None:
    backend = Backend(seed=12)
    sync, fake = FakeOpenAI(backend=backend), FakeAsyncOpenAI(backend=backend)

    async def run() -> None:
        reply = await fake.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        assert reply.usage is not None
        sync.embeddings.create(model="text-embedding-3-small", input="hi")
        report = await fake.admin.organization.usage.completions(start_time=START)
        assert _results(report.data[0])[0]["output_tokens"] == reply.usage.completion_tokens
        embeddings = await fake.admin.organization.usage.embeddings(start_time=START)
        assert _results(embeddings.data[0])[0]["num_model_requests"] == 1
        costs = await fake.admin.organization.usage.costs(start_time=START)
        assert _results(costs.data[0])[0]["amount"]["value"] > 0

    asyncio.run(run())


def test_reports_are_deterministic_under_a_seed() -> None:
    def report() -> str:
        fake = FakeOpenAI(seed=13)
        _chat(fake)
        fake.embeddings.create(model="text-embedding-3-small", input="hi")
        return fake.admin.organization.usage.costs(
            start_time=START, group_by=["line_item", "project_id"]
        ).model_dump_json()

    assert report() == report()


def test_a_range_that_starts_inside_a_bucket_counts_only_what_lies_inside_it() -> None:
    fake = FakeOpenAI(seed=14)
    _chat(fake)
    fake.backend.clock.advance(600)
    later = fake.backend.clock.now()
    _chat(fake)
    (bucket,) = fake.admin.organization.usage.completions(start_time=later, end_time=later + 60).data
    assert bucket.start_time == START and bucket.end_time == START + DAY  # aligned to the UTC day
    assert [r["num_model_requests"] for r in _results(bucket)] == [1]
