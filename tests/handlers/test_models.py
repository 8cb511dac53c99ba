"""Models: a realistic catalogue, retrieve and 404, fine-tuned models deleted for good."""

from __future__ import annotations

import asyncio

import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes.handlers.models import remember_fine_tuned

FINE_TUNED = "ft:gpt-4o-mini-2024-07-18:personal:support-bot:AbC12345"


def test_the_catalogue_holds_every_kind_of_current_model() -> None:
    models = {m.id: m for m in FakeOpenAI(seed=1).models.list()}
    for name in (
        "gpt-4o-mini",
        "gpt-4.1",
        "o3",
        "gpt-5",
        "text-embedding-3-small",
        "gpt-image-1",
        "dall-e-3",
        "whisper-1",
        "gpt-4o-transcribe",
        "tts-1",
        "omni-moderation-latest",
    ):
        assert name in models, name
    assert all(m.object == "model" and m.owned_by in {"system", "openai", "openai-internal"} for m in models.values())
    assert models["gpt-4o-mini"].created == 1721172741  # as the real API lists it
    assert models["whisper-1"].owned_by == "openai-internal"
    # A dated snapshot was created on its date (UTC).
    assert 1744588800 <= models["gpt-4.1-2025-04-14"].created < 1744588800 + 86400


def test_every_listed_model_can_be_retrieved_and_used_names_are_listed() -> None:
    fake = FakeOpenAI(seed=1)
    listed = list(fake.models.list())
    assert len(listed) > 50
    for model in listed[::10]:
        assert fake.models.retrieve(model.id) == model
    reply = fake.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    assert reply.model in {m.id for m in listed}  # the snapshot a chat reply names is a real model


def test_an_unknown_model_is_the_apis_404() -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        FakeOpenAI(seed=1).models.retrieve("gpt-9-ultra")
    assert caught.value.code == "model_not_found"
    assert caught.value.message.endswith("The model `gpt-9-ultra` does not exist or you do not have access to it.")


def test_fine_tuned_models_exist_once_created_and_are_gone_once_deleted() -> None:
    fake = FakeOpenAI(seed=1)
    with pytest.raises(openai.NotFoundError):  # nobody made it yet
        fake.models.retrieve(FINE_TUNED)
    remember_fine_tuned(fake.backend, FINE_TUNED)  # what a finished fine-tuning job does
    model = fake.models.retrieve(FINE_TUNED)
    assert model.id == FINE_TUNED and model.owned_by.startswith(("user-", "org-"))
    assert FINE_TUNED in {m.id for m in fake.models.list()}
    deleted = fake.models.delete(FINE_TUNED)
    assert (deleted.id, deleted.deleted, deleted.object) == (FINE_TUNED, True, "model")
    with pytest.raises(openai.NotFoundError):
        fake.models.retrieve(FINE_TUNED)
    with pytest.raises(openai.NotFoundError):
        fake.models.delete(FINE_TUNED)
    assert FINE_TUNED not in {m.id for m in fake.models.list()}


def test_base_models_cannot_be_deleted() -> None:
    fake = FakeOpenAI(seed=1)
    with pytest.raises(openai.PermissionDeniedError):
        fake.models.delete("gpt-4o-mini")
    assert fake.models.retrieve("gpt-4o-mini").id == "gpt-4o-mini"


def test_materialize_answers_unknown_models_and_lets_anything_be_deleted() -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    model = fake.models.retrieve(FINE_TUNED)
    assert fake.models.retrieve(FINE_TUNED).created == model.created  # remembered
    # Any name a client sends is made up, as every unknown id is under materialize: placeholders too.
    for name in ("ft:not-a-model:personal::AbC12345", "string"):
        made_up = fake.models.retrieve(name)
        assert (made_up.id, made_up.owned_by) == (name, model.owned_by)
        assert fake.models.delete(name).deleted
        with pytest.raises(openai.NotFoundError):  # deleted stays deleted
            fake.models.retrieve(name)
    assert fake.models.delete("gpt-4o-mini").deleted
    with pytest.raises(openai.NotFoundError):
        fake.models.retrieve("gpt-4o-mini")


def test_sync_and_async_clients_of_one_backend_share_deletions() -> None:
    fake = FakeOpenAI(seed=1)
    other = FakeAsyncOpenAI(backend=fake.backend)
    remember_fine_tuned(fake.backend, FINE_TUNED)

    async def main() -> None:
        assert (await other.models.delete(FINE_TUNED)).deleted
        ids = [m.id async for m in other.models.list()]
        assert "gpt-4o-mini" in ids and FINE_TUNED not in ids

    asyncio.run(main())
    with pytest.raises(openai.NotFoundError):
        fake.models.retrieve(FINE_TUNED)
