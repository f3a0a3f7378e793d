"""Writes to the knowledge base: loading shipped files, administrators' corrections, import."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext, gettext_noop

from evidesk.audit import services as audit
from evidesk.clock import now
from evidesk.knowledge import files
from evidesk.knowledge.models import KnowledgeChange, KnowledgeRecord, ShippedKnowledgeLoad
from evidesk.knowledge.snapshot import Entry, FactView, KnowledgeSnapshot


class KnowledgeError(Exception):
    """Data that may not go into the knowledge base; `problems` says where and why."""

    def __init__(self, problems: list[files.Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


def load_shipped_knowledge(folder: Path = files.SHIPPED_DIR) -> str:
    """Bring the database up to the shipped files, keeping local corrections. Idempotent."""
    folder_fingerprint = files.folder_digest(folder)
    last = ShippedKnowledgeLoad.objects.filter(pk=1).first()
    if last and last.digest == folder_fingerprint and KnowledgeRecord.objects.exists():
        return f"{KnowledgeRecord.objects.count()} records, shipped files unchanged"
    kb = files.read_folder(folder)
    if not kb.ok:
        raise KnowledgeError(kb.problems)
    added = updated = kept = 0
    with transaction.atomic():
        # Several servers starting together after an upgrade: one loads, the others wait on
        # this row and then find the work done.
        marker, _ = ShippedKnowledgeLoad.objects.select_for_update().get_or_create(
            pk=1, defaults={"digest": "", "loaded_at": now()}
        )
        if marker.digest == folder_fingerprint and KnowledgeRecord.objects.exists():
            return f"{KnowledgeRecord.objects.count()} records, loaded by another process"
        existing = {(r.kind, r.key): r for r in KnowledgeRecord.objects.all()}
        for kind, items in kb.records.items():
            for key, data in items.items():
                digest = files.content_hash(data)
                record = existing.get((kind, key))
                if record is None:
                    KnowledgeRecord.objects.create(
                        kind=kind, key=key, data=data, shipped_hash=digest
                    )
                    added += 1
                elif record.shipped_hash != digest and not record.corrected:
                    _record_changes(
                        record, data, KnowledgeChange.Origin.SHIPPED, None, "new release"
                    )
                    record.data, record.shipped_hash = data, digest
                    record.save(update_fields=["data", "shipped_hash", "updated_at"])
                    updated += 1
                elif record.shipped_hash != digest:
                    kept += 1
        marker.digest, marker.loaded_at = folder_fingerprint, now()
        marker.save(update_fields=["digest", "loaded_at"])
    parts = [f"{sum(kb.count().values())} records", f"{added} added", f"{updated} updated"]
    if kept:
        parts.append(f"{kept} locally corrected records kept")
    return ", ".join(parts)


def import_folder(folder: Path, by=None) -> dict[str, int]:
    """Replace the knowledge base with a folder of files; changes nothing if any file is wrong."""
    kb = files.read_folder(folder)
    if not kb.ok:
        raise KnowledgeError(kb.problems)
    changed = 0
    with transaction.atomic():
        for kind, items in kb.records.items():
            for key, data in items.items():
                record, created = KnowledgeRecord.objects.get_or_create(
                    kind=kind, key=key, defaults={"data": data}
                )
                if created or record.data != data:
                    if not created:
                        _record_changes(record, data, KnowledgeChange.Origin.IMPORT, by, "import")
                        record.data = data
                        record.corrected = True
                        record.save(update_fields=["data", "corrected", "updated_at"])
                    changed += 1
        summary = {"records": sum(kb.count().values()), "changed": changed}
        audit.record("knowledge.import", actor=by, data={"folder": str(folder), **summary})
    return summary


def export_folder(folder: Path) -> int:
    records: dict[str, dict[str, dict]] = {kind: {} for kind in KnowledgeRecord.Kind.values}
    for record in KnowledgeRecord.objects.all():
        records[record.kind][record.key] = record.data
    return files.write_folder(records, folder)


def _record_changes(record: KnowledgeRecord, new: dict, origin: str, by, reason: str) -> None:
    at = now()
    for field, before, after in diff_records(record.data, new):
        KnowledgeChange.objects.create(
            record=record,
            field=field,
            before=before,
            after=after,
            origin=origin,
            by=by,
            reason=reason,
            at=at,
        )


def diff_records(old: dict, new: dict) -> list[tuple[str, object, object]]:
    """(field, before, after) for each top-level field or fact that differs."""
    changes = []
    for name in sorted(set(old) | set(new)):
        if name == "facts":
            old_facts, new_facts = old.get("facts", {}), new.get("facts", {})
            for fact in sorted(set(old_facts) | set(new_facts)):
                if old_facts.get(fact) != new_facts.get(fact):
                    changes.append((f"facts.{fact}", old_facts.get(fact), new_facts.get(fact)))
        elif old.get(name) != new.get(name):
            changes.append((name, old.get(name), new.get(name)))
    return changes


# --- reading the knowledge base as the advisor sees it ---------------------------------------

_snapshot_cache: tuple[tuple, KnowledgeSnapshot] | None = None


def current_snapshot() -> KnowledgeSnapshot:
    """The knowledge base as stored now, corrections included; rebuilt only after a change."""
    global _snapshot_cache
    stamp = tuple(KnowledgeRecord.objects.aggregate(n=Count("id"), last=Max("updated_at")).values())
    if _snapshot_cache is None or _snapshot_cache[0] != stamp:
        records: dict[str, dict[str, dict]] = {kind: {} for kind in KnowledgeRecord.Kind.values}
        for kind, key, data in KnowledgeRecord.objects.values_list("kind", "key", "data"):
            records[kind][key] = data
        _snapshot_cache = (stamp, KnowledgeSnapshot(records))
    return _snapshot_cache[1]


def find_entry(text: str) -> Entry | None:
    """A jurisdiction by ISO code, an instrument by id, or a provider by id, brand or domain."""
    snap = current_snapshot()
    text = text.strip()
    if len(text) == 2 and text.isalpha():
        return snap.jurisdiction(text)
    if snap.instrument(text.lower()):
        return snap.instrument(text.lower())
    pid = snap.provider_for_name(text) or snap.provider_for_host(text)
    return snap.provider(pid) if pid else None


def stale_facts(as_of: date, older_than_days: int) -> list[tuple[Entry, FactView]]:
    return [
        (entry, fact)
        for kind in KnowledgeRecord.Kind.values
        for entry in current_snapshot().entries(kind)
        for fact in entry.facts()
        if fact.is_stale(as_of, older_than_days)
    ]


# --- administrators' corrections -------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    """A new value for one fact, with the source that supports it (or value None: unknown)."""

    fact: str
    value: Any
    source_url: str = ""
    source_doc: str = ""
    locator: str = ""
    confidence: str = "verified"
    note: str = ""
    reason: str = ""


def correct_fact(record: KnowledgeRecord, correction: Correction, by) -> KnowledgeRecord:
    """Apply an administrator's correction, or refuse it and change nothing if invalid."""
    if not correction.reason.strip():
        raise KnowledgeError([files.Problem(record.key, correction.fact, "say why it changes")])
    with transaction.atomic():
        # Corrected from the row as it is now, under its lock, not from the copy read when the
        # page was shown: another administrator's correction of another fact saved meanwhile
        # would otherwise be silently undone.
        locked = KnowledgeRecord.objects.select_for_update().get(pk=record.pk)
        new = _corrected(locked, correction)
        _record_changes(locked, new, KnowledgeChange.Origin.CORRECTION, by, correction.reason)
        audit.record(
            "knowledge.correct",
            actor=by,
            obj=locked,
            before={"fact": locked.data.get("facts", {}).get(correction.fact)},
            after={"fact": new.get("facts", {}).get(correction.fact)},
            data={
                "kind": locked.kind,
                "key": locked.key,
                "fact": correction.fact,
                "reason": correction.reason,
            },
        )
        locked.data, locked.corrected = new, True
        locked.save(update_fields=["data", "corrected", "updated_at"])
    return locked


