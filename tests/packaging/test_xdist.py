"""The pytest plugin under pytest-xdist: a small user suite run with ``-n 2`` in a subprocess. Each
worker process gets its own fakes (every test a fresh one, nothing leaks between tests on a
worker), a seed gives the same replies on any worker (and in this process), and the plugin's
options — the marker, the ini options, the session patch for clients built at import — work on
every worker (docs/pytest-plugin.md, "Parallel runs with pytest-xdist")."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from openai_fakes import FakeOpenAI

pytest_plugins = ["pytester"]

SEED = 11
COPIES = 6

INI = """
[pytest]
addopts = -p no:cacheprovider --strict-markers
asyncio_default_fixture_loop_scope = function
openai_fakes_patch = true
openai_fakes_unscripted = error
"""

SUITE = f"""
import json
import os
from pathlib import Path

import openai
import pytest

from openai_fakes import UnscriptedCall

client = openai.OpenAI()  # built at import, on each worker: answered through the session patch

HI = [{{"role": "user", "content": "Say something."}}]


def record(name, **data):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "none")
    data.update(worker=worker, pid=os.getpid())
    (Path(os.environ["XDIST_RECORDS"]) / f"{{name}}.json").write_text(json.dumps(data))


def files_and_reply(fake):
    made = fake.files.create(file=("notes.txt", b"bread"), purpose="assistants")
    listed = [file.id for file in fake.files.list()]
    reply = fake.chat.completions.create(model="gpt-4o-mini", messages=HI)
    return made.id, listed, reply.choices[0].message.content, reply.created


@pytest.mark.openai_fakes(seed={SEED}, unscripted="default")
@pytest.mark.parametrize("copy", range({COPIES}))
def test_seeded(fake_openai, copy):
    made, listed, reply, created = files_and_reply(fake_openai)
    record(f"seeded-{{copy}}", made=made, listed=listed, reply=reply, created=created)


@pytest.mark.openai_fakes(assert_all_used=False)  # the test expects the fake's error
@pytest.mark.parametrize("copy", range(2))
def test_unscripted_is_an_error_by_the_ini_option(fake_openai, copy):
    with pytest.raises(UnscriptedCall):
        fake_openai.chat.completions.create(model="gpt-4o-mini", messages=HI)
    record(f"unscripted-{{copy}}")


@pytest.mark.parametrize("copy", range(2))
def test_the_client_built_at_import(patch_openai, copy):
    patch_openai.stub(patch_openai.chat.completions.create).reply(f"scripted {{copy}}")
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=HI)
    assert reply.choices[0].message.content == f"scripted {{copy}}"
    record(f"import-{{copy}}", calls=len(patch_openai.calls))


def test_a_script_left_unused(fake_openai):
    # Strict teardown (openai_fakes_assert_all_used, on by default): an error at teardown.
    fake_openai.stub(fake_openai.chat.completions.create).reply("never asked for")
    record("unused")
"""


def _records(directory: Path) -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text()) for path in directory.glob("*.json")}


def _expected(seed: int) -> tuple[str, list[str], str | None, int]:
    """What the sample suite's seeded test sees, computed in this process."""
    fake = FakeOpenAI(seed=seed)
    made = fake.files.create(file=("notes.txt", b"bread"), purpose="assistants")
    listed = [file.id for file in fake.files.list()]
    reply = fake.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Say something."}])
    return made.id, listed, reply.choices[0].message.content, reply.created


def test_a_user_suite_under_xdist(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    records_dir = tmp_path / "records"
    records_dir.mkdir()
    monkeypatch.setenv("XDIST_RECORDS", str(records_dir))
    pytester.makefile(".ini", pytest=INI)
    pytester.makepyfile(test_sample=SUITE)

    result = pytester.runpytest_subprocess("-n", "2", timeout=300)

    result.assert_outcomes(passed=COPIES + 5, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_a_script_left_unused*"])
    result.stdout.fnmatch_lines(["*2 workers*"])
    records = _records(records_dir)
    assert len(records) == COPIES + 5

    # Two worker processes, neither of them this one, and the tests spread over both.
    workers = {record["worker"]: record["pid"] for record in records.values()}
    assert set(workers) == {"gw0", "gw1"}
    assert len(set(workers.values())) == 2
    assert os.getpid() not in workers.values()

    # Every test had a fresh fake: its list shows only the file it made, whatever ran before it on
    # its worker; and a seed gives the same ids and reply on either worker, as in this process.
    made, listed, reply, created = _expected(SEED)
    assert listed == [made]
    assert reply and reply != _expected(SEED + 1)[2]  # the seed decides the reply
    seeded = [records[f"seeded-{copy}"] for copy in range(COPIES)]
    expected = [(made, listed, reply, created)] * COPIES
    assert [(r["made"], r["listed"], r["reply"], r["created"]) for r in seeded] == expected
    # xdist hands out a run's first tests one by one to each worker in turn: the seeded copies,
    # collected first, ran on both.
    assert {r["worker"] for r in seeded} == {"gw0", "gw1"}

    # The ini's unscripted = error held on both workers' tests, and the client built at import was
    # answered by each test's own fake (one call recorded: its own).
    assert {f"unscripted-{copy}" for copy in range(2)} <= set(records)
    assert [records[f"import-{copy}"]["calls"] for copy in range(2)] == [1, 1]
