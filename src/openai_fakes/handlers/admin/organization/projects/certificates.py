"""``client.admin.organization.projects.certificates``: the organisation's certificates at one
project's scope (`_certificates`): listed with ``active``, activated and deactivated there, and logged.
"""

from __future__ import annotations

from ...._base.router import Router
from .._certificates import listed, switch
from .._routes import OwnAnswer


def register(router: Router) -> None:
    project = "/organization/projects/{project_id}/certificates"
    routes = {
        ("GET", project): OwnAnswer(listed, "project scope, with `active`"),
        ("POST", f"{project}/activate"): OwnAnswer(
            switch(True), "active for the project; `certificates.activated` logged"
        ),
        ("POST", f"{project}/deactivate"): OwnAnswer(
            switch(False), "inactive for the project; `certificates.deactivated` logged"
        ),
    }
    router.add_all(routes)
