"""What a user's dashboard shows, read through the permission layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Min, Q

from evidesk.cases import lifecycle
from evidesk.cases.access import deadlines_to_act_on, requests_to_act_on

EXPIRING_WITHIN = timedelta(days=30)
# Rows shown per list: years of unanswered requests must not make a page of megabytes; the case
# list's deadline filter finds the rest.
SHOWN = 10


@dataclass
class Dashboard:
    overdue: list
    this_week: list
    waiting_longest: list
    preservations_expiring: list
    # The lists cut at SHOWN rows.
    more: set[str] = field(default_factory=set)


def dashboard_for(user, today: date) -> Dashboard:
    deadlines = deadlines_to_act_on(user)
    lists = {
        "overdue": deadlines.filter(due__lt=today),
        "this_week": deadlines.filter(due__gte=today, due__lte=today + timedelta(days=7)),
        "preservations_expiring": deadlines.filter(
            kind="preservation_expiry", due__gte=today, due__lte=today + EXPIRING_WITHIN
        ),
    }
    rows = {name: list(found[: SHOWN + 1]) for name, found in lists.items()}
    # A request waits for an answer exactly while the rules give it a follow-up: not a
    # confirmed preservation, nor one whose requested state waits for information from us.
    # Only requests in progress have one; saying so lets the database start from the status
    # index instead of every deadline.
    waiting = (
        requests_to_act_on(user)
        .filter(status__in=lifecycle.IN_PROGRESS, deadlines__kind="follow_up_due")
        .annotate(sent_on=Min("transitions__at", filter=Q(transitions__to_status=lifecycle.SENT)))
        .filter(sent_on__isnull=False)
        .select_related("case")
        .order_by("sent_on")[:10]
    )
    return Dashboard(
        **{name: found[:SHOWN] for name, found in rows.items()},
        waiting_longest=[(r, (today - r.sent_on.date()).days) for r in waiting],
        more={name for name, found in rows.items() if len(found) > SHOWN},
    )
