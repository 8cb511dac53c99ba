"""The session's socket guard itself works (otherwise every other 'no network' claim is hollow)."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkAccessError


def test_connecting_to_a_public_address_is_refused() -> None:
    with socket.socket() as sock, pytest.raises(NetworkAccessError):
        sock.connect(("93.184.216.34", 443))


def test_resolving_a_public_name_is_refused() -> None:
    with pytest.raises(NetworkAccessError):
        socket.getaddrinfo("api.openai.com", 443)
