"""A skill's content is a zip archive (``application/zip``, as the API's spec declares) holding the
skill's ``SKILL.md``; a version's content likewise."""

from __future__ import annotations

import asyncio
import io
import zipfile

import openai
import pytest

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI


def _files(archive: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {name: opened.read(name).decode() for name in opened.namelist()}


def test_a_skills_content_is_a_zip_with_its_skill_md() -> None:
    fake = FakeOpenAI(seed=1, unknown_ids="materialize")
    raw = fake.skills.content.with_raw_response.retrieve("skill_abc123")
    assert raw.headers["content-type"] == "application/zip"
    files = _files(raw.parse().content)
    assert list(files) == ["SKILL.md"]
    assert files["SKILL.md"].startswith("---\nname: ")
    again = FakeOpenAI(seed=1, unknown_ids="materialize").skills.content.retrieve("skill_abc123").content
    assert again == raw.parse().content  # deterministic under a seed


def test_a_versions_content_is_a_zip_too() -> None:
    async def run() -> bytes:
        fake = FakeAsyncOpenAI(seed=1, unknown_ids="materialize")
        content = await fake.skills.versions.content.retrieve("1", skill_id="skill_abc123")
        return content.content

    assert "SKILL.md" in _files(asyncio.run(run()))


def test_an_unknown_skills_content_is_404_when_ids_are_checked() -> None:
    with pytest.raises(openai.NotFoundError):
        FakeOpenAI(seed=1).skills.content.retrieve("skill_missing")
