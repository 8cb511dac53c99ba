"""`client.vector_stores.*`: one module per SDK resource (openai/resources/vector_stores/); `_search`
attaches files and searches them, `_lifecycle` moves stores, files and batches to ``completed``."""
