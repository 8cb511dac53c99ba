"""Tool results written as Python's ``str()`` / ``repr()`` read as the values their JSON would give.

Some frameworks (Semantic Kernel among them) send a tool's result as ``str(value)``: a dict
arrives as ``{'city': 'Paris', 'temp_c': 21}``, a pydantic model as ``city='Paris' temp_c=21.0``
and a dataclass as ``Forecast(city='Paris', temp_c=21.0)``. The unscripted model reads these as
the fields a JSON object would give (docs/unscripted-model.md), so what it answers and the
structured output it fills carry the tool's values either way.

Reading is parsing only: the text is parsed by `ast.parse` and its tree walked here, as
`ast.literal_eval` does; nothing is ever evaluated or imported. A text longer than
`MAX_CHARS`, or one that is not wholly such a value, is left as plain text (``None``).
"""

from __future__ import annotations

import ast
import datetime
import math
import re
from typing import Any

MAX_CHARS = 10_000
"""Longer results are not read as Python values (a model reply states a few facts anyway)."""
_MAX_DEPTH = 32
# pydantic writes an enum member as ``<Unit.C: 'c'>``; JSON gives its value, ``'c'``.
# (A member's value is short: the bound keeps a text of many ``<`` linear to scan.)
_ENUM = re.compile(
    r"<[A-Za-z_][\w.]{0,100}: ('(?:[^'\\\n]|\\.){0,200}'|\"(?:[^\"\\\n]|\\.){0,200}\"|-?\d{1,30}(?:\.\d{1,30})?)>"
)
# ``key=`` (not ``key==``): where one field of a pydantic ``str()`` starts.
_FIELD = re.compile(r"[A-Za-z_]\w*=(?!=)")
_CALL = re.compile(r"[A-Za-z_][\w.]*\(")
# What may follow a backslash in a string literal without the parser's invalid-escape warning.
_ESCAPES = frozenset("\n\\'\"abfnrtv01234567xNuU")
# A number run into a keyword ("1if", "0x1for"): the parser warns, where it does not refuse.
_WARNED_NUMBER = re.compile(r"\d[\w.]*?(?:and|or|if|else|for|in|is|not)(?!\w)")
_DATES = {"date": datetime.date, "datetime": datetime.datetime, "time": datetime.time}


def read_python(text: str) -> dict[str, Any] | list[Any] | None:
    """The dict or list ``text`` writes as a Python literal, a dataclass / model ``repr()``
    (``Forecast(city='Paris')``) or a pydantic ``str()`` (``city='Paris' temp_c=21.0``); ``None``
    when it is none of these."""
    text = text.strip()
    if not text or len(text) > MAX_CHARS:
        return None
    fields = bool(_FIELD.match(text))
    if not fields and text[0] not in "{[(" and not _CALL.match(text):
        return None
    source = _as_python(text, fields)
    if source is None:
        return None
    if fields:
        source = f"_({source})"  # the fields as one call's keywords
    node = _parse(source)
    if node is None or (isinstance(node, ast.Call) and (node.args or not node.keywords)):
        return None  # not Python, or ``print(x)`` / ``Done()``: a call, not a record of fields
    if fields and not (isinstance(node, ast.Call) and _name(node.func) == "_"):
        return None  # ``a=1), f(2``: the text closed the wrapping call itself
    if not fields and not any(isinstance(part, ast.Constant) for part in ast.walk(node)):
        return None  # ``[ERROR]``, ``{city}``: Python writes values it holds, so this is prose
    value = _value(node, source, 0)
    return value if isinstance(value, (dict, list)) else None


