"""Optimistic locking for records several people edit: nobody's update is silently lost.

A versioned model has a `version` integer. An edit carries the version it was based on; if the
record moved on since, nothing is written and the editor sees both versions.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


class EditConflict(Exception):
    """Someone saved the record after the editor loaded it: nothing was written."""

    def __init__(self, current: dict, mine: dict, version: int, labels: dict | None = None):
        # `version` is the record's version now: an edit based on it replaces the other one.
        self.current, self.mine, self.version = current, mine, version
        self.labels = labels or {}  # each field's name for people, where the record gives one
        super().__init__("the record changed while you were editing it")

    def rows(self) -> list[tuple[str, object, object]]:
        """(field, saved meanwhile, mine) for each field the two versions disagree on: compared
        as values, so 6 years and 6.0 years, or 100 and 100.00, agree."""
        return [
            (name, value, self.mine.get(name))
            for name, value in self.current.items()
            if name in self.mine and value != self.mine.get(name)
        ]


def values_of(record: models.Model, names: Iterable[str]) -> dict:
    return {name: getattr(record, name) for name in names}


def save_version(
    record: models.Model, based_on_version: int, fields: dict, editable: Iterable[str]
) -> tuple[models.Model, dict]:
    """Lock the row, refuse a stale edit, apply and validate the fields; return the saved record
    and its values before. Call inside a transaction."""
    editable = tuple(editable)
    if not_editable := sorted(set(fields) - set(editable)):
        # The caller's mistake, never the user's: an edit writes only the fields people edit.
        raise ValueError(f"not editable: {', '.join(not_editable)}")
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    if locked.version != based_on_version:
        labels = {name: locked._meta.get_field(name).verbose_name for name in editable}
        raise EditConflict(values_of(locked, editable), fields, locked.version, labels)
    before = values_of(locked, editable)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.full_clean()
    locked.save()
    return locked, before


def changed_values(before: dict, after: dict) -> tuple[dict, dict]:
    """The audit trail's before/after: only what changed, as text."""
    changed = [name for name, value in after.items() if before.get(name) != value]
    return (
        {name: str(before.get(name)) for name in changed},
        {name: str(after[name]) for name in changed},
    )
