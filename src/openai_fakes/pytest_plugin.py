"""pytest plugin (registered as the ``openai_fakes`` ``pytest11`` entry point).

Fixtures ``fake_openai`` and ``fake_async_openai`` give each test a fresh fake; ``patch_openai``
makes clients that the code under test builds itself answer from a fake too. The marker
``@pytest.mark.openai_fakes(seed=..., **options)`` sets the fake's seed and constructor options.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from ._client import PLACEHOLDER_API_KEY, FakeAsyncOpenAI, FakeOpenAI
from ._seam import install_everywhere


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "openai_fakes(seed=None, **options): options for the fake_openai / fake_async_openai fixtures"
    )


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("openai_fakes")
    if marker is None:
        return {}
    if marker.args:
        raise TypeError("@pytest.mark.openai_fakes takes keyword arguments only, e.g. openai_fakes(seed=7)")
    return dict(marker.kwargs)


@pytest.fixture
def fake_openai(request: pytest.FixtureRequest) -> FakeOpenAI:
    """A fresh `FakeOpenAI` for this test."""
    return FakeOpenAI(**_options(request))


@pytest.fixture
def fake_async_openai(request: pytest.FixtureRequest) -> FakeAsyncOpenAI:
    """A fresh `FakeAsyncOpenAI` for this test."""
    return FakeAsyncOpenAI(**_options(request))


@pytest.fixture
def patch_openai(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """For code that makes its own clients: every ``openai.OpenAI()`` / ``AsyncOpenAI()`` in the
    process (module-level ones included) is answered by the returned fake's server during the
    test, and a placeholder ``OPENAI_API_KEY`` is set so new clients construct. Undone afterwards.

    Script and assert through the returned fake: ``patch_openai.stub(patch_openai.chat.completions.create)``,
    ``patch_openai.calls``.
    """
    fake = FakeOpenAI(**_options(request))
    monkeypatch.setenv("OPENAI_API_KEY", PLACEHOLDER_API_KEY)
    undo = install_everywhere(fake._fake_server)
    try:
        yield fake
    finally:
        undo()
