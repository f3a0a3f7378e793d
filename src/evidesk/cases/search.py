"""Narrowing a list of cases by what the user asks, for the case list page and the API."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from django.db.models import OuterRef, Q, QuerySet

from evidesk.cases.models import Request, Target
from evidesk.cases.per_row import ExistsPerRow
from evidesk.clock import now


def matching_cases(cases: QuerySet, asked: Mapping[str, str]) -> QuerySet:
    """Filter by text (`q`: reference, title or a target's identifier), `stage`, `country`
    (requested or holding the data), `provider`, request `status` and `direction` (outgoing|
    incoming), `deadline` (overdue|week)."""
    # A condition on requests or targets is asked per case (EXISTS), not joined: no case comes
    # twice, so no DISTINCT; a page of the newest cases is read in order from an index, and
    # nothing lists every request of the office that matches.
    query = asked.get("q", "").strip()[:100]
    if query:
        cases = cases.filter(
            Q(reference__icontains=query)
            | Q(title__icontains=query)
            | Q(_cases_of(Target, normalized__icontains=query.lower()))
        )
    if asked.get("stage"):
        cases = cases.filter(stage=asked["stage"][:20])
    if asked.get("country"):
        code = asked["country"].upper()[:2]
        cases = cases.filter(
            Q(_cases_of(Request, requested_country=code))
            | Q(_cases_of(Target, provider_country=code))
        )
    if asked.get("provider"):
        # The knowledge base's keys are lower case; a reader types "Google" as the page names it.
        provider = asked["provider"].strip().lower()[:100]
        cases = cases.filter(_cases_of(Target, provider=provider))
    # A status and a direction are asked of the same request: "received" is an incoming
    # request in status "sent".
    request_condition = {
        name: asked[name][:30] for name in ("status", "direction") if asked.get(name)
    }
    if request_condition:
        cases = cases.filter(_cases_of(Request, **request_condition))
    if asked.get("deadline") in {"overdue", "week"}:
        limit = now().date() + (
            timedelta(days=7) if asked["deadline"] == "week" else timedelta(days=-1)
        )
        cases = cases.filter(_cases_of(Request, deadlines__due__lte=limit))
    return cases


def _cases_of(model, **condition) -> ExistsPerRow:
    """Whether the case has a request or target meeting the condition."""
    return ExistsPerRow(model.objects.filter(case=OuterRef("pk"), **condition))
