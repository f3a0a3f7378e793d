"""The one way case data is read: only by the people who work on the case.

Views, API and CLI get cases through these functions, never through Case.objects directly,
so that a case outside a user's reach looks exactly like one that does not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from evidesk.cases.models import Case, Deadline, Request


def cases_visible_to(user) -> QuerySet[Case]:
    if not user.is_authenticated:
        return Case.objects.none()
    return Case.objects.filter(members=user).distinct()


def deadlines_visible_to(user) -> QuerySet[Deadline]:
    return Deadline.objects.filter(request__case__in=cases_visible_to(user)).select_related(
        "request", "request__case"
    )


def access_request(user, request_id: int) -> Request:
    try:
        return Request.objects.select_related("case").get(
            pk=request_id, case__in=cases_visible_to(user)
        )
    except (Request.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_case(user, case_id: int) -> Case:
    try:
        return cases_visible_to(user).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
