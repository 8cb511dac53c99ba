"""`client.evals.*`: evals.py (evals, runs and output items, for now)."""
