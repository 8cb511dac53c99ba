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


@functools.lru_cache(maxsize=1)
def render() -> str:
    server = FakeOpenAI()._fake_server
    summaries = server.router.summaries
    rows: list[str] = []
    specific = 0
    stateful = 0
    paths = [entry.path for entry in walk(FakeOpenAI())]
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            routes = _routes_of(path, Path(tmp))
            if not routes:
                rows.append(f"| `{path}` | — | local: the SDK's own helper, no request | — |")
                continue
            http = "<br>".join(f"`{method} {template}`" for method, template in routes)
            notes = [summaries[r] for r in routes if r in summaries]
            specific += bool(notes)
            roles = [state_role(server, method, template) for method, template in routes]
            state = "<br>".join(role or "—" for role in roles)
            stateful += any(role and role != "ids checked" for role in roles)
            rows.append(f"| `{path}` | {http} | {'; '.join(dict.fromkeys(notes)) or _GENERIC} | {state} |")
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
        "| method | HTTP on the fake | what the fake does | state |",
        "|---|---|---|---|",
    ]
    return "\n".join(header + rows) + "\n"


if __name__ == "__main__":
    PAGE.write_text(render(), encoding="utf-8")
    print(f"wrote {PAGE}")
