"""Vector store search ranks the real text of attached files; files.content gives their chunks."""

from __future__ import annotations

import asyncio
from typing import Any

import openai
import pytest
from openai.types import FileChunkingStrategyParam

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

_REFUNDS = b"Refund policy: customers may return any item within 30 days for a full refund to the original card."
_SHIPPING = b"Shipping takes five business days. Express shipping arrives the next day for an extra fee."
_ONBOARDING = b"New employees get a laptop, a badge and an onboarding buddy during their first week."


def _store(fake: FakeOpenAI) -> tuple[str, dict[str, str]]:
    """A store with three text files (two by batch, with attributes) and one binary file."""
    ids = {
        name: fake.files.create(file=(f"{name}.md", content), purpose="assistants").id
        for name, content in (("refunds", _REFUNDS), ("shipping", _SHIPPING), ("onboarding", _ONBOARDING))
    }
    ids["image"] = fake.files.create(file=("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00"), purpose="assistants").id
    store = fake.vector_stores.create(name="handbook", file_ids=[ids["refunds"]])
    fake.vector_stores.file_batches.create_and_poll(
        store.id,
        files=[
            {"file_id": ids["shipping"], "attributes": {"team": "logistics", "year": 2025}},
            {"file_id": ids["onboarding"], "attributes": {"team": "people", "year": 2023}},
            {"file_id": ids["image"]},
        ],
    )
    return store.id, ids


def test_a_query_ranks_the_file_that_shares_its_words_first() -> None:
    fake = FakeOpenAI(seed=4, lifecycle="immediate")
    store, ids = _store(fake)
    page = fake.vector_stores.search(store, query="What is the refund policy for returns?")
    assert [hit.file_id for hit in page.data] == [ids["refunds"]]
    top = page.data[0]
    assert top.filename == "refunds.md"
    assert top.content[0].text == _REFUNDS.decode() and top.content[0].type == "text"
    assert 0 < top.score <= 1
    shipping = fake.vector_stores.search(store, query="shipping days")
    assert [hit.file_id for hit in shipping.data] == [ids["shipping"], ids["refunds"]]
    assert shipping.data[0].score > shipping.data[1].score
    assert shipping.data[0].attributes == {"team": "logistics", "year": 2025}


def test_scores_are_cosine_similarities_in_the_unit_interval() -> None:
    fake = FakeOpenAI(seed=4, lifecycle="immediate")
    exact = fake.files.create(file=("a.txt", b"refund refund policy"), purpose="assistants")
    store = fake.vector_stores.create(name="s", file_ids=[exact.id])
    assert fake.vector_stores.search(store.id, query="policy refund refund").data[0].score == 1.0
    assert fake.vector_stores.search(store.id, query="unrelated words").data == []


def test_max_num_results_and_score_threshold_cut_the_list() -> None:
    fake = FakeOpenAI(seed=4, lifecycle="immediate")
    store, _ = _store(fake)
    assert len(fake.vector_stores.search(store, query="day days refund shipping").data) == 2
    assert len(fake.vector_stores.search(store, query="day days refund shipping", max_num_results=1).data) == 1
    scores = [hit.score for hit in fake.vector_stores.search(store, query="day days refund shipping").data]
    above = fake.vector_stores.search(
        store, query="day days refund shipping", ranking_options={"score_threshold": scores[0]}
    )
    assert [hit.score for hit in above.data] == scores[:1]
    with pytest.raises(openai.BadRequestError, match="Expected a value <= 50, but got 51"):
        fake.vector_stores.search(store, query="x", max_num_results=51)
    with pytest.raises(openai.BadRequestError, match="Expected a value >= 1, but got 0"):
        fake.vector_stores.search(store, query="x", max_num_results=0)


def test_filters_select_files_by_attributes() -> None:
    fake = FakeOpenAI(seed=4, lifecycle="immediate")
    store, ids = _store(fake)
    query = "shipping week laptop days"

    def hits(filters: Any) -> list[str]:
        return [hit.file_id for hit in fake.vector_stores.search(store, query=query, filters=filters).data]

    assert hits({"type": "eq", "key": "team", "value": "people"}) == [ids["onboarding"]]
    assert hits({"type": "ne", "key": "team", "value": "people"}) == [ids["shipping"]]  # refunds has no "team"
    assert hits({"type": "gte", "key": "year", "value": 2024}) == [ids["shipping"]]
    assert sorted(hits({"type": "in", "key": "team", "value": ["people", "logistics"]})) == sorted(
        [ids["shipping"], ids["onboarding"]]
    )
    both = {
        "type": "and",
        "filters": [
            {"type": "lt", "key": "year", "value": 2030},
            {"type": "nin", "key": "team", "value": ["logistics"]},
        ],
    }
    assert hits(both) == [ids["onboarding"]]
    either = {
        "type": "or",
        "filters": [{"type": "eq", "key": "year", "value": 2025}, {"type": "eq", "key": "team", "value": "people"}],
    }
    assert sorted(hits(either)) == sorted([ids["shipping"], ids["onboarding"]])
    with pytest.raises(openai.BadRequestError, match="Invalid value: 'like'"):
        hits({"type": "like", "key": "team", "value": "x"})


