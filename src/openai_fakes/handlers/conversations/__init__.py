"""`client.conversations.*`: conversations.py (conversations and their items, for now)."""
