"""`client.chat.*`: one module per SDK resource (openai/resources/chat/): completions/."""
