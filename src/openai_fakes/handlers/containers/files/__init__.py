"""`client.containers.files.*`: files.py (files and their bytes), content.py (their content)."""
