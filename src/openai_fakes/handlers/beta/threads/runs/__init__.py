"""`client.beta.threads.runs.*`: runs.py answers the runs, steps.py their steps; _engine.py moves a run status by
status, _hosted_tools.py plans its file_search / code_interpreter calls."""
