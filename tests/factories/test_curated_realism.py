"""The curated factories hold the realism rules (docs/how-it-works.md, What a reply promises) for their models, under many seeds.

Each test checks a rule across fields (a status and its timestamps, usage and the content, ids
and their owners) that field-by-field generation cannot get right by chance.
"""

from __future__ import annotations

import base64
import collections
import math
import re
import struct
from typing import Any

import pytest

from openai_fakes._core.errors import _DEFAULTS, _TYPES
from openai_fakes._sim.model_catalog import is_reasoning
from openai_fakes._sim.tokens import text_tokens
from openai_fakes.factories import (
    AssistantFactory,
    BatchFactory,
    ChatCompletionChunkFactory,
    ChatCompletionFactory,
    ConversationFactory,
    ConversationItemListFactory,
    CreateEmbeddingResponseFactory,
    ErrorObjectFactory,
    FileObjectFactory,
    FineTuningJobFactory,
    ImagesResponseFactory,
    MessageFactory,
    ModelObjectFactory,
    ModerationCreateResponseFactory,
    ResponseCompletedEventFactory,
    ResponseCreatedEventFactory,
    ResponseFactory,
    ResponseOutputItemAddedEventFactory,
    RunFactory,
    TranscriptionFactory,
    TranscriptionVerboseFactory,
    UploadFactory,
    VectorStoreFactory,
    VectorStoreFileFactory,
)

SEEDS = range(40)


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (ISO/IEC 15948 §11.2.2)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# --- chat ----------------------------------------------------------------------------------


def _visible_tokens(message: Any) -> int:
    if message.tool_calls:
        return sum(text_tokens(call.function.arguments) + 3 for call in message.tool_calls)
    return text_tokens(message.content or message.refusal or "")


def test_chat_completion_is_one_consistent_choice_with_usage_that_adds_up() -> None:
    kinds: collections.Counter[str] = collections.Counter()
    for seed in SEEDS:
        completion = ChatCompletionFactory.build(random_seed=seed)
        assert re.fullmatch(r"chatcmpl-[A-Za-z0-9]{29}", completion.id)
        assert re.fullmatch(r"fp_[0-9a-f]{10}", completion.system_fingerprint or "fp_0000000000")
        assert completion.service_tier == "default"
        [choice] = completion.choices
        message = choice.message
        assert choice.index == 0 and message.role == "assistant" and message.annotations == []
        parts = [message.content is not None, bool(message.tool_calls), message.refusal is not None]
        assert sum(parts) == 1, message  # text, tool calls or a refusal: never two
        kinds[("content", "tool_calls", "refusal")[parts.index(True)]] += 1
        assert choice.finish_reason == ("tool_calls" if message.tool_calls else "stop")
        for call in message.tool_calls or []:
            assert re.fullmatch(r"call_[A-Za-z0-9]{24}", call.id) and call.type == "function"
        usage = completion.usage
        assert usage is not None and usage.completion_tokens_details is not None
        hidden = usage.completion_tokens_details.reasoning_tokens or 0
        assert (hidden > 0) == is_reasoning(completion.model)
        assert usage.completion_tokens == _visible_tokens(message) + hidden
        assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert kinds["content"] > kinds["tool_calls"] > 0, kinds


def test_chunks_are_deltas_without_usage() -> None:
    for seed in SEEDS:
        chunk = ChatCompletionChunkFactory.build(random_seed=seed)
        assert chunk.object == "chat.completion.chunk" and chunk.usage is None
        [choice] = chunk.choices
        assert choice.finish_reason is None and choice.delta.role is None
        assert choice.delta.content and choice.delta.content.startswith(" ")
    closing = ChatCompletionChunkFactory.build(finish_reason="length", random_seed=1).choices[0]
    assert closing.finish_reason == "length" and closing.delta.content is None


# --- responses -----------------------------------------------------------------------------


