"""Embeddings: sizes, unit length, order, stable and meaningful vectors, base64, usage, limits."""

from __future__ import annotations

import asyncio
import base64
import math
import re
import struct
import subprocess
import sys
from typing import Any

import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

SENTENCES = [
    "The cat sat on the warm mat by the door.",
    "A cat was sitting on the mat near the door.",
    "Quarterly revenue grew faster than the budget forecast.",
]


def floats(fake: FakeOpenAI, text: Any, model: str = "text-embedding-3-small", **extra: Any) -> list[list[float]]:
    reply = fake.embeddings.create(input=text, model=model, encoding_format="float", **extra)
    return [item.embedding for item in reply.data]


def cosine(a: list[float], b: list[float]) -> float:
    return math.fsum(x * y for x, y in zip(a, b)) / math.sqrt(math.fsum(x * x for x in a) * math.fsum(y * y for y in b))


def norm(vector: list[float]) -> float:
    return math.sqrt(math.fsum(x * x for x in vector))


@pytest.mark.parametrize(
    ("model", "size"),
    [("text-embedding-3-small", 1536), ("text-embedding-3-large", 3072), ("text-embedding-ada-002", 1536)],
)
def test_vectors_have_the_models_size_and_unit_length(model: str, size: int) -> None:
    vectors = floats(FakeOpenAI(seed=1), SENTENCES, model)
    assert [len(v) for v in vectors] == [size] * 3
    assert all(abs(norm(v) - 1) < 1e-5 for v in vectors)
    assert len({tuple(v) for v in vectors}) == 3


def test_dimensions_shortens_like_the_text_embedding_3_models() -> None:
    fake = FakeOpenAI(seed=1)
    (full,) = floats(fake, SENTENCES[0], "text-embedding-3-large")
    (short,) = floats(fake, SENTENCES[0], "text-embedding-3-large", dimensions=256)
    assert len(short) == 256 and abs(norm(short) - 1) < 1e-5
    # The shortened vector is the full one cut and renormalised (OpenAI's documented property).
    prefix = full[:256]
    assert cosine(short, prefix) > 0.99999


def test_one_vector_per_input_in_order_for_every_input_shape() -> None:
    fake = FakeOpenAI(seed=1)
    reply = fake.embeddings.create(input=SENTENCES, model="text-embedding-3-small", encoding_format="float")
    assert [item.index for item in reply.data] == [0, 1, 2]
    assert all(item.object == "embedding" for item in reply.data)
    singles = [floats(fake, text)[0] for text in SENTENCES]
    assert [item.embedding for item in reply.data] == singles
    assert len(floats(fake, [1, 2, 3])) == 1  # one token array
    assert len(floats(fake, [[1, 2, 3], [4, 5], [6]])) == 3  # token arrays


def test_the_same_text_gives_the_same_vector_whatever_the_seed_or_call_order() -> None:
    first = FakeOpenAI(seed=1)
    floats(first, "something else first")
    (a,) = floats(first, SENTENCES[0])
    (b,) = floats(FakeOpenAI(seed=99), SENTENCES[0])
    (c,) = floats(FakeOpenAI(), SENTENCES[0])
    assert a == b == c


def test_texts_that_share_words_are_closer() -> None:
    cat, cat2, revenue = floats(FakeOpenAI(seed=1), SENTENCES)
    assert cosine(cat, cat2) > 0.5
    assert cosine(cat, cat2) > cosine(cat, revenue) + 0.3  # these two share only "the"
    unrelated = floats(FakeOpenAI(seed=1), ["sleepy kittens purr", "quarterly revenue forecast"])
    assert abs(cosine(*unrelated)) < 0.15  # no word in common: nearly orthogonal
    forward, backward = floats(FakeOpenAI(seed=1), ["dog bites man", "man bites dog"])
    assert 0.6 < cosine(forward, backward) < 0.999  # same words, different order


