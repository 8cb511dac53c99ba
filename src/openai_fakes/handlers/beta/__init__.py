"""`client.beta.*`: one module per SDK resource (openai/resources/beta/)."""
