"""`client.admin.*`: one module per SDK resource (openai/resources/admin/)."""