def test_rewrite_query_is_echoed_in_search_query() -> None:
    fake = FakeOpenAI(seed=4, lifecycle="immediate")
    store, _ = _store(fake)
    plain = fake.vector_stores.search(store, query="How long does shipping take?")
    rewritten = fake.vector_stores.search(store, query="How long does shipping take?", rewrite_query=True)
    assert plain.model_extra is not None and rewritten.model_extra is not None
    assert plain.model_extra["search_query"] == ["How long does shipping take?"]
    assert rewritten.model_extra["search_query"] == ["long shipping take"]
    assert rewritten.object == "vector_store.search_results.page"


def test_long_files_are_chunked_and_the_matching_chunk_wins() -> None:
    fake = FakeOpenAI(seed=4, lifecycle="immediate")
    filler = " ".join(f"alpha{i}" for i in range(300))
    text = f"{filler} the secret password is swordfish {filler}"
    created = fake.files.create(file=("long.txt", text.encode()), purpose="assistants")
    store = fake.vector_stores.create(name="long")
    static: FileChunkingStrategyParam = {
        "type": "static",
        "static": {"max_chunk_size_tokens": 100, "chunk_overlap_tokens": 0},
    }
    attached = fake.vector_stores.files.create_and_poll(
        vector_store_id=store.id, file_id=created.id, chunking_strategy=static
    )
    assert attached.usage_bytes == len(text.encode())
    chunks = [part.text or "" for part in fake.vector_stores.files.content(created.id, vector_store_id=store.id)]
    assert len(chunks) > 3 and all(chunk in text for chunk in chunks)
    hit = fake.vector_stores.search(store.id, query="swordfish password").data
    assert len(hit) == 1 and "swordfish" in hit[0].content[0].text and len(hit[0].content[0].text) < len(text) // 3


def test_files_without_text_or_bytes_contribute_nothing_and_empty_stores_are_empty() -> None:
    fake = FakeOpenAI(seed=4, lifecycle="immediate")
    store, ids = _store(fake)
    assert list(fake.vector_stores.files.content(ids["image"], vector_store_id=store)) == []
    empty = fake.vector_stores.create(name="empty")
    assert fake.vector_stores.search(empty.id, query="refund").data == []
    lenient = FakeOpenAI(seed=4, unknown_ids="materialize", lifecycle="immediate")
    ghost_store = lenient.vector_stores.create(name="ghost")
    lenient.vector_stores.files.create(vector_store_id=ghost_store.id, file_id="file-neverUploaded")
    assert lenient.vector_stores.search(ghost_store.id, query="refund policy anything").data == []


def test_unknown_stores_and_files_are_404() -> None:
    fake = FakeOpenAI(seed=4, lifecycle="immediate")
    store, _ids = _store(fake)
    with pytest.raises(openai.NotFoundError, match="No vector store found with id 'vs_nope'"):
        fake.vector_stores.search("vs_nope", query="refund")
    with pytest.raises(openai.NotFoundError):
        fake.vector_stores.files.content("file-nope", vector_store_id=store)


def test_attached_files_report_their_real_size_and_chunking() -> None:
    fake = FakeOpenAI(seed=4, lifecycle="immediate")
    store, ids = _store(fake)
    by_id = {f.id: f for f in fake.vector_stores.files.list(store)}
    assert set(by_id) == {ids["refunds"], ids["shipping"], ids["onboarding"], ids["image"]}
    assert by_id[ids["shipping"]].usage_bytes == len(_SHIPPING)
    assert by_id[ids["shipping"]].attributes == {"team": "logistics", "year": 2025}
    strategy = by_id[ids["refunds"]].chunking_strategy
    assert strategy is not None and strategy.type == "static"
    assert (strategy.static.max_chunk_size_tokens, strategy.static.chunk_overlap_tokens) == (800, 400)


def test_a_detached_file_is_no_longer_searched() -> None:
    fake = FakeOpenAI(seed=4, lifecycle="immediate")
    store, ids = _store(fake)
    fake.vector_stores.files.delete(ids["refunds"], vector_store_id=store)
    assert fake.vector_stores.search(store, query="refund policy").data == []


def test_search_is_deterministic() -> None:
    def run() -> str:
        fake = FakeOpenAI(seed=8, lifecycle="immediate")
        store, _ = _store(fake)
        return fake.vector_stores.search(store, query="shipping refund week").model_dump_json()

    assert run() == run()


def test_async_search_and_content() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=4, lifecycle="immediate")
        refunds = await fake.files.create(file=("refunds.md", _REFUNDS), purpose="assistants")
        shipping = await fake.files.create(file=("shipping.md", _SHIPPING), purpose="assistants")
        store = await fake.vector_stores.create(name="kb")
        await fake.vector_stores.files.create_and_poll(vector_store_id=store.id, file_id=refunds.id)
        await fake.vector_stores.file_batches.create_and_poll(
            store.id, file_ids=[shipping.id], attributes={"team": "logistics"}
        )
        page = await fake.vector_stores.search(store.id, query="express shipping fee")
        assert [hit.file_id for hit in page.data] == [shipping.id]
        assert page.data[0].attributes == {"team": "logistics"}
        chunks = [part.text async for part in fake.vector_stores.files.content(refunds.id, vector_store_id=store.id)]
        assert chunks == [_REFUNDS.decode()]
        with pytest.raises(openai.NotFoundError):
            await fake.vector_stores.search("vs_missing", query="x")

    asyncio.run(main())
