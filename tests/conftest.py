"""Test-session guards: no test may reach the network, and no test may see a real API key."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest

_LOOPBACK = {"127.0.0.1", "::1", "localhost", "0.0.0.0"}
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


# The frameworks of tests/framework_leg are installed only in their own CI leg's virtualenv
# (scripts/test_framework_leg.sh sets the variable): elsewhere the directory is not collected, so a
# missing framework is an import error in the leg, never a silent skip.
if os.environ.get("OPENAI_FAKES_FRAMEWORK_LEG") != "1":
    collect_ignore = ["framework_leg"]


class NetworkAccessError(RuntimeError):
    pass


def _host_of(address: Any) -> str | None:
    if isinstance(address, tuple) and address:
        return str(address[0])
    return None  # AF_UNIX paths and the like stay local


def _check(address: Any) -> None:
    host = _host_of(address)
    if host is not None and host not in _LOOPBACK and not host.startswith("127."):
        raise NetworkAccessError(f"a test tried to open a network connection to {address!r}")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check(address)
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check(address)
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if host is not None and str(host) not in _LOOPBACK and not str(host).startswith("127."):
        raise NetworkAccessError(f"a test tried to resolve {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


def pytest_sessionstart(session: pytest.Session) -> None:
    # Token counts the same on every machine: the estimate, not tiktoken (which counts where its
    # encodings happen to be cached). tests/test_tokens.py turns tiktoken on where it tests it.
    os.environ["OPENAI_FAKES_TOKENIZER"] = "estimate"
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = _guarded_getaddrinfo


@pytest.fixture(autouse=True)
def _no_real_credentials(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fake must work with no key in the environment; a real one must never be needed."""
    for name in ("OPENAI_API_KEY", "OPENAI_ADMIN_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)
    yield
