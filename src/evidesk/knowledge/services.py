"""Writes to the knowledge base: loading shipped files, administrators' corrections, import."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from evidesk.clock import now
from evidesk.knowledge import files
from evidesk.knowledge.models import KnowledgeChange, KnowledgeRecord


class KnowledgeError(Exception):
    """Data that may not go into the knowledge base; `problems` says where and why."""

    def __init__(self, problems: list[files.Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


def load_shipped_knowledge(folder: Path = files.SHIPPED_DIR) -> str:
    """Bring the database up to the shipped files, keeping local corrections. Idempotent."""
    kb = files.read_folder(folder)
    if not kb.ok:
        raise KnowledgeError(kb.problems)
    added = updated = kept = 0
    with transaction.atomic():
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
    return {"records": sum(kb.count().values()), "changed": changed}


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
