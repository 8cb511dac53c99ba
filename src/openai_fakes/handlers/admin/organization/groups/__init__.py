"""`client.admin.organization.groups.*`: groups.py (groups, roles and organisation settings, for now)."""
