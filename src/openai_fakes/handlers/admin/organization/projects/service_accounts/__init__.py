"""`client.admin.organization.projects.service_accounts.*`: service_accounts.py (the accounts), api_keys.py
(their further keys)."""
