"""How knowledge-base entries read to a person: shared by `kb show` and the pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from evidesk.knowledge import schema
from evidesk.knowledge.snapshot import STALE_AFTER_DAYS, Entry

UNKNOWN = "unknown"


def value_text(value: Any) -> str:
    """A fact's value on one line: lists joined, mappings as key: value."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(value_text(item) for item in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {value_text(v)}" for k, v in value.items() if v not in (None, []))
    return str(value)


def unknown_facts(entry: Entry) -> list[str]:
    """Fact names the schema knows for this kind that nobody has sourced for this entry."""
    present = set(entry.data.get("facts", {}))
    return [name for name in schema.FACTS_BY_KIND[entry.kind] if name not in present]


def entry_matches(entry: Entry, query: str) -> bool:
    """Does the text appear in the entry's key, names (English or Russian), brands or domains?"""
    if not query:
        return True
    folded = query.casefold()
    haystack = [
        entry.key,
        entry.label,
        entry.label_in("ru"),
        *entry.data.get("brands", []),
        *entry.data.get("domains", []),
    ]
    return any(folded in text.casefold() for text in haystack)


def entry_text(entry: Entry, as_of: date) -> str:
    lines = [f"{entry.label} ({entry.kind} {entry.key})"]
    if entry.kind == "provider":
        for label, field in (("brands", "brands"), ("domains", "domains")):
            if entry.data.get(field):
                lines.append(f"  {label}: {', '.join(entry.data[field])}")
    for fact in entry.facts():
        stale = " [STALE]" if fact.is_stale(as_of, STALE_AFTER_DAYS) else ""
        lines.append(f"  {fact.name}: {value_text(fact.value)}{stale}")
        lines.append(f"      source: {fact.citation()}")
        if fact.note:
            lines.append(f"      note: {fact.note}")
    if entry.kind == "instrument":
        parties = entry.data.get("parties", [])
        lines.append(f"  parties and signatories: {len(parties)}")
        for party in parties:
            dates = ", ".join(
                f"{k} {party[k]}"
                for k in ("signed", "ratified", "in_force", "withdrawn")
                if party.get(k)
            )
            lines.append(f"    {party['state']}: {dates or 'dates unknown'}")
    missing = unknown_facts(entry)
    if missing:
        lines.append(f"  {UNKNOWN}: {', '.join(missing)}")
    return "\n".join(lines)


def entry_data(entry: Entry, as_of: date) -> dict:
    """An entry for other systems: every fact with its source, date and age; the facts nobody
    has sourced listed as unknown."""
    rest = {k: v for k, v in entry.data.items() if k not in ("facts", "sources")}
    return {
        **rest,
        "kind": entry.kind,
        "key": entry.key,
        "label": {"en": entry.label, "ru": entry.label_in("ru")},
        "facts": [
            {
                "name": fact.name,
                "value": fact.value,
                "source": fact.source,
                "locator": fact.locator,
                "verified_on": fact.verified_on.isoformat(),
                "confidence": fact.confidence,
                "note": fact.note,
                "stale": fact.is_stale(as_of, STALE_AFTER_DAYS),
            }
            for fact in entry.facts()
        ],
        "unknown": unknown_facts(entry),
    }
