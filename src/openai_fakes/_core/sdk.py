"""What the installed openai SDK declares, and where it keeps what a call asks: read, never changed.

With `_client.seam` (which overrides what the SDK does), the only module that touches the SDK's private
names (``openai._...``, private attributes); the rest of the fake asks here. So a new SDK release
that moves a name changes this file, one that changes a behaviour the fake replaces changes `_client.seam`.

Read here (what its resources request, read from their source, is in `_core.sdk_routes`):

* what a reply becomes: a page's item type, the binary content type, a stream's event type, and
  whether a type is parsed as a plain model;
* what one call asks: its request options as an `Exchange`, the SDK's ``request()`` frame above a
  send, a client's base URL, the attempt a request is.

It imports nothing of the fake but its wire-free vocabulary (`_core.exchange`), so every layer may ask it.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from collections.abc import Mapping as AbcMapping
from functools import cache
from types import FrameType, MappingProxyType
from typing import Any, cast

import httpx2
import openai
import pydantic
from openai._base_client import AsyncAPIClient, BaseClient, BasePage, SyncAPIClient
from openai._compat import PYDANTIC_V1
from openai._constants import OVERRIDE_CAST_TO_HEADER, RAW_RESPONSE_HEADER
from openai._legacy_response import HttpxBinaryResponseContent
from openai._models import FinalRequestOptions, add_request_id, construct_type
from openai._resource import AsyncAPIResource, SyncAPIResource
from openai._streaming import extract_stream_chunk_type
from openai._types import ModelBuilderProtocol, NotGiven, Omit
from openai.lib._parsing._completions import type_to_response_format_param
from openai.lib._parsing._responses import type_to_text_format_param

from .exchange import Exchange

__all__ = [
    "BINARY_CONTENT_TYPE",
    "AsyncAPIResource",
    "FinalRequestOptions",
    "SyncAPIResource",
    "add_request_id",
    "attempt_of",
    "call_sending",
    "client_of_method",
    "client_of_resource",
    "constructed_model",
    "exchange_of",
    "given",
    "is_openai_host",
    "json_schema_format_of",
    "on_openai_endpoint",
    "page_item_type",
    "parsed_as_plain_model",
    "request_id_is_plain",
    "strict_client",
    "validated_model",
]

# --- what a reply becomes -----------------------------------------------------------------------

BINARY_CONTENT_TYPE: type = HttpxBinaryResponseContent
"""The type a binary endpoint (``files.content``, ``audio.speech.create``) is parsed into."""


def page_item_type(tp: Any) -> Any | None:
    """For a page class (``SyncCursorPage[FileObject]``), the type of one item; else ``None``."""
    if not (inspect.isclass(tp) and issubclass(tp, BasePage)):
        return None
    field = tp.model_fields.get("data")
    args = getattr(field.annotation, "__args__", None) if field is not None else None
    return args[0] if args else None


def stream_item_type(stream_cls: Any, cast_to: Any) -> Any:
    """The type of one streamed event, found as the SDK finds it (``Stream[X]`` or a subclass of one)."""
    if stream_cls is None:
        return cast_to
    try:
        return extract_stream_chunk_type(stream_cls)
    except (TypeError, RuntimeError):
        return cast_to


def parsed_as_plain_model(cast_to: Any, options: FinalRequestOptions) -> bool:
    """True when the SDK would parse the call's body straight into ``cast_to`` (a model, no raw
    response asked, no cast override): the call the seam may answer without the SDK's pipeline."""
    headers = options.headers
    if headers and given(headers) and (RAW_RESPONSE_HEADER in headers or OVERRIDE_CAST_TO_HEADER in headers):
        return False
    return _is_plain_model(cast_to)


@cache
def _is_plain_model(cast_to: Any) -> bool:
    # Cached: a runtime Protocol check costs several microseconds.
    return (
        inspect.isclass(cast_to)
        and issubclass(cast_to, openai.BaseModel)
        and not issubclass(cast_to, ModelBuilderProtocol)
    )


