"""The advisor: case facts + knowledge-base snapshot + a date in, an explained plan out.

Pure Python, no Django: the CLI, the pages, the API and the drafting code call `advise`.
Every step and warning cites its sources: knowledge-base facts, or the published practice
behind the advisor's own rules (rules.yaml). What the knowledge base does not know is said to
be unknown, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from evidesk.advisor import instruments
from evidesk.advisor.facts import PROVIDER_CHANNELS, CaseFacts, TargetFacts
from evidesk.advisor.timewindows import Window, interpret
from evidesk.advisor.vocabulary import DATA_NAMES
from evidesk.knowledge.resolver import resolve
from evidesk.knowledge.snapshot import Entry, FactView, KnowledgeSnapshot
from evidesk.wording import Wording as _
from evidesk.wording import amount_named, authority_named, languages_named, series

RULES_FILE = Path(__file__).with_name("rules.yaml")
DIRECT_POLICIES = {"direct", "case_by_case"}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _plain(item) -> dict:
    """A step or warning as a JSON-ready dict (a shallow copy: its values are plain already)."""
    return {
        key: list(value) if isinstance(value, list) else value for key, value in vars(item).items()
    }


@cache
def rules() -> dict:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def rule_sources(names: list[str]) -> list[str]:
    catalogue = rules()["sources"]
    return [f"{catalogue[n]['title']}, {catalogue[n]['url']}" for n in names]


@dataclass
class Warning:
    code: str
    message: str
    sources: list[str]
    severity: str = ""

    def __post_init__(self) -> None:
        spec = rules()["warnings"][self.code]
        self.severity = self.severity or spec["severity"]
        self.sources = list(dict.fromkeys([*self.sources, *rule_sources(spec["sources"])]))


@dataclass
class Step:
    action: str
    channel: str
    why: str
    sources: list[str]
    alternatives: list[str] = field(default_factory=list)
    addressee: str = ""
    legal_basis: str = ""  # what the request states; `basis_note`: what the user should know of it
    basis_note: str = ""
    # The knowledge base's id of the instrument the legal basis rests on, when it rests on one.
    instrument: str = ""
    due: str | None = None
    data: list[str] = field(default_factory=list)
    contents: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sources = list(dict.fromkeys(self.sources))


@dataclass
class Context:
    """What is known about one target, gathered once for all the rules below."""

    case: CaseFacts
    target: TargetFacts
    snapshot: KnowledgeSnapshot
    resolution: dict
    provider: Entry | None
    requested: str | None
    requested_entry: Entry | None
    window: Window | None
    warnings: list[Warning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    memo: dict = field(default_factory=dict)

    def remember(self, key: str, compute):
        """Compute a derived fact once per target: several rules ask the same question."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @property
    def as_of(self) -> date:
        return self.case.as_of

    @property
    def requesting(self) -> str:
        return self.case.requesting_country

    @property
    def domestic(self) -> bool:
        return self.requested == self.requesting

    def warn(
        self, code: str, message: str, sources: list[str] | None = None, severity: str = ""
    ) -> None:
        if not any(w.code == code and w.message == message for w in self.warnings):
            self.warnings.append(Warning(code, message, sources or [], severity))

    def provider_fact(self, name: str) -> FactView | None:
        return self.provider.fact(name) if self.provider else None

    def state_fact(self, name: str) -> FactView | None:
        return self.requested_entry.fact(name) if self.requested_entry else None


def advise(case: CaseFacts, snapshot: KnowledgeSnapshot) -> dict:
    """The plan for every target of the case, as a JSON-ready dict."""
    case_warnings = _case_warnings(case)
    targets = [_plan_target(case, target, snapshot) for target in case.targets]
    return {
        "as_of": case.as_of.isoformat(),
        "requesting_country": case.requesting_country,
        "warnings": [_plain(w) for w in case_warnings],
        "targets": targets,
    }


def _case_warnings(case: CaseFacts) -> list[Warning]:
    keywords = rules()["settings"]["political_keywords"]
    hits = [o.name for o in case.offences if any(k in o.name.lower() for k in keywords)]
    if not hits:
        return []
    return [
        Warning(
            "political_offence_risk",
            _(
                "The offence (%(offences)s) may be seen abroad as political or as speech: "
                "treaties and providers may refuse. Describe the concrete harmful conduct, "
                "not the label.",
                offences=", ".join(hits),
            ),
            ["Convention on Cybercrime, arts. 27(4)(a) and 29(5): refusal for political offences"],
        )
    ]


# --- one target ------------------------------------------------------------------------------


def _plan_target(case: CaseFacts, target: TargetFacts, snapshot: KnowledgeSnapshot) -> dict:
    platform = target.platform or target.provider
    resolution = resolve(target.identifier, snapshot, platform, case.requesting_country)
    provider_id = _provider_id(target, resolution, snapshot)
    provider = snapshot.provider(provider_id) if provider_id else None
    requested = (
        target.provider_country
        or _serving_country(provider, case, snapshot)
        or (resolution.provider_country if resolution.kind == "phone" else None)
    )
    window = interpret(target.period_from, target.period_to, target.period_tz, "period")
    ctx = Context(
        case=case,
        target=target,
        snapshot=snapshot,
        resolution=resolution.as_dict(),
        provider=provider,
        requested=requested,
        requested_entry=snapshot.jurisdiction(requested) if requested else None,
        window=window,
    )
    if resolution.error:
        ctx.notes.append(_("identifier: %(problem)s", problem=resolution.error))
    if target.provider and provider is None:
        ctx.notes.append(
            _(
                "%(provider)s is not a provider in the knowledge base: verify who operates it "
                "and where.",
                provider=repr(target.provider),
            )
        )
    ctx.notes.extend(resolution.notes)
    _time_warnings(ctx)
    _identifier_warnings(ctx)
    steps = _steps(ctx)
    return {
        "identifier": target.identifier,
        "kind": resolution.kind,
        "normalized": resolution.normalized,
        "provider": provider_id,
        "provider_name": provider.label if provider else None,
        "provider_country": requested,
        "data": list(target.data),
        "realtime": target.realtime,
        "period": window.as_dict() if window else None,
        "steps": [_plain(s) for s in steps],
        "warnings": [
            _plain(w) for w in sorted(ctx.warnings, key=lambda w: SEVERITY_ORDER[w.severity])
        ],
        "notes": ctx.notes,
    }


def _provider_id(target: TargetFacts, resolution, snapshot: KnowledgeSnapshot) -> str | None:
    if target.provider:
        return snapshot.provider_for_name(target.provider) or None
    return resolution.provider


def _serving_country(
    provider: Entry | None, case: CaseFacts, snapshot: KnowledgeSnapshot
) -> str | None:
    """Country of the provider's entity serving users of the requesting state, else its seat,
    else the one country all its known entities are in (whom they serve may be unrecorded)."""
    if provider is None:
        return None
    entity = serving_entity(provider, case.requesting_country, snapshot)
    if entity and entity.get("country"):
        return entity["country"]
    entities = {e["country"] for e in provider.value("legal_entities") or [] if e.get("country")}
    return provider.value("headquarters") or (entities.pop() if len(entities) == 1 else None)


def serving_entity(provider: Entry, requesting: str, snapshot: KnowledgeSnapshot) -> dict | None:
    entities = provider.value("legal_entities") or []
    in_eu = bool(
        snapshot.jurisdiction(requesting) and snapshot.jurisdiction(requesting).value("eu_member")
    )
    for wanted in (requesting, "EEA" if in_eu else None, "ROW"):
        for entity in entities:
            if wanted and wanted in entity.get("serves", []):
                return entity
    return None


# --- warnings about the identifier and time -------------------------------------------------------


def _time_warnings(ctx: Context) -> None:
    window = ctx.window
    if window is None:
        if not ctx.target.realtime:
            ctx.warn(
                "missing_timezone",
                _(
                    "No period is given: a provider needs the exact dates and times, with their "
                    "time zone, of the activity."
                ),
            )
        return
    if window.missing_zone:
        ctx.warn(
            "missing_timezone",
            _(
                "The times %(start)s to %(end)s have no time zone or offset: the provider will "
                "read them as its own (often UTC or Pacific time) and may return the wrong "
                "subscriber. Give the zone.",
                start=window.start_shown,
                end=window.end_shown,
            ),
        )
    for moment in window.ambiguous:
        ctx.warn(
            "ambiguous_local_time",
            _(
                "The local time %(moment)s happened twice when the clocks went back: give the "
                "UTC offset (or the time in UTC).",
                moment=moment,
            ),
        )
    for moment in window.nonexistent:
        ctx.warn(
            "ambiguous_local_time",
            _(
                "The local time %(moment)s did not exist (the clocks went forward): check the "
                "log's time zone and give the UTC offset.",
                moment=moment,
            ),
        )
    limit = rules()["settings"]["broad_period_days"]
    if (
        window.days is not None
        and window.days > limit
        and set(ctx.target.data) & {"traffic", "content"}
    ):
        ctx.warn(
            "period_too_broad",
            _(
                "The period covers %(days)s days: requests for traffic data or content over long "
                "periods are narrowed or refused. Ask only for the time the facts justify.",
                days=format(window.days, ".0f"),
            ),
        )
    _retention_warning(ctx)
    _timing_warning(ctx)


def _over(ctx: Context) -> bool:
    """Whether the period ended before the day of the advice: its data, if any, are stored."""
    end = ctx.window.end_utc if ctx.window else None
    return bool(end and end.date() < ctx.as_of)


