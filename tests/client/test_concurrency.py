"""One fake used from many threads / asyncio tasks at once: records, ids and scripts stay exact.

A test suite may share a fake between worker threads, and an async app fans requests out with
``asyncio.gather``. The server answers each request under ``backend.lock``; these tests check
that nothing is lost, doubled or handed out twice when requests overlap.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

from openai_fakes import Call, FakeAsyncOpenAI, FakeOpenAI, SequenceExhausted

MESSAGES: Any = [{"role": "user", "content": "Say something short."}]
THREADS = 8
PER_THREAD = 40
TASKS = 200

T = TypeVar("T")


@pytest.fixture(autouse=True)
def _switch_threads_often() -> Iterator[None]:
    # Switch threads every few bytecodes instead of every 5 ms, so requests really interleave
    # inside the server rather than running one after another.
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(previous)


def _in_threads(work: Callable[[int], T], count: int) -> list[T]:
    """``work(i)`` for ``i`` in ``range(count)``, on ``THREADS`` threads released together."""
    start = threading.Barrier(THREADS)

    def run(i: int) -> T:
        if i < THREADS:
            start.wait()
        return work(i)

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(run, range(count)))


def _chat(fake: FakeOpenAI) -> str:
    completion = fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    return completion.id


# --- threads ------------------------------------------------------------------------------------


def test_every_call_from_eight_threads_is_recorded_once_with_a_unique_id() -> None:
    fake = FakeOpenAI()
    total = THREADS * PER_THREAD
    ids = _in_threads(lambda i: _chat(fake), total)
    assert len(set(ids)) == total
    assert len(fake.calls) == total
    assert len({id(call) for call in fake.calls}) == total
    # Each record carries the answer its own caller got, not a neighbour's.
    assert sorted(call.response["id"] for call in fake.calls) == sorted(ids)
    assert fake.stub(fake.chat.completions.create).calls.call_count == total


def test_stored_objects_created_from_threads_are_all_kept_and_listed() -> None:
    fake = FakeOpenAI()
    total = THREADS * 10
    ids = _in_threads(lambda i: fake.files.create(file=(f"f{i}.jsonl", b"{}\n"), purpose="batch").id, total)
    assert len(set(ids)) == total
    listed = [f.id for f in fake.files.list(limit=10_000)]
    assert sorted(listed) == sorted(ids)


def test_a_scripted_sequence_is_consumed_once_per_item_across_threads() -> None:
    fake = FakeOpenAI()
    items = [f"answer {n}" for n in range(100)]
    extra = 12
    fake.stub(fake.chat.completions.create).sequence(items)

    def work(i: int) -> str | None:
        try:
            completion = fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
        except SequenceExhausted:
            return None
        return completion.choices[0].message.content

    answers = _in_threads(work, len(items) + extra)
    given = [a for a in answers if a is not None]
    assert Counter(given) == Counter(items)  # every item once: none doubled, none skipped
    assert answers.count(None) == extra  # exactly one exhaustion per extra request
    assert len(fake.calls) == len(items) + extra


def test_a_scripted_sequence_is_consumed_once_per_item_by_streams_and_plain_calls_mixed() -> None:
    fake = FakeOpenAI()
    items = [f"item {n}" for n in range(64)]
    fake.stub(fake.chat.completions.create).sequence(items)

    def work(i: int) -> str:
        if i % 2:
            stream = fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
            return "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
        return fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES).choices[0].message.content or ""

    assert Counter(_in_threads(work, len(items))) == Counter(items)


def test_a_cycling_sequence_hands_out_items_in_equal_shares_across_threads() -> None:
    fake = FakeOpenAI()
    fake.stub(fake.chat.completions.create).sequence(["a", "b", "c", "d"], then="cycle")
    answers = _in_threads(
        lambda i: fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES).choices[0].message.content,
        4 * 50,
    )
    assert Counter(answers) == {"a": 50, "b": 50, "c": 50, "d": 50}


def test_a_responder_runs_exactly_once_per_call_across_threads() -> None:
    fake = FakeOpenAI()
    seen: list[Call] = []

    def respond(call: Call) -> str:
        seen.append(call)
        return f"reply {len(seen)}"

    fake.stub(fake.chat.completions.create).respond(respond)
    total = THREADS * 25
    answers = _in_threads(
        lambda i: fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES).choices[0].message.content,
        total,
    )
    assert len(seen) == total
    assert [id(call) for call in seen] == [id(call) for call in fake.calls]  # one run per record, in order
    assert sorted(answers, key=str) == sorted((f"reply {n}" for n in range(1, total + 1)), key=str)


def test_sync_responders_run_one_at_a_time_so_their_own_state_needs_no_lock() -> None:
    # The server calls a sync responder under the backend's lock: a read-modify-write that lets
    # other threads run in the middle still loses no update.
    fake = FakeOpenAI()
    state = {"count": 0}

    def respond(call: Call) -> str:
        count = state["count"]
        time.sleep(0)  # yield the GIL: another thread would interleave here without the lock
        state["count"] = count + 1
        return str(count)

    fake.stub(fake.chat.completions.create).respond(respond)
    total = THREADS * 20
    answers = _in_threads(
        lambda i: fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES).choices[0].message.content,
        total,
    )
    assert state["count"] == total
    assert sorted(answers, key=lambda a: int(a or -1)) == [str(n) for n in range(total)]


def test_stubs_made_from_many_threads_at_once_are_one_stub() -> None:
    fake = FakeOpenAI()
    stubs = _in_threads(lambda i: fake.stub(fake.embeddings.create), THREADS * 4)
    assert len({id(stub) for stub in stubs}) == 1


def test_threads_with_their_own_fakes_do_not_share_records() -> None:
    def work(i: int) -> int:
        fake = FakeOpenAI(seed=i)
        for _ in range(5):
            _chat(fake)
        return len(fake.calls)

    assert _in_threads(work, THREADS * 2) == [5] * (THREADS * 2)


# --- asyncio tasks ------------------------------------------------------------------------------


def test_two_hundred_tasks_are_each_recorded_once_with_a_unique_id() -> None:
    fake = FakeAsyncOpenAI()

    async def one() -> str:
        completion = await fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
        return completion.id

    async def main() -> list[str]:
        return await asyncio.gather(*(one() for _ in range(TASKS)))

    ids = asyncio.run(main())
    assert len(set(ids)) == TASKS
    assert len(fake.calls) == TASKS
    assert sorted(call.response["id"] for call in fake.calls) == sorted(ids)


def test_a_scripted_sequence_is_consumed_once_per_item_across_tasks() -> None:
    fake = FakeAsyncOpenAI()
    items = [f"answer {n}" for n in range(TASKS)]
    extra = 15
    fake.stub(fake.chat.completions.create).sequence(items)

    async def one(i: int) -> str | None:
        try:
            if i % 3 == 0:  # some through the SDK's streaming pipeline, the rest on the fast path
                stream = await fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
                return "".join([chunk.choices[0].delta.content or "" async for chunk in stream if chunk.choices])
            completion = await fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
        except SequenceExhausted:
            return None
        return completion.choices[0].message.content

    async def main() -> list[str | None]:
        return await asyncio.gather(*(one(i) for i in range(TASKS + extra)))

    answers = asyncio.run(main())
    assert Counter(a for a in answers if a is not None) == Counter(items)
    assert answers.count(None) == extra


def test_an_async_responder_that_awaits_runs_once_per_task() -> None:
    fake = FakeAsyncOpenAI()
    started: list[int] = []
    finished: list[int] = []

    async def respond(call: Call) -> str:
        number = len(started)
        started.append(number)
        await asyncio.sleep(0)  # let every other task start its request meanwhile
        finished.append(number)
        return f"reply {number}"

    fake.stub(fake.chat.completions.create).respond(respond)

    async def main() -> list[str | None]:
        results = await asyncio.gather(
            *(fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES) for _ in range(TASKS))
        )
        return [r.choices[0].message.content for r in results]

    answers = asyncio.run(main())
    assert sorted(started) == sorted(finished) == list(range(TASKS))
    assert Counter(answers) == Counter(f"reply {n}" for n in range(TASKS))
    assert len(fake.calls) == TASKS
    # Overlapping responders still leave each record with its own answer.
    assert Counter(call.response["choices"][0]["message"]["content"] for call in fake.calls) == Counter(answers)


def test_tasks_and_threads_share_one_backend_safely() -> None:
    sync_fake = FakeOpenAI()
    async_fake = FakeAsyncOpenAI(backend=sync_fake.backend)
    items = [f"n{n}" for n in range(120)]
    sync_fake.stub(sync_fake.chat.completions.create).sequence(items)

    async def tasks() -> list[str | None]:
        results = await asyncio.gather(
            *(async_fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES) for _ in range(60))
        )
        return [r.choices[0].message.content for r in results]

    with ThreadPoolExecutor(4) as pool:
        from_threads = pool.map(
            lambda i: (
                sync_fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES).choices[0].message.content
            ),
            range(60),
        )
        from_tasks = asyncio.run(tasks())
        answers = [*from_threads, *from_tasks]
    assert Counter(answers) == Counter(items)
    assert len(sync_fake.calls) == len(async_fake.calls) == 120