def test_responses_fit_their_status_and_model() -> None:
    statuses = set()
    for seed in SEEDS:
        response = ResponseFactory.build(random_seed=seed)
        statuses.add(response.status)
        assert re.fullmatch(r"resp_[0-9a-f]{48}", response.id)
        assert response.tool_choice == "auto" and response.temperature == 1.0 and response.text is not None
        types = [item.type for item in response.output]
        if response.status in ("in_progress", "queued", "failed"):
            assert types == [] and response.usage is None and response.completed_at is None
            assert (response.error is not None) == (response.status == "failed")
            continue
        assert (types[0] == "reasoning") == is_reasoning(response.model)
        for item in response.output:
            assert item.id is not None and item.id[-16:] == response.id[-16:]  # docs/api-behaviour.md, Ids
        if response.status == "completed":
            assert response.completed_at is not None and 1 <= response.completed_at - response.created_at <= 20
        called = {item.name for item in response.output if item.type == "function_call"}
        assert {tool.name for tool in response.tools if tool.type == "function"} == called
        usage = response.usage
        assert usage is not None and usage.total_tokens == usage.input_tokens + usage.output_tokens
        assert (usage.output_tokens_details.reasoning_tokens > 0) == ("reasoning" in types)
        visible = sum(
            text_tokens(part.text)
            for item in response.output
            if item.type == "message"
            for part in item.content
            if part.type == "output_text"
        )
        visible += sum(text_tokens(item.arguments) + 3 for item in response.output if item.type == "function_call")
        assert usage.output_tokens == visible + usage.output_tokens_details.reasoning_tokens
    assert {"completed", "failed"} <= statuses


def test_stream_events_carry_what_their_place_implies() -> None:
    for seed in range(10):
        created = ResponseCreatedEventFactory.build(random_seed=seed)
        assert created.sequence_number == 0 and created.response.status == "in_progress"
        assert created.response.output == [] and created.response.usage is None
        done = ResponseCompletedEventFactory.build(random_seed=seed)
        assert done.response.status == "completed" and done.response.usage is not None
        added = ResponseOutputItemAddedEventFactory.build(random_seed=seed).item
        assert added.type == "message" and added.status == "in_progress" and added.content == []


# --- embeddings, moderations, images, audio ------------------------------------------------


def test_embeddings_are_unit_vectors_of_the_models_size() -> None:
    sizes = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002-v2": 1536}
    for seed in range(12):
        reply = CreateEmbeddingResponseFactory.build(random_seed=seed)
        assert reply.object == "list" and reply.usage.prompt_tokens == reply.usage.total_tokens > 0
        for index, item in enumerate(reply.data):
            assert item.index == index and len(item.embedding) == sizes[reply.model]
            assert math.isclose(math.fsum(x * x for x in item.embedding), 1.0, rel_tol=1e-5)


def test_moderation_flags_agree_with_categories_and_scores() -> None:
    flagged = 0
    for seed in SEEDS:
        reply = ModerationCreateResponseFactory.build(random_seed=seed)
        assert re.fullmatch(r"modr-[0-9a-f]{32}", reply.id) and reply.model == "omni-moderation-latest"
        for result in reply.results:
            categories = result.categories.model_dump(by_alias=True)
            scores = result.category_scores.model_dump(by_alias=True)
            assert result.flagged == any(categories.values())
            flagged += result.flagged
            for name, on in categories.items():
                assert (scores[name] >= 0.5) == on, (name, scores[name])
    assert 0 < flagged < len(SEEDS) // 2


def test_images_are_urls_by_default_and_real_files_as_base64() -> None:
    for seed in range(10):
        reply = ImagesResponseFactory.build(random_seed=seed)
        [image] = reply.data or []
        assert image.url and image.url.endswith(".png") and image.b64_json is None and reply.usage is None
    reply = ImagesResponseFactory.build(response_format="b64_json", size="1536x1024", quality="medium", random_seed=3)
    [image] = reply.data or []
    assert image.b64_json is not None and image.url is None
    assert _png_size(base64.b64decode(image.b64_json)) == (1536, 1024)
    assert reply.usage is not None and reply.usage.output_tokens == 1568  # gpt-image-1, medium, 1536x1024
    assert reply.usage.total_tokens == reply.usage.input_tokens + reply.usage.output_tokens