def _timing_warning(ctx: Context) -> None:
    """A stored-data request reaches only what exists today; real-time collection only what is
    still to come."""
    end = ctx.window.end_utc if ctx.window else None
    if ctx.target.realtime and _over(ctx):
        ctx.warn(
            "period_mismatch",
            _(
                "Real-time collection is asked for a period that ended on %(end)s: what already "
                "happened is stored data. It is planned as preservation and disclosure instead.",
                end=ctx.window.end_shown,
            ),
        )
    elif not ctx.target.realtime and _not_yet_begun(ctx):
        ctx.warn(
            "period_mismatch",
            _(
                "The period begins on %(start)s, after today: none of its data exist yet, and a "
                "preservation or disclosure reaches only data that exist when it arrives. The "
                "preservation is planned for %(after)s, the day after the period ends; to obtain "
                "the data as they are created, ask for real-time collection instead.",
                start=ctx.window.start_shown,
                after=_preservable_from(ctx),
            ),
        )
    elif not ctx.target.realtime and end and end.date() > ctx.as_of:
        ctx.warn(
            "period_mismatch",
            _(
                "The period runs until %(end)s, after today: a preservation or disclosure reaches "
                "only data that exist when it arrives, never later ones. Ask now for what exists; "
                "for the days still to come, preserve again once they have passed, or ask for "
                "real-time collection.",
                end=ctx.window.end_shown,
            ),
        )


def _not_yet_begun(ctx: Context) -> bool:
    """Whether the period begins after the day of the advice: none of its data exist yet."""
    start = ctx.window.start_utc if ctx.window else None
    return bool(start and start.date() > ctx.as_of)


def _preservable_from(ctx: Context) -> date:
    """The first day a preservation reaches the period's data: today, or, for a period not yet
    begun, the day after it ends (a preservation never reaches data created after it)."""
    if _not_yet_begun(ctx) and ctx.window.end_utc:
        return ctx.window.end_utc.date() + timedelta(days=1)
    return ctx.as_of


def _retention_warning(ctx: Context) -> None:
    fact = ctx.provider_fact("retention")
    if not fact or not ctx.window or not ctx.window.start_utc:
        return
    age = (ctx.as_of - ctx.window.start_utc.date()).days
    for item in fact.value:
        if (
            item.get("days")
            and item["category"] in (*ctx.target.data, "ip_logs")
            and age > item["days"]
        ):
            ctx.warn(
                "retention_likely_expired",
                _(
                    "%(provider)s keeps %(category)s about %(days)s days; the period began "
                    "%(age)s days ago, so part of the data may already be deleted.",
                    provider=ctx.provider.label,
                    category=_category(item["category"]),
                    days=item["days"],
                    age=age,
                ),
                [fact.citation()],
            )


def _identifier_warnings(ctx: Context) -> None:
    res = ctx.resolution
    wants_user = bool(set(ctx.target.data) & {"subscriber", "identification"})
    portless = (
        res["kind"] == "ip"
        and res["details"].get("version") == 4
        and res["details"].get("port") is None
        and not res["details"].get("local")  # a private address has a graver problem
        and wants_user
    )
    dedicated = ctx.provider_fact("dedicated_addresses")
    if portless and dedicated and dedicated.value:
        # A hosting or cloud address is one customer's at a time: no NAT shares it.
        ctx.notes.append(
            _(
                "%(provider)s gives each of its public addresses to one customer at a time: the "
                "address and the exact time name the customer of %(address)s, without a source "
                "port.",
                provider=ctx.provider.label,
                address=res["normalized"],
            )
        )
    elif portless:
        ctx.warn(
            "ip_without_port",
            _(
                "%(address)s is an IPv4 address without its source port: behind carrier-grade "
                "NAT thousands of subscribers share it at the same moment. Ask the website or "
                "service for the source port it logged.",
                address=res["normalized"],
            ),
        )
    if ctx.provider is None and res["kind"] == "phone":
        ctx.warn(
            "provider_unknown",
            _(
                "The operator of %(number)s is not known: find it in the national numbering plan "
                "or number-portability database of %(country)s, then ask that operator.",
                number=res["normalized"],
                country=_name(ctx, res["details"].get("country")),
            ),
        )
    elif ctx.provider is None:
        unknown = _("The provider behind this identifier is not known to the knowledge base.")
        if ctx.requested:
            where = _(
                "The network or service is in %(country)s.", country=_name(ctx, ctx.requested)
            )
            unknown = unknown + " " + where
        rule, how = _how_to_identify(ctx)
        ctx.warn(
            "provider_unknown",
            unknown + " " + how,
            rule_sources(rules()["rules"][rule]["sources"]) if rule != IDENTIFY else [],
        )
    given = ctx.target.provider_country
    seat = ctx.provider.value("headquarters") if ctx.provider else None
    if given and seat and given != seat:
        ctx.warn(
            "data_stored_in_third_country",
            _(
                "The data may be held in %(held)s while %(provider)s is established in %(seat)s: "
                "address the request to the entity that controls the data, and check where it "
                "stores them.",
                held=_name(ctx, given),
                provider=ctx.provider.label,
                seat=_name(ctx, seat),
            ),
            [ctx.provider.fact("headquarters").citation()],
        )


# --- steps --------------------------------------------------------------------------------------


def _steps(ctx: Context) -> list[Step]:
    # An address private to a network is looked up nowhere, whatever country is given for it.
    if (ctx.requested is None and ctx.provider is None) or ctx.resolution["details"].get("local"):
        return [_identify_provider_step(ctx)]
    if ctx.requested is None:
        ctx.notes.append(
            _(
                "The country where %(provider)s is established is unknown: verify it before "
                "sending an MLA request.",
                provider=ctx.provider.label,
            )
        )
    if ctx.domestic:
        return [_domestic_route_step(ctx)]
    _foreign_warnings(ctx)
    steps: list[Step] = []
    affiliate = _domestic_affiliate(ctx)
    if ctx.case.emergency_threat:
        steps.append(_emergency_step(ctx))
    else:
        steps.append(_check_domestic_step(ctx, affiliate))
    if ctx.target.realtime and not _over(ctx):
        steps.extend(_realtime_steps(ctx))
        return steps
    preservation, expiry = _preservation_step(ctx)
    if preservation:
        steps.append(preservation)
    sent = _disclosure_sent(ctx)
    if sent:
        steps.append(_follow_up_step(ctx, sent))
    else:
        steps.extend(_disclosure_steps(ctx, expiry))
    return steps


DISCLOSING = {"disclosure", "mla_stored", "emergency"}


def _disclosure_sent(ctx: Context):
    sent = [h for h in ctx.target.history if h.type in DISCLOSING]
    return max(sent, key=lambda h: h.sent) if sent else None


def _follow_up_step(ctx: Context, sent) -> Step:
    # The tracker's rule (cases/deadlines.py): an emergency is chased at once.
    after = "follow_up_emergency_days" if sent.type == "emergency" else "follow_up_no_receipt_days"
    return Step(
        action="follow_up",
        channel=sent.channel or "mla",
        addressee=_addressee(ctx, sent.channel or "mla", _instrument_of(_legal_bases(ctx).found)),
        due=max(ctx.as_of, sent.sent + timedelta(days=rules()["settings"][after])).isoformat(),
        why=_(
            "The %(type)s request %(reference)s left on %(sent)s: ask for confirmation of "
            "receipt, then chase an answer; do not send it twice.",
            type=REQUEST_TYPES.get(sent.type, sent.type),
            reference=sent.reference,
            sent=sent.sent,
        ),
        sources=rule_sources(rules()["rules"]["disclose_mla"]["sources"]),
    )


IDENTIFY = "identify_provider"


def _how_to_identify(ctx: Context) -> tuple[str, str]:
    """(rule, sentence): how to find who holds the data behind this kind of identifier. A
    blockchain address or a handset has no operator in WHOIS, and a mailbox on its own domain is
    held by its mail host, not its registrar: the holder is found elsewhere."""
    kind = ctx.resolution["kind"]
    if kind == "crypto_address":
        return "identify_crypto_holder", _(
            "An address on a public blockchain belongs to no provider until its funds reach one: "
            "trace its transactions on the open blockchain to the exchange or other custodial "
            "service that received them, and ask that service, which identifies its customers "
            "before they cash out. A wallet its owner keeps himself has no provider to ask."
        )
    if kind == "ip" and ctx.resolution["details"].get("local"):
        return "identify_public_address", _(
            "A private, shared (carrier-grade NAT) or local address is not routed on the "
            "Internet and no operator abroad can look it up: ask whoever logged it (the service, "
            "the company network, the victim's router) for the public address and source port it "
            "was translated to, with the exact time, and identify that address's operator."
        )
    if kind == "email":
        return "identify_mail_host", _(
            "A mailbox on its own domain is held by the mail service the domain's MX records "
            "name (Google, Microsoft, Yandex or a hosting company), not by the domain's "
            "registrar or the website's host: look up the MX records as they stood during the "
            "period and ask that service; the registrar knows only who registered the domain."
        )
    if kind == "imei":
        return "identify_handset_user", _(
            "An IMEI identifies a handset, not its user: ask the mobile operators which SIM cards "
            "(IMSI and numbers) worked in it during the period, then identify the subscribers of "
            "those numbers."
        )
    return IDENTIFY, _(
        "Identify the operator (WHOIS, the website's imprint, domestic records) before "
        "choosing a channel."
    )


