"""``python -m openai_fakes serve``: the served fake on uvicorn, on loopback unless told otherwise."""

from __future__ import annotations

import logging
import signal
import sys
import threading

from .._server.server import ValidationLevel
from .._state.backend import UnknownIds
from .app import DEFAULT_MAX_BODY_BYTES, DROPPED_MESSAGE, create_app


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
    logging.getLogger("uvicorn.error").addFilter(_quiet_dropped)

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
    # uvicorn takes SIGINT/SIGTERM while it serves, shuts down gracefully, then raises the signal
    # again for the handler it found: with these, that ends the command normally (status 0)
    # instead of with a KeyboardInterrupt traceback or a kill by SIGTERM.
    stopped: list[int] = []
    in_main_thread = threading.current_thread() is threading.main_thread()  # (only it may set handlers)
    previous = {
        sig: signal.signal(sig, lambda number, frame: stopped.append(number))
        for sig in (_STOP_SIGNALS if in_main_thread else ())
    }
    try:
        server.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("openai_fakes: stopped", flush=True)
    sys.stdout.flush()


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _quiet_dropped(record: logging.LogRecord) -> bool:
    """A scripted connection failure ends its response unfinished on purpose: not an error to log."""
    return record.getMessage() != DROPPED_MESSAGE


def _host(address: str) -> str:
    return f"[{address}]" if ":" in address else address
