"""`client.containers.files.*`: files.py (files and their content, for now)."""
