"""`client.admin.organization.projects.*`: projects.py (projects), users/, service_accounts/, api_keys.py,
rate_limits.py and certificates.py (what a project holds); _keys.py makes the service accounts' keys."""
