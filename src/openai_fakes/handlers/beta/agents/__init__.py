"""`client.beta.agents.*`: one module per SDK resource (openai/resources/beta/agents/)."""
