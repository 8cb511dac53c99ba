"""`client.beta.agents.sessions.*`: sessions.py (the streamed turn of `sessions.stream()`)."""
