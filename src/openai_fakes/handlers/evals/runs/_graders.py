"""Templates and graders of eval runs: what each testing criterion makes of one data item.

Templates: ``{{item.x}}`` and ``{{sample.output_text}}`` (dotted paths, spaces allowed inside the
braces); a path that names nothing renders as the empty string. Graders (`grade`):
``string_check`` exactly as the API documents it; ``text_similarity`` with a simple, documented
score; every other grader type passes with score 1.0. ``text_similarity`` score: ``fuzzy_match``
is `difflib.SequenceMatcher` ratio of the two strings; every other ``evaluation_metric`` is the
token-overlap F1 of the lower-cased word multisets. The item passes when the score is at least
``pass_threshold``.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from ...._state.collection import JsonObject

_TEMPLATE = re.compile(r"\{\{\s*([\w.\-]+)\s*\}\}")
_WORD = re.compile(r"\w+")


def render(text: str, names: Mapping[str, Any]) -> str:
    """``text`` with each ``{{item.x}}`` / ``{{sample.output_text}}`` replaced by its value."""

    def value(match: re.Match[str]) -> str:
        found = lookup(names, match.group(1))
        if found is None:
            return ""
        return found if isinstance(found, str) else json.dumps(found)

    return _TEMPLATE.sub(value, text)


def lookup(names: Mapping[str, Any], path: str) -> Any:
    found: Any = names
    for part in path.split("."):
        if isinstance(found, Mapping):
            found = found.get(part)
        elif isinstance(found, list) and part.isdigit() and int(part) < len(found):
            found = found[int(part)]
        else:
            return None
    return found


def grade(criterion: Mapping[str, Any], names: Mapping[str, Any]) -> JsonObject:
    """One grader's result for one item: ``{name, type, score, passed, sample}``."""
    kind = str(criterion.get("type"))
    name = str(criterion.get("name") or kind)
    if kind == "string_check":
        given = render(str(criterion.get("input") or ""), names)
        reference = render(str(criterion.get("reference") or ""), names)
        operation = criterion.get("operation")
        if operation == "eq":
            passed = given == reference
        elif operation == "ne":
            passed = given != reference
        elif operation == "like":
            passed = reference in given
        else:  # ilike
            passed = reference.lower() in given.lower()
        score = 1.0 if passed else 0.0
    elif kind == "text_similarity":
        given = render(str(criterion.get("input") or ""), names)
        reference = render(str(criterion.get("reference") or ""), names)
        score = similarity(given, reference, str(criterion.get("evaluation_metric") or "fuzzy_match"))
        threshold = criterion.get("pass_threshold")
        passed = score >= (float(threshold) if isinstance(threshold, (int, float)) else 1.0)
    else:
        score, passed = 1.0, True  # graders the fake cannot run (models, python): a documented pass
    return {"name": name, "type": kind.replace("_", "-") + "-grader", "score": score, "passed": passed, "sample": None}


def similarity(given: str, reference: str, metric: str) -> float:
    """``fuzzy_match``: difflib's ratio of the strings; any other metric: token-overlap F1."""
    if metric == "fuzzy_match":
        return round(difflib.SequenceMatcher(None, given, reference).ratio(), 4)
    ours, theirs = Counter(_WORD.findall(given.lower())), Counter(_WORD.findall(reference.lower()))
    common = sum((ours & theirs).values())
    if common == 0:
        return 1.0 if not ours and not theirs else 0.0
    precision, recall = common / sum(ours.values()), common / sum(theirs.values())
    return round(2 * precision * recall / (precision + recall), 4)
