"""What the server does, one module per API area, named as the SDK names it."""

from __future__ import annotations

from .._router import Router
from . import agents, assistants, chat, responses


def register_all(router: Router) -> None:
    agents.register(router)
    assistants.register(router)
    chat.register(router)
    responses.register(router)
