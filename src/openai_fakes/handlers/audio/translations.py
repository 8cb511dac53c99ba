"""``client.audio.translations``: ``POST /audio/translations``, English text (the adapter is `_transcribe`'s)."""

from __future__ import annotations

from .._base.router import Router
from ._transcribe import COMMON_SUMMARY, TranscriptionAdapter


def register(router: Router) -> None:
    translations = TranscriptionAdapter("translate", f"request-shaped: English text; {COMMON_SUMMARY})")
    router.add("POST", "/audio/translations", translations, summary=translations.summary)
