"""Generic state: what a client creates, the same backend remembers (issue 6, part 1)."""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
import warnings
from collections.abc import Iterator
from typing import Any

import openai
import pytest

from openai_fakes import Backend, FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._state.collection import Collection


@pytest.fixture(autouse=True)
def _assistants_are_deprecated() -> Iterator[None]:
    # The Assistants API is deprecated in the SDK; using it is the point of some tests here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def _upload(fake: FakeOpenAI, name: str = "data.jsonl", purpose: Any = "batch") -> openai.types.FileObject:
    return fake.files.create(file=(name, b'{"a": 1}\n'), purpose=purpose)


# --- create -> retrieve -> update -> list -> delete -> 404 ---------------------------------------


def test_files_round_trip_and_a_deleted_file_is_not_found_with_the_api_body() -> None:
    fake = FakeOpenAI(seed=1)
    created = _upload(fake, "train.jsonl", "fine-tune")
    assert (created.filename, created.bytes, created.purpose) == ("train.jsonl", 9, "fine-tune")
    assert fake.files.retrieve(created.id) == created
    assert [f.id for f in fake.files.list()] == [created.id]
    deleted = fake.files.delete(created.id)
    assert (deleted.id, deleted.deleted, deleted.object) == (created.id, True, "file")
    with pytest.raises(openai.NotFoundError) as caught:
        fake.files.retrieve(created.id)
    assert caught.value.status_code == 404
    assert caught.value.body == {
        "message": f"No such File object: {created.id}",
        "type": "invalid_request_error",
        "param": "id",
        "code": None,
    }
    with pytest.raises(openai.NotFoundError):
        fake.files.delete(created.id)
    assert list(fake.files.list()) == []


def test_a_never_created_id_is_not_found_by_default() -> None:
    fake = FakeOpenAI()
    with pytest.raises(openai.NotFoundError, match="No such File object: file-abc123"):
        fake.files.retrieve("file-abc123")
    with pytest.raises(openai.NotFoundError, match="No such File object: file-abc123"):
        fake.files.content("file-abc123")  # anything below a stored object checks its id
    with pytest.raises(openai.NotFoundError, match=r"No assistant found with id 'asst_nope'."):
        fake.beta.assistants.update("asst_nope", name="x")


def test_vector_stores_round_trip() -> None:
    fake = FakeOpenAI(seed=2)
    store = fake.vector_stores.create(name="docs", metadata={"team": "a"})
    assert (store.name, store.metadata) == ("docs", {"team": "a"})
    updated = fake.vector_stores.update(store.id, name="papers", metadata={"team": "b"})
    assert (updated.id, updated.name, updated.metadata) == (store.id, "papers", {"team": "b"})
    again = fake.vector_stores.retrieve(store.id)
    assert again == updated and again.created_at == store.created_at
    assert [s.id for s in fake.vector_stores.list()] == [store.id]
    assert fake.vector_stores.delete(store.id).deleted is True
    with pytest.raises(openai.NotFoundError, match=f"No vector store found with id '{store.id}'."):
        fake.vector_stores.retrieve(store.id)


def test_vector_store_files_are_nested_under_their_store() -> None:
    fake = FakeOpenAI(seed=3, lifecycle="immediate")  # attached files are processed at once
    store, other = fake.vector_stores.create(name="a"), fake.vector_stores.create(name="b")
    file = _upload(fake, purpose="assistants")
    attached = fake.vector_stores.files.create(store.id, file_id=file.id, attributes={"lang": "en"})
    assert (attached.id, attached.vector_store_id, attached.status) == (file.id, store.id, "completed")
    assert fake.vector_stores.files.retrieve(file.id, vector_store_id=store.id) == attached
    changed = fake.vector_stores.files.update(file.id, vector_store_id=store.id, attributes={"lang": "fr"})
    assert changed.attributes == {"lang": "fr"}
    assert fake.vector_stores.files.retrieve(file.id, vector_store_id=store.id).attributes == {"lang": "fr"}
    assert [f.id for f in fake.vector_stores.files.list(store.id)] == [file.id]
    assert list(fake.vector_stores.files.list(other.id)) == []  # another store has its own files
    with pytest.raises(openai.NotFoundError):
        fake.vector_stores.files.retrieve(file.id, vector_store_id=other.id)
    fake.vector_stores.files.delete(file.id, vector_store_id=store.id)
    with pytest.raises(openai.NotFoundError, match=f"No file found with id '{file.id}'."):
        fake.vector_stores.files.retrieve(file.id, vector_store_id=store.id)
    assert fake.files.retrieve(file.id) == file  # detaching leaves the file itself


