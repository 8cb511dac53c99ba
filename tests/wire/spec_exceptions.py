"""The one place that lists where the fake's replies and OpenAI's OpenAPI spec part ways.

``SPEC_DEFECTS``: where the spec's schema breaks its own example, or the API's observed replies,
and the fake follows the example / the API (docs/api-behaviour.md, The published spec). Each is
shown by the spec example it names (tests/wire/test_openapi_contract.py checks that), or names
the observed evidence in its reason.

``NOT_YET_MATCHING``: operations whose replies still differ from the spec, with what differs;
the contract test is strict about it (an operation that comes to match must leave the list).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpecDefect:
    """A place where the spec's schema disagrees with its own example or with the API's observed
    replies, and the fake follows the example / the API."""

    operations: frozenset[str] | None
    """Operation ids whose replies may show it; ``None`` for any operation."""
    error: str
    """A regular expression for the validation error lines it explains."""
    example: str | None
    """The operation id whose spec example shows the same thing (the contract test checks it does);
    ``None`` where no example does and the API's observed replies are the evidence (named in ``reason``)."""
    reason: str


_BATCHES = frozenset(
    {"createBatch", "retrieveBatch", "cancelBatch", "listBatches"},
)
_RESPONSES = frozenset(
    {
        "createResponse",
        "getResponse",
        "cancelResponse",
        "beta_createResponse",
        "beta_getResponse",
        "beta_cancelResponse",
    }
)

# The one list of spec defects the fake deliberately does not follow (docs/api-behaviour.md).
SPEC_DEFECTS: tuple[SpecDefect, ...] = (
    SpecDefect(
        _BATCHES,
        r"^\$(\.data\[\d+\])?\.(\w+_at|errors|output_file_id|error_file_id): None is not of type",
        "createBatch",
        "a batch's timestamps of steps not reached, its errors and its output/error file ids are null "
        "in the spec's own example (and in the API's replies); the schema types them without null",
    ),
    SpecDefect(
        _RESPONSES,
        r"^(event \d+ )?\$(\.response)?\.user: None is not of type 'string'",
        "createResponse",
        "a Response's deprecated user field is null in the spec's own example when none was sent; the schema "
        "types it as a string",
    ),
    SpecDefect(
        _RESPONSES,
        r"^event \d+ \$\.response\.usage: None is not of type 'object'",
        "createResponse",
        "a streamed Response has no usage until it completes: response.created and response.in_progress carry "
        "usage null in the spec's own streamed example; the schema types it as an object",
    ),
    SpecDefect(
        None,
        r"^\$\.(first_id|last_id): None is not of type 'string'",
        None,
        "an empty page has no first or last object: the API answers first_id and last_id null (observed, e.g. "
        "listing the messages of a thread created without any, tjardoo/openai-client#59); the schemas type them "
        "as strings, and the spec has no example of an empty list",
    ),
    SpecDefect(
        frozenset({"RetrieveContainerFileContent"}),
        r"^status 200: the spec declares no body",
        None,
        "a container file's content is the file's bytes (the SDK reads it as binary content); the spec declares "
        "the 200 without a body",
    ),
    SpecDefect(
        frozenset({"createSpeech"}),
        r"^content type audio/mpeg: ",
        None,
        "speech comes with its audio format's own type (audio/mpeg for the default mp3, audio/wav, audio/flac...), "
        "as the API's replies show (openai/openai-node#1477); the spec declares application/octet-stream",
    ),
    SpecDefect(
        frozenset({"downloadFile"}),
        r"^content type (application/octet-stream|text/plain): the spec declares \['application/json'\]$",
        None,
        "a file's content is the file's own bytes (a batch's JSONL output is read line by line), which the SDK "
        "reads as binary (files.content) or text (files.retrieve_content); the spec declares a JSON string",
    ),
    SpecDefect(
        frozenset({"createVoice"}),
        r"^\$: Additional properties are not allowed \('type' was unexpected\)$",
        None,
        "a voice says how it was made (type audio_sample or prompt): the installed SDK's Voice requires the field, "
        "the spec's VoiceResource, older, forbids any field it does not list",
    ),
    SpecDefect(
        frozenset({"create-realtime-client-secret"}),
        r"^\$\.session\.(audio\.input\.(noise_reduction|transcription)|include|tracing|prompt): None is not of type",
        "create-realtime-client-secret",
        "a realtime session states what is off as null (no noise reduction, no input transcription, nothing "
        "included, no tracing), as the spec's own client-secret example does; the schema types them without null",
    ),
)


# Operations whose replies do not match the spec yet, with what differs. Empty: every operation the
# installed SDK exposes matches. A new SDK or spec copy may add some, each with what differs (docs/coverage.md
# shows it); strict: an operation listed here that comes to match fails the test until removed.
NOT_YET_MATCHING: dict[str, tuple[str, ...]] = {}
