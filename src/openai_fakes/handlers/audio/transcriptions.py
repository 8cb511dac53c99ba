"""``client.audio.transcriptions``: ``POST /audio/transcriptions`` (the adapter is `_transcribe`'s)."""

from __future__ import annotations

from .._base.router import Router
from ._transcribe import COMMON_SUMMARY, TranscriptionAdapter


def register(router: Router) -> None:
    transcriptions = TranscriptionAdapter(
        "transcribe",
        f"request-shaped: {COMMON_SUMMARY}, diarized_json), duration or token usage; streams delta/done events",
    )
    router.add("POST", "/audio/transcriptions", transcriptions, summary=transcriptions.summary)
