"""Inner pytest sessions (pytester) of the plugin's tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    # pytest-asyncio (dev extra) warns in every session whose ini leaves its loop scope unset; the
    # inner sessions' ini files are the tests' own, so the option comes from the environment
    # (set after pytester's own setup, which clears PYTEST_ADDOPTS).
    monkeypatch.setenv("PYTEST_ADDOPTS", "-o asyncio_default_fixture_loop_scope=function")
    return pytester