def validated_model(cast_to: Any, data: object) -> Any | None:
    """``data`` validated into the plain model ``cast_to``; ``None`` when it does not validate or
    ``cast_to`` is not a plain model (a page, a union, a binary body...).

    The SDK *constructs* a reply's model unless the client was made with
    ``_strict_response_validation=True`` (``construct_type``: no checks, in Python; about 55 µs for a
    chat completion and 50 µs for each stream chunk, measured on the benchmark's machine), while
    pydantic's validation builds the same object from well-typed JSON in about 4 µs. So the seam
    validates first and hands only what does not validate to the SDK's own parse, which constructs
    it as sent (a default client) or raises ``APIResponseValidationError`` (a strict one): the same
    objects and errors as the SDK's parse, at the cost of validation. That the two give equal
    objects for the fake's replies is tested (tests/client/test_parse_parity.py), with two
    differences, both in what construction adds: it also keeps an aliased field's key as an extra
    (a moderation's ``"self-harm"`` beside ``self_harm``), and it leaves undeclared keys out of
    ``model_fields_set``. Validation does neither."""
    if data is None or not _is_plain_model(cast_to):
        return None
    try:
        return cast_to.model_validate(data)
    except pydantic.ValidationError:
        return None


def constructed_model(cast_to: Any, data: object) -> Any:
    """The SDK's own parse of ``data`` into the plain model ``cast_to`` on a default (not strict)
    client: constructed as sent, with no checks (``construct_type``). For a reply that does not
    validate: embeddings asked for as base64 (the SDK's default) carry a string where the model
    declares floats, which the SDK's post-parser then decodes."""
    return construct_type(type_=cast_to, value=data)


def strict_client(client: object) -> bool:
    """Whether ``client`` was made with ``_strict_response_validation=True``."""
    return bool(getattr(client, "_strict_response_validation", False))


@cache
def request_id_is_plain(cls: type) -> bool:
    """True when the SDK's ``add_request_id`` stores the id as a plain instance attribute
    (``_request_id``): on pydantic 2, setting an underscore name that is neither a private attribute
    nor a class variable goes through ``BaseModel.__setattr__`` (about a microsecond) to
    ``object.__setattr__``, which the caller may then do itself."""
    model = cast(Any, cls)
    return (
        not PYDANTIC_V1
        and model.__setattr__ is pydantic.BaseModel.__setattr__
        and "_request_id" not in model.__private_attributes__
        and "_request_id" not in model.__class_vars__
    )


def json_schema_format_of(tp: type, *, responses: bool) -> dict[str, Any]:
    """The structured-output format the SDK's ``parse`` and ``stream`` helpers send for the type
    ``tp`` (a pydantic model, or a dataclass-like type), built by the SDK itself so it follows each
    release: chat's ``response_format`` (``{"type": "json_schema", "json_schema": {"name",
    "schema", "strict"}}``), or with ``responses=True`` the Responses API's ``text.format``
    (``{"type": "json_schema", "name", "schema", "strict"}``). ``TypeError`` for a type the SDK
    does not turn into a JSON schema."""
    built = type_to_text_format_param(tp) if responses else type_to_response_format_param(tp)
    return dict(cast(Mapping[str, Any], built))


# --- what one call asks --------------------------------------------------------------------------


def given(value: Any) -> bool:
    """False for the SDK's markers of an argument left out (``NOT_GIVEN``, ``omit``)."""
    return not isinstance(value, (NotGiven, Omit))


def exchange_of(
    options: FinalRequestOptions,
    cast_to: Any,
    *,
    stream: bool,
    stream_cls: Any,
    attempt: int = 0,
    openai_endpoint: bool = True,
) -> Exchange:
    """The `Exchange` the SDK's request options of one call describe."""
    body: Any = options.json_data
    if options.extra_json:
        body = {**(body if isinstance(body, dict) else {}), **options.extra_json}
    headers = options.headers
    # NotGiven and Omit are falsy: test truth first, the type check only for real headers.
    header_map = {k: v for k, v in headers.items() if isinstance(v, str)} if headers and given(headers) else {}
    item_type = stream_item_type(stream_cls, cast_to) if stream else None
    url = options.url
    if "://" in url:
        url = httpx2.URL(url).path.removeprefix("/v1")
    files = options.files
    if files or header_map.get("Content-Type", "").startswith("multipart/form-data"):
        # A form sends no nulls: the SDK's form encoding leaves out every field whose value is None
        # (``prompt=None`` on a transcription), so the server never sees them.
        body = _without_nulls(body)
    # Positional, in Exchange's field order: keywords cost twice as much, on every call.
    return Exchange(
        options.method.upper(),  # method
        url,  # path
        options.params or {},  # query
        body,
        # (collections.abc's Mapping: typing's alias costs a few microseconds per isinstance)
        [] if not files else list(files.items()) if isinstance(files, AbcMapping) else list(files),  # files
        header_map,  # headers
        cast_to,
        stream,
        item_type,  # stream_item_type
        bool(options.synthesize_event_and_data),  # events_carry_name
        attempt,
        _NO_PATH_PARAMS,  # path_params
        openai_endpoint,
        options.post_parser if given(options.post_parser) else None,  # post_parser
    )


