"""Strict mode: scripted answers a passing test never used fail it at teardown (as pytest-httpx does
for unrequested responses), naming the endpoint and what was left; it never adds a second error to
a test that failed on its own. ``unscripted="error"`` comes through the marker and an ini option."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

_CHAT = 'messages=[{"role": "user", "content": "x"}]'


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly", *args)


def test_unused_answers_fail_each_fixture_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        import asyncio
        import openai

        def test_sync_sequence_half_used(fake_openai):
            fake_openai.stub(fake_openai.chat.completions.create).sequence(["first", "second answer left"])
            fake_openai.chat.completions.create(model="gpt-4o", {_CHAT})

        def test_async_fixed_answer_never_asked(fake_async_openai):
            fake_async_openai.stub(fake_async_openai.embeddings.create).embedding([0.5, 0.5])

        def test_patch_openai_too(patch_openai):
            patch_openai.stub(patch_openai.moderations.create).raises(openai.RateLimitError)

        def test_all_used_passes(fake_openai, fake_async_openai):
            fake_openai.stub(fake_openai.chat.completions.create).sequence(["one", "two"])
            fake_openai.chat.completions.create(model="gpt-4o", {_CHAT})
            fake_openai.chat.completions.create(model="gpt-4o", {_CHAT})
            fake_async_openai.stub(fake_async_openai.chat.completions.create).reply("hi")
            asyncio.run(fake_async_openai.chat.completions.create(model="gpt-4o", {_CHAT}))
        """
    )
    result = _run(pytester)
    result.assert_outcomes(passed=4, errors=3)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_sync_sequence_half_used*",
            "*chat.completions.create*",
            "*second answer left*",
            "*ERROR at teardown of test_async_fixed_answer_never_asked*",
            "*embeddings.create*",
            "*ERROR at teardown of test_patch_openai_too*",
            "*moderations.create*",
        ]
    )
    result.stdout.fnmatch_lines(["*assert_all_used=False*"])


def test_a_failing_test_gets_no_second_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        def test_fails_on_its_own(fake_openai):
            fake_openai.stub(fake_openai.chat.completions.create).reply("never asked")
            assert 1 == 2, "the test's own failure"

        def test_skipped_inside(fake_async_openai):
            fake_async_openai.stub(fake_async_openai.chat.completions.create).reply("never asked")
            pytest.skip("not today")

        def test_passes_with_the_same_leftover(fake_openai):
            fake_openai.stub(fake_openai.chat.completions.create).reply("never asked")
        """
    )
    # No short summary (-rN): under CI=true pytest prints its lines whole, repeating each message.
    result = _run(pytester, "-rN")
    result.assert_outcomes(failed=1, skipped=1, passed=1, errors=1)
    assert result.stdout.str().count("scripted answers were never used") == 1
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_passes_with_the_same_leftover*"])


def test_marker_turns_it_off(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.openai_fakes(assert_all_used=False, max_retries=0)

        def test_module_wide(fake_openai):
            fake_openai.stub(fake_openai.chat.completions.create).reply("never asked")
            assert fake_openai.max_retries == 0  # the other keys still reach the fake

        @pytest.mark.openai_fakes(assert_all_used=True)
        def test_closer_marker_turns_it_back_on(patch_openai):
            patch_openai.stub(patch_openai.chat.completions.create).reply("never asked")

        @pytest.mark.openai_fakes(assert_all_used="no")
        def test_not_a_bool(fake_openai):
            pass
        """
    )
    result = _run(pytester)
    result.assert_outcomes(passed=2, errors=2)
    result.stdout.fnmatch_lines(
        ["*ERROR at teardown of test_closer_marker_turns_it_back_on*", "*takes True or False, not 'no'*"]
    )


