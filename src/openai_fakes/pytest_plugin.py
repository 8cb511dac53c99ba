"""pytest plugin (registered as the ``openai_fakes`` ``pytest11`` entry point).

Fixtures ``fake_openai`` and ``fake_async_openai`` give each test a fresh fake; the marker
``@pytest.mark.openai_fakes(seed=..., **options)`` sets its seed and constructor options.
"""

from __future__ import annotations

from typing import Any

import pytest

from ._client import FakeAsyncOpenAI, FakeOpenAI


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
