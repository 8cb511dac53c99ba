"""`client.fine_tuning.*`: one module per SDK resource (openai/resources/fine_tuning/)."""
