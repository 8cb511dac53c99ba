"""pytest plugin (registered as the ``openai_fakes`` ``pytest11`` entry point); docs/pytest-plugin.md.

Fixtures ``fake_openai`` and ``fake_async_openai`` give each test a fresh fake; ``patch_openai``
makes clients that the code under test builds itself answer from a fake too. The marker
``@pytest.mark.openai_fakes(seed=..., **options)`` sets the fake's seed and constructor options.
The ini option ``openai_fakes_patch`` (or ``--openai-fakes-patch``) patches the SDK's clients for
the whole session, so clients built when a test module is imported construct and are answered.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Generator, Iterator
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import openai
import pytest

from ._client.client import PLACEHOLDER_API_KEY, FakeAsyncOpenAI, FakeOpenAI
from ._client.seam import install_everywhere

if TYPE_CHECKING:
    from ._server.server import FakeServer

_MARKER = "openai_fakes"
_PATCH_INI = "openai_fakes_patch"
_ALL_USED_INI = "openai_fakes_assert_all_used"
_UNSCRIPTED_INI = "openai_fakes_unscripted"
# Marker keys the plugin reads itself; every other key goes to the fake's constructor.
_ASSERT_ALL_USED = "assert_all_used"

_CALL_PASSED = pytest.StashKey[bool]()
# The test being run: the fixtures read its markers. They do not take pytest's ``request`` fixture
# for it: pytest 9 builds a new fixture definition for ``request`` at each of its lookups (several a
# test), inspecting a signature each time, which cost each test about as much as its fake and call.
_RUNNING: ContextVar[pytest.Item | None] = ContextVar("openai_fakes_running_test", default=None)
_SESSION_PATCH = pytest.StashKey["_SessionPatch"]()

_Fake = TypeVar("_Fake", FakeOpenAI, FakeAsyncOpenAI)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        _PATCH_INI,
        "openai_fakes: patch openai.OpenAI / AsyncOpenAI / AzureOpenAI / AsyncAzureOpenAI for the whole "
        "session, so clients built at import construct with no key and are answered by a fake",
        type="bool",
        default=False,
    )
    parser.addini(
        _ALL_USED_INI,
        "openai_fakes: fail a passing test whose fake has scripted answers it never used (default true)",
        type="bool",
        default=True,
    )
    parser.addini(
        _UNSCRIPTED_INI,
        "openai_fakes: the fixtures' default for the fake's unscripted= option (e.g. error)",
        default="",
    )
    parser.getgroup("openai_fakes").addoption(
        "--openai-fakes-patch",
        action="store_true",
        default=False,
        help=f"patch the openai SDK's clients for the whole session (as the ini option {_PATCH_INI} = true)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{_MARKER}(seed=None, {_ASSERT_ALL_USED}=True, **options): options for the fake_openai / "
        "fake_async_openai / patch_openai fixtures; markers at module, class and test level merge, closest wins",
    )
    if config.getoption("openai_fakes_patch") or config.getini(_PATCH_INI):
        # From here, before collection: test modules that build clients at import find them patched.
        session = config.stash[_SESSION_PATCH] = _SessionPatch(config)
        config.pluginmanager.register(session, "openai_fakes_session_patch")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    token = _RUNNING.set(item)
    try:
        return (yield)
    finally:
        _RUNNING.reset(token)


def _running_test() -> pytest.Item:
    item = _RUNNING.get()
    if item is None:
        raise RuntimeError(
            "openai_fakes: fake_openai / fake_async_openai / patch_openai give each test a fake of its own; "
            "one was asked for outside a running test"
        )
    return item


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Kept so a fixture's teardown can tell whether the test itself passed.
    report = yield
    if report.when == "call":
        item.stash[_CALL_PASSED] = report.passed
    return report


# --- options -----------------------------------------------------------------------------------


def _marker_options(node: pytest.Item) -> dict[str, Any]:
    """The ``openai_fakes`` markers' keywords, merged: a key set closer to the test wins."""
    merged: dict[str, Any] = {}
    for marker in node.iter_markers(_MARKER):  # closest first: test, class, module
        if marker.args:
            raise TypeError("@pytest.mark.openai_fakes takes keyword arguments only, e.g. openai_fakes(seed=7)")
        for key, value in marker.kwargs.items():
            if key not in _marker_keys():
                raise TypeError(_unknown_marker_key(key))
            merged.setdefault(key, value)
    return merged


@cache
def _marker_keys() -> frozenset[str]:
    """What the marker takes: the fakes' constructor options (both fakes take the same: their own and,
    passed through, the SDK client's) and the plugin's own ``assert_all_used``."""
    names = {_ASSERT_ALL_USED}
    for constructor in (FakeOpenAI.__init__, openai.OpenAI.__init__):
        for name, parameter in inspect.signature(constructor).parameters.items():
            if name != "self" and parameter.kind is not inspect.Parameter.VAR_KEYWORD:
                names.add(name)
    return frozenset(names)


