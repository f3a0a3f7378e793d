"""Everything a drafted request says, as plain data: built from a scenario file (no database)
or from a stored case and request. The advisor supplies what the user did not: the channel,
legal basis, instrument and addressee of the step the request carries out."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from evidesk.advisor.engine import advise
from evidesk.advisor.facts import (
    PROVIDER_CHANNELS,
    REQUEST_TYPES,
    HistoryItem,
    Offence,
    parse_case,
)

# The CLI's names for the request types, and the stored request types they stand for.
TYPES = {
    "preservation": "preservation",
    "extension": "extension",
    "disclosure": "disclosure",
    "emergency": "emergency",
    "mla-stored": "mla_stored",
    "mla-realtime": "mla_realtime",
    "follow-up": "follow_up",
}
# The plan step each type carries out.
STEP_FOR = {
    "preservation": ("preserve", None),
    "extension": ("extend_preservation", None),
    "disclosure": ("disclose", "direct"),
    "emergency": ("emergency_disclose", None),
    "mla_stored": ("disclose", "mla"),
    "mla_realtime": ("realtime_collect", None),
    "follow_up": ("follow_up", None),
}


@dataclass(frozen=True)
class Authority:
    organisation: str = ""
    person: str = ""
    position: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    out_of_hours: str = ""
    office_hours: str = ""


@dataclass(frozen=True)
class Period:
    zone: str | None = None
    from_local: str | None = None
    to_local: str | None = None
    from_utc: str | None = None
    to_utc: str | None = None


@dataclass(frozen=True)
class Target:
    identifier: str
    kind: str = ""
    provider: str = ""
    provider_name: str = ""
    provider_country: str = ""
    data: tuple[str, ...] = ()
    period: Period = field(default_factory=Period)
    relevance: str = ""
    # The advisor found the address shared behind carrier-grade NAT (an IPv4 address without
    # its port, not one a hosting company gives to one customer): its rule, not a second one.
    shared_address: bool = False


@dataclass(frozen=True)
class Previous:
    date: str = ""
    reference: str = ""
    channel: str = ""
    type: str = ""  # the earlier request's type (a preservation, a disclosure), where known


@dataclass(frozen=True)
class DraftInput:
    type: str
    date: date
    reference: str
    requesting_country: str
    requested_country: str = ""
    authority: Authority = field(default_factory=Authority)
    addressee: str = ""
    channel: str = ""
    legal_basis: str = ""
    instrument: str = ""
    offences: tuple[Offence, ...] = ()
    facts: str = ""
    # Who the request concerns (their names, birth, residence, citizenship, occupation), which
    # a commission under the CIS conventions states (art. 7).
    persons: str = ""
    # The damage the offence caused, as the case records it (amount and ISO 4217 currency).
    damages_amount: Decimal | None = None
    damages_currency: str = ""
    conduct: str = ""  # what the person did, in factual terms, for dual criminality
    targets: tuple[Target, ...] = ()
    necessity: str = ""
    mla_intent: bool = True
    previous: Previous | None = None
    emergency_facts: str = ""
    purpose: str = ""
    realtime_start: str = ""
    realtime_duration: str = ""
    confidential: bool = True
    do_not_notify: bool = True
    urgent: bool = False
    urgency_reasons: str = ""
    certification: bool = False
    extra: dict = field(default_factory=dict)
    # What the receiver accepts, where the knowledge base says (`with_accepted_languages`).
    accepted_languages: tuple[str, ...] = ()
    accepted_by: object = ""  # the receiver's name, worded
    accepted_source: object = ""  # the fact's citation, worded
    # Its instrument calls it a commission for legal assistance (the CIS conventions).
    commission: bool = False


def _step(planned_target: dict, kind: str) -> dict | None:
    action, channel = STEP_FOR[kind]
    for step in planned_target.get("steps", []):
        if step["action"] != action:
            continue
        if channel == "mla" and step["channel"] != "mla":
            continue
        if channel == "direct" and step["channel"] == "mla":
            continue
        return step
    return None


def _target(planned: dict) -> Target:
    period = planned.get("period") or {}
    return Target(
        identifier=planned.get("normalized") or planned.get("identifier", ""),
        kind=planned.get("kind") or "",
        provider=planned.get("provider") or "",
        provider_name=planned.get("provider_name") or "",
        provider_country=planned.get("provider_country") or "",
        data=tuple(planned.get("data") or ()),
        shared_address=any(w["code"] == "ip_without_port" for w in planned.get("warnings", [])),
        period=Period(
            zone=period.get("zone"),
            from_local=period.get("from_local"),
            to_local=period.get("to_local"),
            from_utc=period.get("from_utc"),
            to_utc=period.get("to_utc"),
        ),
        relevance=planned.get("relevance", ""),
    )


# The earlier requests a request of each type refers to (T-CY templates: the preservation an
# extension or a disclosure builds on; any request a follow-up chases).
KEPT = ("preservation", "extension")
REFERS_TO = {
    "extension": KEPT,
    "disclosure": KEPT,
    "mla_stored": KEPT,
    "mla_realtime": KEPT,
    "follow_up": REQUEST_TYPES,
}


def _earlier(history: list[HistoryItem], kind: str) -> Previous | None:
    """The latest earlier request the scenario's targets record that this type refers to."""
    items = [item for item in history if item.type in REFERS_TO.get(kind, ())]
    if not items:
        return None
    item = max(items, key=lambda i: i.sent)
    return Previous(
        date=item.sent.isoformat(), reference=item.reference, channel=item.channel, type=item.type
    )


