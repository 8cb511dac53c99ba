"""What the server does, one module per API area, named as the SDK names it."""

from __future__ import annotations

from .._router import Router
from . import chat


def register_all(router: Router) -> None:
    chat.register(router)
