"""The lifecycle engine on its own: statuses, timestamps, progressions and the controls."""

from __future__ import annotations

from typing import Any

import pytest

from openai_fakes import FakeOpenAI
from openai_fakes._core.errors import APIErrorReply
from openai_fakes._state.backend import Backend
from openai_fakes._state.collection import Collection
from openai_fakes._state.lifecycle import Lifecycle, Lifecycles, Step

JOB = Lifecycle(
    "job",
    path=(Step("queued"), Step("running", ("started_at",)), Step("done", ("done_at",))),
    cancel=(Step("cancelling", ("cancelling_at",)), Step("cancelled", ("cancelled_at",))),
    endings=(Step("failed", ("failed_at",)), Step("expired", ("expired_at",))),
    error_field="error",
)


def _engine(**policy: Any) -> tuple[Lifecycles, Collection]:
    backend = Backend(seed=1)
    engine = Lifecycles.of(backend)
    if policy:
        engine.configure(**policy)
    store = backend.stores["/jobs"] = Collection()
    return engine, store


def _new(engine: Lifecycles, store: Collection, key: str = "job_1", **hooks: Any) -> dict[str, Any] | None:
    store.put({"id": key, "object": "job", "created_at": engine.backend.clock.now(), "status": "?", "error": None})
    return engine.track(JOB, "/jobs", key, **hooks)


def test_polls_is_the_default_and_one_retrieve_finishes() -> None:
    engine, store = _engine()
    created = _new(engine, store)
    assert created is not None and created["status"] == "queued"
    engine.observe("/jobs", "job_1")
    assert store["job_1"]["status"] == "done"
    assert store["job_1"]["created_at"] <= store["job_1"]["started_at"] <= store["job_1"]["done_at"]
    assert engine.polls("job_1") == 1


@pytest.mark.parametrize("polls", [1, 2, 3, 5])
def test_the_nth_poll_reaches_the_final_status_never_earlier(polls: int) -> None:
    engine, store = _engine(progression="polls", polls=polls)
    _new(engine, store)
    seen = []
    for _ in range(polls):
        engine.observe("/jobs", "job_1")
        seen.append(store["job_1"]["status"])
    assert seen[-1] == "done" and "done" not in seen[:-1]
    # statuses only move forward
    order = ["queued", "running", "done"]
    assert [order.index(s) for s in seen] == sorted(order.index(s) for s in seen)


def test_immediate_answers_final_and_runs_hooks_in_order() -> None:
    entered: list[str] = []
    engine, store = _engine(progression="immediate")
    created = _new(engine, store, on_enter=lambda obj, status, now: entered.append(status))
    assert created is not None and created["status"] == "done"
    assert entered == ["queued", "running", "done"]


def test_manual_moves_only_by_hand_with_later_virtual_times() -> None:
    engine, store = _engine(progression="manual")
    _new(engine, store)
    for _ in range(3):
        engine.observe("/jobs", "job_1")
    assert store["job_1"]["status"] == "queued"
    assert engine.advance("job_1") == "running"
    started = store["job_1"]["started_at"]
    assert engine.complete("job_1") == "done"
    assert store["job_1"]["done_at"] > started
    with pytest.raises(ValueError, match="already ended"):
        engine.fail("job_1")


def test_fail_and_expire_set_their_stamp_and_error() -> None:
    engine, store = _engine(progression="manual")
    _new(engine, store, "a")
    _new(engine, store, "b")
    assert engine.fail("a", code="invalid_file", message="bad") == "failed"
    assert store["a"]["error"] == {"code": "invalid_file", "message": "bad"} and store["a"]["failed_at"]
    assert engine.expire("b") == "expired" and store["b"]["expired_at"]
    with pytest.raises(ValueError, match="final statuses are"):
        engine.finish("b", "running")


def test_cancel_acknowledges_cancelling_then_the_next_poll_sees_cancelled() -> None:
    engine, store = _engine()
    _new(engine, store)
    reply = engine.cancel_request("/jobs", "job_1")
    assert reply is not None and reply["status"] == "cancelling" and reply["cancelling_at"]
    engine.observe("/jobs", "job_1")
    assert store["job_1"]["status"] == "cancelled"
    with pytest.raises(APIErrorReply):
        engine.cancel_request("/jobs", "job_1")


def test_a_kind_policy_applies_to_later_objects_and_set_progression_to_one() -> None:
    engine, store = _engine(progression="manual")
    _new(engine, store, "early")
    engine.configure("immediate", kind="job")
    _new(engine, store, "late")
    assert store["early"]["status"] == "queued"
    assert store["late"]["status"] == "done"
    engine.set_progression("early", "immediate")
    assert store["early"]["status"] == "done"


def test_a_manual_cancel_waits_in_cancelling_and_finished_objects_refuse() -> None:
    engine, store = _engine(progression="manual")
    _new(engine, store, "job_1")
    reply = engine.cancel_request("/jobs", "job_1")
    assert reply is not None and reply["status"] == "cancelling"
    engine.observe("/jobs", "job_1")
    assert store["job_1"]["status"] == "cancelling"  # manual: waits for the test
    assert engine.complete("job_1") == "cancelled"
    assert store["job_1"]["cancelling_at"] < store["job_1"]["cancelled_at"]
    with pytest.raises(APIErrorReply):  # the API's 400 for a finished object
        engine.cancel_request("/jobs", "job_1")
    with pytest.raises(ValueError, match="nothing to cancel"):
        engine.cancel("job_1")


def test_unknown_targets_and_bad_policies_say_what_to_do() -> None:
    engine, _ = _engine()
    with pytest.raises(ValueError, match="pass the id"):
        engine.advance("job_nope")
    with pytest.raises(ValueError, match="'immediate', 'polls' or 'manual'"):
        engine.configure("later")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="polls must be an int >= 1"):
        engine.configure("polls", polls=0)
    with pytest.raises(ValueError, match="polls must be an int >= 1"):
        FakeOpenAI(polls=0)


def test_the_fake_exposes_one_engine_per_backend() -> None:
    fake = FakeOpenAI(seed=1, lifecycle="manual")
    assert fake.lifecycle is Lifecycles.of(fake.backend)
    assert fake.lifecycle.default.progression == "manual"