def _parse(source: str) -> ast.expr | None:
    try:
        return ast.parse(source, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _as_python(text: str, fields: bool) -> str | None:
    """``text`` as a Python expression, in one pass outside quoted strings: an enum member's
    ``<Unit.C: 'c'>`` becomes its value ``'c'``, and for a pydantic ``str()`` (``fields``) a comma
    goes before each ``key=`` that follows whitespace outside brackets (``a='x y' b=[1, 2]`` ->
    ``a='x y', b=[1, 2]``). None for what Python's parser only warns about (``'\\q'``, ``1if``),
    which ``repr()`` never writes: read, it would depend on the warning filters in force."""
    out: list[str] = []
    depth, quote, i = 0, "", 0
    while i < len(text):
        char = text[i]
        if quote:
            if char == "\\":
                if text[i + 1 : i + 2] not in _ESCAPES:
                    return None
                out.append(text[i : i + 2])
                i += 2
                continue
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char.isdigit() and not (i and (text[i - 1].isalnum() or text[i - 1] in "_.")):
            if _WARNED_NUMBER.match(text, i):
                return None
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "<" and (member := _ENUM.match(text, i)):
            out.append(member.group(1))
            i = member.end()
            continue
        elif fields and char.isspace() and depth == 0 and not text[i - 1].isspace():
            end = i
            while end < len(text) and text[end].isspace():
                end += 1
            if _FIELD.match(text, end):
                out.append(", ")
                i = end
                continue
        out.append(char)
        i += 1
    return "".join(out)


def _value(node: ast.AST, source: str, depth: int) -> Any:
    """The JSON-like value of a parsed node: literals as themselves, tuples and sets as lists, a
    record (``Name(key=value...)``) as a dict, a date as its ISO text, ``Decimal('2.5')`` as a
    number, ``UUID('...')``-like wrappers of one string as that string; anything else (a bare
    name such as ``ok``) as the text it was written as."""
    if depth > _MAX_DEPTH:
        return _written(node, source)
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        if isinstance(value, float) and not math.isfinite(value):
            return _written(node, source)  # ``1e999``: JSON has no infinity
        return value if value is None or isinstance(value, (str, int, float, bool)) else _written(node, source)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        number = node.operand.value if isinstance(node.operand, ast.Constant) else None
        if isinstance(number, (int, float)) and not isinstance(number, bool) and math.isfinite(number):
            return -number if isinstance(node.op, ast.USub) else number
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [_value(item, source, depth + 1) for item in node.elts]
    if isinstance(node, ast.Dict):
        if any(key is None for key in node.keys):
            return _written(node, source)  # ``{**other}``
        return {
            _key(key, source, depth): _value(item, source, depth + 1)
            for key, item in zip(node.keys, node.values)
            if key is not None
        }
    if isinstance(node, ast.Call):
        return _call(node, source, depth)
    return _written(node, source)


def _key(node: ast.AST, source: str, depth: int) -> str:
    value = _value(node, source, depth + 1)
    return value if isinstance(value, str) else _written(node, source)


def _call(node: ast.Call, source: str, depth: int) -> Any:
    name = _name(node.func)
    if node.keywords and not node.args and all(k.arg is not None for k in node.keywords):
        return {str(k.arg): _value(k.value, source, depth + 1) for k in node.keywords}
    args = [_value(arg, source, depth + 1) for arg in node.args]
    kind = _DATES.get(name.rsplit(".", 1)[-1])
    if kind is not None and args and all(type(arg) is int for arg in args):
        moment = _moment(kind, args, node.keywords)
        if moment is not None:
            return moment
    if len(args) == 1 and not node.keywords and isinstance(args[0], str):
        number = _number(args[0]) if name.rsplit(".", 1)[-1] == "Decimal" else None
        if number is not None:
            return number
        return args[0]  # UUID('...'), HttpUrl('...'), SecretStr('...'), PosixPath('...')
    return _written(node, source)


def _moment(kind: type, args: list[int], keywords: list[ast.keyword]) -> str | None:
    """``datetime.date(2026, 1, 15)`` -> ``2026-01-15``; a datetime's ``tzinfo`` is read when it
    is UTC or pydantic's ``TzInfo(seconds)``, else the value is left as written."""
    zone: datetime.tzinfo | None = None
    for keyword in keywords:
        value = keyword.value
        if keyword.arg != "tzinfo" or kind is not datetime.datetime:
            return None
        if _name(value).endswith("timezone.utc") or _name(value) == "UTC":
            zone = datetime.timezone.utc
        elif isinstance(value, ast.Call) and _name(value.func).endswith("TzInfo") and len(value.args) == 1:
            offset = _value(value.args[0], "", 0)
            if type(offset) is not int or abs(offset) >= 86_400:
                return None
            zone = datetime.timezone(datetime.timedelta(seconds=offset))
        else:
            return None
    try:
        moment = kind(*args, tzinfo=zone) if zone is not None else kind(*args)
    except (TypeError, ValueError, OverflowError):
        return None
    return str(moment.isoformat())


def _name(node: ast.AST) -> str:
    """``datetime.date`` for that dotted name ("" for anything else); a loop, as a chain of
    ``a.b.c...`` may be thousands long."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    return ".".join([node.id, *reversed(parts)])


def _number(text: str) -> int | float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number


def _written(node: ast.AST, source: str) -> str:
    """The text ``node`` was written as (a bare name ``ok`` reads as ``"ok"``)."""
    return ast.get_source_segment(source, node) or ""
