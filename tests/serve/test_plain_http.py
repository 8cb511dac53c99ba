"""Plain HTTP against the served fake: what a client in any language sends, edge cases included."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import httpx2
import openai
import pytest

from openai_fakes.serve import create_app

from .conftest import calls, script, served

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


def _still_serving(http: httpx2.Client) -> None:
    answer = http.post("/v1/chat/completions", json=CHAT)
    assert answer.status_code == 200 and answer.json()["object"] == "chat.completion"


def _error(answer: httpx2.Response, status: int) -> dict[str, object]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    error: dict[str, object] = answer.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}  # the API's error body, never a trace
    return error


def test_malformed_json_is_the_apis_400_and_the_server_keeps_serving(http: httpx2.Client) -> None:
    answer = http.post(
        "/v1/chat/completions",
        content=b'{"model": "gpt-4o-mini", "messages": [',
        headers={"content-type": "application/json"},
    )
    error = _error(answer, 400)
    assert "could not parse the JSON body" in str(error["message"])
    assert error["type"] == "invalid_request_error"
    _still_serving(http)


def test_a_content_type_the_endpoint_does_not_take_is_a_400(http: httpx2.Client) -> None:
    answer = http.post("/v1/chat/completions", content=b"model=gpt-4o-mini", headers={"content-type": "text/plain"})
    assert "Unsupported content type: 'text/plain'" in str(_error(answer, 400)["message"])
    _still_serving(http)


def test_an_unknown_route_is_the_apis_404(http: httpx2.Client) -> None:
    error = _error(http.post("/v1/chat/completion", json=CHAT), 404)
    assert error["message"] == "Invalid URL (POST /v1/chat/completion)"
    assert _error(http.get("/elsewhere"), 404)["message"] == "Invalid URL (GET /elsewhere)"


def test_a_known_route_with_another_method_is_a_405(http: httpx2.Client) -> None:
    error = _error(http.get("/v1/embeddings"), 405)
    assert error["message"] == "Invalid method for URL (GET /v1/embeddings)"
    assert _error(http.get("/_fake/scripts"), 405)["message"] == "Invalid method for URL (GET /_fake/scripts)"
    _still_serving(http)


def test_a_body_over_the_limit_is_a_400_and_the_server_keeps_serving() -> None:
    with served(max_body_bytes=4096) as url, httpx2.Client(base_url=url, headers={"Authorization": "Bearer k"}) as http:
        big = {**CHAT, "messages": [{"role": "user", "content": "x" * 10_000}]}
        assert "at most 4096 bytes" in str(_error(http.post("/v1/chat/completions", json=big), 400)["message"])
        upload = http.post("/v1/files", files={"file": ("big.txt", b"y" * 10_000)}, data={"purpose": "assistants"})
        assert "at most 4096 bytes" in str(_error(upload, 400)["message"])
        _still_serving(http)


def test_the_fakes_options_apply_to_every_keys_fake() -> None:
    with (
        served(unknown_ids="materialize", validation="off") as url,
        httpx2.Client(base_url=url, headers={"Authorization": "Bearer k"}) as http,
    ):
        made_up = http.get("/v1/files/file-made-up")
        assert made_up.status_code == 200 and made_up.json()["id"] == "file-made-up"
        unchecked = http.post("/v1/chat/completions", json={**CHAT, "temperature": 9})
        assert unchecked.status_code == 200
    with pytest.raises(ValueError, match="validation must be"):
        create_app(validation="loose")  # type: ignore[arg-type]


def test_no_key_is_the_apis_401(root: str) -> None:
    error = _error(httpx2.post(f"{root}/v1/chat/completions", json=CHAT), 401)
    assert "You didn't provide an API key" in str(error["message"])


def test_a_validation_refusal_names_the_field(http: httpx2.Client) -> None:
    error = _error(http.post("/v1/chat/completions", json={**CHAT, "temperature": 9}), 400)
    assert error["param"] == "temperature" and error["code"] == "decimal_above_max_value"
    assert _error(http.post("/v1/chat/completions", json={"messages": CHAT["messages"]}), 400)["message"] == (
        "you must provide a model parameter"
    )
    _still_serving(http)


def test_a_stream_is_sent_event_by_event_in_the_apis_framing(http: httpx2.Client) -> None:
    script(http, {"endpoint": "POST /chat/completions", "answer": "One two three four five."})
    with http.stream("POST", "/v1/chat/completions", json={**CHAT, "stream": True}) as answer:
        assert answer.headers["content-type"] == "text/event-stream; charset=utf-8"
        assert answer.headers["x-request-id"].startswith("req_")
        pieces = list(answer.iter_raw())
    events = b"".join(pieces).decode().split("\n\n")
    assert events[-2:] == ["data: [DONE]", ""]
    datas = [json.loads(e.removeprefix("data: ")) for e in events[:-2]]
    assert all(d["object"] == "chat.completion.chunk" for d in datas)
    assert (
        "".join(d["choices"][0]["delta"].get("content") or "" for d in datas if d["choices"])
        == "One two three four five."
    )
    assert len(pieces) > 1  # flushed as it went, not as one body


def test_scripting_over_http_then_calling(http: httpx2.Client) -> None:
    script(http, {"method": "chat.completions.create", "when": {"model": "gpt-4o"}, "answer": {"reply": "For gpt-4o."}})
    script(
        http,
        {"method": "chat.completions.create", "sequence": ["First.", {"raises": {"status": 503}}], "then": "default"},
    )
    said = [
        http.post("/v1/chat/completions", json={**CHAT, "model": model})
        for model in ("gpt-4o", "gpt-4o-mini", "gpt-4o-mini")
    ]
    assert said[0].json()["choices"][0]["message"]["content"] == "For gpt-4o."
    assert said[1].json()["choices"][0]["message"]["content"] == "First."
    assert said[2].status_code == 503 and said[2].json()["error"]["type"] == "server_error"
    after = http.post("/v1/chat/completions", json=CHAT)  # then="default": the realistic answer again
    assert after.status_code == 200 and after.json()["choices"][0]["message"]["content"] not in (
        "First.",
        "For gpt-4o.",
    )
    made = calls(http, "POST /chat/completions")
    assert [c["status"] for c in made] == [200, 200, 503, 200]
    assert made[0]["params"]["model"] == "gpt-4o" and made[0]["response"]["object"] == "chat.completion"
    assert http.get("/_fake/unused").json() == {"data": []}
    assert http.delete("/_fake/scripts").status_code == 200
    cleared = http.post("/v1/chat/completions", json={**CHAT, "model": "gpt-4o"})
    assert cleared.json()["choices"][0]["message"]["content"] != "For gpt-4o."


def test_structured_embedding_and_returns_scripts(http: httpx2.Client) -> None:
    script(http, {"method": "embeddings.create", "answer": {"embedding": [0.5, -0.25, 1.0]}})
    vectors = http.post(
        "/v1/embeddings", json={"model": "text-embedding-3-small", "input": "hi", "encoding_format": "float"}
    )
    assert vectors.json()["data"][0]["embedding"] == [0.5, -0.25, 1.0]
    script(http, {"method": "chat.completions.create", "answer": {"structured": {"city": "Paris", "celsius": 21}}})
    shaped = http.post("/v1/chat/completions", json=CHAT)
    assert json.loads(shaped.json()["choices"][0]["message"]["content"]) == {"city": "Paris", "celsius": 21}
    script(http, {"method": "files.retrieve", "answer": {"returns": {"filename": "scripted.txt"}}})
    assert http.get("/v1/files/file-abc").json()["filename"] == "scripted.txt"


def test_a_script_that_does_not_fit_is_refused_naming_the_fix(http: httpx2.Client) -> None:
    wrong_field = http.post(
        "/_fake/scripts", json={"method": "chat.completions.create", "answer": {"returns": {"nope": 1}}}
    )
    assert "nope" in str(_error(wrong_field, 400)["message"])
    no_endpoint = http.post("/_fake/scripts", json={"answer": "hi"})
    assert "chat.completions.create" in str(_error(no_endpoint, 400)["message"])
    unknown = http.post("/_fake/scripts", json={"method": "chat.completions.creat", "answer": "hi"})
    assert "chat.completions.creat" in str(_error(unknown, 400)["message"])
    not_an_answer = http.post("/_fake/scripts", json={"method": "chat.completions.create", "answer": {"shout": "hi"}})
    assert "reply" in str(_error(not_an_answer, 400)["message"])
    _still_serving(http)


def test_an_exhausted_sequence_is_a_500_naming_it(http: httpx2.Client) -> None:
    script(http, {"method": "chat.completions.create", "sequence": ["Only one."]})
    assert http.post("/v1/chat/completions", json=CHAT).status_code == 200
    exhausted = http.post("/v1/chat/completions", json=CHAT)
    assert exhausted.headers["x-openai-fakes-error"] == "SequenceExhausted"
    assert "SequenceExhausted" in str(_error(exhausted, 500)["message"])


def test_a_scripted_connection_failure_drops_the_connection(client: openai.OpenAI, http: httpx2.Client) -> None:
    script(http, {"method": "models.list", "answer": {"raises": "APIConnectionError"}})
    with pytest.raises(openai.APIConnectionError):
        client.models.list()
    _still_serving(http)


def test_importing_the_package_imports_no_server() -> None:
    code = (
        "import sys, openai_fakes; print(sorted(m for m in ('starlette', 'uvicorn', 'multipart') if m in sys.modules))"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_the_command_says_where_it_listens_and_stops_cleanly(stop: signal.Signals) -> None:
    command = [sys.executable, "-m", "openai_fakes", "serve", "--port", "0", "--seed", "3"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line.startswith("openai_fakes: serving the OpenAI API at http://127.0.0.1:"), line
            base_url = line.rsplit(" ", 1)[1].strip()
            with openai.OpenAI(base_url=base_url, api_key="sk-cli", max_retries=0) as sdk:
                assert sdk.models.list().data
            process.send_signal(stop)
            out, err = process.communicate(timeout=20)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert out.strip().endswith("openai_fakes: stopped")