def from_scenario(raw: dict[str, Any], kind: str, snapshot) -> DraftInput:
    """The draft of one request type for a scenario (all its targets), with the advisor's
    choices; the scenario's optional `draft:` mapping fills or overrides the rest."""
    facts = parse_case(raw)
    plan = advise(facts, snapshot)
    relevance = {t.identifier: t.relevance for t in facts.targets}
    targets = []
    step = None
    for planned, given in zip(plan["targets"], facts.targets, strict=True):
        targets.append(replace(_target(planned), relevance=relevance.get(given.identifier, "")))
        step = step or _step(planned, kind)
    extra = raw.get("draft") or {}
    if not isinstance(extra, dict):
        raise ValueError("draft: must be a mapping")
    base = DraftInput(
        type=kind,
        date=facts.as_of,
        reference=facts.reference,
        requesting_country=facts.requesting_country,
        requested_country=next((t.provider_country for t in targets if t.provider_country), ""),
        addressee=(step or {}).get("addressee", ""),
        channel=(step or {}).get("channel", ""),
        legal_basis=(step or {}).get("legal_basis", ""),
        instrument=(step or {}).get("instrument", ""),
        offences=facts.offences,
        facts=facts.facts,
        damages_amount=facts.damages_amount,
        damages_currency=facts.damages_currency or "",
        targets=tuple(targets),
        emergency_facts=facts.emergency_threat or "",
        previous=_earlier([item for t in facts.targets for item in t.history], kind),
    )
    return with_knowledge(apply_overrides(base, extra), snapshot)


def with_knowledge(draft: DraftInput, snapshot) -> DraftInput:
    """The draft with what the knowledge base says of its receiver and its instrument."""
    instrument = snapshot.instrument(draft.instrument) if draft.instrument else None
    fact = instrument.fact("requests_are_commissions") if instrument else None
    commission = bool(fact and fact.value)
    return replace(with_accepted_languages(draft, snapshot), commission=commission)


def with_accepted_languages(draft: DraftInput, snapshot) -> DraftInput:
    """The draft with the languages its receiver accepts requests in: the provider's for a
    request sent to it, else the requested state's; none where the knowledge base is silent."""
    provider = next((t.provider for t in draft.targets if t.provider), "")
    if draft.channel in PROVIDER_CHANNELS and provider:
        receiver = snapshot.provider(provider)
    else:
        receiver = (
            snapshot.jurisdiction(draft.requested_country) if draft.requested_country else None
        )
    fact = receiver.fact("languages_accepted") if receiver else None
    if not (fact and fact.value):
        return replace(draft, accepted_languages=(), accepted_by="", accepted_source="")
    return replace(
        draft,
        accepted_languages=tuple(fact.value),
        accepted_by=receiver.named(),
        accepted_source=fact.citation(),
    )


SIMPLE_OVERRIDES = (
    "addressee",
    "channel",
    "legal_basis",
    "instrument",
    "requested_country",
    "necessity",
    "mla_intent",
    "emergency_facts",
    "purpose",
    "persons",
    "conduct",
    "realtime_start",
    "realtime_duration",
    "confidential",
    "do_not_notify",
    "urgent",
    "urgency_reasons",
    "certification",
)


FLAGS = ("mla_intent", "confidential", "do_not_notify", "urgent", "certification")


def on_channel(draft: DraftInput, channel: str) -> DraftInput:
    """The draft sent on `channel`. The plan words the addressee, legal basis and instrument
    for the channel it chose: on another one they would send a 24/7 Network request to the
    provider's portal under the provider's policy, so they are left for the user to give and
    the check asks for them."""
    if not channel or channel == draft.channel:
        return draft
    return replace(draft, channel=channel, addressee="", legal_basis="", instrument="")


def apply_overrides(base: DraftInput, extra: dict) -> DraftInput:
    """Fill the draft with what the user gave: simple fields, the authority, the earlier
    request."""
    base = on_channel(base, str(extra.get("channel") or ""))
    changes: dict[str, Any] = {
        name: bool(extra[name]) if name in FLAGS else str(extra[name])
        for name in SIMPLE_OVERRIDES
        if extra.get(name) is not None
    }
    if isinstance(extra.get("authority"), dict):
        known = Authority.__dataclass_fields__
        changes["authority"] = Authority(
            **{k: str(v) for k, v in extra["authority"].items() if k in known and v is not None}
        )
    if isinstance(extra.get("previous"), dict):
        previous = extra["previous"]
        changes["previous"] = Previous(
            date=str(previous.get("date") or ""),
            reference=str(previous.get("reference") or ""),
            channel=str(previous.get("channel") or ""),
            type=str(previous.get("type") or ""),
        )
    return replace(base, **changes)
