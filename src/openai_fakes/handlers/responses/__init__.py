"""`client.responses.*`: one module per SDK resource (openai/resources/responses/), and the hosted tools
the responses run (private helpers)."""
