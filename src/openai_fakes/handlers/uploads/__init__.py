"""`client.uploads.*`: one module per SDK resource (openai/resources/uploads/): uploads.py, parts.py."""
