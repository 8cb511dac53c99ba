"""The API's error bodies: ``ErrorObjectFactory`` (``{"error": {...}}`` of any HTTP error) and
``ResponseErrorFactory`` (``Response.error`` of a failed response).

Message, ``type`` and ``code`` always belong together, taken from the same table the fake server
answers errors with (``_core.errors``, from docs/api-behaviour.md, Error messages), so a factory-built body and a scripted
``RateLimitError`` read the same.
"""

from __future__ import annotations

from typing import Any

from openai.types.responses import ResponseError
from openai.types.shared import ErrorObject

from .._core.errors import default_error, error_type
from ._curate import UNSET, Unset, given, weighted
from ._engine import SDKModelFactory, curated
from ._state import Build

# How often each status shows up in practice: rate limits and bad requests lead.
_STATUS_WEIGHTS = ((429, 0.3), (400, 0.25), (500, 0.15), (404, 0.1), (401, 0.1), (503, 0.05), (403, 0.05))

# Response.error codes with the message the API sends for them (docs/api-behaviour.md, Responses objects, Error messages).
_RESPONSE_ERRORS: dict[str, str] = {
    "server_error": default_error(500)[0],
    "rate_limit_exceeded": default_error(429)[0],
    "invalid_prompt": "Invalid prompt: your prompt was flagged as potentially violating our usage policy. "
    "Please try again with a different prompt.",
}


@curated
class ErrorObjectFactory(SDKModelFactory[ErrorObject]):
    """The ``error`` object of an API error body: message, type, param, code of one real case.

    Shorthand: ``status=429`` (or any HTTP status the SDK maps to an exception) picks that case.
    """

    __model__ = ErrorObject
    _shorthands = ("status",)

    @classmethod
    def build(
        cls,
        factory_use_construct: bool = False,
        random_seed: int | None = None,
        *,
        status: int | Unset = UNSET,
        **kwargs: Any,
    ) -> ErrorObject:
        """Build one error object: ``status=`` (an HTTP status the SDK maps to an exception) picks the case."""
        return super().build(factory_use_construct, random_seed, **given(status=status), **kwargs)

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        status = kwargs.pop("status", None)
        if status is None:
            status = weighted(build.rng, _STATUS_WEIGHTS)
        elif not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError(f"{cls.__name__}: status must be an HTTP error status (400-599), got {status!r}")
        message, code = default_error(status)
        for field, value in (
            ("message", message),
            ("code", code),
            ("param", None),
            ("misalignment", None),
            ("type", error_type(status)),
        ):
            cls._default(kwargs, field, value)


@curated
class ResponseErrorFactory(SDKModelFactory[ResponseError]):
    """``Response.error`` of a failed response: a code and the message the API gives with it."""

    __model__ = ResponseError

    @classmethod
    def _prepare(cls, kwargs: dict[str, Any], build: Build) -> Any:
        code = kwargs.get("code")
        if code is None:
            code = weighted(build.rng, (("server_error", 0.5), ("rate_limit_exceeded", 0.3), ("invalid_prompt", 0.2)))
            cls._default(kwargs, "code", code)
        if code in _RESPONSE_ERRORS:
            cls._default(kwargs, "message", _RESPONSE_ERRORS[code])
        for field in ("param", "type", "misalignment"):
            cls._default(kwargs, field, None)
