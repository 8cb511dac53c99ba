"""Rules that tie the fields of one reply together, kept in one place.

The handlers that build the fake's replies, the factories that build SDK objects and the
completion of a scripted partial override (``fake.stub(...).returns({...})``) all draw on these
modules, so a rule (usage adds up, a model supports ``dimensions``, a finish reason agrees with the
message) cannot hold in one of them and drift in another:

- ``usage``: token counts that add up, details within their totals, the cost of a tool call;
- ``chat``: what an assistant message says, its finish reason, its tokens, a chat usage object;
- ``chat_stream``: a chat completion cut into the chunks the API streams;
- ``response_events``: a response replayed as the Responses API's event sequence;
- ``responses``: the output tokens of a response's items, and its usage;
- ``embeddings``: vector sizes, which models take ``dimensions``, input tokens;
- ``scripted``: completing a scripted partial override with the rules above.

Nothing here draws random numbers or holds state: each function maps plain JSON data to plain
JSON data, so the same rule gives the same answer wherever it runs.
"""
