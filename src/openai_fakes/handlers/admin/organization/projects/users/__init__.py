"""`client.admin.organization.projects.users.*`: users.py (a project's members)."""
