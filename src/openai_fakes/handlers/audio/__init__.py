"""`client.audio.*`: one module per SDK resource (openai/resources/audio/)."""
