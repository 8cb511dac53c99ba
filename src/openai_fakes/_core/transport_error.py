"""The one error the fake raises on its own account: something tried to reach the network.

It sits below both places that raise it, the seam (an HTTP request that bypassed the fake) and
the fake websocket (a ``connect()`` the fake does not simulate), so neither imports the other for
it. Public as ``openai_fakes.FakeTransportError``.
"""

from __future__ import annotations

import openai


class FakeTransportError(openai.OpenAIError):
    """Raised if anything below the fake's seam tries to reach the network (HTTP or websocket)."""
