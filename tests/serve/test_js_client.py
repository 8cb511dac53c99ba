"""The official ``openai`` npm package, under node, against the served fake over loopback.

scripts/test.sh installs the package into tests/serve/js/node_modules (ignored by git) beside the
Python dev extras; a test never installs anything. Without node or the package, the test is
skipped, saying which is missing and how to install it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import httpx2
import pytest

from openai_fakes import FakeOpenAI

from .conftest import script, served

JS = Path(__file__).parent / "js"
NODE = shutil.which("node")


def _missing() -> str | None:
    if NODE is None:
        return "node is not on PATH: install Node.js to run the JavaScript client check"
    if not (JS / "node_modules" / "openai" / "package.json").is_file():
        return (
            "the openai npm package is not installed: run `npm install --prefix tests/serve/js` (scripts/test.sh does)"
        )
    return None


@pytest.mark.skipif(_missing() is not None, reason=_missing() or "")
def test_the_official_node_client_against_the_served_fake() -> None:
    assert NODE is not None
    with served(seed=7) as url:
        with httpx2.Client(base_url=url, headers={"Authorization": "Bearer sk-node-client"}) as control:
            script(
                control,
                {"method": "chat.completions.create", "sequence": [None, "Sandwiches, fruit and lemonade."]},
            )
        ran = subprocess.run(
            [NODE, str(JS / "client_check.mjs"), f"{url}/v1"], capture_output=True, text=True, timeout=60, cwd=JS
        )
    assert ran.returncode == 0, ran.stderr
    seen = json.loads(ran.stdout)
    # The first reply is the seeded default: the one FakeOpenAI(seed=7) gives to the same call.
    expected = FakeOpenAI(seed=7).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Plan a picnic."}]
    )
    assert seen["chat"]["id"] == expected.id and seen["chat"]["content"] == expected.choices[0].message.content
    assert seen["chat"]["model"] == "gpt-4o-mini-2024-07-18"
    assert seen["stream"]["chunks"] > 2 and seen["stream"]["text"] == "Sandwiches, fruit and lemonade."
    assert len(seen["embedding"]) == 8 and all(isinstance(x, float) for x in seen["embedding"])
    assert seen["file"]["filename"] == "notes.txt" and seen["file"]["bytes"] == 20
    assert seen["file"]["content"] == "Bread, flour, yeast."
    assert seen["error"]["name"] == "NotFoundError" and seen["error"]["status"] == 404
    assert "No such File object: file-never-made" in seen["error"]["message"]
    assert seen["error"]["requestID"].startswith("req_")
