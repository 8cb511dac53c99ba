"""What the server does, one module per API area, named as the SDK names it.

Each module has ``register(router)``; adding an area is one line in ``_AREAS``.
"""

from __future__ import annotations

import importlib

from .._router import Router

_AREAS = (
    "admin",
    "admin_groups",
    "admin_keys",
    "agents",
    "assistants",
    "audit_logs",
    "audio",
    "certificates",
    "batches",
    "chat",
    "completions",
    "container_files",
    "conversations",
    "embeddings",
    "evals",
    "files",
    "fine_tuning",
    "images",
    "models",
    "moderations",
    "realtime",
    "responses",
    "threads",
    "usage",
    "uploads",
    "vector_store_search",
    "vector_stores",
    "videos",
)


def register_all(router: Router) -> None:
    for area in _AREAS:
        importlib.import_module(f"{__name__}.{area}").register(router)
