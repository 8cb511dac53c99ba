"""The API's errors as handlers raise them: status, ``{"error": {...}}`` body, headers.

Bodies follow api-facts.md §6: all four keys (``message``, ``type``, ``param``, ``code``) always
present. The seam turns them into HTTP responses, so the SDK raises its own exception classes.
"""

from __future__ import annotations

from typing import Mapping

from ._exchange import ErrorReply

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


def error_body(status: int, message: str, *, param: str | None = None, code: str | None = None, type: str | None = None) -> dict[str, object]:
    return {"error": {"message": message, "type": type or _TYPES.get(status, "invalid_request_error"), "param": param, "code": code}}


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
        self.reply = ErrorReply(status, error_body(status, message, param=param, code=code, type=type), dict(headers or {}))


def bad_request(message: str, *, param: str | None = None, code: str | None = None) -> APIErrorReply:
    return APIErrorReply(400, message, param=param, code=code)


def not_found(message: str, *, param: str | None = None, code: str | None = None) -> APIErrorReply:
    return APIErrorReply(404, message, param=param, code=code)
