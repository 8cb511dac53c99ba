"""What the server does, at the SDK's paths: the code answering ``client.X.Y`` is ``handlers/X/Y.py``, as
``openai/resources/X/Y.py`` defines it (docs/how-it-works.md, Layers).

Each area module has ``register(router)``; adding one is its import and one line in ``_AREAS``.
"""

from __future__ import annotations

from . import (
    batches,
    completions,
    embeddings,
    files,
    images,
    models,
    moderations,
    skills,
    videos,
)
from ._base.router import Router
from .admin.organization import (
    admin_api_keys,
    audit_logs,
    certificates,
    external_keys,
    external_storage,
    invites,
    roles,
    usage,
)
from .admin.organization import role_assignments as admin_organization_role_assignments
from .admin.organization.groups import groups as admin_organization_groups
from .admin.organization.projects import api_keys as admin_organization_projects_api_keys
from .admin.organization.projects import certificates as admin_organization_projects_certificates
from .admin.organization.projects import projects as admin_organization_projects
from .admin.organization.projects import rate_limits as admin_organization_projects_rate_limits
from .admin.organization.projects.service_accounts import (
    api_keys as admin_organization_projects_service_accounts_api_keys,
)
from .admin.organization.projects.service_accounts import (
    service_accounts as admin_organization_projects_service_accounts,
)
from .admin.organization.projects.users import users as admin_organization_projects_users
from .admin.organization.users import users as admin_organization_users
from .admin.organization.workload_identity_providers import (
    workload_identity_providers as admin_organization_workload_identity_providers,
)
from .audio import speech as audio_speech
from .audio import transcriptions as audio_transcriptions
from .audio import translations as audio_translations
from .audio import voices as audio_voices
from .beta import assistants as beta_assistants
from .beta.agents.sessions import events as beta_agents_sessions_events
from .beta.threads import messages as beta_threads_messages
from .beta.threads import threads as beta_threads
from .beta.threads.runs import runs as beta_threads_runs
from .beta.threads.runs import steps as beta_threads_runs_steps
from .chat.completions import completions as chat_completions
from .chat.completions import messages as chat_completions_messages
from .containers import containers
from .containers.files import content as containers_files_content
from .containers.files import files as containers_files
from .conversations import conversations
from .conversations import items as conversations_items
from .evals import evals
from .evals.runs import output_items as evals_runs_output_items
from .evals.runs import runs as evals_runs
from .fine_tuning.jobs import checkpoints as fine_tuning_jobs_checkpoints
from .fine_tuning.jobs import jobs as fine_tuning_jobs
from .live import live
from .live import sessions as live_sessions
from .realtime import calls as realtime_calls
from .realtime import client_secrets as realtime_client_secrets
from .responses import input_items as responses_input_items
from .responses import responses
from .uploads import parts as uploads_parts
from .uploads import uploads
from .vector_stores import file_batches as vector_stores_file_batches
from .vector_stores import files as vector_stores_files
from .vector_stores import vector_stores

# Imported by name, not by importlib, so that tools (and readers) see every area this package routes.
_AREAS = (
    admin_organization_projects,
    invites,
    admin_organization_users,
    admin_organization_projects_users,
    admin_organization_groups,
    roles,
    external_keys,
    external_storage,
    admin_organization_workload_identity_providers,
    admin_api_keys,
    admin_organization_projects_service_accounts,
    admin_organization_projects_service_accounts_api_keys,
    admin_organization_projects_api_keys,
    admin_organization_projects_rate_limits,
    beta_agents_sessions_events,
    beta_assistants,
    beta_threads_runs,
    beta_threads_runs_steps,
    audit_logs,
    audio_speech,
    audio_transcriptions,
    audio_translations,
    certificates,
    admin_organization_projects_certificates,
    batches,
    chat_completions,
    chat_completions_messages,
    completions,
    containers,
    containers_files,
    containers_files_content,
    conversations,
    conversations_items,
    embeddings,
    evals,
    evals_runs,
    evals_runs_output_items,
    files,
    fine_tuning_jobs,
    fine_tuning_jobs_checkpoints,
    images,
    live,
    live_sessions,
    models,
    moderations,
    realtime_client_secrets,
    realtime_calls,
    responses,
    responses_input_items,
    beta_threads,
    beta_threads_messages,
    usage,
    uploads,
    uploads_parts,
    vector_stores,
    vector_stores_files,
    vector_stores_file_batches,
    videos,
    skills,
    audio_voices,
    admin_organization_role_assignments,
)


def register_all(router: Router) -> None:
    for area in _AREAS:
        area.register(router)