def _identify_provider_step(ctx: Context) -> Step:
    rule, how = _how_to_identify(ctx)
    why = (
        _(
            "Neither the provider nor the country holding the data is known: identify them first "
            "(WHOIS and registry records for domains and IP addresses, the service's terms or "
            "imprint, domestic payment and telecom records); every channel depends on it."
        )
        if rule == IDENTIFY
        else _("Nobody holding the data is known yet.") + " " + how
    )
    return Step(
        action="check_domestic",
        # A handset's SIM cards are in the operators' records at home.
        channel="domestic" if rule == "identify_handset_user" else "open_source",
        why=why,
        sources=rule_sources(rules()["rules"][rule]["sources"]),
        due=ctx.as_of.isoformat(),  # every channel waits on it while the logs age
    )


def _domestic_route_step(ctx: Context) -> Step:
    return Step(
        action="check_domestic",
        channel="domestic",
        why=_(
            "The data are held in %(state)s itself: obtain them with a domestic order to the "
            "operator; no foreign request is needed.",
            state=_name(ctx, ctx.requesting),
        ),
        sources=rule_sources(rules()["rules"]["domestic_route"]["sources"]),
        addressee=ctx.provider.label
        if ctx.provider
        else _("the operator of the network or service"),
        legal_basis=_("the requesting state's criminal procedure code"),
        due=ctx.as_of.isoformat(),
        data=list(ctx.target.data),
    )


def _domestic_affiliate(ctx: Context) -> dict | None:
    fact = ctx.provider_fact("domestic_affiliates")
    if not fact:
        return None
    for affiliate in fact.value:
        services = {name.casefold() for name in affiliate.get("services", [])}
        given = (ctx.target.provider or "").casefold()
        if services and given not in services:
            continue  # the local entity answers only for some of the provider's services
        if affiliate["country"] == ctx.requesting:
            ctx.warn(
                "domestic_affiliate_available",
                _(
                    "%(provider)s has a local entity here: %(entity)s. Ask it first, under "
                    "domestic law; it may hold or obtain the data without a foreign request.",
                    provider=ctx.provider.label,
                    entity=affiliate["name"],
                ),
                [fact.citation()],
            )
            return affiliate
    return None


def _check_domestic_step(ctx: Context, affiliate: dict | None) -> Step:
    if affiliate:
        return Step(
            action="check_domestic",
            channel="domestic",
            why=_(
                "%(entity)s is registered in %(state)s: a domestic order may reach the data "
                "faster than any foreign request.",
                entity=affiliate["name"],
                state=_name(ctx, ctx.requesting),
            ),
            sources=[
                ctx.provider_fact("domestic_affiliates").citation(),
                *rule_sources(rules()["rules"]["check_domestic"]["sources"]),
            ],
            addressee=affiliate["name"],
            due=ctx.as_of.isoformat(),
            data=list(ctx.target.data),
        )
    res = ctx.resolution
    if res["kind"] == "phone" and res["details"].get("country") == ctx.requesting:
        # The platform holds the account abroad, but the SIM card behind it is at home.
        return Step(
            action="check_domestic",
            channel="domestic",
            alternatives=["open_source"],
            why=_(
                "The number %(number)s was issued in %(state)s: its operator names the "
                "subscriber of the SIM card under a domestic order, without a foreign request. "
                "Do it alongside the foreign requests below, not instead of them.",
                number=res["normalized"],
                state=_name(ctx, ctx.requesting),
            ),
            sources=rule_sources(rules()["rules"]["check_domestic"]["sources"]),
            addressee=_("the operator of the number"),
            legal_basis=_("the requesting state's criminal procedure code"),
            due=ctx.as_of.isoformat(),
            data=["subscriber"],
        )
    return Step(
        action="check_domestic",
        channel="open_source",
        alternatives=["domestic"],
        why=_(
            "Before asking abroad, check open sources and domestic records (banks, payment "
            "services, telecom operators, seized devices): they may identify the user without a "
            "foreign request. Do it alongside the foreign requests below, not instead of them."
        ),
        sources=rule_sources(rules()["rules"]["check_domestic"]["sources"]),
        due=ctx.as_of.isoformat(),
    )


def _foreign_warnings(ctx: Context) -> None:
    network = _network_247(ctx)
    eu = _eu_orders(ctx)
    if not network["both"] and ctx.requested and not eu:
        outside = [
            _name(ctx, c) for c in (ctx.requesting, ctx.requested) if c not in network["members"]
        ]
        message = (
            _(
                "%(state)s is not known to be in the 24/7 Network of the Budapest Convention on "
                "%(date)s: preservation cannot go through it.",
                state=outside[0],
                date=ctx.as_of,
            )
            if len(outside) == 1
            else _(
                "%(states)s are not known to be in the 24/7 Network of the Budapest Convention on "
                "%(date)s: preservation cannot go through it.",
                states=_listed(outside),
                date=ctx.as_of,
            )
        )
        ctx.warn("not_247_member", message, network["citations"])
    notice = ctx.provider_fact("user_notification")
    if notice and notice.value != "does_not_notify":
        severity = "medium" if notice.value == "notifies_by_default" else "low"
        message = (
            _(
                "%(provider)s tells its users about requests by default: ask expressly for "
                "non-disclosure and give the legal ground for secrecy.",
                provider=ctx.provider.label,
            )
            if severity == "medium"
            else _(
                "%(provider)s may tell the user when no law forbids it: ask expressly for "
                "non-disclosure and give the legal ground for secrecy.",
                provider=ctx.provider.label,
            )
        )
        ctx.warn("user_notification_risk", message, [notice.citation()], severity)
    cooperation = ctx.provider_fact("cooperation")
    if cooperation and cooperation.value in {"limited", "not_le_friendly"}:
        limited = cooperation.value == "limited"
        message = (
            _(
                "%(provider)s cooperates little with law enforcement: expect delays or refusal, "
                "and plan other routes.",
                provider=ctx.provider.label,
            )
            if limited
            else _(
                "%(provider)s cooperates hardly at all with law enforcement: expect delays or "
                "refusal, and plan other routes.",
                provider=ctx.provider.label,
            )
        )
        ctx.warn(
            "provider_not_le_friendly",
            message,
            [cooperation.citation()],
            "medium" if limited else "high",
        )
    judicial = ctx.provider_fact("judicial_order_required")
    if judicial and judicial.value:
        ctx.warn(
            "judicial_order_required",
            _(
                "%(provider)s answers only a court order: attach the judge's decision.",
                provider=ctx.provider.label,
            ),
            [judicial.citation()],
        )
    e2ee = ctx.provider_fact("content_e2ee")
    if "content" in ctx.target.data and e2ee and e2ee.value == "all":
        _e2ee_warning(ctx, e2ee)  # the content is left out: no standard to meet for it
    elif "content" in ctx.target.data and not _left_out(ctx, "content"):
        _content_warnings(ctx)
    _threshold_warning(ctx)
    if not eu:  # a European order goes to the provider in the provider's accepted language
        _translation_warning(ctx)
    if ctx.requested and not _legal_bases(ctx).found and not eu:
        ctx.warn("no_common_instrument", _no_instrument_message(ctx))


def _no_instrument_message(ctx: Context) -> str:
    shared = [c.entry.named() for c in _common_instruments(ctx)]
    message = (
        _(
            "The instruments binding both %(requesting)s and %(requested)s on %(date)s "
            "(%(instruments)s) are only for offences of other kinds than this case's: an MLA "
            "request must rest on reciprocity (state it and offer it), unless the facts bring the "
            "case within one of them.",
            requesting=_name(ctx, ctx.requesting),
            requested=_name(ctx, ctx.requested),
            date=ctx.as_of,
            instruments=series(shared),
        )
        if shared
        else _(
            "No treaty or convention in the knowledge base binds both %(requesting)s and "
            "%(requested)s on %(date)s: an MLA request must rest on reciprocity (state it "
            "and offer it). Check for a bilateral treaty the knowledge base may not hold.",
            requesting=_name(ctx, ctx.requesting),
            requested=_name(ctx, ctx.requested),
            date=ctx.as_of,
        )
    )
    if unconfirmed := _unconfirmed_note(ctx):
        message += " " + _("Note: %(unconfirmed)s.", unconfirmed=unconfirmed)
    return message


def _content_warnings(ctx: Context) -> None:
    standard = ctx.state_fact("evidentiary_standard")
    wording = (standard.value or {}).get("content") if standard else None
    message = (
        _(
            "Content is the most intrusive category: the request must show facts linking this "
            "account to the offence and why its content holds evidence (%(standard)s). Ask for "
            "subscriber and traffic data first if they may be enough.",
            standard=wording,
        )
        if wording
        else _(
            "Content is the most intrusive category: the request must show facts linking this "
            "account to the offence and why its content holds evidence. Ask for subscriber and "
            "traffic data first if they may be enough."
        )
    )
    ctx.warn("content_requires_higher_standard", message, [standard.citation()] if standard else [])
    e2ee = ctx.provider_fact("content_e2ee")
    if e2ee and e2ee.value == "partial":
        _e2ee_warning(ctx, e2ee)
    ctx.warn(
        "dual_criminality",
        _(
            "Coercive measures such as disclosure of content usually require the conduct to be "
            "an offence in %(state)s too: describe the conduct, not only its legal label.",
            state=_name(ctx, ctx.requested),
        ),
    )


