"""One agent loop, the same on every surface the unscripted model answers: Chat Completions,
Responses and Assistants runs, sync and async, plain and streamed.

A loop sends the user's message with the tools, runs each tool call the model makes with
``tool_output`` and sends the result back, until the model answers with text (or calls a tool
whose name starts with ``final``, as agent frameworks end). It returns every step's calls
(name and parsed arguments) and the final text.
"""

from __future__ import annotations

import asyncio
import json
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openai_fakes import FakeAsyncOpenAI, FakeOpenAI

Tool = tuple[str, dict[str, Any]]
Output = Callable[[str, dict[str, Any]], str]
Call = tuple[str, dict[str, Any]]

MAX_STEPS = 6


@dataclass
class Outcome:
    steps: list[list[Call]] = field(default_factory=list)
    text: str | None = None

    @property
    def calls(self) -> list[Call]:
        return [call for step in self.steps for call in step]


def _done(step: list[Call]) -> bool:
    return any(name.startswith("final") for name, _ in step)


def chat_tools(tools: list[Tool]) -> list[Any]:
    return [{"type": "function", "function": {"name": n, "parameters": p}} for n, p in tools]


def response_tools(tools: list[Tool]) -> list[Any]:
    return [{"type": "function", "name": n, "parameters": p, "strict": False} for n, p in tools]


def chat_loop(
    seed: int, prompt: str, tools: list[Tool], output: Output, *, stream: bool, use_async: bool, **extra: Any
) -> Outcome:
    messages: list[Any] = [{"role": "user", "content": prompt}]
    outcome = Outcome()
    fake = fresh_fake(seed, use_async)

    def turn() -> Any:
        kwargs: Any = {"model": "gpt-4o", "messages": messages, "tools": chat_tools(tools), **extra}
        return chat_completion(fake, kwargs, stream=stream)

    for _ in range(MAX_STEPS):
        message = turn().choices[0].message
        calls = list(message.tool_calls or [])
        if not calls:
            outcome.text = message.content
            return outcome
        step = [(c.function.name, json.loads(c.function.arguments)) for c in calls]
        outcome.steps.append(step)
        if _done(step):
            return outcome
        messages.append(
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": c.id,
                        "type": "function",
                        "function": {"name": c.function.name, "arguments": c.function.arguments},
                    }
                    for c in calls
                ],
            }
        )
        for call, (name, arguments) in zip(calls, step, strict=True):
            messages.append({"role": "tool", "tool_call_id": call.id, "content": output(name, arguments)})
    return outcome


def responses_loop(
    seed: int, prompt: str, tools: list[Tool], output: Output, *, stream: bool, use_async: bool, **extra: Any
) -> Outcome:
    outcome = Outcome()
    fake = fresh_fake(seed, use_async)
    request: dict[str, Any] = {"input": prompt}

    def turn() -> Any:
        kwargs: Any = {"model": "gpt-4o", "tools": response_tools(tools), **request, **extra}
        return response_of(fake, kwargs, stream=stream)

    for _ in range(MAX_STEPS):
        response = turn()
        calls = [item for item in response.output if item.type == "function_call"]
        if not calls:
            outcome.text = response.output_text
            return outcome
        step = [(c.name, json.loads(c.arguments)) for c in calls]
        outcome.steps.append(step)
        if _done(step):
            return outcome
        request = {
            "previous_response_id": response.id,
            "input": [
                {"type": "function_call_output", "call_id": c.call_id, "output": output(name, arguments)}
                for c, (name, arguments) in zip(calls, step, strict=True)
            ],
        }
    return outcome


def runs_loop(
    seed: int, prompt: str, tools: list[Tool], output: Output, *, stream: bool, use_async: bool, **extra: Any
) -> Outcome:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        if use_async:
            return asyncio.run(_async_runs_loop(seed, prompt, tools, output, stream=stream, **extra))
        return _runs_loop(seed, prompt, tools, output, stream=stream, **extra)


def _run_step(outcome: Outcome, run: Any, output: Output) -> list[Any] | None:
    """The tool outputs a waiting run asks for (None once it completed, its text in ``outcome``)."""
    if run.status != "requires_action":
        return None
    calls = run.required_action.submit_tool_outputs.tool_calls
    step = [(c.function.name, json.loads(c.function.arguments)) for c in calls]
    outcome.steps.append(step)
    if _done(step):
        return None
    return [{"tool_call_id": c.id, "output": output(n, a)} for c, (n, a) in zip(calls, step, strict=True)]


def _runs_loop(seed: int, prompt: str, tools: list[Tool], output: Output, *, stream: bool, **extra: Any) -> Outcome:
    fake = FakeOpenAI(seed=seed)
    assistant = fake.beta.assistants.create(model="gpt-4o", tools=chat_tools(tools))
    thread = fake.beta.threads.create(messages=[{"role": "user", "content": prompt}])
    if stream:
        with fake.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id, **extra) as events:
            run = events.get_final_run()
    else:
        run = fake.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, **extra)
    outcome = Outcome()
    for _ in range(MAX_STEPS):
        outputs = _run_step(outcome, run, output)
        if outputs is None:
            break
        if stream:
            with fake.beta.threads.runs.submit_tool_outputs_stream(
                run_id=run.id, thread_id=thread.id, tool_outputs=outputs
            ) as events:
                run = events.get_final_run()
        else:
            run = fake.beta.threads.runs.submit_tool_outputs_and_poll(
                run_id=run.id, thread_id=thread.id, tool_outputs=outputs
            )
    if run.status == "completed":
        message = fake.beta.threads.messages.list(thread.id, limit=1).data[0]
        outcome.text = message.content[0].text.value  # type: ignore[union-attr]
    return outcome


