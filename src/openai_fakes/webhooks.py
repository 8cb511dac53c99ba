"""Signed webhook deliveries, for testing the code that receives them.

OpenAI signs each webhook the Standard Webhooks way: ``webhook-id``, ``webhook-timestamp`` and
``webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`` keyed by the endpoint's
``whsec_`` secret. `signed_webhook` builds such a delivery, so ``client.webhooks.unwrap(body,
headers)`` and ``verify_signature`` accept it exactly as they accept a real one::

    fake = FakeOpenAI(webhook_secret="whsec_...")
    body, headers = signed_webhook(fake, "response.completed", {"id": "resp_123"})
    event = fake.webhooks.unwrap(body, headers)       # ResponseCompletedWebhookEvent

The timestamp is wall-clock time even for a seeded fake, because the SDK checks it against the
real clock (five minutes of tolerance); pass ``timestamp=`` to test a stale delivery.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import time
import typing
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import openai
import pydantic

from ._core.ids import IdGenerator, IdShape

__all__ = ["signed_webhook", "webhook_event_types"]

_EVENT_ID = IdShape("evt_", "hex_time", 32)
_DELIVERY_ID = IdShape("wh_", "hex_time", 32)


@lru_cache(maxsize=1)
def _event_models() -> dict[str, type[pydantic.BaseModel]]:
    from openai.types.webhooks import UnwrapWebhookEvent

    union = typing.get_args(UnwrapWebhookEvent)[0]
    models: dict[str, type[pydantic.BaseModel]] = {}
    for model in typing.get_args(union):
        (event_type,) = typing.get_args(model.model_fields["type"].annotation)
        models[event_type] = model
    return models


def webhook_event_types() -> list[str]:
    """Every webhook event type the installed SDK can unwrap."""
    return sorted(_event_models())


def _secret_of(source: openai.OpenAI | openai.AsyncOpenAI | str) -> str:
    if isinstance(source, str):
        return source
    secret = source.webhook_secret
    if not secret:
        raise ValueError(
            "signed_webhook needs a signing secret: construct the client with webhook_secret='whsec_...' "
            "(or pass the secret string instead of the client)"
        )
    return secret


def _new_id(source: object, shape: IdShape, rng: random.Random, now: int) -> str:
    """An id from the fake's backend (reproducible under a seed), else a random one."""

    server = getattr(source, "_fake_server", None)
    if server is None:
        return IdGenerator(rng).make(shape, now)
    backend = server.backend
    with backend.lock:
        # Ids encode their creation time (docs/api-behaviour.md, Ids): the delivery's, not the virtual clock's.
        return str(backend.ids.make(shape, now))


def signed_webhook(
    client: openai.OpenAI | openai.AsyncOpenAI | str,
    event_type: str,
    data: Mapping[str, Any] | None = None,
    *,
    timestamp: int | None = None,
    webhook_id: str | None = None,
) -> tuple[str, dict[str, str]]:
    """``(body, headers)`` of a webhook delivery of ``event_type``, signed with the client's
    ``webhook_secret`` (or with ``client`` itself when it is the secret string).

    ``data`` is the event's ``data`` object; fields it leaves out get realistic values (e.g. an
    ``id`` with the right prefix). The event must validate as the SDK's type for ``event_type``.
    """
    models = _event_models()
    model = models.get(event_type)
    if model is None:
        raise ValueError(f"unknown webhook event type {event_type!r}; the SDK knows: {', '.join(sorted(models))}")
    secret = _secret_of(client)
    now = int(time.time()) if timestamp is None else timestamp
    rng = random.Random()
    event = {
        "id": _new_id(client, _EVENT_ID, rng, now),
        "object": "event",
        "created_at": now,
        "type": event_type,
        "data": {**_default_data(model, now), **dict(data or {})},
    }
    try:
        model.model_validate(event)
    except pydantic.ValidationError as error:
        raise ValueError(f"the data given is not valid for a {event_type!r} event:\n{error}") from None
    body = json.dumps(event)
    delivery = webhook_id or _new_id(client, _DELIVERY_ID, rng, now)
    key = base64.b64decode(secret.removeprefix("whsec_")) if secret.startswith("whsec_") else secret.encode()
    digest = hmac.new(key, f"{delivery}.{now}.{body}".encode(), hashlib.sha256).digest()
    headers = {
        "content-type": "application/json",
        "user-agent": "OpenAI/1.0 (+https://platform.openai.com/docs/webhooks)",
        "webhook-id": delivery,
        "webhook-timestamp": str(now),
        "webhook-signature": "v1," + base64.b64encode(digest).decode(),
    }
    return body, headers


def _default_data(model: type[pydantic.BaseModel], now: int) -> dict[str, Any]:
    from .factories._engine import sample_json

    data_type = model.model_fields["data"].annotation
    sample = sample_json(data_type, seed=now)
    return dict(sample) if isinstance(sample, dict) else {}