def test_deleting_a_parent_forgets_what_was_below_it_and_unknown_parents_are_not_found() -> None:
    fake = FakeOpenAI(seed=4)
    store = fake.vector_stores.create(name="a")
    file = _upload(fake, purpose="assistants")
    fake.vector_stores.files.create(store.id, file_id=file.id)
    fake.vector_stores.delete(store.id)
    assert not any(path.startswith(f"/vector_stores/{store.id}/") for path in fake.backend.stores)
    with pytest.raises(openai.NotFoundError, match=f"No vector store found with id '{store.id}'."):
        fake.vector_stores.files.list(store.id)
    with pytest.raises(openai.NotFoundError, match=r"No vector store found with id 'vs_never'."):
        fake.vector_stores.files.create("vs_never", file_id=file.id)


def test_assistants_round_trip() -> None:
    fake = FakeOpenAI(seed=5)
    assistant = fake.beta.assistants.create(model="gpt-4o", name="Helper", instructions="Be brief.")
    assert (assistant.model, assistant.name, assistant.instructions) == ("gpt-4o", "Helper", "Be brief.")
    updated = fake.beta.assistants.update(assistant.id, instructions="Be kind.", metadata={"v": "2"})
    assert (updated.name, updated.instructions, updated.metadata) == ("Helper", "Be kind.", {"v": "2"})
    assert fake.beta.assistants.retrieve(assistant.id) == updated
    deleted = fake.beta.assistants.delete(assistant.id)
    assert (deleted.id, deleted.deleted, deleted.object) == (assistant.id, True, "assistant.deleted")
    with pytest.raises(openai.NotFoundError):
        fake.beta.assistants.retrieve(assistant.id)


def test_batches_cancel_moves_the_stored_batch() -> None:
    fake = FakeOpenAI(seed=6)
    file = _upload(fake)
    batch = fake.batches.create(input_file_id=file.id, endpoint="/v1/chat/completions", completion_window="24h")
    assert batch.input_file_id == file.id
    assert fake.batches.list().data == [batch]  # a list is no poll: the batch stays validating
    cancelling = fake.batches.cancel(batch.id)
    assert (cancelling.id, cancelling.status) == (batch.id, "cancelling")
    assert cancelling.cancelling_at is not None
    later = fake.batches.retrieve(batch.id)  # the API takes minutes; the fake is done by the next read
    assert later.status == "cancelled" and later.cancelled_at is not None
    assert [b.status for b in fake.batches.list()] == ["cancelled"]
    with pytest.raises(openai.NotFoundError, match=r"No batch found with id 'batch_nope'."):
        fake.batches.cancel("batch_nope")


def test_a_scripted_endpoint_answers_from_its_script_even_for_unknown_ids() -> None:
    fake = FakeOpenAI()
    fake.stub(fake.files.retrieve).returns({"filename": "scripted.txt"})
    file = fake.files.retrieve("file-unknown")
    assert (file.id, file.filename) == ("file-unknown", "scripted.txt")


# --- lists --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crowded() -> tuple[FakeOpenAI, list[str]]:
    """250 assistants, created oldest first."""
    fake = FakeOpenAI(seed=7)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ids = [fake.beta.assistants.create(model="gpt-4o", name=f"a{i}").id for i in range(250)]
    return fake, ids


def test_auto_pagination_returns_every_object_once_newest_first(crowded: tuple[FakeOpenAI, list[str]]) -> None:
    fake, ids = crowded
    start = len(fake.calls)
    listed = [a.id for a in fake.beta.assistants.list()]
    assert listed == ids[::-1]
    assert len(fake.calls) - start == 13  # 20 per page by default (docs/api-behaviour.md, Pagination)
    assert [a.id for a in fake.beta.assistants.list(order="asc", limit=100)] == ids


