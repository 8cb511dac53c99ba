"""The engine's output looks like the API's (docs/how-it-works.md, What a reply promises), is seeded and leaks nothing."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import typing
from typing import Any

import pydantic
import pytest
from openai.pagination import SyncCursorPage
from openai.types import Batch, CreateEmbeddingResponse, FileObject, VectorStore
from openai.types.beta import Assistant
from openai.types.beta.threads import Run
from openai.types.chat import ChatCompletion, ChatCompletionMessage
from openai.types.conversations import ConversationItem
from openai.types.fine_tuning import FineTuningJob
from openai.types.responses import Response, ResponseStreamEvent
from openai.types.shared import ChatModel
from polyfactory.factories.base import BaseFactory
from polyfactory.factories.pydantic_factory import ModelFactory

from openai_fakes.factories import SDKModelFactory, factory_for
from openai_fakes.factories._engine import sample_json

SEEDS = range(25)
# The engine's clock is a fixed recent instant (2026-05-01), so timestamps are the same on every
# run and day; they must land in the months before it, not in 1970 or 2099.
EARLIEST, LATEST = 1_767_225_600, 1_778_198_400  # 2026-01-01 .. 2026-05-08


def _build(model: type[Any], seed: int) -> Any:
    return factory_for(model).build(random_seed=seed)


# --- ids -----------------------------------------------------------------------------------

ID_PATTERNS: dict[type[Any], str] = {
    ChatCompletion: r"chatcmpl-[A-Za-z0-9]{29}",
    FileObject: r"file-[A-Za-z0-9]{22}",
    Batch: r"batch_[0-9a-f]{32}",
    Response: r"resp_[0-9a-f]{48}",
    VectorStore: r"vs_[0-9a-f]{32}",
    Assistant: r"asst_[A-Za-z0-9]{24}",
    Run: r"run_[A-Za-z0-9]{24}",
    FineTuningJob: r"ftjob-[A-Za-z0-9]{24}",
}


@pytest.mark.parametrize("model", list(ID_PATTERNS), ids=lambda m: m.__name__)
def test_ids_have_the_real_prefix_and_shape(model: type[Any]) -> None:
    for seed in SEEDS:
        assert re.fullmatch(ID_PATTERNS[model], _build(model, seed).id)


@pytest.mark.parametrize("model", [Batch, Response, VectorStore], ids=lambda m: m.__name__)
def test_new_style_ids_start_with_their_creation_time(model: type[Any]) -> None:
    # The first 8 hex digits of a new-style id are its created_at (docs/api-behaviour.md, Ids).
    for seed in SEEDS:
        obj = _build(model, seed)
        assert int(obj.id.split("_", 1)[1][:8], 16) == int(obj.created_at)


def test_foreign_keys_name_the_right_kind_of_object() -> None:
    for seed in SEEDS:
        batch, run = _build(Batch, seed), _build(Run, seed)
        assert batch.input_file_id.startswith("file-")
        assert run.thread_id.startswith("thread_") and run.assistant_id.startswith("asst_")
        message = _build(ChatCompletionMessage, seed)
        for call in message.tool_calls or []:
            assert call.id.startswith("call_")


def test_object_and_model_fields_are_real() -> None:
    chat_models = set(typing.get_args(ChatModel))
    for seed in SEEDS:
        completion = _build(ChatCompletion, seed)
        assert completion.object == "chat.completion"
        assert completion.model in chat_models
        assert re.fullmatch(r"fp_[0-9a-f]{10}", completion.system_fingerprint or "fp_0123456789")
        assert _build(CreateEmbeddingResponse, seed).model.startswith("text-embedding-")


# --- times ---------------------------------------------------------------------------------

LIFECYCLE: dict[type[Any], list[str]] = {
    Batch: ["created_at", "in_progress_at", "finalizing_at", "completed_at"],
    Run: ["created_at", "started_at", "completed_at"],
    FineTuningJob: ["created_at", "finished_at"],
    Response: ["created_at", "completed_at"],
}


@pytest.mark.parametrize("model", list(LIFECYCLE), ids=lambda m: m.__name__)
def test_timestamps_are_recent_and_ordered(model: type[Any]) -> None:
    for seed in SEEDS:
        obj = _build(model, seed)
        times = [getattr(obj, name) for name in LIFECYCLE[model] if getattr(obj, name) is not None]
        assert times, "created_at is always set"
        assert all(EARLIEST <= t <= LATEST for t in times), times
        assert times == sorted(times)
        if getattr(obj, "expires_at", None) is not None:
            assert obj.expires_at >= obj.created_at


def test_statuses_agree_with_timestamps() -> None:
    seen: set[str] = set()
    for seed in range(120):
        batch = _build(Batch, seed)
        seen.add(batch.status)
        assert (batch.completed_at is not None) == (batch.status == "completed")
        assert (batch.failed_at is not None) == (batch.status == "failed")
        if batch.status in ("validating",):
            assert batch.in_progress_at is None
        if batch.status != "failed":
            assert batch.errors is None
    assert {"completed", "failed", "validating"} <= seen  # the rule above was really exercised


# --- usage ---------------------------------------------------------------------------------


def _counts(details: Any) -> list[int]:
    return [v for v in (details.model_dump().values() if details is not None else []) if isinstance(v, int)]


def test_usage_adds_up_and_details_fit_in_totals() -> None:
    for seed in SEEDS:
        usage = _build(ChatCompletion, seed).usage
        if usage is not None:
            assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
            assert sum(_counts(usage.prompt_tokens_details)) <= usage.prompt_tokens
            assert sum(_counts(usage.completion_tokens_details)) <= usage.completion_tokens
        r_usage = _build(Response, seed).usage
        if r_usage is not None:
            assert r_usage.total_tokens == r_usage.input_tokens + r_usage.output_tokens
            assert r_usage.output_tokens_details.reasoning_tokens <= r_usage.output_tokens
            assert r_usage.input_tokens_details.cached_tokens <= r_usage.input_tokens
        batch = _build(Batch, seed)
        counts = batch.request_counts
        if counts is not None:
            # Requests still running are in the total only.
            assert counts.completed + counts.failed <= counts.total
            if batch.status in ("finalizing", "completed"):
                assert counts.total == counts.completed + counts.failed


def test_overrides_win_and_sums_fit_around_them() -> None:
    completion = factory_for(ChatCompletion).build(usage={"prompt_tokens": 7, "total_tokens": 50}, random_seed=3)
    assert completion.usage is not None
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens, completion.usage.total_tokens) == (
        7,
        43,
        50,
    )
    assert factory_for(ChatCompletion).build(model="gpt-4o", random_seed=3).model == "gpt-4o"
    # Partial overrides of nested models keep the rest generated, and list positions right.
    choices = factory_for(ChatCompletion).build(choices=[{"message": {"content": "Paris"}}, {}], random_seed=3).choices
    assert [c.index for c in choices] == [0, 1] and choices[0].message.content == "Paris"
    assert choices[1].message.role == "assistant"
    # An alias (`schema`) can be set by its Python name (`schema_`) too; neither lands in extras.
    from openai.types.responses import ResponseFormatTextJSONSchemaConfig

    config = factory_for(ResponseFormatTextJSONSchemaConfig).build(schema_={"type": "object"}, random_seed=3)
    assert config.schema_ == {"type": "object"} and not config.model_extra


# --- text ----------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z']+")
_FUNCTION_WORDS = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "is",
    "and",
    "you",
    "for",
    "in",
    "by",
    "if",
    "it",
    "which",
    "then",
    "our",
    "this",
    "that",
    "with",
    "on",
    "are",
    "be",
    "can",
    "will",
    "who",
    "me",
    "i",
}


def _english_like(text: str) -> bool:
    """Words as English spells them, and prose that uses English's glue words.

    Random letters (``pystr``) fail on capitals inside words, consonant runs or missing vowels;
    any text of five words or more must contain a function word such as "the" or "is".
    """
    words = _WORD.findall(text)
    if not words:
        return False
    for word in words:
        if len(word) > 15 or not re.fullmatch(r"I|[A-Z]?[a-z']+", word) or not re.search(r"[aeiouy]", word.lower()):
            return False
        if re.search(r"[bcdfghjklmnpqrstvwxz]{5}", word.lower()):
            return False
    return len(words) < 5 or bool(_FUNCTION_WORDS & {w.lower() for w in words})


def test_free_text_reads_like_english_not_lorem_or_random_letters() -> None:
    texts: list[str] = []
    for seed in SEEDS:
        message = _build(ChatCompletionMessage, seed)
        if message.content:
            texts.append(message.content)
        assistant = _build(Assistant, seed)
        texts += [t for t in (assistant.name, assistant.description, assistant.instructions) if t]
        file = _build(FileObject, seed)
        stem, extension = file.filename.rsplit(".", 1)
        assert extension in ("pdf", "txt", "md", "csv", "jsonl", "docx", "png", "jpg")
        if file.purpose != "batch_output":  # named after its batch: batch_<id>_output.jsonl
            texts.append(stem)
    assert len(texts) > 40
    for text in texts:
        assert "lorem" not in text.lower() and "ipsum" not in text.lower()
        assert _english_like(text), text
    # Whole sentences: content is capitalised and ends with a full stop.
    for text in texts:
        if " " in text and text.endswith("."):
            assert text[0].isupper()


def test_urls_and_emails_are_plausible() -> None:
    from openai.types.admin.organization import Invite
    from openai.types.chat.chat_completion_message import AnnotationURLCitation

    for seed in SEEDS:
        citation = _build(AnnotationURLCitation, seed)
        assert re.fullmatch(r"https://[a-z.]+\.(com|org|net)/\S*", citation.url)
        assert citation.start_index <= citation.end_index
        assert re.fullmatch(r"[a-z]+\.[a-z]+@example\.(com|org|net)", _build(Invite, seed).email)


# --- seeds and isolation -------------------------------------------------------------------

_SCRIPT = r"""
import json
from openai.pagination import SyncCursorPage
from openai.types import Batch, FileObject
from openai.types.chat import ChatCompletion
from openai.types.responses import Response
from openai_fakes.factories import factory_for
from openai_fakes.factories._engine import sample_json
out = [factory_for(m).build(random_seed=11).model_dump_json() for m in (ChatCompletion, Response, Batch)]
out.append(json.dumps(sample_json(SyncCursorPage[FileObject], seed=11)))
print("\n".join(out))
"""


def _run(hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True, env=env).stdout


def test_same_seed_same_bytes_in_fresh_processes() -> None:
    first, second = _run("1"), _run("2")  # different hash seeds: no set/dict-order dependence
    assert first == second
    assert len(first.splitlines()) == 4
    in_process = factory_for(ChatCompletion).build(random_seed=11).model_dump_json()
    assert first.splitlines()[0] == in_process


def test_seeds_differ_and_unseeded_builds_vary() -> None:
    factory = factory_for(ChatCompletion)
    assert factory.build(random_seed=1) != factory.build(random_seed=2)
    assert factory.build() != factory.build()
    assert factory.batch(3, random_seed=5) == factory.batch(3, random_seed=5)


class _Mine(pydantic.BaseModel):
    name: str
    count: int
    tags: list[str]
    file: FileObject  # an SDK model nested in the user's own


def test_building_ours_leaves_a_users_own_factory_and_global_random_alone() -> None:
    users = ModelFactory.create_factory(_Mine)
    registries = (
        list(BaseFactory._base_factories),
        dict(BaseFactory._factory_type_mapping),
        dict(BaseFactory._providers),
    )

    users.seed_random(99)
    alone = [users.build().model_dump_json() for _ in range(3)]

    random.seed(4)
    expected_global = random.random()
    random.seed(4)
    users.seed_random(99)
    interleaved = []
    for i in range(3):
        factory_for(ChatCompletion).build()
        interleaved.append(users.build().model_dump_json())
        factory_for(Response).build(random_seed=i)
        sample_json(Batch, seed=i)
    assert interleaved == alone
    assert random.random() == expected_global
    assert (
        list(BaseFactory._base_factories),
        dict(BaseFactory._factory_type_mapping),
        dict(BaseFactory._providers),
    ) == registries
    assert SDKModelFactory not in BaseFactory._base_factories


def test_factories_are_cached_and_reseeding_one_touches_no_other() -> None:
    assert factory_for(FileObject) is factory_for(FileObject)
    assert factory_for(FileObject).__set_as_default_factory_for_type__ is False
    other = factory_for(Batch)
    other.seed_random(1)
    first = other.build()
    factory_for(FileObject).seed_random(1)
    factory_for(FileObject).build()
    other.seed_random(1)
    assert other.build() == first


# --- sample_json ---------------------------------------------------------------------------


def test_sample_json_for_a_page() -> None:
    page_type = SyncCursorPage[FileObject]
    for seed in range(10):
        data = sample_json(page_type, seed=seed)
        assert 1 <= len(data["data"]) <= 2 and data["has_more"] is False
        page = page_type.model_validate(data)
        assert all(item.id.startswith("file-") for item in page.data)
        json.dumps(data)


def test_sample_json_for_unions_picks_valid_variants_by_seed() -> None:
    unions: tuple[Any, ...] = (ResponseStreamEvent, ConversationItem)
    for union in unions:
        adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(union)
        kinds = set()
        for seed in range(12):
            data = sample_json(union, seed=seed)
            kinds.add(data["type"])
            assert (
                adapter.dump_python(adapter.validate_python(data), mode="json", by_alias=True)["type"] == data["type"]
            )
            assert sample_json(union, seed=seed) == data
        assert len(kinds) > 1


def test_sample_json_for_models_lists_and_plain_types() -> None:
    data = sample_json(ChatCompletion, seed=3)
    assert ChatCompletion.model_validate(data).model_dump(mode="json", by_alias=True) == data
    items = sample_json(list[FileObject], seed=3)
    assert 1 <= len(items) <= 2 and all(FileObject.model_validate(i) for i in items)
    text = sample_json(str, seed=3)
    assert isinstance(text, str) and _english_like(text)
    assert sample_json(None, seed=3) is None and sample_json(type(None), seed=3) is None
