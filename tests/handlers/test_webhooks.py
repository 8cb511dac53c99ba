"""Webhooks: signed_webhook builds deliveries the SDK's own unwrap / verify_signature accept."""

from __future__ import annotations

import asyncio
import base64
import json
import time

import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes.webhooks import signed_webhook, webhook_event_types

SECRET = "whsec_" + base64.b64encode(b"openai-fakes webhook test secret").decode()


def test_every_event_type_of_the_sdk_unwraps_to_its_own_type() -> None:
    fake = FakeOpenAI(seed=1, webhook_secret=SECRET)
    types = webhook_event_types()
    assert {"response.completed", "batch.completed", "realtime.call.incoming"} <= set(types)
    for event_type in types:
        before = int(time.time())
        body, headers = signed_webhook(fake, event_type)
        after = time.time()
        event = fake.webhooks.unwrap(body, headers)
        assert event.type == event_type
        assert event.id.startswith("evt_") and event.object == "event"
        assert before <= event.created_at <= after  # signed now, however long the signing took


def test_given_data_is_delivered_and_the_rest_is_realistic() -> None:
    fake = FakeOpenAI(seed=2, webhook_secret=SECRET)
    body, headers = signed_webhook(fake, "response.completed", {"id": "resp_abc123"})
    event = fake.webhooks.unwrap(body, headers)
    assert event.type == "response.completed" and event.data.id == "resp_abc123"
    assert headers["webhook-id"].startswith("wh_") and headers["webhook-signature"].startswith("v1,")
    call_body, call_headers = signed_webhook(fake, "realtime.call.incoming")
    call = fake.webhooks.unwrap(call_body, call_headers)
    assert call.type == "realtime.call.incoming" and isinstance(call.data.call_id, str)


def test_the_sdk_refuses_a_tampered_body_another_secret_and_a_stale_delivery() -> None:
    fake = FakeOpenAI(seed=3, webhook_secret=SECRET)
    body, headers = signed_webhook(fake, "batch.completed", {"id": "batch_abc"})
    fake.webhooks.verify_signature(body, headers)  # accepted as is
    tampered = json.dumps({**json.loads(body), "type": "batch.failed"})
    with pytest.raises(openai.InvalidWebhookSignatureError):
        fake.webhooks.verify_signature(tampered, headers)
    other = "whsec_" + base64.b64encode(b"another secret entirely!").decode()
    with pytest.raises(openai.InvalidWebhookSignatureError):
        fake.webhooks.verify_signature(body, headers, secret=other)
    old_body, old_headers = signed_webhook(fake, "batch.completed", timestamp=int(time.time()) - 3600)
    with pytest.raises(openai.InvalidWebhookSignatureError, match="too old"):
        fake.webhooks.unwrap(old_body, old_headers)


def test_a_plain_secret_string_and_the_async_client() -> None:
    body, headers = signed_webhook(SECRET, "fine_tuning.job.succeeded", {"id": "ftjob-abc"}, webhook_id="wh_fixed")
    assert headers["webhook-id"] == "wh_fixed"

    async def run() -> str:
        fake = FakeAsyncOpenAI(webhook_secret=SECRET)
        event = fake.webhooks.unwrap(body, headers)
        return event.type

    assert asyncio.run(run()) == "fine_tuning.job.succeeded"


def test_same_seed_and_timestamp_give_the_same_delivery() -> None:
    def delivery(seed: int) -> tuple[str, dict[str, str]]:
        return signed_webhook(FakeOpenAI(seed=seed, webhook_secret=SECRET), "batch.completed", timestamp=1_800_000_000)

    assert delivery(4) == delivery(4)
    assert delivery(4) != delivery(5)


def test_misuse_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_WEBHOOK_SECRET", raising=False)
    with pytest.raises(ValueError, match="webhook_secret="):  # a plain SDK client with no secret
        signed_webhook(openai.OpenAI(api_key="sk-test"), "batch.completed")
    with pytest.raises(ValueError, match=r"unknown webhook event type 'batch.done'"):
        signed_webhook(SECRET, "batch.done")
    with pytest.raises(ValueError, match=r"not valid for a 'batch.completed' event"):
        signed_webhook(SECRET, "batch.completed", {"id": 42})
