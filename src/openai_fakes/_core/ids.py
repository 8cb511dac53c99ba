"""Identifier shapes of the real API, generated from one seeded RNG.

Two generations of ids exist (docs/api-behaviour.md, Ids): older objects use a
prefix and base62 characters (``chatcmpl-`` + 29), newer ones a prefix and lowercase hex whose
first 8 digits are the creation time in seconds. Each kind of object gets the shape the API was
seen to give it.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import Literal

_BASE62 = string.ascii_letters + string.digits
# Random bytes mapped onto base62 with one C-level call; the slight bias (256 % 62) is harmless
# for ids and it is ~10x faster than `rng.choices`.
_BYTE_TO_BASE62 = bytes(ord(_BASE62[i % 62]) for i in range(256))

Style = Literal["base62", "hex_time", "hex"]


@dataclass(frozen=True)
class IdShape:
    prefix: str
    style: Style
    length: int  # characters after the prefix


def _b62(prefix: str, length: int = 24) -> IdShape:
    return IdShape(prefix, "base62", length)


def _hex_time(prefix: str, length: int = 32) -> IdShape:
    return IdShape(prefix, "hex_time", length)


# Keyed by the object's `object` literal where it has one, else by a short kind name used by
# field names (`file_id` -> "file"). Shapes and their sources: docs/api-behaviour.md, Ids.
SHAPES: dict[str, IdShape] = {
    "chat.completion": _b62("chatcmpl-", 29),
    "chat.completion.chunk": _b62("chatcmpl-", 29),
    "chat.completion.message": _b62("chatcmpl-", 29),
    "text_completion": _b62("cmpl-", 29),
    "tool_call": _b62("call_", 24),
    "call": _b62("call_", 24),
    "fingerprint": IdShape("fp_", "hex", 10),
    "request": IdShape("req_", "hex", 32),
    "organization": _b62("org-", 24),
    "moderation": IdShape("modr-", "hex", 32),
    "file": _b62("file-", 22),
    "upload": _b62("upload_", 24),
    "upload.part": _b62("part_", 24),
    "batch": _hex_time("batch_", 32),
    "batch_request": _hex_time("batch_req_", 32),
    "fine_tuning.job": _b62("ftjob-", 24),
    "fine_tuning.job.event": _b62("ftevent-", 24),
    "fine_tuning.job.checkpoint": _b62("ftckpt_", 24),
    "checkpoint.permission": _b62("cp_", 24),
    "response": _hex_time("resp_", 48),
    "message": _hex_time("msg_", 48),
    "function_call": _hex_time("fc_", 48),
    "reasoning": _hex_time("rs_", 48),
    "web_search_call": _hex_time("ws_", 48),
    "file_search_call": _hex_time("fs_", 48),
    "mcp_call": _hex_time("mcp_", 48),
    "mcp_list_tools": _hex_time("mcpl_", 48),
    "mcp_approval_request": _hex_time("mcpr_", 48),
    "image_generation_call": _hex_time("ig_", 48),
    "code_interpreter_call": _hex_time("ci_", 48),
    "custom_tool_call": _hex_time("ctc_", 48),
    "computer_call": _hex_time("cu_", 48),
    "conversation": _hex_time("conv_", 48),
    "container": _hex_time("cntr_", 48),
    "container.file": _hex_time("cfile_", 32),
    "eval": _hex_time("eval_", 32),
    "eval.run": _hex_time("evalrun_", 32),
    "eval.run.output_item": _hex_time("outputitem_", 32),
    "video": _hex_time("video_", 48),
    "vector_store": _hex_time("vs_", 32),
    "vector_store.file_batch": _b62("vsfb_", 24),
    "vector_store.files_batch": _b62("vsfb_", 24),
    "assistant": _b62("asst_", 24),
    "thread": _b62("thread_", 24),
    "thread.message": _b62("msg_", 24),
    "thread.run": _b62("run_", 24),
    "thread.run.step": _b62("step_", 24),
    "organization.project": _b62("proj_", 24),
    "project": _b62("proj_", 24),
    "organization.user": _b62("user-", 24),
    "user": _b62("user-", 24),
    "organization.invite": _b62("invite-", 24),
    "invite": _b62("invite-", 24),
    "organization.project.api_key": _b62("key_", 16),
    "organization.admin_api_key": _b62("key_", 16),
    "api_key": _b62("key_", 16),
    "organization.project.service_account": _b62("svc_acct_", 16),
    "service_account": _b62("svc_acct_", 16),
    "certificate": _b62("cert_", 24),
    "organization.certificate": _b62("cert_", 24),
    # The API reference's example id is `wip_example`; the length is [U].
    "organization.workload_identity_provider": _b62("wip_", 24),
    "group": _b62("group_", 26),
    "role": _b62("role_", 26),
    "audit_log": _b62("audit_log-", 24),
    "skill": _hex_time("skill_", 32),
    "audio": _hex_time("audio_", 32),
    "session": _hex_time("sess_", 32),
    "realtime.session": _hex_time("sess_", 32),
    "item": _hex_time("item_", 32),
    "event": _hex_time("event_", 32),
    "agent": _hex_time("agent_", 32),
    "vault": _hex_time("vault_", 32),
    "webhook": _hex_time("wh_", 32),
}

# Field name -> kind, for foreign keys (`file_id` names a file, `thread_id` a thread, ...).
FIELD_KINDS: dict[str, str] = {
    "file_id": "file",
    "input_file_id": "file",
    "output_file_id": "file",
    "error_file_id": "file",
    "training_file": "file",
    "validation_file": "file",
    "assistant_id": "assistant",
    "thread_id": "thread",
    "run_id": "thread.run",
    "step_id": "thread.run.step",
    "message_id": "thread.message",
    "vector_store_id": "vector_store",
    "batch_id": "vector_store.file_batch",
    "fine_tuning_job_id": "fine_tuning.job",
    "response_id": "response",
    "previous_response_id": "response",
    "conversation_id": "conversation",
    "container_id": "container",
    "eval_id": "eval",
    "run_id_eval": "eval.run",
    "video_id": "video",
    "project_id": "project",
    "user_id": "user",
    "invite_id": "invite",
    "service_account_id": "service_account",
    "api_key_id": "api_key",
    "key_id": "api_key",
    "certificate_id": "certificate",
    "workload_identity_provider_id": "organization.workload_identity_provider",
    "group_id": "group",
    "role_id": "role",
    "upload_id": "upload",
    "part_id": "upload.part",
    "call_id": "call",
    "tool_call_id": "call",
    "skill_id": "skill",
    "system_fingerprint": "fingerprint",
    "request_id": "request",
    "organization_id": "organization",
    "session_id": "session",
    "item_id": "item",
    "event_id": "event",
    "agent_id": "agent",
    "vault_id": "vault",
}


class IdGenerator:
    """Makes ids of the API's shapes from a seeded RNG; every id it makes is new."""

    __slots__ = ("_rng", "_seen")

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._seen: set[str] = set()

    def make(self, shape: IdShape, now: int) -> str:
        while True:
            candidate = shape.prefix + self._body(shape, now)
            if candidate not in self._seen:
                self._seen.add(candidate)
                return candidate

    def for_kind(self, kind: str, now: int) -> str:
        return self.make(SHAPES.get(kind) or _b62(kind.rsplit(".", 1)[-1] + "_", 24), now)

    def _body(self, shape: IdShape, now: int) -> str:
        rng = self._rng
        if shape.style == "base62":
            return rng.randbytes(shape.length).translate(_BYTE_TO_BASE62).decode("ascii")
        if shape.style == "hex":
            return "%0*x" % (shape.length, rng.getrandbits(4 * shape.length))
        # New-style: 8 hex of creation time, 4 random, "81" + 2 hex, then random hex.
        head = "%08x%04x81%02x" % (
            now & 0xFFFFFFFF,
            rng.getrandbits(16),
            rng.choice((0x90, 0x91, 0x94, 0x98, 0x9E, 0xA2)),
        )
        rest = shape.length - len(head)
        if rest <= 0:
            return head[: shape.length]
        return head + "%0*x" % (rest, rng.getrandbits(4 * rest))
