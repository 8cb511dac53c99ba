"""Realistic polyfactory factories for the ``openai`` SDK's models.

``factory_for(Model)`` works for every SDK model. The curated factories below, one per model
people build by hand most, add that model's rules (statuses, usage, ids) and shorthands
(``ChatCompletionFactory.build(content="Hi")``); ``factory_for`` returns them, and nested builds
use them. Each is a polyfactory ``ModelFactory``: ``build``, ``batch``, ``coverage``, ``Use``,
``PostGenerated`` and subclassing work as polyfactory documents.

Whole streams, cut from one object as the fake client streams it: ``chat_chunks(...)`` (the
``ChatCompletionChunk`` list of one completion) and ``response_events(...)`` (the Responses events
of one response).
"""

from __future__ import annotations

from ._engine import SDKModelFactory, factory_for
from ._tool_calls import ToolCallLike
from .assistants import AssistantFactory, MessageFactory, RunFactory, ThreadFactory
from .audio import TranscriptionFactory, TranscriptionVerboseFactory
from .batches import BatchFactory
from .chat import (
    ChatCompletionChunkFactory,
    ChatCompletionFactory,
    ChatCompletionMessageFactory,
    ChatCompletionMessageToolCallFactory,
)
from .chat_stream import chat_chunks
from .conversations import ConversationFactory, ConversationItemListFactory, ConversationMessageFactory
from .embeddings import CreateEmbeddingResponseFactory, EmbeddingFactory
from .errors import ErrorObjectFactory, ResponseErrorFactory
from .files import FileObjectFactory, UploadFactory
from .fine_tuning import FineTuningJobFactory
from .images import ImageFactory, ImagesResponseFactory
from .models import ModelObjectFactory
from .moderations import ModerationCreateResponseFactory, ModerationFactory
from .responses import (
    ResponseFactory,
    ResponseFunctionToolCallFactory,
    ResponseOutputMessageFactory,
    ResponseOutputTextFactory,
    ResponseReasoningItemFactory,
)
from .responses_stream import (
    ResponseCompletedEventFactory,
    ResponseContentPartAddedEventFactory,
    ResponseContentPartDoneEventFactory,
    ResponseCreatedEventFactory,
    ResponseFailedEventFactory,
    ResponseFunctionCallArgumentsDeltaEventFactory,
    ResponseFunctionCallArgumentsDoneEventFactory,
    ResponseIncompleteEventFactory,
    ResponseInProgressEventFactory,
    ResponseOutputItemAddedEventFactory,
    ResponseOutputItemDoneEventFactory,
    ResponseTextDeltaEventFactory,
    ResponseTextDoneEventFactory,
    response_events,
)
from .vector_stores import VectorStoreFactory, VectorStoreFileFactory

__all__ = [
    "AssistantFactory",
    "BatchFactory",
    "ChatCompletionChunkFactory",
    "ChatCompletionFactory",
    "ChatCompletionMessageFactory",
    "ChatCompletionMessageToolCallFactory",
    "ConversationFactory",
    "ConversationItemListFactory",
    "ConversationMessageFactory",
    "CreateEmbeddingResponseFactory",
    "EmbeddingFactory",
    "ErrorObjectFactory",
    "FileObjectFactory",
    "FineTuningJobFactory",
    "ImageFactory",
    "ImagesResponseFactory",
    "MessageFactory",
    "ModelObjectFactory",
    "ModerationCreateResponseFactory",
    "ModerationFactory",
    "ResponseCompletedEventFactory",
    "ResponseContentPartAddedEventFactory",
    "ResponseContentPartDoneEventFactory",
    "ResponseCreatedEventFactory",
    "ResponseErrorFactory",
    "ResponseFactory",
    "ResponseFailedEventFactory",
    "ResponseFunctionCallArgumentsDeltaEventFactory",
    "ResponseFunctionCallArgumentsDoneEventFactory",
    "ResponseFunctionToolCallFactory",
    "ResponseInProgressEventFactory",
    "ResponseIncompleteEventFactory",
    "ResponseOutputItemAddedEventFactory",
    "ResponseOutputItemDoneEventFactory",
    "ResponseOutputMessageFactory",
    "ResponseOutputTextFactory",
    "ResponseReasoningItemFactory",
    "ResponseTextDeltaEventFactory",
    "ResponseTextDoneEventFactory",
    "RunFactory",
    "SDKModelFactory",
    "ThreadFactory",
    "ToolCallLike",
    "TranscriptionFactory",
    "TranscriptionVerboseFactory",
    "UploadFactory",
    "VectorStoreFactory",
    "VectorStoreFileFactory",
    "chat_chunks",
    "factory_for",
    "response_events",
]
