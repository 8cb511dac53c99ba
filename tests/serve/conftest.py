"""The served fake, started in this process: uvicorn in a background thread on a free loopback port."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx2
import openai
import pytest
import uvicorn

from openai_fakes.serve import create_app


@contextmanager
def served(**options: Any) -> Iterator[str]:
    """The root URL (``http://127.0.0.1:PORT``) of a served fake made with ``create_app(**options)``."""
    config = uvicorn.Config(
        create_app(**options), host="127.0.0.1", port=0, log_level="critical", lifespan="off", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the served fake did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def root() -> Iterator[str]:
    """One served fake for a test module (seed 7); each test gets its own key, so its own backend."""
    with served(seed=7) as url:
        yield url


@pytest.fixture
def key() -> str:
    return f"sk-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def client(root: str, key: str) -> Iterator[openai.OpenAI]:
    """The real SDK client with its default HTTP transport, pointed at the served fake."""
    with openai.OpenAI(base_url=f"{root}/v1", api_key=key, max_retries=0) as made:
        yield made


@pytest.fixture
def http(root: str, key: str) -> Iterator[httpx2.Client]:
    """A plain HTTP client for the served fake, sending this test's key."""
    with httpx2.Client(base_url=root, headers={"Authorization": f"Bearer {key}"}, timeout=30) as made:
        yield made


def script(http: httpx2.Client, spec: dict[str, Any]) -> None:
    """Script the served fake over HTTP (POST /_fake/scripts), failing the test if it is refused."""
    answer = http.post("/_fake/scripts", json=spec)
    assert answer.status_code == 200, answer.text


def calls(http: httpx2.Client, endpoint: str | None = None) -> list[dict[str, Any]]:
    found = http.get("/_fake/calls", params={"endpoint": endpoint} if endpoint else {})
    assert found.status_code == 200, found.text
    data: list[dict[str, Any]] = found.json()["data"]
    return data
