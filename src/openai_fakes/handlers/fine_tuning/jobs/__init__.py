"""`client.fine_tuning.jobs.*`: jobs.py (the job and its events), checkpoints.py."""
