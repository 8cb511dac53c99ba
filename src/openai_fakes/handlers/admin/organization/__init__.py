"""`client.admin.organization.*`: one module per SDK resource (openai/resources/admin/organization/), e.g.
invites.py, roles.py, projects/projects.py, projects/service_accounts/service_accounts.py, users/users.py;
_organization.py (the organisation and its audit log), _routes.py (the admin routes' shapes), _invites.py
(accepting an invite) and _certificates.py (a certificate at a scope) are their shared helpers."""
