"""Custom voices: ``audio.voices.create`` makes a voice from an audio sample (and a consent), so
the stored voice is ``type: "audio_sample"`` and has no ``prompt`` (the SDK's ``Voice``: a prompt is
present only for prompt-generated voices). The rest is the generic stored answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._core.exchange import Exchange
from ..._state.collection import JsonObject
from .._base.router import Router
from .._base.stateful import on_store

if TYPE_CHECKING:
    from ..._control.context import Context

VOICES = "/audio/voices"


def _voice_from_sample(server: Context, exchange: Exchange, voice: JsonObject) -> None:
    voice["type"] = "audio_sample"
    voice.pop("prompt", None)


def register(router: Router) -> None:
    on_store("create", VOICES, _voice_from_sample)
