"""How knowledge-base entries read to a person: shared by `kb show` and the pages."""

from __future__ import annotations

from datetime import date
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from evidesk.knowledge import schema
from evidesk.knowledge.labels import code_label, field_label
from evidesk.knowledge.snapshot import STALE_AFTER_DAYS, Entry
from evidesk.system.language import country_name, yes_or_no

UNKNOWN = "unknown"


def fact_text(kind: str, name: str, value: Any) -> str:
    """A fact's value on one line, read as the schema of its kind says."""
    return value_text(value, schema.FACTS_BY_KIND[kind].get(name))


def value_text(value: Any, shape: Any = None) -> str:
    """A value on one line in the active language: lists joined, yes or no, a structure's fields
    labelled (a plain mapping's keys as they are), a country named beside its code, and the
    codes its `shape` (the schema's type) enumerates named in words."""
    if isinstance(value, str) and _names_a_country(shape):
        return f"{country_name(value)} ({value})"
    arms = _arms(shape)
    if isinstance(value, bool):
        return yes_or_no(value)
    if isinstance(value, list):
        item = next((get_args(a)[0] for a in arms if get_origin(a) is list), None)
        return "; ".join(value_text(v, item) for v in value) or "—"
    if isinstance(value, dict):
        model = next((a for a in arms if isinstance(a, type) and issubclass(a, BaseModel)), None)
        fields = _fields(model) if model else {}
        entry = next((get_args(a)[1] for a in arms if get_origin(a) is dict), None)
        # In the schema's order of fields (or a plain mapping's keys sorted), never the order
        # the database gives: PostgreSQL keeps a JSON object's keys sorted by length.
        keys = [k for k in fields if k in value] + sorted(k for k in value if k not in fields)
        return ", ".join(
            f"{field_label(k) if model else k}: {value_text(value[k], fields.get(k, entry))}"
            for k in keys
            if value[k] not in (None, [])
        )
    if isinstance(value, str) and any(
        value in get_args(a) for a in arms if get_origin(a) is Literal
    ):
        return code_label(value)
    return str(value)


def _names_a_country(shape: Any) -> bool:
    """Whether the schema's type is an ISO 3166 code (a headquarters, an entity's country)."""
    if get_origin(shape) in (Union, UnionType):
        return schema.Iso2 in get_args(shape)
    return shape == schema.Iso2


def _arms(shape: Any) -> list:
    """The types a value of `shape` may have: its constraints set aside, its unions opened."""
    origin = get_origin(shape)
    if origin is Annotated:
        return _arms(get_args(shape)[0])
    if origin in (Union, UnionType):
        return [arm for each in get_args(shape) for arm in _arms(each)]
    return [shape]


def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """A model's fields by the names the data files use (an alias where it has one)."""
    return {f.alias or name: f.annotation for name, f in model.model_fields.items()}


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
        lines.append(f"  {fact.name}: {fact_text(entry.kind, fact.name, fact.value)}{stale}")
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
