"""The case facts the advisor reads, checked field by field. Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import pycountry

from evidesk.advisor.errors import FactsError
from evidesk.advisor.timewindows import interpret

CATEGORIES = ("subscriber", "identification", "traffic", "content")
# DESIGN.md §4, the stable vocabulary: add to it, never rename.
CHANNELS = (
    "domestic", "open_source", "network_247", "requested_authority", "direct_provider",
    "police_cooperation", "mla", "protocol2_art6", "protocol2_art7", "protocol2_art9", "eu_epoc",
    "eu_epoc_pr", "emergency_provider",
)  # fmt: skip
# Channels on which the provider itself receives the request; on the others a state's authority.
PROVIDER_CHANNELS = frozenset({
    "direct_provider", "emergency_provider", "protocol2_art6", "protocol2_art7", "eu_epoc",
    "eu_epoc_pr",
})  # fmt: skip
STAGES = ("investigation", "prosecution", "trial")
REQUEST_TYPES = (
    "preservation",
    "extension",
    "disclosure",
    "emergency",
    "mla_stored",
    "mla_realtime",
    "follow_up",
)


@dataclass(frozen=True)
class Offence:
    name: str
    provision: str = ""
    max_penalty_years: float | None = None


@dataclass(frozen=True)
class HistoryItem:
    type: str
    sent: date
    channel: str = ""
    provider: str = ""
    reference: str = ""
    confirmed: date | None = None


@dataclass(frozen=True)
class TargetFacts:
    identifier: str
    data: tuple[str, ...]
    period_from: str | None = None
    period_to: str | None = None
    period_tz: str | None = None
    provider: str | None = None
    provider_country: str | None = None
    realtime: bool = False
    relevance: str = ""
    history: tuple[HistoryItem, ...] = ()
    platform: str | None = None


@dataclass(frozen=True)
class CaseFacts:
    as_of: date
    requesting_country: str
    targets: tuple[TargetFacts, ...]
    offences: tuple[Offence, ...] = ()
    facts: str = ""
    damages_amount: Decimal | None = None
    damages_currency: str | None = None
    stage: str = "investigation"
    emergency_threat: str | None = None
    reference: str = ""
    title: str = ""
    extra: dict = field(default_factory=dict)


def parse_case(raw: Any, as_of: date | None = None) -> CaseFacts:
    """Build CaseFacts from a scenario mapping; raise FactsError listing every bad field."""
    problems: list[tuple[str, str]] = []
    if not isinstance(raw, dict):
        raise FactsError([("-", "the file must hold one mapping (title, requesting_country, …)")])
    case = raw.get("case") or {}
    if not isinstance(case, dict):
        problems.append(("case", "must be a mapping"))
        case = {}
    result_as_of = _date(raw.get("as_of"), "as_of", problems) if raw.get("as_of") else as_of
    if result_as_of is None:
        result_as_of = date.today()
    requesting = _country(raw.get("requesting_country"), "requesting_country", problems, True)
    offences = tuple(_offences(case.get("offences") or [], problems))
    amount, currency = _damages(case.get("damages"), problems)
    stage = case.get("stage") or "investigation"
    if stage not in STAGES:
        problems.append(("case.stage", f"unknown stage {stage!r}: one of {', '.join(STAGES)}"))
    emergency = case.get("emergency")
    threat = None
    if emergency:
        threat = emergency.get("threat") if isinstance(emergency, dict) else str(emergency)
        if not threat or not str(threat).strip():
            problems.append(("case.emergency.threat", "describe the threat to life or safety"))
    raw_targets = raw.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        problems.append(("targets", "at least one target is needed"))
        raw_targets = []
    targets = tuple(
        t for i, item in enumerate(raw_targets) if (t := _target(item, f"targets[{i}]", problems))
    )
    if problems:
        raise FactsError(problems)
    return CaseFacts(
        as_of=result_as_of,
        requesting_country=requesting,
        targets=targets,
        offences=offences,
        facts=str(case.get("facts") or ""),
        damages_amount=amount,
        damages_currency=currency,
        stage=stage,
        emergency_threat=str(threat) if threat else None,
        reference=str(case.get("reference") or ""),
        title=str(raw.get("title") or ""),
    )


def _country(value: Any, where: str, problems: list, required: bool = False) -> str | None:
    if value in (None, ""):
        if required:
            problems.append((where, "required: an ISO 3166-1 alpha-2 code such as GE"))
        return None
    code = str(value).strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        problems.append((where, f"unknown country code {value!r}: use ISO 3166-1 alpha-2, e.g. GE"))
        return None
    return code


def _date(value: Any, where: str, problems: list) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append((where, f"not a date: {value!r} (write it as YYYY-MM-DD)"))
        return None


def _offences(items: Any, problems: list) -> list[Offence]:
    if not isinstance(items, list):
        problems.append(("case.offences", "must be a list"))
        return []
    offences = []
    for i, item in enumerate(items):
        where = f"case.offences[{i}]"
        if not isinstance(item, dict) or not str(item.get("name") or "").strip():
            problems.append((where, "each offence needs a name"))
            continue
        penalty = item.get("max_penalty_years")
        if penalty is not None and (not isinstance(penalty, int | float) or penalty < 0):
            problems.append((f"{where}.max_penalty_years", "must be a number of years"))
            penalty = None
        offences.append(Offence(str(item["name"]), str(item.get("provision") or ""), penalty))
    return offences


def _damages(value: Any, problems: list) -> tuple[Decimal | None, str | None]:
    if not value:
        return None, None
    if not isinstance(value, dict):
        problems.append(("case.damages", "give {amount: 12000, currency: USD}"))
        return None, None
    try:
        amount = Decimal(str(value.get("amount")))
    except InvalidOperation:
        problems.append(("case.damages.amount", f"not a number: {value.get('amount')!r}"))
        return None, None
    if amount < 0 or not amount.is_finite():
        problems.append(("case.damages.amount", "must be zero or more"))
    currency = str(value.get("currency") or "").upper()
    if pycountry.currencies.get(alpha_3=currency) is None:
        problems.append(
            ("case.damages.currency", f"unknown currency {currency!r} (ISO 4217, e.g. USD)")
        )
    return amount, currency


def _target(item: Any, where: str, problems: list) -> TargetFacts | None:
    if not isinstance(item, dict):
        problems.append((where, "must be a mapping with an identifier"))
        return None
    identifier = str(item.get("identifier") or "").strip()
    if not identifier:
        problems.append((f"{where}.identifier", "required"))
    data = item.get("data") or []
    if isinstance(data, str):
        data = [data]
    if not data:
        problems.append((f"{where}.data", f"say which data are sought: {', '.join(CATEGORIES)}"))
    for j, category in enumerate(data):
        if category not in CATEGORIES:
            problems.append(
                (
                    f"{where}.data[{j}]",
                    f"unknown data category {category!r}: one of {', '.join(CATEGORIES)}",
                )
            )
    period = item.get("period") or {}
    if not isinstance(period, dict):
        problems.append((f"{where}.period", "give from, to and tz"))
        period = {}
    history = tuple(_history(item.get("history") or [], f"{where}.history", problems))
    try:
        interpret(
            _text(period.get("from")),
            _text(period.get("to")),
            _text(period.get("tz")),
            f"{where}.period",
        )
    except FactsError as exc:
        problems.extend(exc.problems)
    return TargetFacts(
        identifier=identifier,
        data=tuple(dict.fromkeys(data)),
        period_from=_text(period.get("from")),
        period_to=_text(period.get("to")),
        period_tz=_text(period.get("tz")),
        provider=_text(item.get("provider")),
        provider_country=_country(
            item.get("provider_country"), f"{where}.provider_country", problems
        ),
        realtime=bool(item.get("realtime")),
        relevance=str(item.get("relevance") or ""),
        history=history,
        platform=_text(item.get("platform")),
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _history(items: Any, where: str, problems: list) -> list[HistoryItem]:
    if not isinstance(items, list):
        problems.append((where, "must be a list"))
        return []
    history = []
    for i, item in enumerate(items):
        here = f"{where}[{i}]"
        if not isinstance(item, dict):
            problems.append((here, "must be a mapping"))
            continue
        kind = item.get("type")
        if kind not in REQUEST_TYPES:
            problems.append((f"{here}.type", f"unknown request type {kind!r}"))
        sent = _date(item.get("sent"), f"{here}.sent", problems)
        confirmed = (
            _date(item["confirmed"], f"{here}.confirmed", problems)
            if item.get("confirmed")
            else None
        )
        if sent and kind in REQUEST_TYPES:
            history.append(
                HistoryItem(
                    kind,
                    sent,
                    str(item.get("channel") or ""),
                    str(item.get("provider") or ""),
                    str(item.get("reference") or ""),
                    confirmed,
                )
            )
    return history
