"""Deadlines of stored requests, computed by the pure rules in `deadlines.py`."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from evidesk.advisor import engine
from evidesk.cases import deadlines, lifecycle
from evidesk.cases.models import Deadline, Request
from evidesk.clock import now
from evidesk.knowledge.services import current_snapshot, office_zone
from evidesk.wording import country_named, kept_wording

PRESERVING = {"preservation", "extension"}
# A preservation that ran out, was taken back, closed or never held: its dates ask nothing more.
PRESERVATION_ENDED = frozenset(
    {lifecycle.EXPIRED, lifecycle.WITHDRAWN, lifecycle.CLOSED, lifecycle.REFUSED, lifecycle.NO_DATA}
)

PRESERVATION_KINDS = ("preservation_expiry", "disclosure_due", "extension_due")


def first_moment(request: Request, statuses: set[str]) -> datetime | None:
    """When the request first reached one of these statuses (None if it never did)."""
    return min(_moments(request, statuses), default=None)


def _moments(request: Request, statuses: set[str]) -> list[datetime]:
    return [t.at for t in request.transitions.all() if t.to_status in statuses]


def _first_transition(request: Request, statuses: set[str]) -> date | None:
    moment = first_moment(request, statuses)
    return moment.date() if moment else None


def preservation_terms(request: Request) -> deadlines.Preservation:
    """What the knowledge base says about how long this preservation lasts."""
    snapshot = current_snapshot()
    chain = _chain(request)
    original = chain[0]
    target = request.targets.first()
    confirmed_on = _first_transition(original, lifecycle.CONFIRMED)
    convention = (
        snapshot,
        original.channel,
        original.case.requesting_country,
        original.requested_country,
        confirmed_on or now().date(),
    )
    terms = engine.preservation_terms(
        snapshot.provider(target.provider) if target and target.provider else None,
        snapshot.jurisdiction(request.requested_country) if request.requested_country else None,
        order=snapshot.instrument(request.instrument) if request.instrument else None,
        minimum=engine.convention_minimum(*convention),
    )
    follow_ups = _standing_follow_ups(chain)
    sent = [d for r in follow_ups if (d := _first_transition(r, {lifecycle.SENT}))]
    awaited = any(r.status in lifecycle.IN_PROGRESS for r in follow_ups)
    # Under the convention the data stay kept once the requested state confirmed receiving our
    # MLA request (art. 29(7)).
    received = (
        _mla_received_on(follow_ups, lifecycle.CONFIRMED)
        if engine.convention_hold(*convention)
        else None
    )
    return deadlines.Preservation(
        confirmed_on=confirmed_on,
        period_days=terms.days,
        at_least=terms.at_least,
        extension_days=terms.extension_days,
        max_extensions=terms.max_extensions,
        extension_lead_days=terms.extension_lead_days,
        # Granted once confirmed, whatever the extension's request went on to (closed, say),
        # unless the provider refused it after acknowledging it, or it was withdrawn.
        extensions_granted=sum(
            1
            for r in chain[1:]
            if first_moment(r, lifecycle.CONFIRMED) and not first_moment(r, lifecycle.DROPPED)
        ),
        disclosure_sent_on=min(sent) if sent else None,
        mla_received_on=received,
        answer_awaited=awaited,
        period_source=terms.sources[0] if terms.sources else "",
    )


def _standing_follow_ups(preserved: list[Request]) -> list[Request]:
    """The requests for the preserved data that follow these. One refused or withdrawn asks
    for nothing more: the preserved data wait for the corrected one, and its deadlines with
    them."""
    follow_ups = (
        Request.objects.filter(follows__in=preserved)
        .exclude(type__in=PRESERVING)
        .prefetch_related("transitions")
    )
    return [r for r in follow_ups if not first_moment(r, lifecycle.DROPPED)]


def _mla_received_on(follow_ups: list[Request], received: set[str]) -> date | None:
    """The day the first of these MLA requests reached the requested state: the first of the
    `received` statuses that says so."""
    days = [
        d
        for r in follow_ups
        if engine.is_mla_request(r.type, r.channel) and (d := _first_transition(r, received))
    ]
    return min(days, default=None)


def _chain(request: Request) -> list[Request]:
    """The original preservation first, then the extensions that followed it."""
    root, seen = request, {request.pk}
    while root.follows_id and root.type == "extension" and root.follows_id not in seen:
        root = root.follows
        seen.add(root.pk)
    # Every extension that follows it, directly or through another: an extension refused and
    # asked for again may follow the preservation twice.
    chain, found, seen = [root], [root], {root.pk}
    while found:
        extensions = Request.objects.filter(follows__in=found, type="extension")
        # Excluding those seen: a loop of links is refused on save, but never hang on one.
        found = list(extensions.exclude(pk__in=seen).order_by("created_at", "pk"))
        chain += found
        seen.update(extension.pk for extension in found)
    return chain


def _carries_preservation(request: Request) -> bool:
    """Whether the request holds its preservation's dates: one preserved set of data has one
    expiry, so the original preservation carries it for the extensions that follow it, while
    the preservation still holds."""
    return (
        request.type in PRESERVING
        and _chain(request)[0].pk == request.pk
        and request.status not in PRESERVATION_ENDED
    )


def rule_deadlines(request: Request) -> list[deadlines.Deadline]:
    if request.direction == Request.Direction.INCOMING:
        return _owed_by_us(request)
    found: list[deadlines.Deadline] = []
    if _carries_preservation(request):
        found += deadlines.preservation_deadlines(preservation_terms(request))
    # We wait for the requested side: chase it, and watch the instrument's limit.
    receipt_on = _first_transition(request, {lifecycle.RECEIPT_CONFIRMED})
    clarified = max(_moments(request, {lifecycle.CLARIFICATION_ANSWERED}), default=None)
    follow_up = deadlines.follow_up_deadline(
        _first_transition(request, {lifecycle.SENT}),
        receipt_on,
        # A preservation is answered by its confirmation: only the confirmation is chased.
        # While they wait for the information they asked for, the next move is ours.
        answered=request.status
        in (*lifecycle.OUTCOMES, lifecycle.CLOSED, lifecycle.CLARIFICATION_ASKED)
        or (request.type in PRESERVING and receipt_on is not None),
        clarified_on=clarified.date() if clarified else None,
        emergency=request.type == "emergency",
    )
    if follow_up:
        found.append(follow_up)
    limit = _instrument_limit(request)
    if limit:
        found.append(limit)
    return found


def _owed_by_us(request: Request) -> list[deadlines.Deadline]:
    """What we owe the state that sent us the request: the answer its instrument requires,
    counted from the day it reached us ("sent"), and, for a preservation we made for it, how
    long we keep the data. Nobody chases the requesting state: the next move is ours."""
    found = [limit] if (limit := _instrument_limit(request)) else []
    if request.type == "preservation" and request.status not in PRESERVATION_ENDED:
        found += [keep] if (keep := _kept_for_them(request)) else []
    return found


# A preservation we made for another state holds from the day the data were preserved.
PRESERVED = {lifecycle.EXECUTED, lifecycle.PARTIALLY_EXECUTED}


def _kept_for_them(request: Request) -> deadlines.Deadline | None:
    """Until when we keep the data preserved for the requesting state: its convention's
    minimum (only where the knowledge base holds one, with its citation). Counted from our
    office's day of the preservation, not the UTC one other deadlines count from: a date to keep
    the data until must never come a day early (after midnight east of Greenwich)."""
    executed_at = first_moment(request, PRESERVED)
    zone = ZoneInfo(office_zone(request.office_country()))
    executed_on = executed_at.astimezone(zone).date() if executed_at else None
    convention = (
        current_snapshot(),
        request.channel,
        request.requesting_country,
        request.requested_country,
        executed_on or now().date(),
    )
    minimum = engine.convention_minimum(*convention)
    if minimum is None:
        return None
    # Its MLA request reached us on the day we recorded it as "sent" (received); read only
    # where the convention holds the data until that request is decided.
    received = (
        _mla_received_on(_standing_follow_ups([request]), {lifecycle.SENT})
        if engine.convention_hold(*convention)
        else None
    )
    return deadlines.keep_until(
        executed_on,
        minimum.value,
        country_named(request.requesting_country),
        minimum.citation(),
        mla_received_on=received,
    )


def _instrument_limit(request: Request) -> deadlines.Deadline | None:
    """The answer the instrument requires, while it has not come."""
    if request.status in (*lifecycle.OUTCOMES, lifecycle.CLOSED):
        return None
    return instrument_limit(request)


def instrument_limit(request: Request) -> deadlines.Deadline | None:
    """The answer the instrument requires by a date, counted from sending; for an incoming
    request, from the day it reached us, owed to its requesting state. Whether or not the
    answer has come: the statistics ask whether ours came in time."""
    if not request.instrument:
        return None
    instrument = current_snapshot().instrument(request.instrument)
    if instrument is None:
        return None
    owed_to = (
        country_named(request.requesting_country)
        if request.direction == Request.Direction.INCOMING
        else None
    )
    if request.type == "emergency":
        hours = instrument.fact("emergency_deadline_hours")
        sent_at = first_moment(request, {lifecycle.SENT})
        if not hours or sent_at is None:
            return None
        return deadlines.instrument_deadline_hours(
            sent_at, hours.value, instrument.named(), hours.citation(), owed_to
        )
    days = instrument.fact("production_deadline_days")
    if request.type not in {"disclosure", "mla_stored"} or not days:
        return None
    return deadlines.instrument_deadline(
        _first_transition(request, {lifecycle.SENT}),
        days.value,
        instrument.named(),
        days.citation(),
        owed_to,
    )


def deadlines_shown(request: Request) -> list[Deadline]:
    """What the request's page lists: its own deadlines and, for an extension, the dates of
    the preservation it extends, which the original preservation carries."""
    rows = list(request.deadlines.all())
    if request.type in PRESERVING and (original := _chain(request)[0]).pk != request.pk:
        rows += original.deadlines.filter(kind__in=PRESERVATION_KINDS)
    return sorted(rows, key=lambda row: (row.due, row.pk))


@transaction.atomic
def recompute(request: Request) -> list[Deadline]:
    """Replace the computed deadlines of a request (and of the preservation chain it touches)."""
    request.deadlines.filter(computed=True).delete()
    rows = [
        Deadline(
            request=request,
            kind=d.kind,
            due=d.due,
            reason=d.reason,
            sources=list(d.sources),
            details=kept_wording(reason=d.reason, sources=list(d.sources)),
        )
        for d in rule_deadlines(request)
    ]
    Deadline.objects.bulk_create(rows)
    return rows


def recompute_related(request: Request) -> None:
    """A change to one request can move the deadlines of the request it follows and of the
    original preservation of the chain either belongs to, which carries the chain's dates."""
    touched = {request.pk: request}
    if request.follows_id:
        touched.setdefault(request.follows_id, request.follows)
    for linked in list(touched.values()):
        if linked.type in PRESERVING:
            original = _chain(linked)[0]
            touched.setdefault(original.pk, original)
    for linked in touched.values():
        recompute(linked)


def reword_older_deadlines(batch: int = 200) -> int:
    """Recompute the deadlines computed before their reasons were kept worded (migration
    0009), or under rules changed since (0010 marks them so), a batch a round, so that they
    too read in each reader's language and follow the rules; the number of requests
    recomputed (none once every installation is through)."""
    older = Request.objects.filter(deadlines__computed=True, deadlines__details={})
    ids = list(older.values_list("pk", flat=True).distinct()[:batch])
    for request in Request.objects.filter(pk__in=ids):
        recompute(request)
    return len(ids)
