"""The rows the statistics are computed from, read through the permission layer."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from evidesk.accounts import permissions
from evidesk.cases import lifecycle
from evidesk.cases.access import cases_visible_to
from evidesk.cases.models import Request, RequestTransition
from evidesk.cases.tracking import first_moment, instrument_limit
from evidesk.clock import now
from evidesk.reports.figures import Figures, RequestFacts, compute


def may_see_office(user) -> bool:
    """Office-wide figures are aggregates only, for those who report on the whole office."""
    return permissions.is_administrator(user) or permissions.is_central_authority(user)


def _facts(request: Request, today: date) -> RequestFacts:
    kinds = {d.kind: d.due for d in request.deadlines.all()}
    refused = next((t for t in request.transitions.all() if t.to_status == lifecycle.REFUSED), None)
    expiry = kinds.get("preservation_expiry")
    incoming = request.direction == lifecycle.INCOMING
    lapsed = (
        not incoming
        and request.type in {"preservation", "extension"}
        and (
            request.status == lifecycle.EXPIRED
            or (expiry is not None and expiry < today and "disclosure_due" in kinds)
        )
    )
    answered = first_moment(request, set(lifecycle.OUTCOMES))
    provider = next((t.provider for t in request.targets.all() if t.provider), "")
    return RequestFacts(
        type=request.type,
        channel=request.channel,
        requested_country=request.requested_country,
        provider=provider,
        status=request.status,
        sent=first_moment(request, {lifecycle.SENT}),
        receipt=first_moment(request, {lifecycle.RECEIPT_CONFIRMED}),
        answered=answered,
        refusal_reason=refused.refusal_reason if refused else "",
        lapsed=lapsed,
        direction=request.direction,
        requesting_country=request.requesting_country,
        late=incoming and _late(request, answered, today),
    )


def _late(request: Request, answered: datetime | None, today: date) -> bool:
    """Our answer came after the instrument's time limit, or the limit has passed without one
    (the deadline itself is gone once we answered, so the limit is worked out again)."""
    limit = instrument_limit(request)
    if limit is None:
        return False
    return (answered.date() if answered else today) > limit.due


def request_facts(
    user=None, since: date | None = None, until: date | None = None
) -> list[RequestFacts]:
    """Requests sent in the period, and requests received in it (their receipt is recorded as
    their first step, "sent" to us): those the user may see, or (user None, the operator's
    command line) the whole office."""
    requests = Request.objects.all()
    if user is not None:
        requests = requests.filter(case__in=cases_visible_to(user))
    # Chosen by the database, so years of history are not read to count one month: the first
    # time the request was sent falls in the period.
    sent = RequestTransition.objects.filter(request=OuterRef("pk"), to_status=lifecycle.SENT)
    in_period = sent
    if since is not None:
        in_period = in_period.filter(at__date__gte=since)
        requests = requests.exclude(Exists(sent.filter(at__date__lt=since)))
    if until is not None:
        in_period = in_period.filter(at__date__lte=until)
    requests = requests.filter(Exists(in_period))
    requests = requests.prefetch_related("transitions", "deadlines", "targets")
    today = now().date()
    return [_facts(r, today) for r in requests]


def figures_for(user=None, since: date | None = None, until: date | None = None) -> Figures:
    return compute(request_facts(user, since, until))


def figures_in_scope(user, scope: str, since: date | None, until: date | None) -> Figures:
    """The figures of the cases the user may see, or of the whole office (scope "office") for
    those who report on it; the pages and the API ask the same way."""
    if scope != "office":
        return figures_for(user, since, until)
    if not may_see_office(user):
        raise PermissionDenied(
            _("Office-wide figures are for administrators and the central authority.")
        )
    return figures_for(None, since, until)


def figures_as_data(figures: Figures) -> dict:
    return asdict(figures)
