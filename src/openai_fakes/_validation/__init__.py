"""Request validation like the server's (placeholder until the rules land)."""

from __future__ import annotations

from typing import Literal

from .._exchange import Exchange


def validate_request(exchange: Exchange, level: Literal["strict", "lenient", "off"]) -> None:
    """Raise ``APIErrorReply`` when the real API would refuse ``exchange``."""
    return None