def test_transcription_usage_follows_its_text() -> None:
    kinds = set()
    for seed in SEEDS:
        transcription = TranscriptionFactory.build(random_seed=seed)
        usage = transcription.usage
        assert usage is not None
        kinds.add(usage.type)
        if usage.type == "tokens":
            assert usage.output_tokens == text_tokens(transcription.text)
            assert usage.total_tokens == usage.input_tokens + usage.output_tokens
        else:
            assert usage.seconds == math.ceil(len(transcription.text.split()) / 2.5)
    assert kinds == {"tokens", "duration"}
    verbose = TranscriptionVerboseFactory.build(random_seed=4)
    segments = verbose.segments or []
    assert verbose.text == "".join(s.text for s in segments).strip() and verbose.duration == segments[-1].end
    assert [s.id for s in segments] == list(range(len(segments)))
    assert all(a.end == b.start for a, b in zip(segments, segments[1:]))


# --- files, uploads, batches, fine-tuning, vector stores -----------------------------------


def test_files_fit_their_purpose() -> None:
    for seed in SEEDS:
        file = FileObjectFactory.build(random_seed=seed)
        assert re.fullmatch(r"file-[A-Za-z0-9]{22}", file.id) and file.status == "processed"
        if file.purpose in ("batch", "fine-tune", "batch_output"):
            assert file.filename.endswith(".jsonl")
        batch_file = file.purpose in ("batch", "batch_output")
        assert file.expires_at == (file.created_at + 30 * 86_400 if batch_file else None)


def test_uploads_expire_in_an_hour_and_carry_their_file_once_completed() -> None:
    for seed in SEEDS:
        upload = UploadFactory.build(random_seed=seed)
        assert upload.expires_at == upload.created_at + 3600
        if upload.status != "completed":
            assert upload.file is None
            continue
        assert upload.file is not None and upload.file.created_at >= upload.created_at
        assert (upload.file.bytes, upload.file.filename, upload.file.purpose) == (
            upload.bytes,
            upload.filename,
            upload.purpose,
        )


def test_batches_counts_files_and_errors_follow_the_status() -> None:
    statuses = set()
    for seed in range(120):
        batch = BatchFactory.build(random_seed=seed)
        statuses.add(batch.status)
        counts = batch.request_counts
        assert counts is not None and batch.expires_at == batch.created_at + 86_400
        if batch.status in ("validating", "failed"):
            assert (counts.total, counts.completed, counts.failed) == (0, 0, 0) and batch.in_progress_at is None
        if batch.status in ("finalizing", "completed"):
            assert counts.completed + counts.failed == counts.total > 0
        assert (batch.errors is not None) == (batch.status == "failed")
        assert (batch.usage is not None) == (batch.status == "completed")
        if batch.status == "completed":
            assert batch.output_file_id and batch.output_file_id.startswith("file-")
            assert (batch.error_file_id is not None) == (counts.failed > 0)
    assert {"completed", "failed", "in_progress", "validating"} <= statuses


def test_fine_tuning_jobs_follow_their_status() -> None:
    statuses = set()
    for seed in range(80):
        job = FineTuningJobFactory.build(random_seed=seed)
        statuses.add(job.status)
        succeeded = job.status == "succeeded"
        assert (job.fine_tuned_model is not None) == succeeded and bool(job.result_files) == succeeded
        if job.fine_tuned_model:
            assert re.fullmatch(rf"ft:{re.escape(job.model)}:personal:[a-z-]*:[A-Za-z0-9]{{8}}", job.fine_tuned_model)
        assert (job.error is not None) == (job.status == "failed")
        assert (job.finished_at is not None) == (job.status in ("succeeded", "failed", "cancelled"))
        running = job.status in ("running", "queued", "validating_files")
        assert (job.estimated_finish is not None) == running
        assert job.method is not None and job.method.type == "supervised"
    assert {"succeeded", "failed", "running"} <= statuses


