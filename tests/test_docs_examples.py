"""Every ```python block in docs/ runs, and runs on its own unless it says which block it continues.

The convention: a block whose first line is ``# continues the block above`` runs in the namespace
of the ```python block before it on the same page (so a chain of such blocks shares one namespace);
every other block runs in a fresh namespace. A block that silently reuses a name from an earlier
block fails here with a message naming the fix, so a reader who copies one block gets code that runs.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
CONTINUES = "# continues the block above"
# Pages in subfolders too (docs/frameworks/, ...): a ```python block anywhere runs.
PAGES = sorted(p for p in DOCS.rglob("*.md") if _BLOCK.search(p.read_text(encoding="utf-8")))


def run_blocks(text: str, page: str) -> int:
    """Runs the ```python blocks of ``text`` by the convention above; returns how many ran."""
    namespace: dict[str, object] | None = None
    blocks = _BLOCK.findall(text)
    for number, block in enumerate(blocks, start=1):
        where = f"{page}[block {number}]"
        if block.startswith(CONTINUES + "\n"):
            if namespace is None:
                raise AssertionError(f"{where} says it continues the block above, but it is the page's first block")
        else:
            namespace = {"__name__": f"docs_{Path(page).stem}_{number}"}
        try:
            exec(compile(block, where, "exec"), namespace)
        except NameError as error:
            raise AssertionError(
                f"{where} uses {error.name!r}, which it does not define: import or build it in the block, "
                f"or start the block with {CONTINUES!r} if it goes on from the block before it"
            ) from error
    return len(blocks)


def test_there_are_examples_to_run() -> None:
    assert any(page.name == "quickstart.md" for page in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_page_examples_run(page: Path) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        assert run_blocks(page.read_text(encoding="utf-8"), page.relative_to(DOCS).as_posix()) > 0


_PAGE = "Intro.\n\n```python\nanswer = 42\n```\n\nThen:\n\n```python\n{second}assert answer == 42\n```\n"


def test_a_block_that_silently_reuses_an_earlier_one_fails() -> None:
    with pytest.raises(AssertionError, match=r"page\.md\[block 2\] uses 'answer'.*# continues the block above"):
        run_blocks(_PAGE.format(second=""), "page.md")


def test_a_block_that_says_it_continues_runs_in_the_namespace_of_the_one_above() -> None:
    assert run_blocks(_PAGE.format(second=CONTINUES + "\n"), "page.md") == 2
    # The chain reaches back through each continuing block, and stops at one that does not continue.
    chained = _PAGE.format(second=CONTINUES + "\n") + f"\n```python\n{CONTINUES}\nassert answer == 42\n```\n"
    assert run_blocks(chained, "page.md") == 3
    broken = chained.replace("Then:\n\n```python\n" + CONTINUES + "\n", "Then:\n\n```python\nanswer = 42\n", 1)
    broken += "\n```python\nprint(answer)\n```\n"
    with pytest.raises(AssertionError, match=r"block 4\] uses 'answer'"):
        run_blocks(broken, "page.md")


def test_a_first_block_cannot_continue() -> None:
    with pytest.raises(AssertionError, match="first block"):
        run_blocks(f"```python\n{CONTINUES}\nx = 1\n```\n", "page.md")


def test_every_framework_the_tests_cover_has_a_page() -> None:
    # A framework is what a test in tests/frameworks/ imports with pytest.importorskip; its page in
    # docs/frameworks/ imports it too, and cites a test file that exists.
    frameworks = {
        name
        for test in (DOCS.parent / "tests" / "frameworks").glob("test_*.py")
        for name in re.findall(r"importorskip\(\s*\"([\w.]+)\"", test.read_text(encoding="utf-8"))
    }
    assert {"instructor", "langchain_openai", "agents", "pydantic_ai"} <= frameworks
    pages = {page.name: page.read_text(encoding="utf-8") for page in (DOCS / "frameworks").glob("*.md")}
    for name in sorted(frameworks):
        importing = re.compile(rf"^(import {name}\b|from {name}[\w.]* import)", re.MULTILINE)
        assert any(importing.search(text) for text in pages.values()), f"no page in docs/frameworks/ for {name}"
    for page, text in pages.items():
        for cited in re.findall(r"tests/frameworks/(test_\w+\.py)", text):
            assert (DOCS.parent / "tests" / "frameworks" / cited).exists(), f"{page} cites {cited}, which is gone"


def test_readme_example_runs() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    blocks = _BLOCK.findall(readme)
    assert blocks, "the README should open with a runnable example"
    exec(compile(blocks[0], "README.md[block 1]", "exec"), {"__name__": "readme"})