def _e2ee_warning(ctx: Context, e2ee: FactView) -> None:
    every = e2ee.value == "all"
    message = (
        _(
            "%(provider)s encrypts all message content end to end: it cannot produce what it "
            "cannot read. Seek the device or the other party's copy.",
            provider=ctx.provider.label,
        )
        if every
        else _(
            "%(provider)s encrypts some message content end to end: it cannot produce what it "
            "cannot read. Seek the device or the other party's copy.",
            provider=ctx.provider.label,
        )
    )
    ctx.warn("content_unavailable_e2ee", message, [e2ee.citation()], "high" if every else "medium")


def _threshold_warning(ctx: Context) -> None:
    fact = ctx.state_fact("de_minimis")
    amount, currency = ctx.case.damages_amount, ctx.case.damages_currency
    if not fact or amount is None:
        return
    limit = fact.value
    sources = [fact.citation()]
    if currency != limit["currency"]:
        converted = ctx.snapshot.exchange_rate(currency, limit["currency"])
        if converted:
            rate, day, rate_fact = converted
            amount = amount * Decimal(str(rate))
            sources.append(rate_fact.citation())
            ctx.notes.append(
                _(
                    "Damages converted at %(rate)s %(currency)s per %(damages_currency)s, the "
                    "official rate of %(day)s.",
                    rate=format(rate, ".6g"),
                    currency=limit["currency"],
                    damages_currency=currency,
                    day=day,
                )
            )
            currency = limit["currency"]
    if currency != limit["currency"]:
        ctx.notes.append(
            _(
                "%(state)s declines minor cases below %(limit)s %(currency)s; the damages are in "
                "%(damages_currency)s and the knowledge base holds no exchange rate, so they "
                "could not be compared: compare them yourself.",
                state=_name(ctx, ctx.requested),
                limit=format(limit["amount"], "g"),
                currency=limit["currency"],
                damages_currency=currency,
            )
        )
        return
    if amount < limit["amount"]:
        values = {
            "damages": amount_named(amount),
            "limit": amount_named(limit["amount"]),
            "currency": currency,
            "state": _name(ctx, ctx.requested),
        }
        # A direct request is no way round where the provider's known policy sends every
        # category sought through MLA.
        known = ctx.provider_fact("foreign_disclosure") is not None
        wanted = [c for c in ctx.target.data if not _left_out(ctx, c)]
        message = (
            _(
                "The damages (%(damages)s %(currency)s) are below the %(limit)s %(currency)s "
                "under which %(state)s generally declines requests: explain the case's gravity "
                "(victims, series, organised crime) or use a direct request to the provider.",
                **values,
            )
            if not known or any(_direct(ctx, c) for c in wanted)
            else _(
                "The damages (%(damages)s %(currency)s) are below the %(limit)s %(currency)s "
                "under which %(state)s generally declines requests, and the provider discloses "
                "none of the data sought without it: explain the case's gravity (victims, "
                "series, organised crime).",
                **values,
            )
        )
        ctx.warn("below_threshold", message, sources)


def _translation_warning(ctx: Context) -> None:
    accepted = ctx.state_fact("languages_accepted")
    own = ctx.snapshot.jurisdiction(ctx.requesting)
    own_languages = set(own.value("official_languages") or []) if own else set()
    # The treaty a request rests on may admit a language besides the requested state's own.
    bases = _legal_bases(ctx).found
    treaty = bases[0].entry.fact("request_languages") if bases else None
    languages = [
        *(accepted.value if accepted else []),
        *[
            lang
            for lang in (treaty.value if treaty else [])
            if not accepted or lang not in accepted.value
        ],
    ]
    if accepted and own_languages and not own_languages & set(languages):
        ctx.warn(
            "translation_required",
            _(
                "%(state)s accepts requests in %(languages)s: translate the request and its "
                "annexes.",
                state=_name(ctx, ctx.requested),
                languages=languages_named(languages),
            ),
            [accepted.citation(), *([treaty.citation()] if treaty else [])],
        )
    provider_languages = ctx.provider_fact("languages_accepted")
    if provider_languages and own_languages and not own_languages & set(provider_languages.value):
        ctx.warn(
            "translation_required",
            _(
                "%(provider)s accepts requests in %(languages)s: send a translation with a direct "
                "request.",
                provider=ctx.provider.label,
                languages=languages_named(provider_languages.value),
            ),
            [provider_languages.citation()],
        )


# --- channels ------------------------------------------------------------------------------------


def _network_247_uncached(ctx: Context) -> dict:
    entry = ctx.snapshot.instrument(rules()["instruments"]["network_247"])
    members, citations = set(), []
    for state in (ctx.requesting, ctx.requested):
        bound = instruments.binding(entry, state, ctx.as_of) if entry else None
        if bound:
            members.add(state)
            citations.append(bound.citation)
    if entry and entry.fact("provisions"):
        citations.append(entry.fact("provisions").citation())
    return {
        "both": {ctx.requesting, ctx.requested} <= members,
        "members": members,
        "citations": citations or ["Convention on Cybercrime, art. 35 (24/7 Network)"],
    }


def _network_247(ctx: Context):
    return ctx.remember("_network_247", lambda: _network_247_uncached(ctx))


def _eu_orders_uncached(ctx: Context) -> instruments.CommonInstrument | None:
    """The EU Regulation applies when the requesting state is bound and the provider offers its
    services in the Union through an establishment there (a legal entity serving the EEA)."""
    entry = ctx.snapshot.instrument(rules()["instruments"]["eu_orders"])
    if not entry or not ctx.provider:
        return None
    own = instruments.binding(entry, ctx.requesting, ctx.as_of)
    entity = serving_entity(ctx.provider, ctx.requesting, ctx.snapshot)
    if not own or not entity or "EEA" not in entity.get("serves", []):
        return None
    other = instruments.binding(entry, entity.get("country") or "", ctx.as_of)
    if not other:
        return None
    if entry.value("excludes_financial_services") and ctx.provider.value("financial_service"):
        ctx.notes.append(
            _(
                "%(provider)s is a financial service, which %(regulation)s does not cover "
                "(%(locator)s): no European order reaches it.",
                provider=ctx.provider.label,
                regulation=entry.named(),
                locator=entry.fact("excludes_financial_services").locator or "",
            )
        )
        return None
    return instruments.CommonInstrument(entry, (own, other))


def _eu_orders(ctx: Context):
    return ctx.remember("_eu_orders", lambda: _eu_orders_uncached(ctx))


STORED = ("mla_general", "mla_stored")


@dataclass(frozen=True)
class Bases:
    """The instruments binding both states, the basis a request states, and what the user
    should know of it (its scope, the others in force), which the request does not say."""

    found: list[instruments.CommonInstrument]
    stated: str
    note: str = ""


def _legal_bases_uncached(ctx: Context, provisions: tuple[str, ...]) -> Bases:
    if ctx.requested is None:
        return Bases([], _("a basis to be chosen once the provider's country is known (verify)"))
    found = _common_instruments(ctx)
    if not found:
        return Bases([], _("reciprocity"), _joined([_(
            "no instrument in the knowledge base binds both states on %(date)s", date=ctx.as_of
        ), _unconfirmed_note(ctx)]))  # fmt: skip
    # An instrument for every offence first, then those limited to offences of a kind, the
    # likelier the case's offences are of that kind the earlier; the kind order stays within.
    found = sorted(found, key=lambda c: _offence_fit(ctx, c.entry))
    best = found[0]
    if _offence_fit(ctx, best.entry) == NOT_OF_ITS_KIND:
        # Every shared instrument is for offences of another kind: citing one invites refusal.
        named = [c.entry.named() for c in found]
        out_of_scope = (
            _(
                "%(instrument)s binds both states, but only for offences of another kind than "
                "this case's",
                instrument=named[0],
            )
            if len(named) == 1
            else _(
                "%(instruments)s bind both states, but only for offences of other kinds than "
                "this case's",
                instruments=series(named),
            )
        )
        return Bases([], _("reciprocity"), _joined([out_of_scope, _unconfirmed_note(ctx)]))
    articles = instruments.provisions(best.entry, provisions)
    stated = best.entry.named() + (", " + articles if articles else "")
    if not best.exact:
        stated = _(
            "%(basis)s (a party's date of entry into force is not recorded: verify)", basis=stated
        )
    notes = [_scope_condition(best.entry)]
    if others := [c.entry.named() for c in found[1:]]:
        notes.append(_("also in force between them: %(others)s", others=series(others)))
    notes.append(_unconfirmed_note(ctx))
    return Bases(found, stated, _joined(notes))


def _unconfirmed_note(ctx: Context) -> str:
    """The instruments that list both states with their being bound not recorded: a treaty
    the knowledge base holds is named, not left to be guessed at."""
    entries = instruments.unconfirmed(ctx.snapshot, ctx.requesting, ctx.requested, ctx.as_of)
    if not entries:
        return ""
    return _(
        "%(instruments)s lists both states, but whether it binds them is not recorded: ask the "
        "central authority whether it is in force; if it is, rest the request on it",
        instruments=series([e.named() for e in entries]),
    )


def _joined(notes: list[str]) -> str:
    """The notes there are, one after the other, each still translatable."""
    notes = [note for note in notes if note]
    if not notes:
        return ""
    joined = notes[0]
    for note in notes[1:]:
        joined = joined + "; " + note
    return joined


EVERY_OFFENCE, OF_ITS_KIND, MAYBE_OF_ITS_KIND, NOT_OF_ITS_KIND = range(4)


