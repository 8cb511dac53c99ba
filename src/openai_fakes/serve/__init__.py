"""The fake over HTTP (docs/serving.md): ``python -m openai_fakes serve``, or `create_app` for any
ASGI server. Needs the ``serve`` extra (``pip install "openai-fakes[serve]"``): starlette, uvicorn
and python-multipart; ``import openai_fakes`` alone imports none of them."""

from __future__ import annotations

from .app import DEFAULT_MAX_BODY_BYTES, create_app
from .cli import serve

__all__ = ["DEFAULT_MAX_BODY_BYTES", "create_app", "serve"]
