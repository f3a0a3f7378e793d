"""The format of the knowledge-base data files, checked on load, on import and by `kb validate`.

Every fact is an envelope: its value, the id of a source listed in the same file, where in the
source, the day it was verified and how sure we are. A fact nobody could source is absent.
Pure pydantic, no Django: the advisor reads the same structures.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from evidesk.wording import Wording as _
from evidesk.zones import iana_names

Iso2 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=60)]
SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
Region = Annotated[str, StringConstraints(pattern=r"^([A-Z]{2}|EEA|ROW)$")]
Lang = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Z][a-z]{3})?$")]
Category = Literal["subscriber", "identification", "traffic", "content"]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]


def _iana_zone(name: str) -> str:
    # Times in requests are read in these zones: a misspelt one would be taken silently for
    # UTC or fail when a request is drafted.
    if name not in iana_names():
        raise ValueError(_("%(zone)s is not a time zone of the IANA database (such as "
                           "Asia/Tbilisi or Europe/Moscow)", zone=name))  # fmt: skip
    return name


TimeZone = Annotated[str, AfterValidator(_iana_zone)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    doc: Text | None = None
    title: Text | None = None
    publisher: Text | None = None

    @model_validator(mode="after")
    def _has_reference(self) -> Source:
        if not (self.url or self.doc):
            raise ValueError("a source needs a url or a doc")
        return self


class Localized(Strict):
    en: Text
    ru: Text | None = None


# --- typed values -------------------------------------------------------------------------------


class Entity(Strict):
    name: Text
    country: Iso2 | None = None
    serves: list[Region] = []
    role: Text | None = None


class Affiliate(Strict):
    country: Iso2
    name: Text
    services: list[Text] = []  # the brands it answers for; empty = all of the provider's
    note: Text | None = None


class Channel(Strict):
    name: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    note: Text | None = None


DisclosurePolicy = Literal["direct", "case_by_case", "mla_only", "home_authorities_only", "never"]


class DisclosureByCategory(Strict):
    subscriber: DisclosurePolicy | None = None
    identification: DisclosurePolicy | None = None
    traffic: DisclosurePolicy | None = None
    content: DisclosurePolicy | None = None


class Retention(Strict):
    category: Category | Literal["ip_logs", "messages", "other"]
    days: int | None = Field(default=None, ge=0)
    note: Text | None = None


class RetentionLaw(Strict):
    country: Iso2
    law: Text


class Link(Strict):
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    title: Text | None = None


class Authority(Strict):
    role: Literal[
        "central_authority_mla",
        "central_authority_extradition",
        "contact_point_247",
        "prosecution",
        "police_cyber",
    ]
    name: Text
    name_ru: Text | None = None
    address: Text | None = None
    phone: Text | None = None
    fax: Text | None = None
    email: Text | None = None
    url: Text | None = None
    hours: Text | None = None
    # Where a state splits its requests by their addressee (Uzbekistan: those for a court pass
    # through the Ministry of Justice, those for an investigator through the prosecutor's
    # office): true, it receives only requests for a court; false, only those made before trial.
    for_courts: bool | None = None
    # The instrument it was designated under (Azerbaijan's Budapest declarations), when it
    # receives only the requests made under that instrument.
    under: Slug | None = None
    note: Text | None = None


class Money(Strict):
    amount: float = Field(gt=0)
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    note: Text | None = None


Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class ExchangeRate(Strict):
    """An official rate: 1 unit of `from` is worth `rate` units of `to` on `date`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_currency: Currency = Field(alias="from")
    to_currency: Currency = Field(alias="to")
    rate: float = Field(gt=0)
    date: date


class Preservation(Strict):
    days: int | None = Field(default=None, gt=0)
    extension_days: int | None = Field(default=None, gt=0)
    max_extensions: int | None = Field(default=None, ge=0)
    basis: Text | None = None
    note: Text | None = None


class DataRetention(Strict):
    mandatory: bool
    period_days: int | None = Field(default=None, gt=0)
    note: Text | None = None


class Standards(Strict):
    subscriber: Text | None = None
    identification: Text | None = None
    traffic: Text | None = None
    content: Text | None = None
    realtime: Text | None = None


class DirectDisclosureLaw(Strict):
    subscriber: Literal["allowed", "prohibited"] | None = None
    identification: Literal["allowed", "prohibited"] | None = None
    traffic: Literal["allowed", "prohibited"] | None = None
    content: Literal["allowed", "prohibited"] | None = None


Measure = Literal["realtime_traffic", "interception", "search", "stored_content"]