def _offence_fit(ctx: Context, instrument: Entry) -> int:
    """Whether the case's offences are of those the instrument's assistance is for."""
    scope = instrument.value("offence_scope")
    if scope is None:
        return EVERY_OFFENCE
    if scope == "corruption":
        keywords = rules()["settings"]["corruption_keywords"]
        names = [offence.name.lower() for offence in ctx.case.offences]
        return OF_ITS_KIND if any(k in n for n in names for k in keywords) else NOT_OF_ITS_KIND
    least = instrument.value("serious_crime_min_years")
    penalties = [o.max_penalty_years for o in ctx.case.offences if o.max_penalty_years is not None]
    if least is None or not penalties:
        return MAYBE_OF_ITS_KIND
    # Serious enough; whether an organised group is involved, only the request can show.
    return MAYBE_OF_ITS_KIND if max(penalties) >= least else NOT_OF_ITS_KIND


def _scope_condition(instrument: Entry) -> str:
    """What the instrument's assistance is only for, said beside the basis ("" for every
    offence)."""
    scope = instrument.value("offence_scope")
    if scope is None:
        return ""
    if scope == "corruption":
        return _(
            "it covers only the corruption offences it establishes (bribery, embezzlement, "
            "trading in influence, abuse of functions, illicit enrichment, laundering)"
        )
    if least := instrument.value("serious_crime_min_years"):
        return _(
            "it covers only crime punishable by at least %(years)s years that is transnational "
            "and involves an organised criminal group (three or more persons): state the facts "
            "that show both",
            years=format(least, "g"),
        )
    return _(
        "it covers only serious crime that is transnational and involves an organised "
        "criminal group (three or more persons): state the facts that show both"
    )


def _common_instruments(ctx: Context) -> list[instruments.CommonInstrument]:
    """Instruments binding both states on the date, but the EU Regulation: it has its own
    orders, not a request for assistance."""

    def compute():
        found = instruments.common_instruments(
            ctx.snapshot, ctx.requesting, ctx.requested, ctx.as_of, rules()["basis_preference"]
        )
        return [c for c in found if c.entry.key != rules()["instruments"]["eu_orders"]]

    return ctx.remember("common_instruments", compute)


def _legal_bases(ctx: Context, provisions: tuple[str, ...] = STORED) -> Bases:
    """Instruments binding both states on the date, and the basis to cite for the measure."""
    return ctx.remember(f"legal_bases:{provisions}", lambda: _legal_bases_uncached(ctx, provisions))


def _instrument_of(found: list[instruments.CommonInstrument]) -> str:
    return found[0].entry.key if found else ""


def _addressee(ctx: Context, channel: str, instrument: str = "") -> str:
    """Who receives a request on the channel; `instrument`, the one it rests on, since an
    authority designated under a convention receives only the requests made under it."""
    if channel in PROVIDER_CHANNELS:
        if not ctx.provider:
            return _("the provider (unknown)")
        entity = serving_entity(ctx.provider, ctx.requesting, ctx.snapshot)
        name = entity["name"] if entity else ctx.provider.label
        lane = ctx.provider.value("emergency_channel") if channel == "emergency_provider" else None
        lane = lane or ctx.provider.value("le_channel")
        if lane:
            return f"{name} — {lane['name']}{' (' + lane['url'] + ')' if lane.get('url') else ''}"
        return _("%(name)s — law-enforcement channel unknown: verify", name=name)
    # An emergency request under the Second Additional Protocol goes through the 24/7 Network
    # (its art. 9(1)).
    channel = "network_247" if channel == "protocol2_art9" else channel
    if channel == "network_247":
        instrument = rules()["instruments"]["network_247"]
    roles = {
        "network_247": ("contact_point_247",),
        "mla": ("central_authority_mla",),
        "requested_authority": ("contact_point_247", "prosecution", "central_authority_mla"),
        "police_cooperation": ("police_cyber",),
    }.get(channel, ())
    for role in roles:
        for authority in _authorities(ctx, instrument):
            if authority["role"] == role:
                contact = ", ".join(
                    x for x in (authority.get("email"), authority.get("phone")) if x
                )
                name = authority_named(authority)
                return name + f" — {contact}" if contact else name
    generic = {
        "network_247": _("the 24/7 point of contact"),
        "mla": _("the central authority for MLA"),
        "requested_authority": _("the competent prosecutor or investigative authority"),
        "police_cooperation": _("the INTERPOL National Central Bureau"),
    }.get(channel) or _("the competent authority")
    return _(
        "%(authority)s of %(state)s (contact unknown: verify)",
        authority=generic,
        state=_name(ctx, ctx.requested),
    )


def _has_authority(ctx: Context, role: str, instrument: str) -> bool:
    return any(a["role"] == role for a in _authorities(ctx, instrument))


def _authorities(ctx: Context, instrument: str) -> list[dict]:
    """The requested state's authorities for a request resting on `instrument` at the case's
    stage: one designated under a convention receives only the requests made under it (the
    central authority Azerbaijan named for the Budapest Convention does not receive those under
    the Minsk Convention); one made at trial is a court's, those before it an investigator's or
    prosecutor's."""
    if not ctx.requested_entry:
        return []
    for_courts = ctx.case.stage == "trial"
    return [
        a
        for name in ("authorities", "authorities_mla", "authorities_247")
        for a in (ctx.requested_entry.value(name) or [])
        if a.get("for_courts") in (None, for_courts) and a.get("under") in (None, instrument)
    ]


def _period(provider: Entry | None, requested_state: Entry | None) -> tuple[int | None, list[str]]:
    """The provider's own preservation period, else the requested state's law."""
    for fact, pick in (
        (provider.fact("preservation_days") if provider else None, lambda v: v),
        (
            requested_state.fact("preservation") if requested_state else None,
            lambda v: v.get("days"),
        ),
    ):
        if fact and pick(fact.value):
            return pick(fact.value), [fact.citation()]
    return None, []


def _preservation_step(ctx: Context) -> tuple[Step | None, date | None]:
    earlier = [h for h in ctx.target.history if h.type in {"preservation", "extension"}]
    if earlier:
        return _extension_step(ctx, earlier)
    return _fresh_preservation(ctx)


# Channels on which one state preserves for another: the Budapest Convention's art. 29 governs
# them between its parties.
STATE_CHANNELS = {"network_247", "requested_authority"}


@dataclass(frozen=True)
class Terms:
    """How long a preservation lasts, and how it is extended."""

    days: int | None
    sources: list[str]
    at_least: bool = False  # only the convention's minimum is known, not the actual period
    extension: FactView | None = None
    max_extensions: int | None = None
    extension_lead_days: int | None = None

    @property
    def extension_days(self) -> int | None:
        return self.extension.value if self.extension else None


def preservation_terms(
    provider: Entry | None,
    requested_state: Entry | None,
    order: Entry | None = None,
    minimum: FactView | None = None,
) -> Terms:
    """How long a preservation lasts and how it is extended; shared by the plan and the
    tracker's deadlines. A preservation order lasts what its instrument says (the EU's 60 days,
    extended by 30); otherwise the provider's period, else the requested state's law, else the
    convention's `minimum` where one applies, said as a minimum."""
    period = order.fact("preservation_days") if order else None
    if period:
        return Terms(period.value, [period.citation()], **_extension_terms(order))
    extension = _extension_terms(provider)
    days, sources = _period(provider, requested_state)
    if days:
        return Terms(days, sources, **extension)
    if minimum:
        return Terms(minimum.value, [minimum.citation()], at_least=True, **extension)
    return Terms(None, [], **extension)


def _extension_terms(entry: Entry | None) -> dict:
    if entry is None:
        return {}
    return {
        "extension": entry.fact("preservation_extension_days"),
        "max_extensions": entry.value("preservation_max_extensions"),
        "extension_lead_days": entry.value("preservation_extension_lead_days"),
    }


def _preserving_convention(
    snapshot: KnowledgeSnapshot, channel: str, requesting: str, requested: str, on: date
) -> Entry | None:
    """The Budapest Convention, where the preservation is one party's for another under its
    art. 29 (through the 24/7 Network or the requested state's authority)."""
    convention = snapshot.instrument(rules()["instruments"]["network_247"])
    if channel not in STATE_CHANNELS or convention is None:
        return None
    if not all(instruments.binding(convention, state, on) for state in (requesting, requested)):
        return None
    return convention


def convention_minimum(
    snapshot: KnowledgeSnapshot, channel: str, requesting: str, requested: str, on: date
) -> FactView | None:
    """A preservation one party to the Budapest Convention makes for another lasts at least the
    convention's minimum (art. 29(7)), when nothing more is known of the provider or the law."""
    convention = _preserving_convention(snapshot, channel, requesting, requested, on)
    return convention.fact("preservation_min_days") if convention else None


def convention_hold(
    snapshot: KnowledgeSnapshot, channel: str, requesting: str, requested: str, on: date
) -> FactView | None:
    """The convention's rule that such a preservation holds, once the disclosure request is
    received, until that request is decided (art. 29(7)); None where it does not apply."""
    convention = _preserving_convention(snapshot, channel, requesting, requested, on)
    hold = convention.fact("preserved_pending_decision") if convention else None
    return hold if hold and hold.value else None


def held_pending_decision(received_under_hold: date | None, expiry: date) -> bool:
    """Whether the preserved data stay kept past `expiry`: the MLA request, received where the
    convention's hold applies (`convention_hold`), arrived before the preservation ended."""
    return received_under_hold is not None and received_under_hold <= expiry


