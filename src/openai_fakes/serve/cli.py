"""``python -m openai_fakes serve``: the served fake on uvicorn, on loopback unless told otherwise."""

from __future__ import annotations

import sys

from .._server.server import ValidationLevel
from .._state.backend import UnknownIds
from .app import DEFAULT_MAX_BODY_BYTES, create_app


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    seed: int | None = None,
    validation: ValidationLevel | None = None,
    unknown_ids: UnknownIds | None = None,
    api_key: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> None:
    """Serve the fake until SIGINT or SIGTERM (uvicorn's own handlers: requests in flight finish,
    then the server stops). Says where it listens on standard output once it does."""
    import uvicorn

    app = create_app(
        seed=seed, validation=validation, unknown_ids=unknown_ids, api_key=api_key, max_body_bytes=max_body_bytes
    )
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)

    async def announce() -> None:
        # Printed once the socket is bound (port 0 picks a free one), so a script can wait for it.
        for bound in server.servers:
            for sock in bound.sockets:
                name = sock.getsockname()
                print(f"openai_fakes: serving the OpenAI API at http://{_host(name[0])}:{name[1]}/v1", flush=True)

    original_startup = server.startup

    async def startup(sockets: object = None) -> None:
        await original_startup(sockets=sockets)  # type: ignore[arg-type]
        if server.started:
            await announce()

    server.startup = startup  # type: ignore[method-assign]
    server.run()
    sys.stdout.flush()


def _host(address: str) -> str:
    return f"[{address}]" if ":" in address else address
