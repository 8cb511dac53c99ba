"""The session-wide patch (ini ``openai_fakes_patch`` / ``--openai-fakes-patch``): clients that a test
module builds when it is imported construct with no key, and each test is answered by its own fake."""

from __future__ import annotations

import openai
import pytest

pytest_plugins = ["pytester"]

# A module as application code writes it: clients built at import, before any fixture runs.
_MODULE_LEVEL_CLIENTS = """
    import asyncio
    import openai
    import pytest

    client = openai.OpenAI()
    async_client = openai.AsyncOpenAI()
    azure = openai.AzureOpenAI()
    async_azure = openai.AsyncAzureOpenAI()
    MODELS_AT_IMPORT = client.models.list().data  # a call made at import is answered too

    def ask(text, via=client):
        reply = via.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        return reply.choices[0].message.content

    def test_module_level_clients_are_answered(patch_openai):
        assert MODELS_AT_IMPORT
        patch_openai.stub(patch_openai.chat.completions.create).reply("short")
        assert ask("a long text") == "short"
        assert ask("again", via=azure) == "short"

        async def both():
            a = await async_client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])
            b = await async_azure.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])
            return a.choices[0].message.content, b.choices[0].message.content

        assert asyncio.run(both()) == ("short", "short")
        assert patch_openai.calls.call_count == 4
"""


def test_ini_option_patches_before_collection(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nopenai_fakes_patch = true\n")
    pytester.makepyfile(_MODULE_LEVEL_CLIENTS)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_command_line_flag_patches_before_collection(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(_MODULE_LEVEL_CLIENTS)
    unpatched = pytester.runpytest("-p", "no:cacheprovider")
    unpatched.assert_outcomes(errors=1)  # as the SDK has it: no key, no client
    unpatched.stdout.fnmatch_lines(["*Missing credentials*"])
    pytester.runpytest("-p", "no:cacheprovider", "--openai-fakes-patch").assert_outcomes(passed=1)


def test_every_test_gets_its_own_fake(pytester: pytest.Pytester) -> None:
    """Scripts, call records and server state do not leak from one test into the next."""
    pytester.makeini("[pytest]\nopenai_fakes_patch = true\n")
    pytester.makepyfile(
        """
        import openai
        import pytest

        client = openai.OpenAI()
        made = {}

        def ask():
            reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])
            return reply.choices[0].message.content

        def test_one(patch_openai):
            patch_openai.stub(patch_openai.chat.completions.create).reply("scripted in test one")
            assert ask() == "scripted in test one"
            made["file"] = client.files.create(file=("a.txt", b"x"), purpose="assistants").id
            made["fake"] = patch_openai

        def test_two(patch_openai):
            assert patch_openai is not made["fake"]
            assert patch_openai.calls.call_count == 0
            assert ask() != "scripted in test one"
            with pytest.raises(openai.NotFoundError):
                client.files.retrieve(made["file"])

        def test_three_without_the_fixture():
            # Still answered (by a fresh fake), never by test one's script.
            assert ask() != "scripted in test one"

        @pytest.mark.openai_fakes(seed=5)
        def test_marker_options_reach_the_per_test_fake(patch_openai):
            assert patch_openai.backend.seed == 5
        """
    )
    pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly").assert_outcomes(passed=4)


def test_patch_is_undone_at_unconfigure(pytester: pytest.Pytester) -> None:
    sdk_methods = {
        name: vars(cls).get(name)
        for cls in (openai.OpenAI, openai.AsyncOpenAI)
        for name in ("__init__", "request", "_send_request")
    }
    pytester.makeini("[pytest]\nopenai_fakes_patch = true\n")
    pytester.makepyfile(
        """
        import openai

        def test_patched():
            assert "request" in vars(openai.OpenAI)
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert {
        name: vars(cls).get(name)
        for cls in (openai.OpenAI, openai.AsyncOpenAI)
        for name in ("__init__", "request", "_send_request")
    } == sdk_methods
    with pytest.raises(openai.OpenAIError, match="Missing credentials"):
        openai.OpenAI()


def test_explicit_arguments_win_over_placeholders(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nopenai_fakes_patch = true\n")
    pytester.makepyfile(
        """
        import openai

        def test_given_values_are_kept():
            assert openai.OpenAI(api_key="sk-given").api_key == "sk-given"
            azure = openai.AzureOpenAI(api_key="given", api_version="2024-10-21", azure_endpoint="https://mine.openai.azure.com")
            assert azure.api_key == "given" and azure.default_query["api-version"] == "2024-10-21"
            assert str(azure.base_url).startswith("https://mine.openai.azure.com/")

        def test_the_environment_s_key_is_never_read(monkeypatch):
            monkeypatch.setenv("OPENAI_API_KEY", "sk-real-key-from-the-environment")
            assert openai.OpenAI().api_key != "sk-real-key-from-the-environment"
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)
