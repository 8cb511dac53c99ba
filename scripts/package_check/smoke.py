"""A smoke test of the installed wheel, run by the clean virtualenv's interpreter from outside the
checkout: the package comes from site-packages, every module of it imports, it is typed, its
version is the metadata's, and the public API answers.

Usage: <venv>/bin/python smoke.py
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.resources
import pkgutil
import sys
from pathlib import Path

import openai

import openai_fakes
from openai_fakes import FakeOpenAI
from openai_fakes.factories import ChatCompletionFactory


def main() -> None:
    where = Path(openai_fakes.__file__).resolve()
    assert where.is_relative_to(Path(sys.prefix).resolve()), f"openai_fakes imported from {where}, not the venv"

    # Every module imports: one the wheel left out fails here, wherever it is imported from.
    modules = [info.name for info in pkgutil.walk_packages(openai_fakes.__path__, "openai_fakes.")]
    for name in modules:
        if name != "openai_fakes.__main__":  # runs the CLI on import; the demo runs it
            importlib.import_module(name)

    assert importlib.resources.files("openai_fakes").joinpath("py.typed").is_file(), "py.typed is not installed"
    assert importlib.metadata.version("openai-fakes") == openai_fakes.__version__

    (plugin,) = [point for point in importlib.metadata.entry_points(group="pytest11") if point.name == "openai_fakes"]
    assert plugin.load().__name__ == "openai_fakes.pytest_plugin"

    fake = FakeOpenAI(seed=7)
    assert isinstance(fake, openai.OpenAI)
    reply = fake.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])
    assert reply.choices[0].message.content
    fake.stub(fake.chat.completions.create).reply("Scripted.")
    again = fake.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])
    assert again.choices[0].message.content == "Scripted."

    built = ChatCompletionFactory.build(content="Built.", random_seed=1)
    assert built.choices[0].message.content == "Built."

    print(f"smoke: openai-fakes {openai_fakes.__version__} from {where.parent}, {len(modules)} modules import")


if __name__ == "__main__":
    main()
