"""A user's tests, run by the clean virtualenv's pytest: the plugin loads from its entry point (there
is no conftest), its fixtures, marker and ini option work."""

from __future__ import annotations

import pytest

from openai_fakes import FakeOpenAI, UnscriptedCall


def ask(client: FakeOpenAI) -> str:
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])
    return reply.choices[0].message.content or ""


def test_the_fixture_gives_a_fake(fake_openai: FakeOpenAI) -> None:
    fake_openai.stub(fake_openai.chat.completions.create).reply("Hello.")
    assert ask(fake_openai) == "Hello."


@pytest.mark.openai_fakes(seed=3, unscripted="default")
def test_the_marker_seeds_the_fake(fake_openai: FakeOpenAI) -> None:
    assert ask(fake_openai) == ask(FakeOpenAI(seed=3))


@pytest.mark.openai_fakes(assert_all_used=False)  # the test expects the fake's error
def test_the_ini_option_applies(fake_openai: FakeOpenAI) -> None:
    # pytest.ini sets openai_fakes_unscripted = error: an unscripted call fails.
    with pytest.raises(UnscriptedCall):
        ask(fake_openai)