def _terms(ctx: Context, channel: str) -> Terms:
    eu = _eu_orders(ctx)
    return preservation_terms(
        ctx.provider,
        ctx.requested_entry,
        order=eu.entry if eu and channel == "eu_epoc_pr" else None,
        minimum=convention_minimum(
            ctx.snapshot, channel, ctx.requesting, ctx.requested or "", ctx.as_of
        ),
    )


def _preservation_basis(
    ctx: Context, channel: str, accepts: FactView | None
) -> tuple[str, str, str, list[str]]:
    """(legal basis, its note, instrument id, sources) of a preservation request on this
    channel."""
    if channel == "network_247":
        convention = ctx.snapshot.instrument(rules()["instruments"]["network_247"])
        articles = instruments.provisions(convention, ("preservation", "network_247"))
        basis = (
            convention.named() + ", " + (articles or instruments.article_reference("arts. 29, 35"))
        )
        return basis, "", convention.key, _network_247(ctx)["citations"]
    if channel == "eu_epoc_pr":
        eu = _eu_orders(ctx)
        basis = _("%(regulation)s (European Preservation Order)", regulation=eu.entry.named())
        return basis, "", eu.entry.key, [eu.bindings[0].citation]
    if channel == "requested_authority":
        bases = _legal_bases(ctx)
        return bases.stated, bases.note, _instrument_of(bases.found), []
    if channel != "direct_provider":
        return "", "", "", []
    if accepts is None:
        return _("the provider's preservation policy"), "", "", []
    if accepts.value == "courtesy":
        return (
            _("the provider's policy: it accepts foreign preservation requests as a courtesy"),
            "",
            "",
            [],
        )
    return _("the provider's policy: it accepts foreign preservation requests"), "", "", []


def _fresh_preservation(ctx: Context) -> tuple[Step, date | None]:
    network = _network_247(ctx)
    accepts = ctx.provider_fact("accepts_foreign_preservation")
    eu = _eu_orders(ctx)
    options = []
    if eu:
        options.append("eu_epoc_pr")
    if network["both"]:
        options.append("network_247")
    if accepts and accepts.value in {"yes", "courtesy"}:
        options.append("direct_provider")
    options += (
        ["requested_authority", "police_cooperation"] if ctx.requested else ["police_cooperation"]
    )
    if (
        "direct_provider" in options
        and options[0] == "network_247"
        and not _has_authority(ctx, "contact_point_247", rules()["instruments"]["network_247"])
    ):
        # A channel whose addressee we can name beats one we cannot.
        options.remove("direct_provider")
        options.insert(0, "direct_provider")
    previous = [
        h.channel for h in ctx.target.history if h.type == "preservation" and h.channel in options
    ]
    if previous:
        options.remove(previous[-1])
        options.insert(0, previous[-1])
    channel = options[0]
    terms = _terms(ctx, channel)
    basis, note, instrument, basis_sources = _preservation_basis(ctx, channel, accepts)
    sources = [*terms.sources, *([accepts.citation()] if accepts else []), *basis_sources]
    if "direct_provider" in options and channel != "direct_provider":
        note = _joined([note, _("or the provider's own policy for a direct request")])
    days = terms.days
    start = _preservable_from(ctx)
    expiry = start + timedelta(days=days) if days else None
    why = _(
        "Preserve first: providers keep data only for a limited time and need not retain them. "
        "A preservation request freezes what exists today while the disclosure request is prepared."
    )
    if terms.at_least:
        why += " " + _(
            "Preservation lasts at least %(days)s days, until at least %(expiry)s; the requested "
            "state may keep the data longer: ask for confirmation and its expiry date.",
            days=days,
            expiry=expiry,
        )
    elif days:
        why += " " + _(
            "Preservation lasts %(days)s days, until about %(expiry)s.", days=days, expiry=expiry
        )
    else:
        why += " " + _(
            "How long the preservation lasts is unknown: ask for confirmation and its expiry date."
        )
    if channel in {"direct_provider", "eu_epoc_pr"}:
        why += " " + _(
            "Copy %(state)s's authority, which may have to act on the disclosure.",
            state=_name(ctx, ctx.requested),
        )
    step = Step(
        action="preserve",
        channel=channel,
        alternatives=[o for o in options[1:] if o != channel],
        addressee=_addressee(ctx, channel, instrument),
        legal_basis=basis,
        basis_note=note,
        instrument=instrument,
        due=start.isoformat(),
        why=why,
        sources=[*sources, *rule_sources(rules()["rules"]["preserve"]["sources"])],
        data=[c for c in ctx.target.data],
        contents=rules()["contents"]["preserve"],
    )
    return step, expiry


def _preserved_until(latest, extensions: int, terms: Terms) -> date:
    """The end of a preservation and of the extensions granted on it: each extension runs on
    from the end of the period before it, as the providers and 18 U.S.C. 2703(f) count it."""
    start = latest.confirmed or latest.sent
    return start + timedelta(days=terms.days + extensions * (terms.extension_days or 0))


def _extension_step(ctx: Context, earlier: list):
    preservations = [h for h in earlier if h.type == "preservation"] or earlier
    latest = max(preservations, key=lambda h: h.sent)
    # Only an extension the provider or state confirmed keeps the data longer, as the tracker
    # counts them; one asked for and not yet granted does not.
    extensions = sum(
        1
        for h in earlier
        if h.type == "extension" and h is not latest and h.confirmed and h.sent >= latest.sent
    )
    # An extension asked for and not yet confirmed is chased, not asked for a second time.
    asked = [
        h
        for h in earlier
        if h.type == "extension" and h is not latest and not h.confirmed and h.sent >= latest.sent
    ]
    channel = next((h.channel for h in reversed(earlier) if h.channel), "direct_provider")
    terms = _terms(ctx, channel)
    if not terms.days:
        ctx.notes.append(
            _(
                "A preservation was sent on %(sent)s; how long it lasts is unknown: ask the "
                "provider or authority for its expiry date.",
                sent=latest.sent,
            )
        )
        return None, None
    expiry = _preserved_until(latest, extensions, terms)
    pending = _disclosure_sent(ctx)
    if _held_until_decided(ctx, channel, pending, expiry):
        ctx.notes.append(
            _(
                "The MLA request sent on %(sent)s was received on %(received)s, before the "
                "preservation ended on %(expiry)s: the requested state keeps the data until it "
                "decides on that request (Convention on Cybercrime, art. 29(7)).",
                sent=pending.sent,
                received=pending.confirmed,
                expiry=expiry,
            )
        )
        return None, None
    left = (expiry - ctx.as_of).days
    can_extend = bool(terms.extension_days) and (
        terms.max_extensions is None or extensions < terms.max_extensions
    )
    warn_days = rules()["settings"]["expiry_warning_days"]
    if left < 0:
        ctx.warn("preservation_expiring", _lapsed(latest.sent, expiry, terms), terms.sources)
        return _fresh_preservation(ctx)
    if left <= warn_days:
        advice = _expiry_advice(can_extend, asked, pending)
        message = (
            _(
                "The preservation sent on %(sent)s expires on %(expiry)s, %(when)s: %(advice)s.",
                sent=latest.sent,
                expiry=expiry,
                when=_days_from_now(left),
                advice=advice,
            )
            if pending
            else _(
                "The preservation sent on %(sent)s expires on %(expiry)s, %(when)s, and no "
                "disclosure request has left: %(advice)s.",
                sent=latest.sent,
                expiry=expiry,
                when=_days_from_now(left),
                advice=advice,
            )
        )
        ctx.warn("preservation_expiring", message, terms.sources)
    # A request already sent waits for its answer, often for months (MLA): the extension is
    # planned now, for its due date, not left until the expiry is near.
    if not can_extend or (left > warn_days and not pending):
        return None, expiry
    lead = terms.extension_lead_days
    lead = rules()["settings"]["extension_lead_days"] if lead is None else lead
    basis, note, instrument, basis_sources = _preservation_basis(ctx, channel, None)
    step = Step(
        action="extend_preservation",
        channel=channel,
        addressee=_addressee(ctx, channel, instrument),
        legal_basis=basis,
        basis_note=note,
        instrument=instrument,
        due=max(ctx.as_of, expiry - timedelta(days=lead)).isoformat(),
        why=_extension_why(expiry, terms.extension_days, asked, pending),
        sources=[
            *terms.sources,
            terms.extension.citation(),
            *basis_sources,
            *rule_sources(rules()["rules"]["extend_preservation"]["sources"]),
        ],
        data=list(ctx.target.data),
        contents=rules()["contents"]["extend_preservation"],
    )
    return step, expiry + timedelta(days=terms.extension_days)  # runs on from the expiry


def _held_until_decided(ctx: Context, channel: str, pending, expiry: date) -> bool:
    """Whether a preservation made under the convention holds past its expiry: the MLA request
    that follows it was received before it ended (the tracker asks the same rule)."""
    if pending is None or not is_mla_request(pending.type, pending.channel):
        return False
    hold = convention_hold(ctx.snapshot, channel, ctx.requesting, ctx.requested or "", ctx.as_of)
    return held_pending_decision(pending.confirmed if hold else None, expiry)


def is_mla_request(kind: str, channel: str) -> bool:
    """A request for mutual legal assistance: sent through that channel, or, where the channel
    is not recorded, an MLA request by its type."""
    return channel == "mla" or (not channel and kind == "mla_stored")


