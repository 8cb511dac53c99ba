"""`client.beta.threads.*`: threads (threads.py), messages (messages.py), runs and their steps (runs/);
_tool_resources.py makes the vector stores a `tool_resources` helper asks for."""
