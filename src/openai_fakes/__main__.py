"""``python -m openai_fakes demo`` — a short tour; ``python -m openai_fakes sample TYPE`` — a sample as JSON;
``python -m openai_fakes serve`` — the fake over HTTP (docs/serving.md);
``python -m openai_fakes --version`` — its version and the SDK's."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import openai


def demo() -> None:
    from openai.types.chat import ChatCompletion

    from openai_fakes import FakeOpenAI
    from openai_fakes.factories import factory_for

    fake = FakeOpenAI(seed=7)
    print(f"isinstance(fake, openai.OpenAI): {isinstance(fake, openai.OpenAI)}\n")

    reply = fake.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Suggest a name for a bakery."}]
    )
    print("A chat call:")
    print(f"  id={reply.id} model={reply.model}")
    print(f"  content={reply.choices[0].message.content!r}")
    print(f"  usage={reply.usage.model_dump() if reply.usage else None}\n")

    print("A stream, joined as it arrives:")
    stream = fake.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "Describe the sea."}], stream=True
    )
    print("  " + "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices) + "\n")

    print("State: what you create you can retrieve; an unknown id is the API's 404:")
    created = fake.files.create(file=("notes.txt", b"Bread, flour, yeast."), purpose="assistants")
    file = fake.files.retrieve(created.id)
    print(f"  files.retrieve({created.id!r}) -> {type(file).__name__}(filename={file.filename!r}, bytes={file.bytes})")
    print(f"  files.content(...) -> {fake.files.content(created.id).read()!r}")
    try:
        fake.files.retrieve("file-never-made")
    except openai.NotFoundError as error:
        print(f"  files.retrieve('file-never-made') -> NotFoundError {error.status_code}: {error.message}\n")

    print("A factory-built object for notebooks and test data:")
    built = factory_for(ChatCompletion).build(random_seed=1)
    print("  " + built.model_dump_json(indent=2).replace("\n", "\n  "))


def _resolve(name: str) -> Any:
    """The SDK type ``name`` stands for: a model by class name (``ChatCompletion``), dotted path
    (``openai.types.chat.ChatCompletion``), ``object`` literal (``chat.completion``) or curated
    factory (``ChatCompletionFactory``), or a union the SDK names (``ResponseStreamEvent``)."""
    from openai_fakes import factories
    from openai_fakes.factories._catalog import find_model, find_union

    factory = getattr(factories, name, None) if name.endswith("Factory") else None
    if isinstance(factory, type) and issubclass(factory, factories.SDKModelFactory) and hasattr(factory, "__model__"):
        return factory.__model__
    try:
        return find_model(name)
    except LookupError:
        union = find_union(name)
        if union is None:
            raise
        return union


def sample(name: str, seed: int) -> None:
    """Print a realistic sample of ``name`` as the API sends it: JSON, fields by their wire names."""
    import json

    from openai_fakes.factories import factory_for
    from openai_fakes.factories._engine import sample_json

    tp = _resolve(name)
    if isinstance(tp, type) and issubclass(tp, openai.BaseModel):
        print(factory_for(tp).build(random_seed=seed).model_dump_json(indent=2, by_alias=True))
    else:
        print(json.dumps(sample_json(tp, seed=seed), indent=2))


def version() -> str:
    """This package's version, ``openai_fakes.__version__``: the one place it is written; the build
    reads it from there into the wheel's metadata (pyproject.toml, ``[tool.hatch.version]``)."""
    from openai_fakes import __version__

    return __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m openai_fakes")
    parser.add_argument(
        "--version",
        action="version",
        version=f"openai-fakes {version()} (openai {openai.__version__})",
        help="print the version of openai-fakes and of the openai SDK it runs on, and exit",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="a short tour of the fake client")
    sample_parser = commands.add_parser("sample", help="print a realistic sample of an SDK type as JSON")
    sample_parser.add_argument("type", help="e.g. chat.completion, ChatCompletion, openai.types.Batch")
    sample_parser.add_argument("--seed", type=int, default=0)
    _add_serve_parser(commands)
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    try:
        if args.command == "demo":
            demo()
        else:
            try:
                sample(args.type, args.seed)
            except LookupError as error:
                print(error, file=sys.stderr)
                return 2
        sys.stdout.flush()
    except BrokenPipeError:
        _stop_writing()
    return 0


def _add_serve_parser(commands: Any) -> None:
    serve = commands.add_parser("serve", help="serve the fake over HTTP for clients in any language (docs/serving.md)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback, 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to bind (default 8000; 0 picks a free one)")
    serve.add_argument("--seed", type=int, default=None, help="seed each API key's fake: reproducible replies")
    serve.add_argument("--validation", choices=("strict", "lenient", "off"), default=None)
    serve.add_argument("--unknown-ids", choices=("strict", "materialize"), default=None)
    serve.add_argument("--api-key", default=None, help="accept only this bearer key; others get the API's 401")
    serve.add_argument(
        "--max-body-bytes", type=int, default=64 * 1024 * 1024, help="largest request body read (default 64 MiB)"
    )


def _serve(args: argparse.Namespace) -> int:
    try:
        from openai_fakes.serve import serve
    except ImportError as missing:
        print(
            f"python -m openai_fakes serve needs the serve extra ({missing.name} is missing): "
            'pip install "openai-fakes[serve]"',
            file=sys.stderr,
        )
        return 2
    serve(
        host=args.host,
        port=args.port,
        seed=args.seed,
        validation=args.validation,
        unknown_ids=args.unknown_ids,
        api_key=args.api_key,
        max_body_bytes=args.max_body_bytes,
    )
    return 0


def _stop_writing() -> None:
    """The reader went away (``... | head`` read its lines): the rest is not wanted, so the command
    ends quietly, with status 0, instead of a traceback. Standard output is pointed at the null
    device so the interpreter's own flush at exit does not fail on the closed pipe again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


if __name__ == "__main__":
    raise SystemExit(main())