def _unknown_marker_key(key: str) -> str:
    close = difflib.get_close_matches(key, _marker_keys(), n=1)
    hint = f"did you mean {close[0]}=? " if close else ""
    options = ", ".join(sorted(name for name in _marker_keys() if not name.startswith("_")))
    return f"@pytest.mark.openai_fakes({key}=...): not an option of the fake; {hint}it takes {options}"


def _ini_options(config: pytest.Config) -> dict[str, Any]:
    unscripted = str(config.getini(_UNSCRIPTED_INI)).strip()
    return {"unscripted": unscripted} if unscripted else {}


def _settings(node: pytest.Item) -> tuple[dict[str, Any], bool]:
    """A test's fake constructor options and whether it asserts that every script was used, from
    its markers (read once) over the ini options. A bad value is refused before the test runs."""
    marked = _marker_options(node)
    all_used = marked.pop(_ASSERT_ALL_USED, node.config.getini(_ALL_USED_INI))
    if not isinstance(all_used, bool):
        raise TypeError(f"@pytest.mark.openai_fakes({_ASSERT_ALL_USED}=...) takes True or False, not {all_used!r}")
    return {**_ini_options(node.config), **marked}, all_used


def _check_all_used(item: pytest.Item, fake: FakeOpenAI | FakeAsyncOpenAI, all_used: bool) -> None:
    """Strict mode, at teardown: scripted answers the test never used fail it, and so does a request
    the scripts could not answer whose error the code under test caught. Only a test that passed is
    checked, so a test's own failure is never buried under a second error."""
    __tracebackhide__ = True
    if not (all_used and item.stash.get(_CALL_PASSED, False)):
        return
    try:
        fake.assert_all_used()
    except AssertionError as unused:
        raise AssertionError(
            f"{unused}\n(openai_fakes: checked after a passing test; if that is intended (answers scripted "
            "for calls that may not come, or a test that expects the fake's error), mark it "
            f"@pytest.mark.openai_fakes({_ASSERT_ALL_USED}=False) or set the ini option {_ALL_USED_INI} = false)"
        ) from None


# --- fixtures ----------------------------------------------------------------------------------


def _fresh(kind: type[_Fake]) -> Iterator[_Fake]:
    item = _running_test()
    options, all_used = _settings(item)
    fake = kind(**options)
    yield fake
    _check_all_used(item, fake, all_used)


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """A fresh `FakeOpenAI` for this test."""
    yield from _fresh(FakeOpenAI)


@pytest.fixture
def fake_async_openai() -> Iterator[FakeAsyncOpenAI]:
    """A fresh `FakeAsyncOpenAI` for this test."""
    yield from _fresh(FakeAsyncOpenAI)


@pytest.fixture
def patch_openai(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """For code that makes its own clients: every ``openai.OpenAI()`` / ``AsyncOpenAI()`` (and the
    Azure ones) in the process, module-level ones included, is answered by the returned fake's
    server during the test; a placeholder ``OPENAI_API_KEY`` is set. Undone afterwards.

    Script and assert through the returned fake: ``patch_openai.stub(patch_openai.chat.completions.create)``,
    ``patch_openai.calls``. Under the session-wide patch it is this test's own fake.
    """
    monkeypatch.setenv("OPENAI_API_KEY", PLACEHOLDER_API_KEY)
    item = _running_test()
    options, all_used = _settings(item)
    session = item.config.stash.get(_SESSION_PATCH, None)
    if session is not None:
        fake = session.current()
        yield fake
    else:
        fake = FakeOpenAI(**options)
        undo = install_everywhere(lambda: fake._fake_server, placeholder_api_key=PLACEHOLDER_API_KEY)
        try:
            yield fake
        finally:
            undo()
    _check_all_used(item, fake, all_used)


# --- the session-wide patch --------------------------------------------------------------------


class _SessionPatch:
    """The SDK's clients patched from configure to unconfigure. Each test is answered by a fake of
    its own, built from its markers when first needed (so scripts, call records and server state
    never leak between tests); anything outside a test (code run at import) by one session fake."""

    def __init__(self, config: pytest.Config) -> None:
        self._config = config
        self._outside_tests: FakeOpenAI | None = None
        self._for_test: tuple[pytest.Item, FakeOpenAI] | None = None
        config.add_cleanup(install_everywhere(self._server, placeholder_api_key=PLACEHOLDER_API_KEY))

    def current(self) -> FakeOpenAI:
        """The fake answering plain clients right now."""
        item = _RUNNING.get()
        if item is None:
            if self._outside_tests is None:
                self._outside_tests = FakeOpenAI(**_ini_options(self._config))
            return self._outside_tests
        if self._for_test is None or self._for_test[0] is not item:
            self._for_test = item, FakeOpenAI(**_settings(item)[0])
        return self._for_test[1]

    def _server(self) -> FakeServer:
        return self.current()._fake_server
