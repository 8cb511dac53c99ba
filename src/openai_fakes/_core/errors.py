"""The API's errors as handlers raise them: status, ``{"error": {...}}`` body, headers.

Bodies follow docs/api-behaviour.md, Error bodies: all four keys (``message``, ``type``, ``param``, ``code``)
always present. The seam turns them into HTTP responses, so the SDK raises its own exception classes.
"""

from __future__ import annotations

from collections.abc import Mapping

import openai

from .exchange import ErrorReply

_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    403: "invalid_request_error",
    404: "invalid_request_error",
    409: "invalid_request_error",
    422: "invalid_request_error",
    429: "requests",
    500: "server_error",
    503: "server_error",
}


def error_body(
    status: int, message: str, *, param: str | None = None, code: str | None = None, type: str | None = None
) -> dict[str, object]:
    return {
        "error": {
            "message": message,
            "type": type or _TYPES.get(status, "invalid_request_error"),
            "param": param,
            "code": code,
        }
    }


class APIErrorReply(Exception):
    """Raised inside a handler to answer with an API error instead of a reply."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        type: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status}: {message}")
        self.reply = ErrorReply(
            status, error_body(status, message, param=param, code=code, type=type), dict(headers or {})
        )


def bad_request(message: str, *, param: str | None = None, code: str | None = None) -> APIErrorReply:
    return APIErrorReply(400, message, param=param, code=code)


def unanswerable(error: Exception) -> APIErrorReply:
    """The 400 a fake with ``validation="off"`` answers when a request it let through cannot be
    answered at all: the API would have refused it, and the user asked for no check."""
    return bad_request(
        f"openai_fakes could not answer this request: validation='off' let through a value the fake cannot use "
        f"({type(error).__name__}: {error}). The real API refuses such a request with a 400; "
        "validation='lenient' names the field."
    )


def not_found(message: str, *, param: str | None = None, code: str | None = None) -> APIErrorReply:
    return APIErrorReply(404, message, param=param, code=code)


# The SDK's exception for each status, and what the API says by default (docs/api-behaviour.md, Error messages).
_DEFAULTS: dict[int, tuple[str, str | None]] = {
    400: ("Invalid request: the request could not be processed as sent.", None),
    401: (
        "Incorrect API key provided: sk-opena***************-key. You can find your API key at https://platform.openai.com/account/api-keys.",
        "invalid_api_key",
    ),
    403: ("You are not allowed to sample from this model", "model_not_allowed"),
    404: ("The requested resource does not exist or you do not have access to it.", None),
    409: ("The request conflicts with the current state of the resource. Please retry.", None),
    422: ("The request was well-formed but could not be processed.", None),
    429: (
        "Rate limit reached for requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms. Visit https://platform.openai.com/account/rate-limits to learn more.",
        "rate_limit_exceeded",
    ),
    500: (
        "The server had an error processing your request. Sorry about that! You can retry your request, or contact us through our help center at help.openai.com if you keep seeing this error.",
        None,
    ),
    503: ("The engine is currently overloaded, please try again later", None),
}


def default_error(status: int) -> tuple[str, str | None]:
    """The message and code the API sends with an error ``status`` when nothing more is said (a
    5xx it has no entry for reads as a 500, anything else as a 400)."""
    return _DEFAULTS.get(status, _DEFAULTS[500] if status >= 500 else _DEFAULTS[400])


def error_type(status: int) -> str:
    """The error ``type`` of a built error object for ``status``. (An error reply's body, from
    `error_body`, still calls an unlisted 5xx an ``invalid_request_error``.)"""
    return _TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")


def status_of(kind: type[BaseException]) -> int:
    """The HTTP status the SDK maps to ``kind`` (``openai.RateLimitError`` -> 429)."""

    table: list[tuple[type[BaseException], int]] = [
        (openai.BadRequestError, 400),
        (openai.AuthenticationError, 401),
        (openai.PermissionDeniedError, 403),
        (openai.NotFoundError, 404),
        (openai.ConflictError, 409),
        (openai.UnprocessableEntityError, 422),
        (openai.RateLimitError, 429),
        (openai.InternalServerError, 500),
    ]
    for cls, status in table:
        if issubclass(kind, cls):
            return status
    return 500


def status_error_reply(
    status: int,
    *,
    message: str | None = None,
    code: str | None = None,
    param: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> ErrorReply:
    default_message, default_code = default_error(status)
    all_headers: dict[str, str] = {}
    if status == 429:
        # A computed wait the SDK's retry loop honours (on the fake's virtual clock).
        all_headers["retry-after"] = "1"
        all_headers["x-ratelimit-remaining-requests"] = "0"
    all_headers.update(headers or {})
    body = error_body(status, message or default_message, param=param, code=code if code is not None else default_code)
    return ErrorReply(status, body, all_headers)
