"""Reading recorded calls from a file whose format is found from its content: JSONL, CSV or a
pipe table (see docs/replay.md). Anything else is refused with the accepted formats, one
example line each, so the fix is in the error."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from .replay_record import Record, names_a_record, record_from_fields
from .replay_table import rule_line, table_rows

ACCEPTED = """\
load_logged reads (the format is found from the content):
  - JSONL, one call per line (what export_jsonl writes):
      {"request": {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}, "response": {"id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "gpt-4o", "choices": []}}
  - a request-log pipe table: a header row naming messages, model and raw_response columns (| model | messages | raw_response |), a ---|--- rule, then one call per row:
      | gpt-4o | [{"role": "user", "content": "Hi"}] | {"id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "gpt-4o", "choices": []} |
  - CSV whose header row names request,response (or messages,model,raw_response), JSON cells quoted:
      "{""model"": ""gpt-4o"", ""messages"": [{""role"": ""user"", ""content"": ""Hi""}]}","{""id"": ""chatcmpl-1"", ""object"": ""chat.completion"", ""created"": 0, ""model"": ""gpt-4o"", ""choices"": []}\""""


Format = Literal["jsonl", "csv", "table"]
EVERY_FORMAT: tuple[Format, ...] = ("jsonl", "csv", "table")


def read_records(path: str | Path, *, formats: tuple[Format, ...] = EVERY_FORMAT) -> list[Record]:
    """Every record in the file at ``path``, in file order."""
    text = Path(path).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    if formats == ("jsonl",) and not text.strip():
        return []  # what export_jsonl writes for a session with no successful call
    kind = _format_of(text)
    if kind not in formats:
        raise ValueError(f"{path}: {_unreadable(text, kind)}.\n{ACCEPTED}")
    rows = {"jsonl": _jsonl_rows, "csv": _csv_rows, "table": table_rows}[kind](text, str(path))
    records = [record for where, row in rows if (record := record_from_fields(row, where)) is not None]
    if not records:
        raise ValueError(f"{path}: the {_NAMES[kind]} holds no call with a response to replay")
    return records


_NAMES: dict[Format, str] = {"jsonl": "JSONL file", "csv": "CSV file", "table": "pipe table"}


def _format_of(text: str) -> Format | None:
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if first.startswith("{"):
        return "jsonl"
    if first and names_a_record(next(csv.reader([first]), [])):
        return "csv"
    if rule_line(text.split("\n")) is not None:
        return "table"
    return None


def _unreadable(text: str, kind: Format | None) -> str:
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if kind is not None:
        return f"this is a {_NAMES[kind]}, which load_jsonl does not read; use load_logged"
    if not first:
        return "the file is empty"
    shown = first if len(first) <= 80 else first[:77] + "..."
    return f"its first line {shown!r} starts no format load_logged reads"


def _jsonl_rows(text: str, where: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(
                f"{where}:{number}: not a JSON object ({error.msg} at column {error.colno}); "
                "JSONL holds one whole object per line"
            ) from None
        if not isinstance(row, dict):
            raise ValueError(
                f"{where}:{number}: expected an object with 'request' and 'response', got {type(row).__name__}"
            )
        yield f"{where}:{number}", row


def _csv_rows(text: str, where: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(cells for cells in reader if cells)  # (blank lines above the header are skipped)
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num  # a quoted JSON cell may span lines
        if any(cell.strip() for cell in cells):
            yield f"{where}:{start}", dict(zip(header, cells))
