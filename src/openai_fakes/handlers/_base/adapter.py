"""An endpoint's answer in two steps: the final object, then the reply that carries it.

Splitting them lets a scripted answer (``fake.stub(...).reply("Hi")``) replace or edit the final
object while the endpoint still shapes the reply: a streamed call gets the scripted object as
the endpoint's own stream. Shorthands (text, tool calls, refusal, structured output, embedding)
are edits of the final object that only some endpoints understand.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..._core.exchange import Exchange, JsonReply, Reply, SseReply

if TYPE_CHECKING:
    from ..._control.context import Context


class ScriptError(TypeError):
    """A scripted answer that this endpoint cannot give (e.g. assistant text for ``files.list``)."""


class Adapter:
    summary = ""
    """What this endpoint does beyond the generic answer, for ``docs/coverage.md``."""

    answers_itself = False
    """True when calling the adapter is its whole answer (a handler function routed by hand): an
    unscripted call runs ``__call__`` instead of ``build`` then ``respond``, and the final object
    its call records is the JSON it replied with. Scripted calls still build the generic shape."""

    keeps_state = False
    """True for a create endpoint whose handler stores what it makes where the generic state reads
    it (through ``handlers._base.stateful.stateful_answer``), so retrieve, list, update and delete of that family stay
    generic. False: a family whose create a specific handler answers is that handler's to store."""

    def build(self, server: Context, exchange: Exchange) -> Any:
        raise NotImplementedError

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        return JsonReply(final)

    def __call__(self, server: Context, exchange: Exchange) -> Reply:
        return self.respond(server, exchange, self.build(server, exchange))

    # Shorthands: each returns the edited final object.

    def with_text(self, server: Context, exchange: Exchange, final: Any, text: str) -> Any:
        raise self._unsupported("assistant text")

    def with_tool_calls(self, server: Context, exchange: Exchange, final: Any, calls: Sequence[tuple[str, str]]) -> Any:
        raise self._unsupported("tool calls")

    def with_refusal(self, server: Context, exchange: Exchange, final: Any, text: str) -> Any:
        raise self._unsupported("a refusal")

    def with_embedding(self, server: Context, exchange: Exchange, final: Any, vector: Sequence[float]) -> Any:
        raise self._unsupported("an embedding vector")

    def shorthands(self) -> frozenset[str]:
        """What this endpoint can answer with besides a whole object or overrides: the shorthands
        its class implements, named as ``_unsupported`` names them (scripts are checked against it)."""
        own = type(self)
        found = {
            what
            for name, what in (
                ("with_text", "assistant text"),
                ("with_tool_calls", "tool calls"),
                ("with_refusal", "a refusal"),
                ("with_embedding", "an embedding vector"),
            )
            if getattr(own, name) is not getattr(Adapter, name)
        }
        return frozenset(found)

    def _unsupported(self, what: str) -> ScriptError:
        return ScriptError(
            f"this endpoint cannot answer with {what}; script it with .returns(model or dict of overrides) instead"
        )


class ChunkStreamAdapter(Adapter):
    """Streams as ``data:`` chunks cut from the final object (chat and legacy completions), with
    a closing usage chunk when ``stream_options.include_usage`` asks for it."""

    def chunks(self, final: Any, include_usage: bool) -> list[dict[str, Any]]:
        raise NotImplementedError

    def respond(self, server: Context, exchange: Exchange, final: Any) -> Reply:
        if not exchange.stream:
            return JsonReply(final)
        body = exchange.body if isinstance(exchange.body, dict) else {}
        options = body.get("stream_options") or {}
        return SseReply([(None, chunk) for chunk in self.chunks(final, bool(options.get("include_usage")))])