def _expiry_advice(can_extend: bool, asked: list, pending) -> str:
    """What to do now that the preservation ends soon; pending is the disclosure or MLA request
    already sent, if any."""
    if can_extend and asked:
        return _("have the extension asked for on %(sent)s confirmed now", sent=asked[-1].sent)
    if can_extend:
        return _("ask for an extension now")
    if pending:
        # Sending the request again saves nothing: only the holder can keep the data.
        return _(
            "ask the holder now whether it will keep the data until the answer comes, and "
            "preserve again if it will not"
        )
    return _("send the disclosure request now")


def _extension_why(expiry: date, days: int | None, asked: list, pending) -> str:
    """Why the extension step: one asked for to be confirmed, an answer awaited, or the
    disclosure request still to come."""
    if asked:
        return _(
            "The extension asked for on %(sent)s is not confirmed: ask the holder to confirm it; "
            "unconfirmed, the preservation ends on %(expiry)s.",
            sent=asked[-1].sent,
            expiry=expiry,
        )
    if pending:
        return _(
            "The preservation expires on %(expiry)s and the answer to the %(type)s request sent "
            "on %(sent)s may come later: an extension of %(days)s days keeps the data until it "
            "does.",
            expiry=expiry,
            type=REQUEST_TYPES.get(pending.type, pending.type),
            sent=pending.sent,
            days=days,
        )
    return _(
        "The preservation expires on %(expiry)s; an extension of %(days)s days keeps the data "
        "until the disclosure request arrives.",
        expiry=expiry,
        days=days,
    )


def _days_from_now(days: int) -> str:
    """'today', 'tomorrow' or 'in 5 days': never 'in 1 days'."""
    if days == 0:
        return _("today")
    return _("tomorrow") if days == 1 else _("in %(days)s days", days=days)


def _lapsed(sent: date, expiry: date, terms: Terms) -> str:
    if terms.at_least:
        return _(
            "The preservation sent on %(sent)s had to last at least %(days)s days, until "
            "%(expiry)s, and no longer period is known: unless the requested state confirmed a "
            "longer one, the data may already be gone. Preserve again now, then send the "
            "disclosure request before the new preservation ends.",
            sent=sent,
            days=terms.days,
            expiry=expiry,
        )
    return _(
        "The preservation sent on %(sent)s expired on %(expiry)s: the data may already be "
        "gone. Preserve again now, then send the disclosure request before the new "
        "preservation ends.",
        sent=sent,
        expiry=expiry,
    )


def _left_out(ctx: Context, category: str) -> bool:
    """Whether the provider cannot produce the category: content it encrypts end to end, or a
    category it never discloses. A request leaves it out, and no standard need be met for it."""
    e2ee = ctx.provider_fact("content_e2ee")
    if category == "content" and e2ee is not None and e2ee.value == "all":
        return True
    policy = ctx.provider_fact("foreign_disclosure")
    return bool(policy and (policy.value or {}).get(category) == "never")


def _due_why(ctx: Context, due: str, expiry: date) -> str:
    """When the disclosure request must leave: before its due date, or today when the margin
    before the preservation's end is already spent ('before' today would be too late)."""
    if due == ctx.as_of.isoformat():
        return _(
            "Send it today: the preservation ends on %(expiry)s, and the request must arrive "
            "before it does.",
            expiry=expiry,
        )
    return _(
        "Send it before %(due)s: the preservation ends on %(expiry)s, and the request must "
        "arrive before it does.",
        due=due,
        expiry=expiry,
    )


def _direct(ctx: Context, category: str) -> bool:
    """Whether the provider discloses the category to foreign authorities on their own request
    and the law of its country lets it."""
    policy = ctx.provider_fact("foreign_disclosure")
    law = ctx.state_fact("foreign_direct_disclosure")
    allowed_by_provider = bool(policy and (policy.value or {}).get(category) in DIRECT_POLICIES)
    prohibited = bool(law and (law.value or {}).get(category) == "prohibited")
    return allowed_by_provider and not prohibited


def _disclosure_steps(ctx: Context, expiry: date | None) -> list[Step]:
    policy = ctx.provider_fact("foreign_disclosure")
    law = ctx.state_fact("foreign_direct_disclosure")
    direct, formal = [], []
    for category in ctx.target.data:
        if _left_out(ctx, category):
            ctx.notes.append(
                _(
                    "%(provider)s does not hold or never discloses %(category)s: it is left out of "
                    "the request; seek it elsewhere (device, the other party, backups).",
                    provider=ctx.provider.label,
                    category=_category(category),
                )
            )
            continue
        (direct if _direct(ctx, category) else formal).append(category)
    if not direct and not formal:
        return []
    margin = rules()["settings"]["disclosure_margin_days"]
    due = max(ctx.as_of, expiry - timedelta(days=margin)).isoformat() if expiry else None
    due_why = " " + _due_why(ctx, due, expiry) if due else ""
    cited = [f.citation() for f in (policy, law) if f]
    order = _eu_orders(ctx) or _agreement_orders(ctx)
    steps = []
    if order:
        covered = order.entry.value("orders_to_providers") or direct + formal
        wanted = [c for c in ctx.target.data if c in direct + formal and c in covered]
        barred = _too_light_for_order(ctx, order.entry, wanted)
        ordered = [c for c in wanted if c not in barred]
        steps = [_order_step(ctx, order, ordered, due, due_why)] if ordered else []
        if barred:
            steps += _mla_steps(
                ctx, barred, [], policy, due, _too_light_why(order.entry, barred) + due_why, cited
            )
        direct = [c for c in direct if c not in wanted]
        formal = [c for c in formal if c not in wanted]
    if formal:
        steps += _mla_steps(ctx, formal, direct, policy, due, due_why, cited)
    elif direct:
        steps.append(_direct_step(ctx, direct, due, due_why, cited))
    return steps


def _agreement_orders(ctx: Context) -> instruments.CommonInstrument | None:
    """An agreement binding both states under which the requesting state's own order goes
    straight to the provider (a CLOUD Act agreement), when the provider's state is a party."""
    found = [c for c in _common_instruments(ctx) if c.entry.value("orders_to_providers")]
    return found[0] if found and ctx.provider else None


def _too_light_for_order(ctx: Context, entry: Entry, categories: list[str]) -> list[str]:
    """The categories an order under `entry` cannot obtain because the case's gravest offence
    is punished less than the instrument requires (none when the penalties are unknown)."""
    least = entry.value("order_min_penalty_years")
    penalties = [o.max_penalty_years for o in ctx.case.offences if o.max_penalty_years is not None]
    if not least or not penalties or max(penalties) >= least:
        return []
    scope = entry.value("order_min_penalty_categories") or categories
    return [c for c in categories if c in scope]


def _too_light_why(entry: Entry, barred: list[str]) -> str:
    fact = entry.fact("order_min_penalty_years")
    return _(
        "%(instrument)s allows an order for %(categories)s only for offences punishable by at "
        "least %(years)s years (%(locator)s; see the instrument for the offences it names "
        "besides): ask for them through mutual legal assistance.",
        instrument=entry.named(),
        categories=_and(barred),
        years=format(fact.value, "g"),
        locator=fact.locator or _("its terms"),
    )


def _order_step(
    ctx: Context, order: instruments.CommonInstrument, categories: list[str], due, due_why: str
) -> Step:
    """A European Production Order, or an order under an agreement such as a CLOUD Act one:
    the requesting state's own order, served straight on the provider."""
    entry = order.entry
    judicial = [c for c in categories if c in (entry.value("judicial_order_categories") or [])]
    if judicial:
        fact = entry.fact("judicial_order_categories")
        ctx.warn(
            "judicial_order_required",
            _(
                "An order for %(categories)s under %(instrument)s must be issued or validated by "
                "a judge or court (%(locator)s); a prosecutor may order subscriber data and "
                "preservation.",
                categories=_and(judicial),
                instrument=entry.named(),
                locator=fact.locator or "",
            ),
            [fact.citation()],
        )
    european = entry.key == rules()["instruments"]["eu_orders"]
    if european:
        channel = "eu_epoc"
        basis = _("%(regulation)s (European Production Order)", regulation=entry.named())
        why = _(
            "Both states apply the EU e-Evidence Regulation: a European Production Order "
            "goes straight to the provider's establishment in the Union."
        )
    else:
        channel = "direct_provider"
        basis = _(
            "%(agreement)s: an order under the requesting state's law, served directly on the "
            "provider",
            agreement=entry.named(),
        )
        words = dict(
            agreement=entry.named(),
            requesting=_name(ctx, ctx.requesting),
            provider=ctx.provider.label,
            requested=_name(ctx, ctx.requested),
        )
        why = (
            _(
                "%(agreement)s lets %(requesting)s's order reach %(provider)s directly, without "
                "MLA, for serious crime; it may not target a person located in %(requested)s, "
                "nor a citizen, national or permanent resident of %(requested)s wherever they "
                "are: for them, use MLA.",
                **words,
            )
            if ctx.requested in (entry.value("protected_persons_of") or [])
            else _(
                "%(agreement)s lets %(requesting)s's order reach %(provider)s directly, without "
                "MLA, for serious crime; it may not target a person located in %(requested)s.",
                **words,
            )
        )
    terms = [f.citation() for f in (entry.fact("orders_to_providers"),) if f]
    return Step(
        action="disclose",
        channel=channel,
        alternatives=["mla"],
        addressee=_addressee(ctx, channel),
        legal_basis=basis,
        basis_note=_("if refused: MLA on %(basis)s", basis=_legal_bases(ctx).stated),
        instrument=entry.key,
        due=due,
        why=why + due_why,
        sources=[
            *[b.citation for b in order.bindings],
            *terms,
            *rule_sources(rules()["rules"]["disclose_direct"]["sources"]),
        ],
        data=categories,
        contents=rules()["contents"]["disclose_direct"],
    )


