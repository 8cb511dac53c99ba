"""Every ```python block in docs/ runs: each page's blocks in order, in one namespace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
PAGES = sorted(p for p in DOCS.glob("*.md") if _BLOCK.search(p.read_text(encoding="utf-8")))


def test_there_are_examples_to_run() -> None:
    assert any(page.name == "quickstart.md" for page in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_examples_run(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, block in enumerate(_BLOCK.findall(page.read_text(encoding="utf-8")), start=1):
        code = compile(block, f"{page.name}[block {number}]", "exec")
        exec(code, namespace)


def test_readme_example_runs() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    blocks = _BLOCK.findall(readme)
    assert blocks, "the README should open with a runnable example"
    exec(compile(blocks[0], "README.md[block 1]", "exec"), {"__name__": "readme"})