def test_page_fields_and_cursors(crowded: tuple[FakeOpenAI, list[str]]) -> None:
    fake, ids = crowded
    page = fake.beta.assistants.list(limit=7, order="asc")
    assert [a.id for a in page.data] == ids[:7]
    assert page.has_more is True  # CursorPage declares data and has_more only; the SDK pages with data[-1].id
    after = fake.beta.assistants.list(limit=5, order="asc", after=ids[100])
    assert [a.id for a in after.data] == ids[101:106]
    last = fake.beta.assistants.list(limit=10, order="asc", after=ids[244])
    assert [a.id for a in last.data] == ids[245:] and last.has_more is False
    desc = fake.beta.assistants.list(limit=3, after=ids[100])
    assert [a.id for a in desc.data] == [ids[99], ids[98], ids[97]]


def test_before_gives_the_page_right_before_the_cursor(crowded: tuple[FakeOpenAI, list[str]]) -> None:
    fake, ids = crowded
    page = fake.beta.assistants.list(limit=4, order="asc", before=ids[10])
    assert [a.id for a in page.data] == ids[6:10] and page.has_more is True
    first = fake.beta.assistants.list(limit=4, order="asc", before=ids[3])
    assert [a.id for a in first.data] == ids[:3] and first.has_more is False
    between = fake.beta.assistants.list(limit=50, order="asc", after=ids[20], before=ids[25])
    assert [a.id for a in between.data] == ids[21:25] and between.has_more is False
    newest_first = fake.beta.assistants.list(limit=2, before=ids[10])
    assert [a.id for a in newest_first.data] == [ids[12], ids[11]]


def test_equality_filters_on_item_fields() -> None:
    fake = FakeOpenAI(seed=8)
    batch_files = [_upload(fake, f"b{i}.jsonl", "batch").id for i in range(3)]
    tuning = _upload(fake, "t.jsonl", "fine-tune").id
    assert [f.id for f in fake.files.list(purpose="batch")] == batch_files[::-1]
    assert [f.id for f in fake.files.list(purpose="fine-tune")] == [tuning]
    assert [f.id for f in fake.files.list(purpose="batch", limit=1, order="asc", after=batch_files[0]).data] == [
        batch_files[1]
    ]
    store = fake.vector_stores.create(name="s")
    fake.vector_stores.files.create(store.id, file_id=tuning)
    assert len(fake.vector_stores.files.list(store.id, filter="in_progress").data) == 1  # not polled yet
    assert fake.vector_stores.files.list(store.id, filter="completed").data == []


# --- unknown ids, isolation, sharing ------------------------------------------------------------


def test_lenient_mode_materialises_unknown_ids_and_remembers_them() -> None:
    fake = FakeOpenAI(seed=9, unknown_ids="materialize")
    file = fake.files.retrieve("file-abc123")
    assert file.id == "file-abc123"
    assert fake.files.retrieve("file-abc123") == file  # the same object from then on
    assert [f.id for f in fake.files.list()] == ["file-abc123"]
    assert fake.beta.assistants.update("asst_made_up", name="x").name == "x"
    assert fake.files.delete("file-never").deleted is True
    assert fake.vector_stores.files.list("vs_made_up").data == []  # a list shows what exists


def test_unknown_ids_must_be_a_known_mode() -> None:
    with pytest.raises(ValueError, match="unknown_ids"):
        FakeOpenAI(unknown_ids="sometimes")  # type: ignore[arg-type]


def test_fakes_are_isolated_unless_they_share_a_backend() -> None:
    one, two = FakeOpenAI(seed=1), FakeOpenAI(seed=1)
    file = _upload(one)
    with pytest.raises(openai.NotFoundError):
        two.files.retrieve(file.id)
    backend = Backend(seed=2)
    writer, reader = FakeOpenAI(backend=backend), FakeAsyncOpenAI(backend=backend)
    shared = _upload(writer)
    assert asyncio.run(reader.files.retrieve(shared.id)) == shared
    assert writer.with_options(max_retries=0).files.retrieve(shared.id) == shared


