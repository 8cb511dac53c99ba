"""docs/coverage.md is generated from the walk; it must match what the code does now."""

from __future__ import annotations

import re

import openai

from tests.conformance.coverage import PAGE, render


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_coverage_page_is_up_to_date() -> None:
    page = PAGE.read_text(encoding="utf-8")
    documented = re.search(r"over `openai` ([\d.]+)", page)
    assert documented is not None
    if _version(documented.group(1)) != _version(openai.__version__):
        # The page documents the newest supported SDK; CI's oldest-SDK leg cannot regenerate it.
        assert _version(documented.group(1)) > _version(openai.__version__), (
            f"docs/coverage.md documents openai {documented.group(1)}, older than the installed "
            f"{openai.__version__}: regenerate it with `python -m tests.conformance.coverage`"
        )
        return
    assert page == render(), "docs/coverage.md is stale: regenerate it with `python -m tests.conformance.coverage`"


def test_coverage_page_names_request_shaped_handlers() -> None:
    page = render()
    assert "| `chat.completions.create` | `POST /chat/completions` | request-shaped" in page
    assert "| `files.retrieve` | `GET /files/{file_id}` | generic" in page