# Each fact name of each kind, with the type of its value.
PROVIDER_FACTS: dict[str, Any] = {
    "headquarters": Iso2,
    "legal_entities": list[Entity],
    "domestic_affiliates": list[Affiliate],
    "le_channel": Channel,
    "accepts_foreign_preservation": Literal["yes", "courtesy", "no"],
    "preservation_days": Annotated[int, Field(gt=0)],
    "preservation_extension_days": Annotated[int, Field(gt=0)],
    "preservation_max_extensions": Annotated[int, Field(ge=0)],
    "preservation_extension_lead_days": Annotated[int, Field(ge=0)],
    "foreign_disclosure": DisclosureByCategory,
    "accepts_emergency_requests": bool,
    "emergency_channel": Channel,
    "user_notification": Literal[
        "notifies_by_default", "notifies_if_required_by_law", "does_not_notify"
    ],
    "content_e2ee": Literal["all", "partial", "none"],
    "judicial_order_required": bool,
    # A bank, payment or other financial service, outside the EU e-Evidence Regulation.
    "financial_service": bool,
    # Each public address it gives out belongs to one customer's server or account at a time
    # (hosting, cloud): the address and the time name the customer, with no source port.
    "dedicated_addresses": bool,
    "retention": list[Retention],
    "cooperation": Literal["le_friendly", "limited", "not_le_friendly"],
    "records_timezone": TimeZone,
    "languages_accepted": list[Lang],
    "subject_to_retention_law": list[RetentionLaw],
    "transparency_report": Link,
    "certification": Text,
}

INSTRUMENT_FACTS: dict[str, Any] = {
    "adopted": date,
    "signed": date,
    "opened_for_signature": date,
    "in_force": date,
    "applies_from": date,
    # Ratified by some, yet not in force for anyone: too few ratifications when last read.
    "awaiting_entry_into_force": bool,
    "eif_rule": Text,
    "status": Text,
    "relations": Text,
    # Instruments whose parties no longer apply this one between themselves (the 1993 Minsk
    # Convention between parties to the 2002 Chisinau Convention, its art. 120(3)).
    "ceases_between_parties_of": list[Slug],
    "preservation_min_days": Annotated[int, Field(gt=0)],
    # Data preserved for another party stay preserved once its disclosure request is received,
    # until it is decided (Budapest art. 29(7)).
    "preserved_pending_decision": bool,
    "preservation_days": Annotated[int, Field(gt=0)],
    "preservation_extension_days": Annotated[int, Field(gt=0)],
    "production_deadline_days": Annotated[int, Field(gt=0)],
    "emergency_deadline_hours": Annotated[int, Field(gt=0)],
    "provisions": dict[Slug, Text],
    # Which offences the instrument's assistance is for, when not every offence: the corruption
    # offences it establishes, or serious crime involving an organised criminal group.
    "offence_scope": Literal["corruption", "organised_crime"],
    # "Serious crime" where the scope is organised crime: the least maximum penalty, in years.
    "serious_crime_min_years": Annotated[float, Field(gt=0)],
    # An order the requesting party issues under its own law and serves straight on a provider
    # of the other party (a CLOUD Act agreement): the categories it may obtain.
    "orders_to_providers": list[Category],
    # States whose citizens, nationals and permanent residents the other parties' orders may
    # not target, wherever they are (the US under its CLOUD Act agreements).
    "protected_persons_of": list[Iso2],
    # Such an order, or a production order, only for offences punishable by at least this
    # maximum penalty, in years (for the categories of order_min_penalty_categories, else all).
    "order_min_penalty_years": Annotated[float, Field(gt=0)],
    "order_min_penalty_categories": list[Category],
    # Categories a production order must be issued or validated by a judge or court for.
    "judicial_order_categories": list[Category],
    # Its orders do not reach providers of financial services (banking, payment, credit).
    "excludes_financial_services": bool,
    # Languages a request under it may be written in besides the requested party's own.
    "request_languages": list[Lang],
    # It calls a request a commission for legal assistance, the title the requested side looks
    # for (the CIS conventions, art. 7).
    "requests_are_commissions": bool,
}

JURISDICTION_FACTS: dict[str, Any] = {
    "names": Localized,
    "official_languages": list[Lang],
    "eu_member": bool,
    "timezones": list[TimeZone],
    "authorities": list[Authority],
    "authorities_mla": list[Authority],
    "authorities_247": list[Authority],
    "authorities_un_cybercrime": list[Authority],
    "languages_accepted": list[Lang],
    "de_minimis": Money,
    "preservation": Preservation,
    "data_retention": DataRetention,
    "own_investigation_required_for": list[Measure],
    "evidentiary_standard": Standards,
    "foreign_direct_disclosure": DirectDisclosureLaw,
    "guides": list[Link],
    "mla_typical_months": Annotated[float, Field(gt=0)],
    "exchange_rates": list[ExchangeRate],
    "political_offence_exception": bool,
}

FACTS_BY_KIND = {
    "provider": PROVIDER_FACTS,
    "instrument": INSTRUMENT_FACTS,
    "jurisdiction": JURISDICTION_FACTS,
}


class Fact(Strict):
    value: Any
    source: SourceId
    locator: Text | None = None
    verified_on: date
    confidence: Literal["verified", "secondary"]
    source_as_of: date | None = None
    note: Text | None = None


