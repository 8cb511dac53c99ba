"""`client.beta.agents.sessions.*`: events.py (the streamed turn that `events.stream()` and the
`sessions.stream()` helper read); the sessions' own methods get the generic answer."""
