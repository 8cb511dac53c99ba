"""The pytest plugin, exercised the way users meet it: through pytester runs of their own tests."""

from __future__ import annotations

import openai
import pytest

pytest_plugins = ["pytester"]


def test_fixtures_give_a_fresh_fake_per_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import openai
        from openai_fakes import FakeOpenAI, FakeAsyncOpenAI

        seen = []

        def test_one(fake_openai, fake_async_openai):
            assert isinstance(fake_openai, FakeOpenAI) and isinstance(fake_openai, openai.OpenAI)
            assert isinstance(fake_async_openai, FakeAsyncOpenAI)
            fake_openai.models.list()
            seen.append(fake_openai)

        def test_two(fake_openai):
            assert fake_openai.calls.call_count == 0
            assert fake_openai is not seen[0]
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_marker_sets_seed_and_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.openai_fakes(seed=42, max_retries=0)
        def test_seeded(fake_openai):
            assert fake_openai.backend.seed == 42 and fake_openai.max_retries == 0

        @pytest.mark.openai_fakes(7)
        def test_positional_is_refused(fake_openai):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*takes keyword arguments only*"])


def test_markers_reach_fakes_asked_for_through_other_fixtures_and_at_run_time(pytester: pytest.Pytester) -> None:
    # The fixtures find their test by the plugin's own record of the running test (not pytest's
    # ``request``): a fake asked for by another fixture, or by getfixturevalue() inside the test,
    # is still built from that test's markers, and the next test gets its own.
    pytester.makepyfile(
        """
        import pytest

        @pytest.fixture
        def agent(fake_async_openai):
            return fake_async_openai

        @pytest.mark.openai_fakes(seed=11)
        def test_through_a_fixture(agent):
            assert agent.backend.seed == 11

        @pytest.mark.openai_fakes(seed=12, max_retries=1)
        def test_at_run_time(request):
            fake = request.getfixturevalue("fake_openai")
            assert fake.backend.seed == 12 and fake.max_retries == 1

        def test_unmarked(fake_openai):
            assert fake_openai.backend.seed not in (11, 12) and fake_openai.max_retries == 2
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=3)


def test_a_fixture_outside_a_running_test_is_refused_by_name() -> None:
    import contextvars

    from openai_fakes import FakeOpenAI
    from openai_fakes.pytest_plugin import _fresh

    with pytest.raises(RuntimeError, match="outside a running test"):
        contextvars.Context().run(lambda: next(_fresh(FakeOpenAI)))


def test_a_misspelt_marker_option_is_refused_by_name_with_the_likely_one(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.openai_fakes(sed=3)
        def test_typo(fake_openai):
            pass

        @pytest.mark.openai_fakes(timeout=5, seed=3, _strict_response_validation=True)
        def test_the_sdk_clients_own_options_pass_through(fake_openai):
            assert fake_openai.timeout == 5 and fake_openai.backend.seed == 3
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*openai_fakes(sed=...): not an option of the fake; did you mean seed=?*"])


def test_patch_openai_answers_clients_the_code_builds_itself(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import asyncio
        import openai

        MODULE_CLIENT = openai.OpenAI(api_key="sk-module-level")

        def summarise(text):
            client = openai.OpenAI()
            reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
            return reply.choices[0].message.content

        def test_new_and_module_level_clients(patch_openai):
            patch_openai.stub(patch_openai.chat.completions.create).reply("short")
            assert summarise("long text") == "short"
            assert MODULE_CLIENT.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}]).choices[0].message.content == "short"
            uploaded = MODULE_CLIENT.files.create(file=("a.txt", b"x"), purpose="assistants")
            assert openai.OpenAI().files.retrieve(uploaded.id).id == uploaded.id
            assert patch_openai.calls.call_count == 4

        def test_async_clients_too(patch_openai):
            async def main():
                reply = await openai.AsyncOpenAI().chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])
                return reply.choices[0].message.role
            assert asyncio.run(main()) == "assistant"
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_patch_openai_is_undone_after_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import openai
        ORIGINAL = (openai.OpenAI.request, openai.OpenAI._send_request, openai.AsyncOpenAI.request)

        def test_patched(patch_openai):
            assert openai.OpenAI.request is not ORIGINAL[0]

        def test_restored():
            assert (openai.OpenAI.request, openai.OpenAI._send_request, openai.AsyncOpenAI.request) == ORIGINAL
            assert "_sleep_for_retry" not in vars(openai.OpenAI)
        """
    )
    pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly").assert_outcomes(passed=2)