def test_same_seed_same_state() -> None:
    def session(seed: int) -> list[str]:
        fake = FakeOpenAI(seed=seed)
        store = fake.vector_stores.create(name="s")
        _upload(fake)
        return [fake.vector_stores.retrieve(store.id).model_dump_json(), fake.files.list().model_dump_json()]

    assert session(11) == session(11)


def test_async_round_trip() -> None:
    async def run() -> None:
        fake = FakeAsyncOpenAI(seed=12)
        store = await fake.vector_stores.create(name="async")
        assert (await fake.vector_stores.update(store.id, name="renamed")).name == "renamed"
        ids = [(await fake.vector_stores.create(name=f"s{i}")).id for i in range(30)]
        listed = [s.id async for s in fake.vector_stores.list(limit=7, order="asc")]
        assert listed == [store.id, *ids]
        await fake.vector_stores.delete(store.id)
        with pytest.raises(openai.NotFoundError):
            await fake.vector_stores.retrieve(store.id)

    asyncio.run(run())


# --- concurrency ----------------------------------------------------------------------------------


def test_concurrent_creation_from_8_threads_loses_and_duplicates_nothing() -> None:
    fake = FakeOpenAI(seed=13)
    made: list[str] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        for i in range(40):
            created = fake.vector_stores.create(name=f"t{n}-{i}").id
            with lock:
                made.append(created)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    listed = [s.id for s in fake.vector_stores.list(limit=100)]
    assert len(made) == len(set(made)) == 320
    assert sorted(listed) == sorted(made) and len(listed) == len(set(listed))


def test_concurrent_creation_from_200_tasks_loses_and_duplicates_nothing() -> None:
    async def run() -> tuple[list[str], list[str]]:
        fake = FakeAsyncOpenAI(seed=14)
        made = await asyncio.gather(*(fake.vector_stores.create(name=f"task{i}") for i in range(200)))
        listed = [s.id async for s in fake.vector_stores.list(limit=100)]
        return [s.id for s in made], listed

    made, listed = asyncio.run(run())
    assert len(set(made)) == 200 and sorted(listed) == sorted(made) and len(listed) == 200


# --- cost does not grow with the store (counted in Python steps, never timed) ----------------------


def _python_steps(action: Any) -> int:
    """How many Python steps (calls and lines, the interpreter's trace events) ``action`` runs.

    Deterministic where a timing is not: the same call on the same code takes the same steps on any
    machine under any load. A retrieve or page that scanned, sorted or re-indexed the store in
    Python would take steps in proportion to it. (The timed figure is benchmarks/bench.py's
    stored-files row: retrieve and a page of 20 with 100,000 stored.)"""
    steps = 0

    def count(frame: Any, event: str, arg: Any) -> Any:
        nonlocal steps
        steps += 1
        return count

    gc.collect()
    gc.disable()  # a collection mid-call could run finalizers (Python code) left by earlier objects
    previous = sys.gettrace()
    sys.settrace(count)
    try:
        action()
    finally:
        sys.settrace(previous)
        gc.enable()
    return steps


def test_retrieve_and_page_cost_do_not_grow_with_the_store() -> None:
    fake = FakeOpenAI(seed=15)
    template = fake.vector_stores.create(name="template").model_dump(mode="json")
    costs: dict[int, dict[str, int]] = {}
    for size in (1_000, 20_000):
        # Filled directly (an SDK round trip per object would only measure the SDK): same objects, new ids.
        collection = fake.backend.stores["/vector_stores"]
        assert isinstance(collection, Collection)
        collection.clear()
        for i in range(size):
            collection.put({**template, "id": f"vs_{i:08d}"})
        middle = f"vs_{size // 2:08d}"
        actions = {
            "retrieve": lambda: fake.vector_stores.retrieve(middle),  # noqa: B023
            "page after a cursor": lambda: fake.vector_stores.list(limit=20, after=middle),  # noqa: B023
            "page before a cursor": lambda: fake.vector_stores.list(limit=20, before=middle),  # noqa: B023
            "first page": lambda: fake.vector_stores.list(limit=20),
        }
        for action in actions.values():
            action()  # the first call of each fills caches (validators, routes) that later calls reuse
        costs[size] = {name: _python_steps(action) for name, action in actions.items()}
        assert [s.id for s in fake.vector_stores.list(limit=2, order="asc", after=middle).data] == [
            f"vs_{size // 2 + 1:08d}",
            f"vs_{size // 2 + 2:08d}",
        ]
    # 19,000 more objects: a scan, sort or re-index of them in Python would add at least 19,000 steps.
    # (Today the counts are equal; the slack keeps an unrelated, constant step or two from failing this.)
    grown = {name: costs[20_000][name] - costs[1_000][name] for name in costs[1_000]}
    assert all(extra < 1_000 for extra in grown.values()), (grown, costs)


