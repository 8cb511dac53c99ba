"""`client.beta.threads.*`: threads and messages (threads.py), runs and their steps (runs/)."""
