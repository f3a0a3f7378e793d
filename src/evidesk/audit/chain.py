"""The hash chain, pure: how an event's hash is computed and how a chain is checked."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64
CHAINED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "remote_addr",
    "action",
    "object_type",
    "object_id",
    "case_id",
    "before",
    "after",
    "data",
)


def event_hash(fields: dict, prev_hash: str) -> str:
    body = {name: fields.get(name) for name in CHAINED_FIELDS}
    canonical = json.dumps(
        body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256((canonical + prev_hash).encode()).hexdigest()


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    broken_at: int | None = None
    reason: str = ""


def verify(events: Iterable[dict], head_length: int | None, head_hash: str | None) -> Verdict:
    """Walk the chain in order; name the first event whose link or content does not hold."""
    previous, checked = GENESIS, 0
    for event in events:
        expected = checked + 1
        if event["seq"] != expected:
            return Verdict(False, checked, expected, f"event #{expected} is missing")
        if event["prev_hash"] != previous:
            return Verdict(False, checked, expected, "its link to the previous event is broken")
        if event_hash(event, previous) != event["hash"]:
            return Verdict(False, checked, expected, "its content was changed after it was written")
        previous, checked = event["hash"], expected
    if head_length is not None and (checked != head_length or previous != (head_hash or GENESIS)):
        removed = f"the chain has {checked} events but {head_length} were written"
        return Verdict(False, checked, None, f"{removed}: events were removed from its end")
    return Verdict(True, checked)
