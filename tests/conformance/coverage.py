"""Generates docs/coverage.md from the conformance walk: every SDK method, the HTTP routes it
used on the fake, and what the fake does for it.

Regenerate with ``python -m tests.conformance.coverage``; ``test_coverage_doc`` fails when the
checked-in page is stale.
"""

from __future__ import annotations

import functools
import tempfile
import warnings
from pathlib import Path

import openai

from openai_fakes import FakeOpenAI
from openai_fakes.handlers._base.stateful import state_role
from tests.conformance._args import arguments_for
from tests.conformance._walk import invoke, resolve, walk
from tests.wire._contract import operations, sdk_methods_by_operation
from tests.wire.spec_exceptions import NOT_YET_MATCHING, SPEC_DEFECTS

PAGE = Path(__file__).resolve().parents[2] / "docs" / "coverage.md"
_GENERIC = "generic: the declared type, realistic; path ids and same-named request fields echoed"


def _routes_of(path: str, workdir: Path) -> list[tuple[str, str]]:
    fake = FakeOpenAI(seed=0, unknown_ids="materialize")
    entry = resolve(fake, path)
    server = fake._fake_server
    server.recent_routes.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for call in arguments_for(entry, workdir):
            invoke(entry, "plain", call.args, call.kwargs)
    seen: list[tuple[str, str]] = []
    for route in server.recent_routes:
        if route not in seen:
            seen.append(route)
    return seen


def _spec_column() -> tuple[dict[str, str], int, int]:
    """SDK method path -> whether its reply matches the API's OpenAPI spec (tests/wire checks each
    claim: an operation not listed in NOT_YET_MATCHING validates), and the counts."""
    exposed = sdk_methods_by_operation(FakeOpenAI())
    column: dict[str, str] = {}
    for operation_id, entries in exposed.items():
        reasons = NOT_YET_MATCHING.get(operation_id)
        for entry in entries:
            column[entry.path] = "matches" if reasons is None else "differs: " + "; ".join(reasons)
    matching = sum(1 for operation_id in exposed if operation_id not in NOT_YET_MATCHING)
    return column, matching, len(exposed)


def _spec_section(matching: int, exposed: int) -> list[str]:
    lines = [
        "",
        "## The published spec",
        "",
        f"{matching} of the {exposed} operations of OpenAI's OpenAPI spec that the SDK exposes "
        f"(of {len(operations())} in the spec) match it: called through the SDK with `with_raw_response`, "
        "plainly and streamed where the spec streams, their status code, content type, JSON body and each "
        "SSE event validate against the operation's response schema (tests/wire; the *spec* column above). "
        "Where the spec and the API part ways, the fake answers as the API does:",
        "",
    ]
    for defect in SPEC_DEFECTS:
        shown = f" (the spec's own `{defect.example}` example shows it)" if defect.example else ""
        lines.append(f"- {defect.reason}{shown}.")
    return lines


@functools.lru_cache(maxsize=1)
def render() -> str:
    server = FakeOpenAI()._fake_server
    summaries = server.router.summaries
    rows: list[str] = []
    specific = 0
    stateful = 0
    paths = [entry.path for entry in walk(FakeOpenAI())]
    spec, matching, exposed = _spec_column()
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            routes = _routes_of(path, Path(tmp))
            if not routes:
                rows.append(f"| `{path}` | — | local: the SDK's own helper, no request | — | — |")
                continue
            http = "<br>".join(f"`{method} {template}`" for method, template in routes)
            notes = [summaries[r] for r in routes if r in summaries]
            specific += bool(notes)
            roles = [state_role(server, method, template) for method, template in routes]
            state = "<br>".join(role or "—" for role in roles)
            stateful += any(role and role != "ids checked" for role in roles)
            notes_text = "; ".join(dict.fromkeys(notes)) or _GENERIC
            rows.append(f"| `{path}` | {http} | {notes_text} | {state} | {spec.get(path, '—')} |")
    header = [
        "# Coverage: every SDK method and what the fake does for it",
        "",
        f"Generated from the conformance walk over `openai` {openai.__version__} by "
        "`python -m tests.conformance.coverage`; a test fails when this page is stale.",
        "",
        f"{len(paths)} methods (the async client has the same tree); every one is called by the test suite — sync "
        "and async, plain, `with_raw_response` and `with_streaming_response` — and its result checked recursively "
        f"against its declared type. {specific} have request-shaped handlers; the rest get the generic answer.",
        "",
        f"{stateful} are stateful (docs/state.md): the *state* column gives each route's part in the generic "
        'store — create, retrieve, list, update, delete, or an action on a stored object; "ids checked" means '
        "the path names stored objects that must exist (404 otherwise).",
        "",
        "The *spec* column says whether the method's reply matches OpenAI's published OpenAPI spec (see "
        "The published spec, below); — for helpers and for routes the spec does not list.",
        "",
        "| method | HTTP on the fake | what the fake does | state | spec |",
        "|---|---|---|---|---|",
    ]
    return "\n".join(header + rows + _spec_section(matching, exposed)) + "\n"


if __name__ == "__main__":
    PAGE.write_text(render(), encoding="utf-8")
    print(f"wrote {PAGE}")
