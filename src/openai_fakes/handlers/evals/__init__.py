"""`client.evals.*`: evals.py (evals), runs/ (runs and their output items)."""
