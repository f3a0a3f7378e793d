"""Narrowing a list of cases by what the user asks, for the case list page and the API."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from django.db.models import Q, QuerySet

from evidesk.clock import now


def matching_cases(cases: QuerySet, asked: Mapping[str, str]) -> QuerySet:
    """Filter by text (`q`: reference, title or a target's identifier), `stage`, `country`
    (requested or holding the data), `provider`, request `status`, `deadline` (overdue|week)."""
    query = asked.get("q", "").strip()[:100]
    if query:
        cases = cases.filter(
            Q(reference__icontains=query)
            | Q(title__icontains=query)
            | Q(targets__normalized__icontains=query.lower())
        )
    if asked.get("stage"):
        cases = cases.filter(stage=asked["stage"][:20])
    if asked.get("country"):
        code = asked["country"].upper()[:2]
        cases = cases.filter(
            Q(requests__requested_country=code) | Q(targets__provider_country=code)
        )
    if asked.get("provider"):
        cases = cases.filter(targets__provider=asked["provider"][:100])
    if asked.get("status"):
        cases = cases.filter(requests__status=asked["status"][:30])
    if asked.get("deadline") in {"overdue", "week"}:
        limit = now().date() + (
            timedelta(days=7) if asked["deadline"] == "week" else timedelta(days=-1)
        )
        cases = cases.filter(requests__deadlines__due__lte=limit)
    return cases.distinct()
