"""`client.admin.organization.workload_identity_providers.*`: workload_identity_providers.py (the providers;
their federation rules get the generic answer)."""
