"""`client.chat.completions.*`: completions.py (create, and the stored completions' routes from _store.py),
messages.py (a stored completion's messages)."""
