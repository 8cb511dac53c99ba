"""``client.fine_tuning.jobs.checkpoints``: one checkpoint per epoch once the job succeeded (the job's
run writes them, `jobs`)."""

from __future__ import annotations

from ..._base.router import Router
from .jobs import JOBS, JobPage


def register(router: Router) -> None:
    checkpoints = JobPage("checkpoints", 10, "stateful: one checkpoint per epoch once the job succeeded, newest first")
    router.add("GET", f"{JOBS}/{{fine_tuning_job_id}}/checkpoints", checkpoints, summary=checkpoints.summary)
