"""The real logged call of data/logged-chat-completion.txt, and ways to write a log of calls in
each format a user may have (pipe tables laid out any way, CSV, JSONL)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOGGED = Path(__file__).parent / "data" / "logged-chat-completion.txt"
_ROW = LOGGED.read_text(encoding="utf-8").splitlines()[-1]

# Read here by hand, not by the code under test: the JSON cells of the one data row.
QUESTION: Any = json.JSONDecoder().raw_decode(_ROW, _ROW.index(" | [{") + 3)[0]
RAW: dict[str, Any] = json.JSONDecoder().raw_decode(_ROW, _ROW.index('{"id": "chatcmpl'))[0]
REQUEST: dict[str, Any] = {"model": "gpt-4o-mini", "messages": QUESTION}

# The columns of the exported log, in its order, with the types its header gives under each name.
COLUMNS = [
    ("id", "string"),
    ("model", "string"),
    ("timestamp", "string"),
    ("messages", "string"),
    ("assistant_message", "string"),
    ("completion_tokens", "int64"),
    ("prompt_tokens", "int64"),
    ("total_tokens", "int64"),
    ("finish_reason", "string"),
    ("tool_calls", "null"),
    ("function_call", "null"),
    ("tags", "sequence"),
    ("properties", "null"),
    ("error", "null"),
    ("raw_response", "string"),
    ("synced_at", "null"),
]


def completion(number: int, content: str) -> dict[str, Any]:
    """A logged response, shaped as the API sent it (no ``annotations``: an older record)."""
    return {
        "id": f"chatcmpl-{number}",
        "object": "chat.completion",
        "created": 1732695966 + number,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "logprobs": None,
                "message": {"role": "assistant", "content": content, "refusal": None},
            }
        ],
        "usage": {"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12},
    }


@dataclass(frozen=True)
class Call:
    """One logged call: what each format writes for it."""

    model: str
    messages: Any
    response: dict[str, Any]
    reply_text: str = ""

    def cells(self, dump: Any = json.dumps) -> dict[str, str]:
        return {
            "id": self.response["id"],
            "model": self.model,
            "timestamp": "2024-11-27T09:26:07.922519",
            "messages": dump(self.messages),
            "assistant_message": self.reply_text,
            "completion_tokens": "63",
            "prompt_tokens": "36,848",
            "total_tokens": "36,911",
            "finish_reason": "stop",
            "tool_calls": "null",
            "function_call": "null",
            "tags": "[]",
            "properties": "null",
            "error": "null",
            "raw_response": dump(self.response),
            "synced_at": "null",
        }


REAL = Call("gpt-4o-mini", QUESTION, RAW, RAW["choices"][0]["message"]["content"])


@dataclass(frozen=True)
class Layout:
    """How a pipe table is written: every choice a log exporter or a hand edit may make."""

    outer: bool = False
    """Markdown's ``| a | b |`` rather than the dataset viewer's ``a | b |``."""
    before: str = " "
    after: str = " "
    """Blanks on either side of each inner pipe."""
    padded: bool = False
    """Cells padded to their column's width."""
    typed: bool = True
    """Each header cell gives its column's type on a second line."""
    separators: tuple[str, str] = (", ", ": ")
    """JSON spacing."""
    columns: Sequence[str] | None = None
    """Column order (default: the exported log's)."""
    blank_lines: bool = False
    newline: str = "\n"
    indent: int | None = None
    """JSON pretty-printed across lines."""


def pipe_table(calls: Sequence[Call], layout: Layout = Layout()) -> str:
    names = list(layout.columns or [name for name, _ in COLUMNS])
    types = dict(COLUMNS)

    def dump(value: Any) -> str:
        return json.dumps(value, separators=layout.separators, ensure_ascii=False, indent=layout.indent)

    rows = [[call.cells(dump)[name] for name in names] for call in calls]
    widths = [max([len(name)] + [len(row[i]) for row in rows]) for i, name in enumerate(names)]

    def line(cells: Sequence[str]) -> str:
        if layout.padded:
            cells = [cell.ljust(width) for cell, width in zip(cells, widths)]
        inner = f"{layout.before}|{layout.after}".join(cells)
        return f"|{layout.after}{inner}{layout.before}|" if layout.outer else f"{inner}{layout.before}|"

    if layout.typed:
        header = f"{layout.before}|{layout.after}".join(f"{name}\n{types.get(name, 'string')}" for name in names)
        header = f"|{layout.after}{header}{layout.before}|" if layout.outer else f"{header}{layout.before}|"
    else:
        header = line(names)
    rule = line(["---"] * len(names)) if layout.outer else "|".join(["---"] * len(names)) + "|"
    body = [line(row) for row in rows]
    if layout.blank_lines:
        body = [text for row in body for text in ("", row)]
    return layout.newline.join([header, rule, *body]) + layout.newline


def csv_text(header: Sequence[str], rows: Sequence[Sequence[Any]], *, indent: int | None = None) -> str:
    """CSV as a spreadsheet or pandas writes it; JSON values are written as JSON text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell if isinstance(cell, str) else json.dumps(cell, indent=indent) for cell in row])
    return out.getvalue()
