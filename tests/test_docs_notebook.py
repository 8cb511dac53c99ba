"""The example notebooks in docs/notebooks/ run in a real kernel, and what they print is what the
stored (executed) notebook shows, so a notebook user's starting point is tested like the docs.

Re-execute them after a change, storing their outputs: ``python tests/test_docs_notebook.py``.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import nbformat
import openai
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "docs" / "notebooks").glob("*.ipynb"))
# The SDK release the stored outputs were made with: the one docs/coverage.md documents, as
# scripts/test.sh installs by default. Another release may add fields to what a cell prints.
DOCUMENTED_SDK = re.search(r"over `openai` ([0-9.]+)", (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8"))


def execute(path: Path) -> Any:
    """The notebook at ``path``, executed in a fresh kernel from its own folder."""
    notebook = nbformat.read(path, as_version=4)
    # Token counts by the estimate on every machine, as the rest of the suite counts them.
    os.environ["OPENAI_FAKES_TOKENIZER"] = "estimate"
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        record_timing=False,  # no per-cell timestamps: a re-run changes only what the cells print
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


def printed(notebook: Any) -> list[str]:
    """What each code cell printed (its stdout), in order."""
    return [
        "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def test_there_is_an_example_notebook() -> None:
    assert [path.name for path in NOTEBOOKS] == ["quickstart.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_and_prints_what_it_shows(path: Path) -> None:
    stored = nbformat.read(path, as_version=4)
    code_cells = [cell for cell in stored.cells if cell.cell_type == "code"]
    assert code_cells and all(cell.outputs for cell in code_cells), f"{path.name} is stored without its outputs"
    executed = execute(path)  # raises CellExecutionError, naming the cell, if one fails
    assert all(cell.outputs for cell in executed.cells if cell.cell_type == "code")
    if DOCUMENTED_SDK is not None and openai.__version__ == DOCUMENTED_SDK.group(1):
        assert printed(executed) == printed(stored), (
            f"{path.name} prints something else now: re-run python tests/test_docs_notebook.py"
        )


if __name__ == "__main__":
    for notebook_path in NOTEBOOKS if len(sys.argv) < 2 else [Path(arg) for arg in sys.argv[1:]]:
        nbformat.write(execute(notebook_path), notebook_path)
        print(f"executed {notebook_path}")