def _direct_step(ctx: Context, direct: list[str], due, due_why: str, cited: list[str]) -> Step:
    bases = _legal_bases(ctx)
    # The fallback is the user's to know; the provider need not read it.
    fallback = _("if refused: MLA on %(basis)s", basis=bases.stated)
    return Step(
        action="disclose",
        channel="direct_provider",
        alternatives=["mla"],
        addressee=_addressee(ctx, "direct_provider"),
        legal_basis=_(
            "voluntary disclosure under the provider's policy and the law of its country"
        ),
        basis_note=_joined([fallback, bases.note]),
        due=due,
        why=_(
            "%(provider)s discloses %(categories)s to foreign authorities on their own "
            "legal process, without MLA.",
            provider=ctx.provider.label,
            categories=_and(direct),
        )
        + due_why,
        sources=[*cited, *rule_sources(rules()["rules"]["disclose_direct"]["sources"])],
        data=direct,
        contents=rules()["contents"]["disclose_direct"],
    )


def _mla_steps(
    ctx: Context,
    formal: list[str],
    direct: list[str],
    policy: FactView | None,
    due,
    due_why: str,
    cited: list[str],
) -> list[Step]:
    """The MLA request for the `formal` categories, with the consultation a content request
    needs first; `direct` ones may meanwhile be asked of the provider."""
    bases = _legal_bases(ctx)
    addressee = _addressee(ctx, "mla", _instrument_of(bases.found))
    why = (
        _(
            "The %(categories)s can be obtained from %(state)s only through mutual legal "
            "assistance.",
            categories=_and(formal),
            state=_name(ctx, ctx.requested),
        )
        if policy
        else _(
            "The %(categories)s can be obtained from %(state)s only through mutual legal "
            "assistance (whether the provider discloses directly to foreign authorities is "
            "unknown: verify).",
            categories=_and(formal),
            state=_name(ctx, ctx.requested),
        )
    )
    why += due_why
    if direct:
        why += " " + _(
            "The %(categories)s may be asked directly from the provider meanwhile.",
            categories=_and(direct),
        )
    steps = []
    if "content" in formal:
        steps.append(
            Step(
                action="consult",
                channel="requested_authority",
                addressee=addressee,
                why=_(
                    "Discuss the draft with the requested authority before sending it: content "
                    "requests are refused most often for an insufficient factual basis."
                ),
                sources=rule_sources(rules()["rules"]["consult"]["sources"]),
                contents=rules()["contents"]["consult"],
            )
        )
    steps.append(
        Step(
            action="disclose",
            channel="mla",
            alternatives=["direct_provider"] if direct else [],
            addressee=addressee,
            legal_basis=bases.stated,
            basis_note=bases.note,
            instrument=_instrument_of(bases.found),
            due=due,
            why=why,
            sources=[
                *[b.citation for c in bases.found[:1] for b in c.bindings],
                *cited,
                *rule_sources(rules()["rules"]["disclose_mla"]["sources"]),
            ],
            data=list(formal),
            contents=rules()["contents"]["disclose_mla"],
        )
    )
    return steps


def _emergency_step(ctx: Context) -> Step:
    accepts = ctx.provider_fact("accepts_emergency_requests")
    options = []
    if accepts and accepts.value:
        options.append("emergency_provider")
    if _eu_orders(ctx):  # a binding order, answered within hours (art. 10(4))
        options.append("eu_epoc")
    if _protocol2(ctx):
        options.append("protocol2_art9")
    if _network_247(ctx)["both"]:
        options.append("network_247")
    options.append("police_cooperation")
    channel = options[0]
    basis, instrument = _emergency_basis(ctx, channel)
    return Step(
        action="emergency_disclose",
        channel=channel,
        alternatives=options[1:],
        addressee=_addressee(ctx, channel, instrument),
        legal_basis=basis,
        instrument=instrument,
        due=ctx.as_of.isoformat(),
        why=_(
            "There is a threat to life or safety (%(threat)s): ask for emergency disclosure now; "
            "preservation and formal requests follow for use in court.",
            threat=ctx.case.emergency_threat,
        ),
        sources=[
            *([accepts.citation()] if accepts else []),
            *rule_sources(rules()["rules"]["emergency"]["sources"]),
        ],
        data=list(ctx.target.data),
        contents=rules()["contents"]["emergency"],
    )


def _emergency_basis(ctx: Context, channel: str) -> tuple[str, str]:
    """(legal basis, instrument id) of an emergency request on this channel: each channel rests
    on its own ground, and a convention neither state is party to is no ground at all."""
    if channel == "emergency_provider":
        return _("the provider's emergency disclosure policy"), ""
    if channel == "eu_epoc":
        order = _eu_orders(ctx).entry
        hours = order.fact("emergency_deadline_hours")
        return _(
            "%(regulation)s (European Production Order in an emergency: the data within "
            "%(hours)s hours, %(locator)s)",
            regulation=order.named(),
            hours=hours.value if hours else "?",
            locator=hours.locator if hours else "",
        ), order.key
    if channel == "protocol2_art9":
        protocol = ctx.snapshot.instrument(rules()["instruments"]["protocol2"])
        article = instruments.provision(protocol, "emergency_disclosure_247") or (
            instruments.article_reference("art. 9")
        )
        return _(
            "%(protocol)s, %(article)s (expedited disclosure in an emergency)",
            protocol=protocol.named(),
            article=article,
        ), protocol.key
    if channel == "network_247":
        convention = ctx.snapshot.instrument(rules()["instruments"]["network_247"])
        return _("Convention on Cybercrime, art. 35; urgent requests under art. 25(3)"), (
            convention.key if convention else ""
        )
    # Police-to-police exchange needs no treaty; the formal request that follows does.
    return _(
        "police-to-police cooperation (INTERPOL channels); the formal request follows on %(basis)s",
        basis=_legal_bases(ctx).stated,
    ), ""


def _protocol2(ctx: Context) -> bool:
    entry = ctx.snapshot.instrument(rules()["instruments"]["protocol2"])
    return bool(
        entry
        and instruments.binding(entry, ctx.requesting, ctx.as_of)
        and instruments.binding(entry, ctx.requested, ctx.as_of)
    )


def _realtime_steps(ctx: Context) -> list[Step]:
    own = ctx.state_fact("own_investigation_required_for")
    measures = {"content": "interception", "traffic": "realtime_traffic"}
    needed = [m for c, m in measures.items() if c in ctx.target.data]
    steps = []
    sources = rule_sources(rules()["rules"]["realtime"]["sources"])
    measure = "interception" if "content" in ctx.target.data else "realtime_traffic"
    realtime = _legal_bases(ctx, ("mla_general", measure))
    addressee = _addressee(ctx, "mla", _instrument_of(realtime.found))
    if own and set(needed) & set(own.value):
        ctx.warn(
            "realtime_requires_requested_state_investigation",
            _(
                "%(state)s carries out real-time collection only within its own investigation: "
                "ask its authorities whether they will open one, and share the facts they need.",
                state=_name(ctx, ctx.requested),
            ),
            [own.citation()],
        )
        steps.append(
            Step(
                action="consult",
                channel="requested_authority",
                addressee=addressee,
                why=_(
                    "Ask %(state)s whether it will open its own investigation, without which it "
                    "will not intercept.",
                    state=_name(ctx, ctx.requested),
                ),
                sources=[own.citation(), *sources],
                contents=rules()["contents"]["consult"],
            )
        )
    if "content" in ctx.target.data:
        _content_warnings(ctx)
    steps.append(
        Step(
            action="realtime_collect",
            channel="mla",
            addressee=addressee,
            legal_basis=realtime.stated,
            basis_note=realtime.note,
            instrument=_instrument_of(realtime.found),
            due=ctx.as_of.isoformat(),
            why=_(
                "Collecting data as it is created needs a court-authorised measure in the "
                "requested state: only a mutual legal assistance request can obtain it; "
                "preservation covers only data that already exist."
            ),
            sources=sources,
            data=list(ctx.target.data),
            contents=rules()["contents"]["realtime"],
        )
    )
    return steps


# The requests a follow-up is about, as its sentence names them.
REQUEST_TYPES = {
    "disclosure": _("disclosure"),
    "mla_stored": _("mla stored"),
    "emergency": _("emergency"),
}


def _category(code: str) -> str:
    return DATA_NAMES.get(code, code)


def _and(categories: list[str]) -> str:
    """Data categories as a sentence lists them: "subscriber data, traffic data and content
    data"."""
    return _listed([_category(c) for c in categories])


def _listed(named: list[str]) -> str:
    """Names as a sentence lists them, the last after "and": "Kyrgyzstan and Russia"."""
    if len(named) < 2:
        return named[0] if named else ""
    return _("%(most)s and %(last)s", most=series(named[:-1]), last=named[-1])


def _name(ctx: Context, code: str | None) -> str:
    entry = ctx.snapshot.jurisdiction(code) if code else None
    return entry.named() if entry else (code or _("the requested state"))
