"""Pipe tables, as request logs are exported: a header naming the columns, a ``---|---`` rule,
then one call per row.

Whatever the layout: cells padded or not, outer pipes or not (markdown's ``| a | b |`` and the
dataset viewer's ``a | b |``), a header cell holding its column's type on a second line
(``messages`` then ``string``), JSON written with any spacing. JSON cells are read as JSON, so a
``|`` inside one is text, not a cell border. Free-text cells (an assistant's reply) may hold
``|`` too; then the row has more cells than the header names, and the text cell that absorbs the
extra ones is one that leaves ``messages`` and ``raw_response`` as JSON (a column of free text
rather than of ids, times or counts, when that choice changes the record).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

_RULE = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?")
"""A header rule, stripped: dashes (with markdown's alignment colons) between pipes, nothing else.
(Each repeat starts at a pipe, so a long line that is no rule fails at once.)"""
_JSON_COLUMNS = {"messages": list, "raw_response": dict}
_DECODER = json.JSONDecoder()

Row = tuple[str, dict[str, str]]
"""Where a row is (``file:line``) and its cells by column name (lower case)."""


def rule_line(lines: list[str]) -> int | None:
    """The index of the header's rule line, if this text is a pipe table."""
    return next(
        (i for i, line in enumerate(lines) if "|" in line and "-" in line and _RULE.fullmatch(line.strip())), None
    )


def table_rows(text: str, where: str) -> Iterator[Row]:
    """The data rows of a pipe table (``where`` names the file in errors)."""
    lines = text.split("\n")
    rule = rule_line(lines)
    if rule is None:
        raise ValueError(f"{where}: no ---|--- rule under a header row was found")
    top = rule
    while top > 0 and lines[top - 1].strip():  # the header: the lines right above the rule
        top -= 1
    header = "\n".join(lines[top:rule])
    outer = header.lstrip().startswith("|")
    columns = _columns(header, outer)
    missing = [name for name in _JSON_COLUMNS if name not in columns]
    if missing:
        raise ValueError(
            f"{where}: the table's header names the columns {columns}, but not {' or '.join(missing)}; "
            "a request log table needs messages and raw_response columns (and model to match on it)"
        )
    body_start = sum(len(line) + 1 for line in lines[: rule + 1])
    for number, cells in _split_rows(text, body_start, rule + 2, outer):
        yield f"{where}:{number}", _aligned(cells, columns, f"{where}:{number}")


def _columns(header: str, outer: bool) -> list[str]:
    """Column names: each header cell's first line (a second line, if any, is its type)."""
    cells = header.split("|")
    if outer:
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    names = []
    for cell in cells:
        first = next((line for line in cell.split("\n") if line.strip()), "")
        names.append(first.strip().strip("`*").lower())
    return names


def _split_rows(text: str, start: int, first_line: int, outer: bool) -> Iterator[tuple[int, list[str]]]:
    """Each row's cells, reading JSON cells whole (they may hold ``|`` and, pretty-printed,
    newlines) and free text up to the next unescaped ``|``."""
    at, line, end = start, first_line, len(text)
    while at < end:
        line_end = _line_end(text, at)
        if not text[at:line_end].strip():
            at, line = line_end + 1, line + 1
            continue
        number, cells = line, []
        at = _skip_blanks(text, at)
        if outer and text.startswith("|", at):
            at += 1
        while True:
            at = _skip_blanks(text, at)
            cell_end = _cell_end(text, at)
            cells.append(text[at:cell_end].rstrip())
            line += text.count("\n", at, cell_end)
            if cell_end >= end or text[cell_end] == "\n":
                break
            at = cell_end + 1  # past the pipe
            if not text[at : _line_end(text, at)].strip():  # a closing pipe ends the row
                cell_end = _line_end(text, at)
                break
        at, line = cell_end + 1, line + 1
        yield number, cells


def _cell_end(text: str, at: int) -> int:
    """Where the cell starting at ``at`` ends: at its ``|``, its line's end, or the text's."""
    if text[at : at + 1] in ("[", "{", '"'):
        try:
            _, after = _DECODER.raw_decode(text, at)
        except ValueError:
            pass  # not JSON (or markdown-escaped JSON): read as text
        else:
            after = _skip_blanks(text, after)
            if after >= len(text) or text[after] in "|\n":
                return after
    index = at
    while index < len(text) and text[index] not in "|\n":
        index += 2 if text.startswith("\\|", index) else 1
    return min(index, len(text))


def _aligned(cells: list[str], columns: list[str], where: str) -> dict[str, str]:
    if len(cells) <= len(columns):
        cut = [name for name in columns[len(cells) :] if name in _JSON_COLUMNS]
        if cut:
            raise ValueError(
                f"{where}: the row has {len(cells)} cells but the header names {len(columns)} columns; "
                f"its {' and '.join(cut)} cell is missing"
            )
        return dict(zip(columns, cells + [""] * (len(columns) - len(cells))))  # empty trailing cells
    extra = len(cells) - len(columns)
    readings: list[tuple[str, dict[str, str]]] = []
    for absorbing, name in enumerate(columns):
        if name in _JSON_COLUMNS or name == "model":
            continue
        row = dict(zip(columns[:absorbing], cells[:absorbing]))
        row[name] = " | ".join(cells[absorbing : absorbing + extra + 1])
        row.update(zip(columns[absorbing + 1 :], cells[absorbing + extra + 1 :]))
        if all(_is_json(row[column], kind) for column, kind in _JSON_COLUMNS.items()):
            readings.append((name, row))
    # A reading with a response beats one that finds the "null" of a neighbouring column there.
    answered = [(name, row) for name, row in readings if _is_json(row["raw_response"], dict, allow_null=False)]
    readings = answered or readings
    # Readings that agree on what a record is made of are one; else prefer a column that holds
    # free text over one that holds an id, a time or a count.
    for candidates in (readings, [(name, row) for name, row in readings if not _holds_no_text(name)]):
        if candidates and len({_record_cells(row) for _, row in candidates}) == 1:
            return candidates[0][1]
    if not readings:
        raise ValueError(
            f"{where}: the row has {len(cells)} cells but the header names {len(columns)} columns, and no "
            "text cell holding a '|' explains it (messages and raw_response must each be one JSON cell)"
        )
    raise ValueError(
        f"{where}: the row has {len(cells)} cells but the header names {len(columns)} columns; a '|' in one of "
        f"the cells {sorted(name for name, _ in readings)} explains it, and which one changes the record. "
        "Escape the pipes in text cells as \\|"
    )


def _record_cells(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row.get(name, "") for name in ("model", *_JSON_COLUMNS))


def _holds_no_text(column: str) -> bool:
    return (
        column == "id"
        or column.endswith("_id")
        or any(part in column for part in ("time", "token", "created", "finish"))
    )


def _is_json(cell: str, kind: type, *, allow_null: bool = True) -> bool:
    for text in (cell, cell.replace("\\|", "|")):  # as written, then with markdown's \| unescaped
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            continue
        if isinstance(value, str):  # JSON stored as a JSON string
            return _is_json(value, kind, allow_null=allow_null)
        return isinstance(value, kind) or (allow_null and kind is dict and value is None)
    return False


def _line_end(text: str, at: int) -> int:
    found = text.find("\n", at)
    return len(text) if found < 0 else found


def _skip_blanks(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r":
        at += 1
    return at