_NO_PATH_PARAMS: Mapping[str, str] = MappingProxyType({})


def _without_nulls(value: Any) -> Any:
    """``value`` as a multipart form carries it: ``None`` left out of objects and arrays, at any depth."""
    if isinstance(value, AbcMapping):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, (list, tuple)):
        return [_without_nulls(item) for item in value if item is not None]
    return value


def attempt_of(request: httpx2.Request) -> int:
    """Which attempt of its call ``request`` is (0 the first), as the SDK's retry loop numbers it."""
    try:
        return int(request.headers.get("x-stainless-retry-count", "0"))
    except ValueError:
        return 0


# --- which endpoint a client talks to ------------------------------------------------------------
# Off OpenAI's own API (Azure OpenAI, proxies, gateways, local servers speaking the protocol) model
# names are the deployment's business: `Exchange.openai_endpoint` tells validation to leave out its
# model rules. Decided by the host the requests go to, so both of a client's paths agree: the fast
# path reads the client's base URL, the send path the request's URL (an Azure client's host is its
# resource's, never OpenAI's).


def is_openai_host(host: str) -> bool:
    """``api.openai.com`` and the SDK's other hosts of it (``eu.api.openai.com``, ``mtls.api.openai.com``...)."""
    return host == "api.openai.com" or host.endswith(".api.openai.com")


# Where the SDK keeps a client's base URL: the ``base_url`` property costs ~0.9 µs on openai 3.6x
# (an import inside it), reading the slot behind it ~10 ns (``_base_url`` on older 3.x releases).
_BASE_URL_SLOT = next(
    (name for name in ("_configured_base_url", "_base_url") if name in getattr(BaseClient, "__annotations__", {})),
    None,
)
_NOT_SEEN: tuple[object, bool] = (object(), True)


def on_openai_endpoint(client: Any) -> bool:
    """Whether ``client`` sends to OpenAI's own API. Worked out once per base URL and kept on the
    client: setting ``client.base_url`` makes a new URL object, so the next call works it out again."""
    url = getattr(client, _BASE_URL_SLOT) if _BASE_URL_SLOT is not None else client.base_url
    seen: tuple[object, bool] = getattr(client, "_openai_fakes_endpoint", _NOT_SEEN)
    if seen[0] is url:
        return seen[1]
    answer = is_openai_host(url.host)
    client._openai_fakes_endpoint = (url, answer)
    return answer


# --- the SDK call above a send -------------------------------------------------------------------
# ``openai.AzureOpenAI(..., http_client=<a fake's HTTP client>)`` runs the SDK's own pipeline down to
# ``http_client.send(request)``. The request alone lacks what a handler needs (the type the SDK will
# parse the reply into, the stream's event type): those are the arguments of the SDK's ``request()``
# a few frames up, read from there. The SDK's own request options give the same `Exchange` as a
# fake's seam builds (the path as the SDK's resource wrote it, before Azure puts
# ``/deployments/{model}`` in front: stubs and call records name endpoints as for any client).

_SDK_REQUEST_CODES = frozenset({SyncAPIClient.request.__code__, AsyncAPIClient.request.__code__})
_FRAMES_TO_SEARCH = 8  # request() -> _send_request() -> http_client.send(): three frames today


def call_sending(frame: FrameType | None, request: httpx2.Request) -> tuple[Any, Exchange] | None:
    """The SDK client sending ``request`` and the `Exchange` of its call, when ``frame`` is (a few
    frames below) the SDK's ``request()``; ``None`` for anything else."""
    for _ in range(_FRAMES_TO_SEARCH):
        if frame is None:
            return None
        if frame.f_code in _SDK_REQUEST_CODES:
            found = frame.f_locals
            options = found.get("input_options")
            if not isinstance(options, FinalRequestOptions):
                return None
            exchange = exchange_of(
                options,
                found.get("cast_to"),
                stream=bool(found.get("stream")),
                stream_cls=found.get("stream_cls"),
                attempt=attempt_of(request),
                openai_endpoint=is_openai_host(request.url.host),
            )
            return found.get("self"), exchange
        frame = frame.f_back
    return None


# --- the resource tree -----------------------------------------------------------------------------


def client_of_resource(resource: Any) -> object:
    """The client a resource (``client.files``) was built for."""
    client: object = resource._client
    return client


def client_of_method(method: Any) -> object:
    """The client whose resource tree ``method`` (already checked by ``route_of_method``) hangs from."""
    return client_of_resource(method.__self__)