def test_base64_is_little_endian_float32_of_the_same_vector() -> None:
    fake = FakeOpenAI(seed=1)
    (expected,) = floats(fake, SENTENCES[0])
    reply = fake.embeddings.create(input=SENTENCES[0], model="text-embedding-3-small", encoding_format="base64")
    encoded = reply.data[0].embedding
    assert isinstance(encoded, str)  # what the API sends when base64 is asked for explicitly
    raw = base64.b64decode(encoded)
    assert list(struct.unpack(f"<{len(raw) // 4}f", raw)) == expected


def test_the_sdk_default_asks_for_base64_and_decodes_it() -> None:
    fake = FakeOpenAI(seed=1)
    (expected,) = floats(fake, SENTENCES[1])
    reply = fake.embeddings.create(input=SENTENCES[1], model="text-embedding-3-small")
    assert fake.calls.last.params["encoding_format"] == "base64"
    assert reply.data[0].embedding == expected


def test_model_echo_and_usage() -> None:
    fake = FakeOpenAI(seed=1)
    assert fake.embeddings.create(input="hi", model="text-embedding-ada-002").model == "text-embedding-ada-002-v2"
    assert fake.embeddings.create(input="hi", model="text-embedding-3-small").model == "text-embedding-3-small"
    short = fake.embeddings.create(input="hello there", model="text-embedding-3-small").usage
    long = fake.embeddings.create(input="hello there " * 50, model="text-embedding-3-small").usage
    assert short.prompt_tokens == short.total_tokens > 0
    assert long.prompt_tokens > 10 * short.prompt_tokens
    tokens = fake.embeddings.create(input=[[1, 2, 3], [4, 5]], model="text-embedding-3-small").usage
    assert tokens.prompt_tokens == tokens.total_tokens == 5


@pytest.mark.parametrize(
    ("text", "wording"),
    [
        ("", re.escape("'$.input' is invalid")),
        (["ok"] * 2049, "2048"),
        ("word " * 9000, "maximum input length is 8192 tokens"),
    ],
)
def test_the_apis_limits_are_its_errors(text: Any, wording: str) -> None:
    with pytest.raises(openai.BadRequestError, match=wording):
        FakeOpenAI(seed=1).embeddings.create(input=text, model="text-embedding-3-small")


def test_a_scripted_vector_is_sent_in_the_asked_encoding() -> None:
    fake = FakeOpenAI(seed=1)
    fake.stub(fake.embeddings.create).embedding([0.6, 0.8])
    default = fake.embeddings.create(input=["a", "b"], model="text-embedding-3-small")
    plain = fake.embeddings.create(input="a", model="text-embedding-3-small", encoding_format="float")
    for item in [*default.data, *plain.data]:
        assert item.embedding == pytest.approx([0.6, 0.8])
    assert [item.index for item in default.data] == [0, 1]


def test_vectors_are_identical_in_another_process() -> None:
    code = (
        "from openai_fakes import FakeOpenAI;"
        "r = FakeOpenAI(seed=3).embeddings.create(input='stable text', model='text-embedding-3-small');"
        "print(repr(r.data[0].embedding[:8]))"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    here = FakeOpenAI(seed=3).embeddings.create(input="stable text", model="text-embedding-3-small")
    assert other == repr(here.data[0].embedding[:8])


def test_async_embeddings() -> None:
    async def main() -> None:
        fake = FakeAsyncOpenAI(seed=1)
        reply = await fake.embeddings.create(input=SENTENCES, model="text-embedding-3-small")
        assert [len(item.embedding) for item in reply.data] == [1536] * 3
        (sync,) = floats(FakeOpenAI(seed=5), SENTENCES[2])
        assert reply.data[2].embedding == sync
        raw = await fake.embeddings.with_raw_response.create(
            input="x", model="text-embedding-3-small", encoding_format="base64"
        )
        assert isinstance(raw.parse().data[0].embedding, str)

    asyncio.run(main())