def test_fakes_are_not_rerouted_by_patch_openai(patch_openai: object) -> None:
    from openai_fakes import FakeOpenAI

    own = FakeOpenAI(max_retries=1)
    own.stub(own.chat.completions.create).sequence([openai.RateLimitError, "ok"])
    reply = own.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])
    assert reply.choices[0].message.content == "ok"
    assert [c.status for c in own.calls] == [429, 200]


def test_markers_merge_closest_wins_per_key(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.openai_fakes(max_retries=0, seed=1)

        @pytest.mark.openai_fakes(seed=2)
        def test_function_marker_adds_to_the_module_s(fake_openai):
            assert fake_openai.max_retries == 0 and fake_openai.backend.seed == 2

        @pytest.mark.openai_fakes(timeout=3.0)
        class TestClassLevel:
            @pytest.mark.openai_fakes(max_retries=4)
            def test_three_levels(self, fake_async_openai):
                assert (fake_async_openai.backend.seed, fake_async_openai.timeout, fake_async_openai.max_retries) == (1, 3.0, 4)

        def test_module_marker_alone(patch_openai):
            assert patch_openai.max_retries == 0 and patch_openai.backend.seed == 1
        """
    )
    pytester.runpytest("-p", "no:cacheprovider", "--strict-markers").assert_outcomes(passed=3)


def test_positional_marker_arguments_are_refused_at_any_level(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.openai_fakes(3)

        @pytest.mark.openai_fakes(seed=2)
        def test_module_marker_is_positional(fake_openai):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*takes keyword arguments only*"])


def test_patch_openai_simulates_the_realtime_and_responses_websockets(pytester: pytest.Pytester) -> None:
    # Clients the code builds itself connect in memory as an injected fake does; the events are
    # the patched fake's (a scripted reply comes back over the socket, the call is recorded).
    pytester.makepyfile(
        """
        import asyncio
        import openai
        import pytest

        def test_realtime(patch_openai):
            with openai.OpenAI().realtime.connect(model="gpt-realtime") as conn:
                assert conn.recv().type == "session.created"
                conn.session.update(session={"type": "realtime", "instructions": "be brief"})
                assert conn.recv().type == "session.updated"

        def test_responses_socket(patch_openai):
            patch_openai.stub(patch_openai.responses.create).reply("over the socket")
            with openai.OpenAI().responses.connect() as conn:
                conn.send({"type": "response.create", "model": "gpt-4o-mini", "input": "Hi"})
                for event in conn:
                    if event.type == "response.completed":
                        break
            assert event.response.output_text == "over the socket"
            assert [c.endpoint for c in patch_openai.calls] == ["POST /responses"]

        def test_async_realtime(patch_openai):
            async def main():
                async with openai.AsyncOpenAI().realtime.connect(model="gpt-realtime") as conn:
                    return (await conn.recv()).type
            assert asyncio.run(main()) == "session.created"

        def test_other_websockets_are_still_refused(patch_openai):
            from openai_fakes import FakeTransportError
            with pytest.raises(FakeTransportError, match="never connects to the network"):
                with openai.OpenAI().beta.realtime.connect(model="gpt-realtime") as conn:
                    conn.recv()
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=4)


def test_patch_openai_answers_azure_clients_call_after_call(pytester: pytest.Pytester) -> None:
    # The deployment name travels in the URL path and the model argument is not the API's: every
    # call is answered (a second call once got a 404 for the model "<ignored>"), sync and async.
    pytester.makepyfile(
        """
        import asyncio
        import openai

        def test_sync(patch_openai):
            azure = openai.AzureOpenAI(api_version="2024-10-21", azure_endpoint="https://contoso.openai.azure.com", azure_deployment="my-gpt")
            for text in ("hi", "again", "and again"):
                assert azure.chat.completions.create(model="ignored", messages=[{"role": "user", "content": text}]).choices
            assert patch_openai.calls.call_count == 3

        def test_async(patch_openai):
            async def main():
                azure = openai.AsyncAzureOpenAI(api_version="2024-10-21", azure_endpoint="https://contoso.openai.azure.com")
                for text in ("hi", "again"):
                    reply = await azure.chat.completions.create(model="my-deployment", messages=[{"role": "user", "content": text}])
                    assert reply.model == "my-deployment"
            asyncio.run(main())
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)
