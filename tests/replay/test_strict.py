"""Strict replay's error for a request no record matches: the nearest record, and each request
field that differs from it (path, recorded value, value sent), long values cut around their
first difference, instead of every record's request cut at a fixed length."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI, UnmatchedRequest
from openai_fakes.replay import Record, load_jsonl, replay

from ._logs import completion

# Long turns that agree for far more than 60 characters: only the last message tells them apart.
PREAMBLE = "You are the travel desk's assistant. Answer in one sentence, and name the city you mean. "
HISTORY: Any = [
    {"role": "system", "content": PREAMBLE * 2},
    {"role": "user", "content": "I am planning a long weekend away in early spring."},
]


def _turn(city: str) -> Any:
    return [*HISTORY, {"role": "user", "content": f"{PREAMBLE}What is the weather like in {city} in March?"}]


RECORDS = [
    Record("POST", "/chat/completions", {"model": "gpt-4o", "messages": _turn(city)}, completion(n, f"Mild in {city}."))
    for n, city in enumerate(["Lisbon", "Porto", "Paris"], start=1)
]


def _error_sync(messages: Any, **params: Any) -> str:
    fake = FakeOpenAI()
    replay(fake, RECORDS, strict=True)
    with pytest.raises(UnmatchedRequest) as raised:
        fake.chat.completions.create(model=params.pop("model", "gpt-4o"), messages=messages, **params)
    return str(raised.value)


def _error_async(messages: Any, **params: Any) -> str:
    fake = FakeAsyncOpenAI()
    replay(fake, RECORDS, strict=True)

    async def main() -> str:
        with pytest.raises(UnmatchedRequest) as raised:
            await fake.chat.completions.create(model=params.pop("model", "gpt-4o"), messages=messages, **params)
        return str(raised.value)

    return asyncio.run(main())


@pytest.mark.parametrize("error_of", [_error_sync, _error_async], ids=["sync", "async"])
def test_the_nearest_record_and_the_field_that_differs(error_of: Any) -> None:
    message = error_of(_turn("Paros"))
    # Paris is one letter away; Lisbon and Porto are further.
    assert "The nearest, record 3 of 3, differs in 1 field:" in message
    line = next(line for line in message.splitlines() if line.strip().startswith("messages[2].content:"))
    assert re.fullmatch(
        r"  messages\[2\]\.content: recorded '….*like in Paris in March\?', got '….*like in Paros in March\?'", line
    ), line
    assert "Lisbon" not in message and "Porto" not in message


@pytest.mark.parametrize("error_of", [_error_sync, _error_async], ids=["sync", "async"])
def test_missing_fields_other_values_and_extra_messages_are_each_named(error_of: Any) -> None:
    message = error_of([*_turn("Paris"), {"role": "user", "content": "And in April?"}], model="gpt-4o-mini")
    assert "differs in 2 fields:" in message
    assert "  model: recorded 'gpt-4o', got 'gpt-4o-mini'" in message
    assert "  messages: recorded 3 items, got 4; the first extra is messages[3] = " in message
    assert '"content": "And in April?"' in message


def test_a_field_the_request_lacks_and_a_different_path() -> None:
    fake = FakeOpenAI()
    file = {
        "id": "file-abc",
        "object": "file",
        "bytes": 1,
        "created_at": 0,
        "filename": "a.txt",
        "purpose": "assistants",
        "status": "processed",
    }
    replay(fake, [Record("GET", "/files/file-abc", {}, file)], strict=True)
    with pytest.raises(UnmatchedRequest, match=r"path: recorded '/files/file-abc', got '/files/file-abd'"):
        fake.files.retrieve("file-abd")
    tempered = Record(
        "POST",
        "/chat/completions",
        {"model": "gpt-4o", "messages": _turn("Paris"), "temperature": 0.2},
        completion(9, "Mild."),
    )
    replay(fake, [tempered], strict=True)
    with pytest.raises(UnmatchedRequest, match=r"temperature: recorded 0\.2, missing from the request"):
        fake.chat.completions.create(model="gpt-4o", messages=_turn("Paris"))


def test_a_long_value_is_cut_around_its_first_difference() -> None:
    long = "lorem ipsum " * 40
    records = [
        Record(
            "POST",
            "/chat/completions",
            {"model": "gpt-4o", "messages": [{"role": "user", "content": long + "RECORDED" + long}]},
            completion(1, "x"),
        )
    ]
    fake = FakeOpenAI()
    replay(fake, records, strict=True)
    with pytest.raises(UnmatchedRequest) as raised:
        fake.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": long + "SENT" + long}])
    line = next(line for line in str(raised.value).splitlines() if "messages[0].content" in line)
    assert "'…" in line and "RECORDED" in line and "SENT" in line and len(line) < 200, line


def test_records_read_from_a_file_are_named_by_their_line(tmp_path: Path) -> None:
    path = tmp_path / "calls.jsonl"
    path.write_text("".join(json.dumps({"request": dict(r.body), "response": r.response}) + "\n" for r in RECORDS))
    fake = FakeOpenAI()
    replay(fake, load_jsonl(path), strict=True)
    # A rule added after the replay still answers what it matches.
    fake.stub(fake.chat.completions.create).when(model="gpt-4o-mini").reply("From the later rule.")
    assert (
        fake.chat.completions.create(model="gpt-4o-mini", messages=_turn("Oslo")).choices[0].message.content
        == "From the later rule."
    )
    with pytest.raises(UnmatchedRequest, match=re.escape(f"The nearest, record 2 of 3 ({path}:2), differs in 1 field")):
        fake.chat.completions.create(model="gpt-4o", messages=_turn("Portu"))
    assert fake.chat.completions.create(model="gpt-4o", messages=_turn("Porto")).id == "chatcmpl-2"


def test_strict_replay_itself_is_no_unused_answer() -> None:
    fake = FakeOpenAI()
    replay(fake, RECORDS[:1], strict=True)
    fake.chat.completions.create(model="gpt-4o", messages=_turn("Lisbon"))
    fake.assert_all_used()  # the record was used; what raises for unmatched calls answers nothing
