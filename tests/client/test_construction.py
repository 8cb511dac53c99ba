"""Constructing fakes: no key needed, SDK options honoured, copies share one backend."""

from __future__ import annotations

import os

import openai
import pytest

from openai_fakes import Backend, FakeAsyncOpenAI, FakeOpenAI


def test_constructs_without_any_key_in_the_environment() -> None:
    assert "OPENAI_API_KEY" not in os.environ
    fake = FakeOpenAI()
    assert isinstance(fake, openai.OpenAI)
    assert fake.api_key.startswith("sk-") and fake.admin_api_key is not None
    assert isinstance(FakeAsyncOpenAI(), openai.AsyncOpenAI)


def test_a_real_key_in_the_environment_is_never_picked_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-real-secret")
    monkeypatch.setenv("OPENAI_ADMIN_KEY", "sk-admin-real-secret")
    fake = FakeOpenAI()
    assert "real-secret" not in fake.api_key
    assert "real-secret" not in (fake.admin_api_key or "")


def test_sdk_keyword_arguments_are_accepted_and_kept() -> None:
    fake = FakeOpenAI(api_key="sk-mine", organization="org-x", max_retries=5, timeout=3.0, default_headers={"x-a": "b"})
    assert (fake.api_key, fake.organization, fake.max_retries, fake.timeout) == ("sk-mine", "org-x", 5, 3.0)
    assert fake.default_headers["x-a"] == "b"


def test_with_options_and_copy_share_the_backend_and_stay_fakes() -> None:
    fake = FakeOpenAI(seed=3)
    for copied in (fake.with_options(timeout=1.0, max_retries=0), fake.copy(organization="org-y")):
        assert isinstance(copied, FakeOpenAI)
        assert copied.backend is fake.backend


def test_async_copies_share_the_backend() -> None:
    fake = FakeAsyncOpenAI(seed=3)
    assert fake.with_options(max_retries=0).backend is fake.backend


def test_sync_and_async_fakes_can_share_one_backend() -> None:
    backend = Backend(seed=1)
    assert FakeOpenAI(backend=backend).backend is FakeAsyncOpenAI(backend=backend).backend is backend


def test_two_fakes_never_share_state_by_default() -> None:
    assert FakeOpenAI(seed=1).backend is not FakeOpenAI(seed=1).backend


def test_seed_and_backend_together_is_refused_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match="either seed= or backend="):
        FakeOpenAI(seed=1, backend=Backend(seed=2))


def test_seed_must_be_an_int() -> None:
    with pytest.raises(TypeError, match="seed must be an int"):
        FakeOpenAI(seed="7")  # type: ignore[arg-type]
