"""A smoke test of the installed wheel, run by the clean virtualenv's interpreter from outside the
checkout: the package comes from site-packages, every module of it imports, it is typed, its
version is the metadata's, and the public API answers.

Usage: <venv>/bin/python smoke.py
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.resources
import importlib.util
import pkgutil
import subprocess
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
    # The served fake (openai_fakes.serve) needs the serve extra, which this core install lacks:
    # it must fail for that reason only, and the CLI must say which extra to install.
    # (walk_packages imports each package to look inside; the serve package cannot import here, so
    # its modules are not listed: contents.py has checked they are in the wheel.)
    modules = [
        info.name for info in pkgutil.walk_packages(openai_fakes.__path__, "openai_fakes.", onerror=lambda name: None)
    ]
    for name in modules:
        if name == "openai_fakes.__main__":  # runs the CLI on import; the demo runs it
            continue
        if name.startswith("openai_fakes.serve"):
            try:
                importlib.import_module(name)
            except ImportError as missing:
                assert missing.name in ("starlette", "uvicorn", "multipart", "python_multipart"), missing
            continue
        importlib.import_module(name)
    if importlib.util.find_spec("starlette") is None:
        served = subprocess.run(
            [sys.executable, "-m", "openai_fakes", "serve", "--port", "0"], capture_output=True, text=True, check=False
        )
        assert served.returncode == 2 and "openai-fakes[serve]" in served.stderr, served.stderr

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
