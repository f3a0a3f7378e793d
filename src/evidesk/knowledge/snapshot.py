"""A read-only view of the whole knowledge base, as the advisor and the resolver see it.

Pure Python over the canonical record dicts: built from the database (`services.snapshot`) or
straight from a folder of files, so the advisor runs and tests without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from evidesk.wording import LANGUAGES, Named
from evidesk.wording import Wording as _

STALE_AFTER_DAYS = 365


@dataclass(frozen=True)
class FactView:
    name: str
    value: Any
    source: dict
    verified_on: date
    confidence: str
    locator: str | None = None
    note: str | None = None
    source_as_of: date | None = None

    def age_days(self, as_of: date) -> int:
        return (as_of - self.verified_on).days

    def is_stale(self, as_of: date, older_than_days: int = STALE_AFTER_DAYS) -> bool:
        return self.age_days(as_of) > older_than_days

    def citation(self) -> str:
        """One line naming the source, for plans, documents and pages (worded: English as
        text, the reader's language on the pages)."""
        return self._citation

    @cached_property
    def _citation(self) -> str:
        # Kept: a plan cites some twenty facts, and the entry keeps its facts (Entry.fact).
        where = self.source.get("url") or self.source.get("doc") or "?"
        title = self.source.get("doc") or self.source.get("title")
        parts = [title if title and title != where else None, where, self.locator]
        text, day = ", ".join(p for p in parts if p), self.verified_on.isoformat()
        if self.confidence == "secondary":
            return _("%(source)s (from a secondary source, verified on %(date)s)",
                     source=text, date=day)  # fmt: skip
        return _("%(source)s (verified in the source on %(date)s)", source=text, date=day)


@dataclass(frozen=True)
class Entry:
    """One jurisdiction, instrument or provider."""

    kind: str
    key: str
    data: dict

    def fact(self, name: str) -> FactView | None:
        if name not in self._facts:
            raw = self.data.get("facts", {}).get(name)
            found = fact_view(name, raw, self.data.get("sources", {})) if raw is not None else None
            self._facts[name] = found
        return self._facts[name]

    @cached_property
    def _facts(self) -> dict[str, FactView | None]:
        """The facts read so far, kept with the entry (built once per snapshot)."""
        return {}

    def party_citation(self, state: str) -> str:
        """The source of `state`'s record as a party to this instrument, worded and kept."""
        if state not in self._party_citations:
            party = self.parties_by_state[state]
            source = self.data.get("sources", {}).get(party["source"], {})
            self._party_citations[state] = _(
                "%(instrument)s: party record of %(state)s, %(source)s (verified on %(date)s)",
                instrument=self.named(), state=state, date=str(party["verified_on"]),
                source=source.get("url") or source.get("doc") or party["source"],
            )  # fmt: skip
        return self._party_citations[state]

    @cached_property
    def _party_citations(self) -> dict[str, str]:
        return {}

    def value(self, name: str, default: Any = None) -> Any:
        raw = self.data.get("facts", {}).get(name)
        return default if raw is None else raw["value"]

    def facts(self) -> list[FactView]:
        return [self.fact(name) for name in self.data.get("facts", {})]

    @cached_property
    def parties_by_state(self) -> dict[str, dict]:
        return {party["state"]: party for party in self.data.get("parties", [])}

    @property
    def label(self) -> str:
        if self.kind == "jurisdiction":
            names = self.value("names") or {}
            return names.get("en") or self.key
        if self.kind == "instrument":
            short = self.data.get("short_name") or self.data["name"]
            return short["en"]
        return self.data["name"]

    def label_in(self, language: str) -> str:
        if self.kind == "jurisdiction":
            return (self.value("names") or {}).get(language) or self.label
        if self.kind == "instrument":
            names = self.data.get("short_name") or self.data["name"]
            return names.get(language) or names["en"]
        return self.data["name"]

    def named(self) -> Named:
        """The label, with its forms in the catalogues' languages, for a worded message."""
        return Named(self.label, {language: self.label_in(language) for language in LANGUAGES})


def fact_view(name: str, raw: dict, sources: dict) -> FactView:
    return FactView(
        name=name,
        value=raw["value"],
        source=sources.get(raw["source"], {}),
        verified_on=_date(raw["verified_on"]),
        confidence=raw["confidence"],
        locator=raw.get("locator"),
        note=raw.get("note"),
        source_as_of=_date(raw["source_as_of"]) if raw.get("source_as_of") else None,
    )


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


class KnowledgeSnapshot:
    def __init__(self, records: dict[str, dict[str, dict]]) -> None:
        self.records = {kind: dict(items) for kind, items in records.items()}
        self._entries: dict[tuple[str, str], Entry] = {}

    @classmethod
    def from_folder(cls, folder: Path) -> KnowledgeSnapshot:
        from evidesk.knowledge import files

        kb = files.read_folder(folder)
        if not kb.ok:
            raise ValueError("; ".join(str(p) for p in kb.problems[:5]))
        return cls(kb.records)

    def entry(self, kind: str, key: str) -> Entry | None:
        """The entry, built once per snapshot so that its derived indexes are kept."""
        cached = self._entries.get((kind, key))
        if cached is None:
            data = self.records.get(kind, {}).get(key)
            if data is None:
                return None
            cached = self._entries[(kind, key)] = Entry(kind, key, data)
        return cached

    def entries(self, kind: str) -> list[Entry]:
        return [self.entry(kind, key) for key in sorted(self.records.get(kind, {}))]

    def jurisdiction(self, code: str) -> Entry | None:
        return self.entry("jurisdiction", (code or "").upper())

    def instrument(self, key: str) -> Entry | None:
        return self.entry("instrument", key)

    def provider(self, key: str) -> Entry | None:
        return self.entry("provider", key)

    @cached_property
    def _domains(self) -> dict[str, str]:
        return {
            domain: pid
            for pid, data in self.records.get("provider", {}).items()
            for domain in data.get("domains", [])
        }

    @cached_property
    def _names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for pid, data in self.records.get("provider", {}).items():
            for name in [*data.get("brands", []), *data.get("platforms", []), data["name"]]:
                names.setdefault(_fold(name), pid)
        for pid in self.records.get("provider", {}):
            names[_fold(pid)] = pid  # an id always wins over another provider's brand
        return names

    def provider_for_host(self, host: str) -> str | None:
        """The provider owning a host name or any parent domain of it (mail.yandex.ru → yandex)."""
        labels = host.lower().rstrip(".").split(".")
        for start in range(len(labels) - 1):
            pid = self._domains.get(".".join(labels[start:]))
            if pid:
                return pid
        return None

    def provider_for_name(self, name: str) -> str | None:
        """A provider id, brand, platform or display name → the provider id."""
        return self._names.get(_fold(name)) if name else None

    @cached_property
    def _rates(self) -> dict[tuple[str, str], tuple[float, str, FactView]]:
        """Official exchange rates held by any jurisdiction, newest per currency pair."""
        rates: dict[tuple[str, str], tuple[float, str, FactView]] = {}
        for entry in self.entries("jurisdiction"):
            fact = entry.fact("exchange_rates")
            for item in fact.value if fact else []:
                pair, day = (item["from"], item["to"]), str(item["date"])
                if pair not in rates or rates[pair][1] < day:
                    rates[pair] = (item["rate"], day, fact)
        return rates

    def exchange_rate(self, source: str, target: str) -> tuple[float, str, FactView] | None:
        """(rate, date, fact) to convert an amount in `source` into `target`, if any is held."""
        if (source, target) in self._rates:
            return self._rates[(source, target)]
        inverse = self._rates.get((target, source))
        return (1 / inverse[0], inverse[1], inverse[2]) if inverse else None

    def provider_country(self, pid: str) -> str | None:
        entry = self.provider(pid)
        return entry.value("headquarters") if entry else None


def _fold(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())
