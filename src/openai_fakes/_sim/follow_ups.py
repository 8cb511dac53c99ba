"""Whether a user message that comes right after tool results continues the task or asks anew.

Some agent frameworks add a user message after each round of tool results: DSPy's ReActV2
repeats its format reminder ("Respond with the corresponding output fields ... formatted as a
valid Python str"), others send "Continue." A model reads such a message as part of the task it
is working on, not as a new request, and the unscripted model does the same
(docs/unscripted-model.md, "A user message after tool results"): a message that names no new
value for an offered tool's parameter or the requested output's fields continues the task. The
tools already called stay called, their results stay the results, arguments keep coming from the
task's message, and the message answers the calls as a tool message would, so the loop moves on
to a tool not yet called, the final tool or the text answer. A message that names something new
("And in Paris?") starts a new round, as any user message did before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from .conversation import Conversation, Round
from .mentions import Mentions, string_parameters


def followed(
    conversation: Conversation, schemas: Sequence[Mapping[str, Any]], tool_names: frozenset[str]
) -> Conversation:
    """The conversation as the model follows it: the rounds ``conversation.earlier`` holds joined
    with each later one whose user message asks nothing new for ``schemas`` (the offered tools'
    parameters and the requested output's), and ``tool_names`` recorded as never a value."""
    if not conversation.earlier:
        return replace(conversation, tool_names=tool_names) if tool_names else conversation
    latest = Round(conversation.user_text, conversation.called, conversation.results)
    task = conversation.earlier[0]
    previous: Round | None = None
    follow_ups: list[str] = []
    for later in (*conversation.earlier[1:], latest):
        if asks_anew(later.user_text, task.user_text, schemas, tool_names):
            previous, task, follow_ups = task, later, []
        else:
            task = Round(task.user_text, task.called + later.called, task.results + later.results)
            follow_ups.append(later.user_text)
    if not follow_ups:  # the latest message asked anew: the conversation as it was read
        called_before = previous.called if previous is not None else ()
        return replace(conversation, earlier=(), tool_names=tool_names, previously_called=called_before)
    return replace(
        conversation,
        user_text=task.user_text,
        called=task.called,
        results=task.results,
        # A continuing message that is the last one answers the calls before it.
        answered_in_message=conversation.answered_in_message or not latest.called,
        earlier=(),
        follow_ups=tuple(follow_ups),
        tool_names=tool_names,
    )


def asks_anew(text: str, task: str, schemas: Sequence[Mapping[str, Any]], tool_names: frozenset[str]) -> bool:
    """Whether the user message ``text`` names a value for a parameter of ``schemas`` that the
    task's message ``task`` did not: a place, a code, a number, a quoted string... but not the
    whole message a search parameter falls back to, a format's name ("valid Python") or a tool's
    name."""
    asked, known = Mentions.of(text), Mentions.of(task)
    for schema in schemas:
        properties = schema.get("properties")
        if not isinstance(properties, Mapping):
            continue
        strings = string_parameters(schema)
        only = strings[0] if len(strings) == 1 else ""
        for name, prop in properties.items():
            if not isinstance(prop, Mapping):
                continue
            values = asked.asked_values_for(name, prop, only_string=name == only)
            if not values:
                continue
            given = known.values_for(name, prop, only_string=name == only)
            if any(value not in given and value not in tool_names for value in values):
                return True
    return False
