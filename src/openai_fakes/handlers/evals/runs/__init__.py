"""`client.evals.runs.*`: runs.py (runs and their grading, with _graders.py), output_items.py (their output items)."""