class Party(Strict):
    state: Annotated[str, StringConstraints(pattern=r"^([A-Z]{2}|EU)$")]
    signed: date | None = None
    ratified: date | None = None
    consent_type: (
        Literal[
            "ratification", "accession", "acceptance", "approval", "succession", "signature_only"
        ]
        | None
    ) = None
    in_force: date | None = None
    withdrawn: date | None = None
    source: SourceId
    verified_on: date
    confidence: Literal["verified", "secondary"]
    source_as_of: date | None = None
    note: Text | None = None


class Record(Strict):
    sources: dict[SourceId, Source] = {}
    facts: dict[str, Fact] = {}

    @model_validator(mode="after")
    def _facts_cite_sources(self) -> Record:
        for name, fact in self.facts.items():
            if fact.source not in self.sources:
                raise ValueError(f"facts.{name}: source {fact.source!r} is not in `sources`")
        return self


class ProviderRecord(Record):
    id: Slug
    name: Text
    brands: list[Text] = []
    domains: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$")]] = []
    platforms: list[Slug] = []
    parent: Slug | None = None


class InstrumentRecord(Record):
    id: Slug
    name: Localized
    short_name: Localized | None = None
    kind: Literal["multilateral", "regional", "bilateral", "eu_regulation", "executive_agreement"]
    reference: Text | None = None
    parties: list[Party] = []

    @field_validator("parties")
    @classmethod
    def _one_row_per_state(cls, parties: list[Party]) -> list[Party]:
        seen = [p.state for p in parties]
        duplicates = sorted({s for s in seen if seen.count(s) > 1})
        if duplicates:
            raise ValueError(f"states listed twice: {', '.join(duplicates)}")
        return parties

    @model_validator(mode="after")
    def _parties_cite_sources(self) -> InstrumentRecord:
        for party in self.parties:
            if party.source not in self.sources:
                raise ValueError(
                    f"parties.{party.state}: source {party.source!r} is not in `sources`"
                )
        return self


class JurisdictionRecord(Record):
    code: Iso2


MODELS: dict[str, type[Record]] = {
    "provider": ProviderRecord,
    "instrument": InstrumentRecord,
    "jurisdiction": JurisdictionRecord,
}
KEY_FIELD = {"provider": "id", "instrument": "id", "jurisdiction": "code"}
FOLDERS = {"provider": "providers", "instrument": "instruments", "jurisdiction": "jurisdictions"}


def fact_value_errors(kind: str, facts: dict[str, Fact]) -> list[tuple[str, str]]:
    """(field, message) for each fact unknown to its kind or whose value has the wrong type."""
    from pydantic import TypeAdapter, ValidationError

    errors = []
    known = FACTS_BY_KIND[kind]
    for name, fact in facts.items():
        if name not in known:
            errors.append((f"facts.{name}", f"unknown fact for a {kind}"))
            continue
        try:
            TypeAdapter(known[name]).validate_python(fact.value)
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"])
                errors.append(
                    (f"facts.{name}.value{'.' + where if where else ''}", error_message(err))
                )
    return errors


_TYPES = {
    "string_type": _("must be a text"),
    "int_type": _("must be a whole number"),
    "int_parsing": _("must be a whole number"),
    "int_from_float": _("must be a whole number"),
    "float_type": _("must be a number"),
    "float_parsing": _("must be a number"),
    "bool_type": _("must be yes or no (true or false)"),
    "bool_parsing": _("must be yes or no (true or false)"),
    "list_type": _("must be a list"),
    "dict_type": _("must be a set of fields (a mapping)"),
    "model_type": _("must be a set of fields (a mapping)"),
    "date_type": _("must be a date (YYYY-MM-DD)"),
    "date_parsing": _("must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": _("must be a date (YYYY-MM-DD)"),
    "missing": _("missing: this field is required"),
    "extra_forbidden": _("not a field of this entry"),
}


def error_message(err: Any) -> str:
    """A pydantic error (`ValidationError.errors()` item) as a message the pages translate;
    kinds not worded here keep pydantic's English."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind in _TYPES:
        return _TYPES[kind]
    if kind == "literal_error":
        # pydantic lists the choices as "'a', 'b' or 'c'": the codes to type, without the "or".
        allowed = ctx["expected"].replace(" or ", ", ")
        return _("not one of the allowed values: %(allowed)s", allowed=allowed)
    if kind == "string_too_long":
        return _("too long: at most %(limit)d characters", limit=ctx["max_length"])
    if kind == "too_long":
        return _("too many items: at most %(limit)d", limit=ctx["max_length"])
    if kind == "string_too_short":
        return _("empty: give a text")
    if kind == "string_pattern_mismatch":
        return _("not in the expected form (%(pattern)s)", pattern=ctx["pattern"])
    if kind == "greater_than":
        return _("must be more than %(limit)s", limit=ctx["gt"])
    if kind == "greater_than_equal":
        return _("must be at least %(limit)s", limit=ctx["ge"])
    if kind == "value_error" and isinstance(ctx.get("error"), ValueError):
        reason = ctx["error"].args[0] if ctx["error"].args else ""
        return reason if isinstance(reason, _) else err["msg"]
    return err["msg"]


_WHITESPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()
