"""Fakes are cheap to make and leave nothing behind: a suite that makes one per test for
thousands of tests must not grow, and what one fake changes (a route) no other fake sees."""

from __future__ import annotations

import asyncio
import gc
import sys
import weakref
from typing import Any

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI, embedding
from openai_fakes._core.exchange import Exchange, JsonReply, Reply
from openai_fakes._server.server import FakeServer
from openai_fakes._state.backend import Backend

MESSAGES: Any = [{"role": "user", "content": "How are you?"}]
FAKES = 5_000
# Memory blocks one fake may leave behind for good, averaged over thousands: a leaked server or
# backend is dozens of blocks at least (its dicts, lists, lock, clock and SDK client), so this catches
# any per-fake leak.
BLOCKS_PER_FAKE = 0.5


class _Collected:
    """Counts objects collected, holding nothing of them once they are gone (``weakref.finalize``)."""

    def __init__(self) -> None:
        self.watched = 0
        self.collected = 0

    def watch(self, *objects: object) -> None:
        for obj in objects:
            self.watched += 1
            weakref.finalize(obj, self._one)

    def _one(self) -> None:
        self.collected += 1


def _use_and_drop(collected: _Collected) -> None:
    fake = FakeOpenAI(seed=1)
    fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    fake.stub(fake.embeddings.create).sequence([embedding([0.1, 0.2])])
    fake.files.create(file=("a.jsonl", b"{}\n"), purpose="batch")
    collected.watch(fake, fake._fake_server, fake.backend)


def test_thousands_of_fakes_made_and_dropped_do_not_grow_memory() -> None:
    collected = _Collected()
    for _ in range(200):  # warm every process-wide cache (templates, routes, answer texts)
        _use_and_drop(collected)
    gc.collect()
    before = sys.getallocatedblocks()
    for _ in range(FAKES):
        _use_and_drop(collected)
    gc.collect()
    grown = sys.getallocatedblocks() - before
    assert collected.collected == collected.watched, "fakes, servers or backends outlived their last reference"
    assert grown < FAKES * BLOCKS_PER_FAKE, f"{grown} memory blocks more after {FAKES} fakes"


def test_async_fakes_made_and_dropped_inside_a_running_loop_are_collected() -> None:
    async def main() -> list[weakref.ref[Any]]:
        refs: list[weakref.ref[Any]] = []
        for seed in range(500):
            fake = FakeAsyncOpenAI(seed=seed)
            await fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
            stream = await fake.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, stream=True)
            async for _ in stream:
                pass
            refs += [weakref.ref(fake), weakref.ref(fake._fake_server), weakref.ref(fake.backend)]
        return refs

    refs = asyncio.run(main())
    gc.collect()
    assert [ref for ref in refs if ref() is not None] == []


def test_copies_of_a_fake_keep_its_server_alive_and_then_let_it_go() -> None:
    fake = FakeOpenAI()
    copy = fake.with_options(max_retries=0)
    server = weakref.ref(fake._fake_server)
    del fake
    gc.collect()
    assert server() is copy._fake_server  # the copy still answers from the same server
    del copy
    gc.collect()
    assert server() is None


def test_a_backend_keeps_one_server_for_all_its_fakes() -> None:
    backend = Backend(seed=3)
    first, second = FakeOpenAI(backend=backend), FakeAsyncOpenAI(backend=backend)
    assert first._fake_server is second._fake_server is FakeServer.for_backend(backend)


def test_a_route_added_to_one_fake_is_not_seen_by_another() -> None:
    # Servers copy one process-wide routing table; a copy must be theirs alone.
    def custom(server: FakeServer, exchange: Exchange) -> Reply:
        return JsonReply(
            {"object": "list", "data": [{"id": "my-model", "object": "model", "created": 0, "owned_by": "me"}]}
        )

    patched = FakeOpenAI()
    patched._fake_server.router.add("GET", "/models", custom, summary="test")
    assert [m.id for m in patched.models.list()] == ["my-model"]
    assert "my-model" not in [m.id for m in FakeOpenAI().models.list()]
    assert "my-model" not in [m.id for m in FakeOpenAI().models.list()]