def test_ini_option_turns_it_off(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_left_unused(fake_openai, fake_async_openai):
            fake_openai.stub(fake_openai.chat.completions.create).reply("never asked")
            fake_async_openai.stub(fake_async_openai.chat.completions.create).reply("never asked")
        """
    )
    _run(pytester).assert_outcomes(passed=1, errors=1)  # strict by default
    pytester.makeini("[pytest]\nopenai_fakes_assert_all_used = false\n")
    _run(pytester).assert_outcomes(passed=1)


def test_session_patch_checks_the_test_s_own_fake(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nopenai_fakes_patch = true\n")
    pytester.makepyfile(
        """
        import openai

        client = openai.OpenAI()

        def test_left_unused(patch_openai):
            patch_openai.stub(patch_openai.chat.completions.create).sequence(["used", "left over"])
            client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "x"}])

        def test_next_test_starts_clean(patch_openai):
            pass
        """
    )
    result = _run(pytester)
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_left_unused*", "*left over*"])


def test_unscripted_error_by_marker_and_by_ini(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        import asyncio
        import pytest
        from openai_fakes import UnscriptedCall

        @pytest.mark.openai_fakes(unscripted="error", assert_all_used=False)  # expects the error
        def test_marker(fake_openai, fake_async_openai):
            with pytest.raises(UnscriptedCall, match="POST /chat/completions"):
                fake_openai.chat.completions.create(model="gpt-4o", {_CHAT})
            with pytest.raises(UnscriptedCall):
                asyncio.run(fake_async_openai.chat.completions.create(model="gpt-4o", {_CHAT}))

        def test_default_is_the_realistic_answer(fake_openai):
            fake_openai.chat.completions.create(model="gpt-4o", {_CHAT})
        """
    )
    _run(pytester).assert_outcomes(passed=2)

    pytester.makeini("[pytest]\nopenai_fakes_unscripted = error\n")
    pytester.makepyfile(
        f"""
        import openai
        import pytest
        from openai_fakes import UnscriptedCall

        @pytest.mark.openai_fakes(assert_all_used=False)  # expects the error
        def test_ini(patch_openai):
            with pytest.raises(UnscriptedCall):
                openai.OpenAI().chat.completions.create(model="gpt-4o", {_CHAT})

        @pytest.mark.openai_fakes(unscripted="default")
        def test_marker_overrides_the_ini(fake_openai):
            fake_openai.chat.completions.create(model="gpt-4o", {_CHAT})
        """
    )
    _run(pytester).assert_outcomes(passed=2)


def test_an_error_the_code_under_test_swallowed_still_fails_the_test(pytester: pytest.Pytester) -> None:
    # Code under test with a fallback (``except Exception``) hides the fake's wrong-test errors
    # from the test: the teardown check lists them, sync and async, for every kind of them.
    pytester.makepyfile(
        f"""
        import asyncio
        import pytest
        from openai_fakes import tool_call

        WEATHER = {{"type": "function", "function": {{"name": "get_weather", "parameters": {{"type": "object"}}}}}}

        def answer(client, **extra):
            try:
                return client.chat.completions.create(model="gpt-4o", {_CHAT}, **extra).choices[0].message.content
            except Exception:
                return "fallback"

        async def answer_async(client):
            try:
                reply = await client.chat.completions.create(model="gpt-4o", {_CHAT})
                return reply.choices[0].message.content
            except Exception:
                return "fallback"

        def test_mismatch(fake_openai):
            fake_openai.stub(fake_openai.chat.completions.create).sequence([tool_call("get_wether")])
            assert answer(fake_openai, tools=[WEATHER]) == "fallback"

        @pytest.mark.openai_fakes(unscripted="error")
        def test_unscripted_async(fake_async_openai):
            assert asyncio.run(answer_async(fake_async_openai)) == "fallback"

        def test_sequence_run_out(fake_openai):
            fake_openai.stub(fake_openai.chat.completions.create).sequence(["only one"])
            assert answer(fake_openai) == "only one"
            assert answer(fake_openai) == "fallback"

        def test_a_caught_error_of_the_api_is_fine(fake_openai):
            import openai
            fake_openai.stub(fake_openai.chat.completions.create).raises(openai.RateLimitError)
            assert answer(fake_openai) == "fallback"  # a scripted API error is what the test asked for
        """
    )
    result = _run(pytester)
    result.assert_outcomes(passed=4, errors=3)
    result.stdout.fnmatch_lines(
        [
            "*POST /chat/completions (attempt 0): ScriptMismatch: *get_wether*",
            "*POST /chat/completions (attempt 0): UnscriptedCall: *",
            "*POST /chat/completions (attempt 0): SequenceExhausted: *",
        ]
    )
