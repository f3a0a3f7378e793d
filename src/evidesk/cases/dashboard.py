"""What a user's dashboard shows, read through the permission layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Min, Q

from evidesk.cases import lifecycle
from evidesk.cases.access import cases_visible_to, deadlines_visible_to
from evidesk.cases.models import Request

EXPIRING_WITHIN = timedelta(days=30)


@dataclass
class Dashboard:
    overdue: list
    this_week: list
    waiting_longest: list
    preservations_expiring: list


def dashboard_for(user, today: date) -> Dashboard:
    deadlines = deadlines_visible_to(user)
    waiting = (
        Request.objects.filter(
            case__in=cases_visible_to(user), direction="outgoing", status__in=lifecycle.IN_PROGRESS
        )
        .annotate(sent_on=Min("transitions__at", filter=Q(transitions__to_status=lifecycle.SENT)))
        .filter(sent_on__isnull=False)
        .select_related("case")
        .order_by("sent_on")[:10]
    )
    return Dashboard(
        overdue=list(deadlines.filter(due__lt=today)),
        this_week=list(deadlines.filter(due__gte=today, due__lte=today + timedelta(days=7))),
        waiting_longest=[(r, (today - r.sent_on.date()).days) for r in waiting],
        preservations_expiring=list(
            deadlines.filter(
                kind="preservation_expiry", due__gte=today, due__lte=today + EXPIRING_WITHIN
            )
        ),
    )