def _corrected(record: KnowledgeRecord, correction: Correction) -> dict:
    """The record's data with the correction applied; KnowledgeError if the result is invalid."""
    new = copy.deepcopy(record.data)
    facts = new.setdefault("facts", {})
    if correction.value is None:
        facts.pop(correction.fact, None)
    else:
        if not (correction.source_url.strip() or correction.source_doc.strip()):
            raise KnowledgeError(
                [files.Problem(record.key, correction.fact, "a corrected fact needs its source")]
            )
        source_id = _source_id(new, correction)
        facts[correction.fact] = {
            "value": correction.value,
            "source": source_id,
            "verified_on": now().date().isoformat(),
            "confidence": correction.confidence,
            **({"locator": correction.locator} if correction.locator.strip() else {}),
            **({"note": correction.note} if correction.note.strip() else {}),
        }
    problems = files.record_problems(record.kind, new)
    if problems:
        raise KnowledgeError([files.Problem(record.key, f, m) for f, m in problems])
    return files.canonical(record.kind, new)


def _source_id(data: dict, correction: Correction) -> str:
    """Reuse the record's source with the same URL/document, else add one."""
    wanted = {
        k: v.strip()
        for k, v in (("url", correction.source_url), ("doc", correction.source_doc))
        if v.strip()
    }
    sources = data.setdefault("sources", {})
    for key, source in sources.items():
        if {k: source.get(k) for k in wanted} == wanted:
            return key
    key = f"correction-{now():%Y%m%d}-{len(sources) + 1}"
    sources[key] = wanted
    return key


def country_zone(code: str) -> str | None:
    """The zone people in this country note times in, when all its zones keep one time all
    year (Kazakhstan's seven since March 2024): the first listed; None when its clocks differ."""
    entry = current_snapshot().jurisdiction(code)
    zones = entry.value("timezones") if entry else None
    return zones[0] if zones and _keep_one_time(zones) else None


def _keep_one_time(zones: list[str]) -> bool:
    """Whether the zones show the same time on the 15th of every month this year."""
    days = [datetime(now().year, month, 15, tzinfo=UTC) for month in range(1, 13)]
    offsets = {tuple(day.astimezone(ZoneInfo(zone)).utcoffset() for day in days) for zone in zones}
    return len(offsets) == 1


UNKNOWN = {
    "jurisdiction": gettext_noop("%(key)r is not a country the knowledge base knows."),
    "instrument": gettext_noop("%(key)r is not an instrument in the knowledge base."),
    "provider": gettext_noop(
        "%(key)r is not a provider in the knowledge base: write its name as the knowledge base "
        "gives it (Google, Telegram), or leave the field empty."
    ),
}


def unknown_reference(kind: str, key: str) -> str:
    """The message saying the knowledge base has no `kind` called `key`."""
    return gettext(UNKNOWN[kind]) % {"key": key}


def office_zone(country: str) -> str:
    """The zone a step noted without one is read in: the office's country's, else UTC."""
    return country_zone(country) or "UTC"


def unknown_references(**given: tuple[str, str]) -> dict[str, str]:
    """For each form field given as (kind, key), the message if the knowledge base has no such
    entry; fields left empty are not checked."""
    snapshot = current_snapshot()
    return {
        field: unknown_reference(kind, key)
        for field, (kind, key) in given.items()
        if key and getattr(snapshot, kind)(key) is None
    }
