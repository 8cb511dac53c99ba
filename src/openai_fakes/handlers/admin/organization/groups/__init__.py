"""`client.admin.organization.groups.*`: groups.py (the groups; their roles and users get the generic answer)."""
