"""`client.admin.organization.users.*`: users.py (the organisation's users)."""