def test_vector_stores_and_their_files() -> None:
    for seed in SEEDS:
        store = VectorStoreFactory.build(random_seed=seed)
        counts = store.file_counts
        assert counts.total == counts.completed + counts.failed + counts.cancelled + counts.in_progress
        assert (counts.in_progress > 0) == (store.status == "in_progress")
        assert store.last_active_at is not None and store.last_active_at >= store.created_at
        days = store.expires_after.days if store.expires_after else None
        assert store.expires_at == (store.last_active_at + days * 86_400 if days else None)
        file = VectorStoreFileFactory.build(random_seed=seed)
        assert file.id.startswith("file-") and file.vector_store_id.startswith("vs_")
        assert (file.last_error is not None) == (file.status == "failed")


# --- assistants, runs, models, conversations, errors ---------------------------------------


def test_assistants_resources_match_their_tools_and_messages_their_author() -> None:
    for seed in SEEDS:
        assistant = AssistantFactory.build(random_seed=seed)
        kinds = {tool.type for tool in assistant.tools}
        resources = assistant.tool_resources
        assert (resources is not None and resources.file_search is not None) == ("file_search" in kinds)
        message = MessageFactory.build(random_seed=seed)
        by_assistant = message.role == "assistant"
        assert (message.assistant_id is not None) == by_assistant == (message.run_id is not None)


def test_runs_follow_their_status() -> None:
    ended = {"completed", "failed", "cancelled", "expired", "incomplete"}
    statuses = set()
    for seed in range(80):
        run = RunFactory.build(random_seed=seed)
        statuses.add(run.status)
        assert (run.expires_at is None) == (run.status in ended)
        assert (run.usage is not None) == (run.status in ended)
        assert (run.last_error is not None) == (run.status == "failed")
        assert (run.started_at is None) == (run.status == "queued")
        assert (run.required_action is not None) == (run.status == "requires_action")
        if run.required_action:
            offered = {tool.function.name for tool in run.tools if tool.type == "function"}
            assert {c.function.name for c in run.required_action.submit_tool_outputs.tool_calls} <= offered
    assert {"completed", "requires_action", "failed", "queued"} <= statuses


def test_models_conversations_and_error_bodies() -> None:
    for seed in range(10):
        model = ModelObjectFactory.build(random_seed=seed)
        assert model.owned_by == "system" and re.fullmatch(r"[a-z0-9.:-]+", model.id)
        assert re.fullmatch(r"conv_[0-9a-f]{48}", ConversationFactory.build(random_seed=seed).id)
        page = ConversationItemListFactory.build(random_seed=seed)
        roles = [item.role for item in page.data if item.type == "message"]
        assert roles[0] == "user" and all(a != b for a, b in zip(roles, roles[1:]))
        assert (page.first_id, page.last_id, page.has_more) == (page.data[0].id, page.data[-1].id, False)
        error = ErrorObjectFactory.build(random_seed=seed)
        assert (error.message, error.code) in _DEFAULTS.values() and error.type in _TYPES.values()
    limited = ErrorObjectFactory.build(status=429)
    assert (limited.type, limited.code) == ("requests", "rate_limit_exceeded")


@pytest.mark.parametrize("factory", [ChatCompletionFactory, ResponseFactory, BatchFactory, RunFactory])
def test_the_same_seed_gives_the_same_object_and_seeds_differ(factory: Any) -> None:
    assert factory.build(random_seed=5) == factory.build(random_seed=5)
    assert factory.build(random_seed=5) != factory.build(random_seed=6)
