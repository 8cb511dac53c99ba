"""load_logged reads the logs users have: pipe tables laid out any way, CSV and JSONL, told apart
by their content; anything else is refused with the accepted formats, one example each."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes.replay import Record, load_jsonl, load_logged, replay

from ..validation._strategies import BOUNDED
from ._logs import (
    COLUMNS,
    RAW,
    REAL,
    REQUEST,
    Call,
    Layout,
    completion,
    csv_text,
    pipe_table,
)

CHAT = ("POST", "/chat/completions")
SECOND = Call(
    "gpt-4o",
    [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Pipes | inside | JSON?"}],
    completion(2, "Yes | they stay text."),
    "Yes | they stay text.",
)


def _read(tmp_path: Path, text: str, name: str = "log.txt") -> list[Record]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return load_logged(path)


def _requests_and_responses(records: list[Record]) -> list[tuple[str, str, dict[str, Any], Any]]:
    return [(r.method, r.path, dict(r.body), r.response) for r in records]


EXPECTED = [(*CHAT, REQUEST, RAW), (*CHAT, {"model": "gpt-4o", "messages": SECOND.messages}, SECOND.response)]

LAYOUTS = {
    "compact JSON": Layout(separators=(",", ":")),
    "markdown, padded, model first": Layout(
        outer=True, padded=True, typed=False, columns=["model", "messages", "raw_response"]
    ),
    "markdown, no blanks": Layout(outer=True, before="", after="", typed=False),
    "no blanks around pipes": Layout(before="", after="", separators=(",", ":")),
    "wide blanks, spaced JSON": Layout(before="   ", after="  ", separators=(" , ", " : ")),
    "columns in another order": Layout(
        columns=["raw_response", "messages", "id", "model", "assistant_message"], typed=False
    ),
    "CRLF, blank lines between rows": Layout(newline="\r\n", blank_lines=True, separators=(",", ":")),
    "JSON pretty-printed across lines": Layout(outer=True, typed=False, indent=2),
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_a_pipe_table_reads_the_same_whatever_its_layout(tmp_path: Path, layout: Layout) -> None:
    records = _read(tmp_path, pipe_table([REAL, SECOND], layout))
    assert _requests_and_responses(records) == EXPECTED


@BOUNDED
@given(
    outer=st.booleans(),
    before=st.sampled_from(["", " ", "  ", "\t"]),
    after=st.sampled_from(["", " ", "   "]),
    padded=st.booleans(),
    typed=st.booleans(),
    separators=st.sampled_from([(",", ":"), (", ", ": "), (" ,", " :"), (" , ", " : ")]),
    blank_lines=st.booleans(),
    indent=st.sampled_from([None, 0, 2]),
)
def test_any_spacing_padding_and_header_style_reads_the_same(
    tmp_path_factory: pytest.TempPathFactory,
    outer: bool,
    before: str,
    after: str,
    padded: bool,
    typed: bool,
    separators: tuple[str, str],
    blank_lines: bool,
    indent: int | None,
) -> None:
    layout = Layout(outer, before, after, padded, typed, separators, blank_lines=blank_lines, indent=indent)
    records = _read(tmp_path_factory.mktemp("log"), pipe_table([REAL, SECOND], layout))
    assert _requests_and_responses(records) == EXPECTED


def test_pipes_in_a_reply_cell_and_markdown_escaped_pipes_in_json(tmp_path: Path) -> None:
    # An assistant's reply holding " | " gives the row more cells than the header names; markdown
    # writes a pipe inside a cell as \| (JSON itself has no such escape).
    table = pipe_table([SECOND], Layout(outer=True, typed=False, separators=(",", ":")))
    escaped = table.replace('Pipes | inside | JSON?"', 'Pipes \\| inside \\| JSON?"')
    assert escaped != table
    for text in (table, escaped):
        assert _requests_and_responses(_read(tmp_path, text)) == EXPECTED[1:]


def test_records_name_the_line_they_come_from_and_a_failed_call_has_none(tmp_path: Path) -> None:
    failed = Call("gpt-4o", [{"role": "user", "content": "Fail"}], {"id": "chatcmpl-failed"})
    table = pipe_table([REAL, failed, SECOND], Layout(blank_lines=True)).replace('{"id": "chatcmpl-failed"}', "null")
    records = _read(tmp_path, table, "calls.md")
    assert _requests_and_responses(records) == EXPECTED
    # 17 header lines (each column's name, then its type on the next), the rule, then a blank line
    # before each row.
    assert [r.source for r in records] == [f"{tmp_path / 'calls.md'}:20", f"{tmp_path / 'calls.md'}:24"]


# --- CSV -------------------------------------------------------------------------------------


def test_csv_with_request_and_response_columns(tmp_path: Path) -> None:
    text = csv_text(
        ["request", "response"],
        [
            [REQUEST, RAW],
            [
                {"method": "GET", "path": "/models/gpt-4o", "body": {}},
                {"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"},
            ],
        ],
    )
    records = _read(tmp_path, text, "calls.csv")
    assert _requests_and_responses(records) == [
        (*CHAT, REQUEST, RAW),
        ("GET", "/models/gpt-4o", {}, {"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"}),
    ]


def test_csv_with_the_log_tables_columns_and_json_spanning_lines(tmp_path: Path) -> None:
    header = [name for name, _ in COLUMNS]
    rows = [[call.cells(lambda v: json.dumps(v, indent=2))[name] for name in header] for call in (REAL, SECOND)]
    records = _read(tmp_path, csv_text(header, rows), "export.csv")
    assert _requests_and_responses(records) == EXPECTED
    first_row_lines = 1 + sum(cell.count("\n") for cell in rows[0])
    assert [r.source.rsplit(":", 1)[1] for r in records] == ["2", str(2 + first_row_lines)]


def test_replay_from_csv_answers_sync_and_async(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(csv_text(["messages", "model", "raw_response"], [[REAL.messages, "gpt-4o-mini", RAW]]))
    fake = FakeOpenAI()
    replay(fake, load_logged(path), strict=True)
    assert fake.chat.completions.create(model="gpt-4o-mini", messages=REAL.messages).id == RAW["id"]
    afake = FakeAsyncOpenAI()
    replay(afake, load_logged(path), strict=True)

    import asyncio

    async def main() -> str:
        return (await afake.chat.completions.create(model="gpt-4o-mini", messages=REAL.messages)).id

    assert asyncio.run(main()) == RAW["id"]


# --- JSONL -----------------------------------------------------------------------------------


def test_jsonl_of_requests_and_responses_or_of_log_rows(tmp_path: Path) -> None:
    lines = [
        json.dumps({"request": REQUEST, "response": RAW}),
        "",
        # A dataset exported as JSONL: the log's columns, JSON cells kept as JSON strings.
        json.dumps(
            {
                "id": "chatcmpl-2",
                "model": "gpt-4o",
                "messages": json.dumps(SECOND.messages),
                "raw_response": json.dumps(SECOND.response),
            }
        ),
    ]
    assert _requests_and_responses(_read(tmp_path, "\n".join(lines) + "\n", "calls.jsonl")) == EXPECTED


def test_load_jsonl_refuses_other_formats_and_says_which_reader_takes_them(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(csv_text(["request", "response"], [[REQUEST, RAW]]))
    with pytest.raises(ValueError, match="this is a CSV file, which load_jsonl does not read; use load_logged"):
        load_jsonl(path)


# --- anything else ---------------------------------------------------------------------------

UNREADABLE = {
    "empty": "",
    "YAML": "- request:\n    model: gpt-4o\n",
    "prose": "Here are my calls, one per paragraph.\n",
    "CSV without the columns": "id,model,timestamp\nchatcmpl-1,gpt-4o,2024-11-27\n",
    "a JSON array": json.dumps([{"request": REQUEST, "response": RAW}]),
}


@pytest.mark.parametrize("text", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_anything_else_is_refused_with_one_example_of_each_format(tmp_path: Path, text: str) -> None:
    with pytest.raises(ValueError) as refused:
        _read(tmp_path, text)
    message = str(refused.value)
    assert "load_logged reads" in message
    examples = re.findall(r"^ {6}(\S.*)$", message, re.MULTILINE)
    assert len(examples) == 3, message
    jsonl, table_row, csv_row = examples
    # Each example is real: written after the header its format names, it loads.
    assert load_logged(_write(tmp_path, "example.jsonl", jsonl))[0].body["messages"] == [
        {"role": "user", "content": "Hi"}
    ]
    table = "| model | messages | raw_response |\n|---|---|---|\n" + table_row
    assert load_logged(_write(tmp_path, "example.md", table))[0].body["model"] == "gpt-4o"
    assert "messages,model,raw_response" in message
    assert (
        load_logged(_write(tmp_path, "example.csv", "request,response\n" + csv_row))[0].response["id"] == "chatcmpl-1"
    )


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_a_bad_cell_is_reported_with_its_line(tmp_path: Path) -> None:
    text = pipe_table([SECOND, REAL], Layout(outer=True, typed=False))
    cell = json.dumps(REAL.messages, ensure_ascii=False)
    broken = text.replace(cell, cell[:-2])
    assert broken != text
    with pytest.raises(ValueError, match=r"log\.txt:4: the messages cell is not JSON \(Expecting"):
        _read(tmp_path, broken)
    no_messages = tmp_path / "no-messages.md"
    no_messages.write_text("| id | model | response |\n|---|---|---|\n| 1 | gpt-4o | {} |\n")
    with pytest.raises(
        ValueError, match=r"header names the columns \['id', 'model', 'response'\], but not messages or raw_response"
    ):
        load_logged(no_messages)