# --- a deleted object stays a cursor ------------------------------------------------------------


def test_deleting_while_iterating_a_listing_loses_no_live_file() -> None:
    # Auto-pagination asks for the next page after the last id it saw; deleting that object in
    # between must not end the listing early (it used to give an empty page: 1 of 4 live files).
    fake = FakeOpenAI(seed=9)
    ids = [_upload(fake, f"f{i}.jsonl", "batch").id for i in range(6)]
    seen: list[str] = []
    for file in fake.files.list(limit=2, order="asc"):
        seen.append(file.id)
        if file.id in (ids[1], ids[3]):  # the last object of a page: the next page's cursor
            fake.files.delete(file.id)
    assert seen == ids
    assert [f.id for f in fake.files.list(order="asc")] == [ids[0], ids[2], ids[4], ids[5]]


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_a_deleted_cursor_keeps_its_place_in_vector_store_listings(order: Any) -> None:
    fake = FakeOpenAI(seed=10)
    ids = [fake.vector_stores.create(name=f"s{i}").id for i in range(5)]
    listed = ids if order == "asc" else ids[::-1]
    fake.vector_stores.delete(listed[2])
    after = fake.vector_stores.list(order=order, after=listed[2])
    assert [s.id for s in after.data] == listed[3:]
    before = fake.vector_stores.list(order=order, before=listed[2])
    assert [s.id for s in before.data] == listed[:2]
    with pytest.raises(openai.NotFoundError):
        fake.vector_stores.retrieve(listed[2])  # deleted is still deleted: only its place is kept


def test_an_id_never_stored_is_still_an_empty_page() -> None:
    fake = FakeOpenAI(seed=11)
    _upload(fake, "a.jsonl", "batch")
    assert fake.files.list(after="file-neverexisted").data == []


@pytest.mark.parametrize("seed", range(30))
def test_deleted_cursors_survive_compaction(seed: int) -> None:
    # Random creates and deletes (enough to compact the order list several times); every id ever
    # stored, live or deleted, pages exactly as a plain list of the live ids says it should.
    import random

    rng = random.Random(seed)
    collection = Collection()
    created: list[str] = []
    for step in range(400):
        live = [key for key in created if key in collection]
        if live and rng.random() < 0.45:
            collection.discard(rng.choice(live))
        else:
            key = f"obj_{step}"
            collection.put({"id": key})
            created.append(key)
    live = [key for key in created if key in collection]
    for cursor in rng.sample(created, 25):
        place = created.index(cursor)
        newer = [key for key in created[place + 1 :] if key in collection]
        older = [key for key in created[:place] if key in collection]
        ascending, _ = collection.page(limit=1000, ascending=True, after=cursor)
        assert [obj["id"] for obj in ascending] == newer
        descending, _ = collection.page(limit=1000, ascending=False, after=cursor)
        assert [obj["id"] for obj in descending] == older[::-1]
        page, more = collection.page(limit=3, ascending=True, before=cursor)
        assert [obj["id"] for obj in page] == older[-3:] and more == (len(older) > 3)
    assert [obj["id"] for obj in collection.page(limit=1000, ascending=True)[0]] == live


def test_an_object_materialized_by_an_update_is_whole_for_later_lists() -> None:
    # groups.update answers with a slimmer type than the listed Group (no group_type): the
    # materialized object is kept whole, so a strict client can list it afterwards.
    fake: Any = FakeOpenAI(seed=12, unknown_ids="materialize", _strict_response_validation=True)
    updated = fake.admin.organization.groups.update(group_id="grp_x", name="Support")
    listed = list(fake.admin.organization.groups.list())
    assert [(group.id, group.name) for group in listed] == [("grp_x", "Support")] and updated.name == "Support"
    assert listed[0].group_type
