"""Assertions on the API errors the fake raises: the SDK's class, status and the error body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import openai
import pytest

ErrorClass = type[openai.APIStatusError]


def refusal(call: Callable[[], Any], kind: ErrorClass = openai.BadRequestError) -> openai.APIStatusError:
    """The SDK error ``call()`` raises; fails the test if it answers instead."""
    with pytest.raises(kind) as info:
        call()
    return info.value


def assert_error(
    error: openai.APIStatusError,
    *,
    status: int = 400,
    param: str | None,
    code: str | None,
    message: str | None = None,
    type: str = "invalid_request_error",
) -> None:
    body: Any = error.body
    assert error.status_code == status
    assert body["type"] == type
    assert body["param"] == param
    assert error.code == code
    if message is not None:
        assert body["message"] == message
