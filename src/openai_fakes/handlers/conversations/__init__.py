"""`client.conversations.*`: conversations.py (conversations), items.py (their items)."""