async def _async_runs_loop(
    seed: int, prompt: str, tools: list[Tool], output: Output, *, stream: bool, **extra: Any
) -> Outcome:
    fake = FakeAsyncOpenAI(seed=seed)
    assistant = await fake.beta.assistants.create(model="gpt-4o", tools=chat_tools(tools))
    thread = await fake.beta.threads.create(messages=[{"role": "user", "content": prompt}])
    if stream:
        async with fake.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id, **extra) as events:
            run = await events.get_final_run()
    else:
        run = await fake.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, **extra)
    outcome = Outcome()
    for _ in range(MAX_STEPS):
        outputs = _run_step(outcome, run, output)
        if outputs is None:
            break
        if stream:
            async with fake.beta.threads.runs.submit_tool_outputs_stream(
                run_id=run.id, thread_id=thread.id, tool_outputs=outputs
            ) as events:
                run = await events.get_final_run()
        else:
            run = await fake.beta.threads.runs.submit_tool_outputs_and_poll(
                run_id=run.id, thread_id=thread.id, tool_outputs=outputs
            )
    if run.status == "completed":
        message = (await fake.beta.threads.messages.list(thread.id, limit=1)).data[0]
        outcome.text = message.content[0].text.value  # type: ignore[union-attr]
    return outcome


LOOPS = {"chat": chat_loop, "responses": responses_loop, "runs": runs_loop}
# Every surface, sync and async, plain and streamed.
WAYS = [(surface, stream, use_async) for surface in LOOPS for stream in (False, True) for use_async in (False, True)]


def loop(
    way: tuple[str, bool, bool], seed: int, prompt: str, tools: list[Tool], output: Output, **extra: Any
) -> Outcome:
    surface, stream, use_async = way
    return LOOPS[surface](seed, prompt, tools, output, stream=stream, use_async=use_async, **extra)


def fresh_fake(seed: int, use_async: bool) -> FakeOpenAI | FakeAsyncOpenAI:
    return FakeAsyncOpenAI(seed=seed) if use_async else FakeOpenAI(seed=seed)


def chat_completion(fake: FakeOpenAI | FakeAsyncOpenAI, kwargs: Any, *, stream: bool) -> Any:
    """One chat completion from ``fake``, sync or async as it is, created or streamed to its end."""
    if isinstance(fake, FakeAsyncOpenAI):
        async_fake = fake

        async def chat() -> Any:
            if stream:
                async with async_fake.chat.completions.stream(**kwargs) as events:
                    return await events.get_final_completion()
            return await async_fake.chat.completions.create(**kwargs)

        return asyncio.run(chat())
    if stream:
        with fake.chat.completions.stream(**kwargs) as chat_events:
            return chat_events.get_final_completion()
    return fake.chat.completions.create(**kwargs)


def response_of(fake: FakeOpenAI | FakeAsyncOpenAI, kwargs: Any, *, stream: bool) -> Any:
    """One Responses reply from ``fake``, sync or async as it is, created or streamed to its end."""
    if isinstance(fake, FakeAsyncOpenAI):
        async_fake = fake

        async def respond() -> Any:
            if stream:
                async with async_fake.responses.stream(**kwargs) as events:
                    return await events.get_final_response()
            return await async_fake.responses.create(**kwargs)

        return asyncio.run(respond())
    if stream:
        with fake.responses.stream(**kwargs) as response_events:
            return response_events.get_final_response()
    return fake.responses.create(**kwargs)


def one_text(way: tuple[str, bool, bool], seed: int, system: str, prompt: str, **extra: Any) -> str:
    """The text of one unscripted turn on ``way`` with ``system`` instructions and the user's
    ``prompt``; ``extra`` in the chat shape (``response_format``), turned into each surface's own."""
    surface, stream, use_async = way
    fmt = extra.pop("response_format", None)
    if surface == "chat":
        kwargs: Any = {
            "model": "gpt-4o",
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": prompt}],
            "response_format": fmt,
            **extra,
        }
        return str(chat_completion(fresh_fake(seed, use_async), kwargs, stream=stream).choices[0].message.content)
    if surface == "responses":
        text: Any = {"format": fmt if fmt["type"] != "json_schema" else {"type": "json_schema", **fmt["json_schema"]}}
        kwargs = {"model": "gpt-4o", "instructions": system, "input": prompt, "text": text, **extra}
        return str(response_of(fresh_fake(seed, use_async), kwargs, stream=stream).output_text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        if use_async:
            return asyncio.run(_async_run_text(seed, system, prompt, fmt, stream))
        fake_sync = FakeOpenAI(seed=seed)
        assistant = fake_sync.beta.assistants.create(model="gpt-4o", instructions=system, response_format=fmt)
        thread = fake_sync.beta.threads.create(messages=[{"role": "user", "content": prompt}])
        if stream:
            with fake_sync.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id) as run_events:
                run_events.until_done()
        else:
            fake_sync.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
        message = fake_sync.beta.threads.messages.list(thread.id, limit=1).data[0]
        return str(message.content[0].text.value)  # type: ignore[union-attr]


async def _async_run_text(seed: int, system: str, prompt: str, fmt: Any, stream: bool) -> str:
    fake = FakeAsyncOpenAI(seed=seed)
    assistant = await fake.beta.assistants.create(model="gpt-4o", instructions=system, response_format=fmt)
    thread = await fake.beta.threads.create(messages=[{"role": "user", "content": prompt}])
    if stream:
        async with fake.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id) as events:
            await events.until_done()
    else:
        await fake.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    message = (await fake.beta.threads.messages.list(thread.id, limit=1)).data[0]
    return str(message.content[0].text.value)  # type: ignore[union-attr]
