"""``python -m openai_fakes sample TYPE``: a realistic sample of any SDK type, as the API's JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pydantic
import pytest
from openai.types.chat import ChatCompletion
from openai.types.moderation import Moderation
from openai.types.responses import ResponseStreamEvent

RUNS = {
    "literal": ("chat.completion", "--seed", "3"),
    "path": ("openai.types.chat.ChatCompletion", "--seed", "3"),
    "factory": ("ChatCompletionFactory", "--seed", "3"),
    "aliases": ("Moderation",),
    "union": ("ResponseStreamEvent", "--seed", "2"),
    "unknown": ("NoSuchThing",),
}


@pytest.fixture(scope="module")
def results() -> dict[str, subprocess.CompletedProcess[str]]:
    def run(args: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "openai_fakes", "sample", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    with ThreadPoolExecutor(len(RUNS)) as pool:  # ~2 s each, mostly imports: run them side by side
        return dict(zip(RUNS, pool.map(run, RUNS.values())))


def test_every_way_of_naming_a_model_gives_the_same_seeded_sample(
    results: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    for name in ("literal", "path", "factory"):
        assert results[name].returncode == 0, results[name].stderr
    completion = ChatCompletion.model_validate_json(results["literal"].stdout)
    assert completion.id.startswith("chatcmpl-") and len(completion.choices) == 1
    assert results["literal"].stdout == results["path"].stdout == results["factory"].stdout


def test_fields_print_by_their_wire_names_and_unions_are_sampled(
    results: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    assert results["aliases"].returncode == 0 and '"self-harm/intent"' in results["aliases"].stdout
    Moderation.model_validate_json(results["aliases"].stdout)
    assert results["union"].returncode == 0, results["union"].stderr
    pydantic.TypeAdapter(ResponseStreamEvent).validate_python(json.loads(results["union"].stdout))


def test_an_unknown_name_says_what_to_try(results: dict[str, subprocess.CompletedProcess[str]]) -> None:
    unknown = results["unknown"]
    assert unknown.returncode == 2 and "try a class name" in unknown.stderr and not unknown.stdout


@pytest.mark.parametrize("args", [("sample", "CreateEmbeddingResponse"), ("demo",)], ids=["sample", "demo"])
def test_a_reader_that_stops_early_ends_the_command_quietly(args: tuple[str, ...]) -> None:
    command = [sys.executable, "-m", "openai_fakes", *args]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # as `| head` does once it has its lines: every write meets a closed pipe
        errors = process.stderr.read().decode()
        assert process.wait(timeout=120) == 0
    assert errors == "", errors  # no BrokenPipeError traceback, no "Exception ignored" at exit
