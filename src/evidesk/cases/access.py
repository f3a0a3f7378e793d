"""The one way case data is read: only by the people who have a reason to.

Views, API and CLI get cases through these functions, never through Case.objects directly,
so that a case outside a user's reach looks exactly like one that does not exist (404).

Who sees a case:
- its members (the team);
- the supervisors of the unit it belongs to;
- central-authority officers, for cases with an incoming request or an outgoing MLA request
  that has left the drafting stage (MLA requests travel through the central authority);
- an administrator holding an unexpired break-glass access, which they opened with a reason.
Auditors see no case: they read the audit trail.

Who may change it: members and the unit's supervisors. Central-authority officers may move the
requests that pass through them along their lifecycle (MOVE: steps, their dates, messages on the
timeline, and the evidence that comes back through them), but not change what a request says or
draft its documents (EDIT): the content is the requesting prosecutor's, approved by their
supervisor before it leaves. Break-glass access is read-only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db.models import Model, OuterRef, Q, QuerySet
from django.http import Http404

from evidesk.accounts import permissions
from evidesk.cases import lifecycle
from evidesk.cases.models import (
    Attachment,
    BreakGlassAccess,
    Case,
    CaseMembership,
    Deadline,
    Request,
    RequestTransition,
    Target,
)
from evidesk.cases.per_row import ExistsPerRow
from evidesk.clock import now

# What a caller needs of a request: to read it, to move it along its lifecycle (and keep its
# timeline), or to change its content, documents and evidence.
VIEW, MOVE, EDIT = "view", "move", "edit"


def _central_authority_requests(request: str = "") -> Q:
    """The requests the central authority works on, as a condition on the request itself
    (`request=""`) or on rows that belong to one (`request="request"` for deadlines)."""
    at = f"{request}__" if request else ""
    return Q(**{f"{at}direction": Request.Direction.INCOMING}) | (
        Q(**{f"{at}channel": "mla"}) & ~Q(**{f"{at}status": lifecycle.DRAFT})
    )


CENTRAL_AUTHORITY_REQUESTS = _central_authority_requests()


def _visible(user, case: str = "") -> Q:
    """Who sees a case, as a condition on the case itself (`case=""`) or on rows that belong to
    one (`case="request__case"` for deadlines…). Each way in is written so the database finds
    a page of cases or deadlines without listing all of a unit's or the office's first: the
    team and break-glass as a union of ids read from indexes, the unit as the case's column,
    the central authority's cases (most of them) asked per case. Lists read through it; one
    case, or one record of a case, is asked with `sees`."""
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    case_id = f"{case}_id" if case else "pk"
    by_person = (
        CaseMembership.objects.filter(user=user).values("case_id").order_by()
        .union(BreakGlassAccess.objects.filter(user=user, expires_at__gt=now())
               .values("case_id").order_by())
    )  # fmt: skip
    rule = Q(**{f"{case_id}__in": by_person})
    if user.role == "supervisor" and user.unit_id:
        rule |= Q(**{f"{case}__unit_id" if case else "unit_id": user.unit_id})
    if permissions.is_central_authority(user):
        passing = Request.objects.filter(CENTRAL_AUTHORITY_REQUESTS, case_id=OuterRef(case_id))
        rule |= Q(ExistsPerRow(passing))
    return rule


def cases_visible_to(user) -> QuerySet[Case]:
    return Case.objects.filter(_visible(user))


class ListedRequest(NamedTuple):
    """What lists of cases show of each request: its kind and where it stands."""

    type: str
    status: str
    direction: str
    get_type_display = Request.get_type_display
    get_status_display = Request.get_status_display


def with_listed_parts(cases: list[Case]) -> list[Case]:
    """The cases, each with what lists show of its requests and targets, read as plain values
    (prefetching built a model row for each, which cost more than the list's own query):
    `listed_requests`, the latest first, and `target_count`."""
    ids = [case.pk for case in cases]
    requests: dict[int, list[ListedRequest]] = {}
    rows = Request.objects.filter(case_id__in=ids).order_by("-updated_at", "pk")
    for case_id, *listed in rows.values_list("case_id", "type", "status", "direction"):
        requests.setdefault(case_id, []).append(ListedRequest(*listed))
    targets = Counter(Target.objects.filter(case_id__in=ids).values_list("case_id", flat=True))
    for case in cases:
        case.listed_requests, case.target_count = requests.get(case.pk, []), targets[case.pk]
    return cases


def requests_with_steps(case: Case) -> list[Request]:
    """The case's requests, each with what the case page and the plan read of its history and
    targets, as plain values (model rows cost more to build than to read): `steps`, the
    (status, moment) of each transition in time order, and `target_ids`."""
    requests = list(case.requests.all())
    by_id = {request.pk: request for request in requests}
    for request in requests:
        request.steps, request.target_ids = [], []
    steps = RequestTransition.objects.filter(request__case=case).order_by("at", "pk")
    for request_id, status, at in steps.values_list("request_id", "to_status", "at"):
        by_id[request_id].steps.append((status, at))
    aimed = Request.targets.through.objects.filter(request__case=case)
    for request_id, target_id in aimed.values_list("request_id", "target_id"):
        by_id[request_id].target_ids.append(target_id)
    return requests


def team_of(case: Case) -> list[CaseMembership]:
    """The case's members, owners first, with what the case page shows of each: their name and
    role (whole accounts, password hashes included, cost more to load than the rest)."""
    shown = ("case_id", "role", "user__username", "user__full_name", "user__role")
    members = case.casemembership_set.select_related("user").only(*shown)
    return list(members.order_by("-role", "user__username"))


def can_edit(user, case: Case, team: list[CaseMembership] | None = None) -> bool:
    """`team`: the case's memberships, when the caller has read them already."""
    if permissions.is_supervisor_of(user, case.unit_id):
        return True
    if team is None:
        return case.members.filter(pk=user.pk).exists()
    return any(membership.user_id == user.pk for membership in team)


def can_move(user, request: Request) -> bool:
    """May this user record a transition of the request?"""
    return request.pk in movable_among(user, [request.pk])


def sees(
    user,
    case: Case,
    team: list[CaseMembership] | None = None,
    break_glass: list[BreakGlassAccess] | None = None,
) -> bool:
    """The rule of `_visible`, asked of one case already read: each way in on its own, the
    cheapest first. Pages that open one case or one of its records ask this: composing the
    lists' rule costs more than the reading itself (tests/test_access_matrix.py keeps the two
    forms in agreement). `team` and `break_glass`: the case's memberships and break-glass
    accesses, when the caller has read them already."""
    if not (user.is_authenticated and user.is_active):
        return False
    if can_edit(user, case, team):  # the unit's supervisors and the team
        return True
    if break_glass is None:
        if BreakGlassAccess.objects.filter(case=case, user=user, expires_at__gt=now()).exists():
            return True
    elif any(a.user_id == user.pk and a.expires_at > now() for a in break_glass):
        return True
    return (
        permissions.is_central_authority(user)
        and case.requests.filter(CENTRAL_AUTHORITY_REQUESTS).exists()
    )


@dataclass(frozen=True)
class CasePage:
    """A case with the people the case page shows: its team and its break-glass accesses."""

    case: Case
    team: list[CaseMembership]
    break_glass: list[BreakGlassAccess]


def open_case(user, case_id: int) -> CasePage:
    """The case with its team and break-glass accesses, if the user sees it (404 otherwise):
    read first, then asked whether the user is among them, which saves asking twice."""
    case = _get(Case.objects.all(), case_id)
    team, break_glass = team_of(case), list(case.break_glass.select_related("user"))
    if not sees(user, case, team, break_glass):
        raise Http404
    return CasePage(case, team, break_glass)


def _get(rows: QuerySet, pk) -> Model:
    try:
        return rows.get(pk=pk)
    except (rows.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _one(user, rows: QuerySet, pk, case_of: Callable[[Model], Case]) -> Model:
    """The row with this key if the user sees its case; otherwise 404, as for no row at all."""
    found = _get(rows, pk)
    if not sees(user, case_of(found)):
        raise Http404
    return found


def access_case(user, case_id: int, need: str = VIEW) -> Case:
    case = _one(user, Case.objects.all(), case_id, lambda case: case)
    if need == EDIT and not can_edit(user, case):
        raise PermissionDenied
    return case


def access_request(user, request_id: int, need: str = VIEW) -> Request:
    request = _one(user, Request.objects.select_related("case"), request_id, attrgetter("case"))
    if need == MOVE and not can_move(user, request):
        raise PermissionDenied
    if need == EDIT and not can_edit(user, request.case):
        raise PermissionDenied
    return request


def requests_visible_to(user) -> QuerySet[Request]:
    return Request.objects.filter(_visible(user, "case"))


def _movable(user, request: str = "") -> Q:
    """Which requests the user may move along their lifecycle, as a condition on the request
    (`request=""`) or on rows that belong to one (`request="request"` for deadlines). Each way
    in is also a way to see the case (`_visible`), so this rule alone also says what the user
    sees. The team is a list of case ids read from the memberships' index, as in `_visible`:
    joined, the memberships made the database walk every request of the office."""
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    at = f"{request}__" if request else ""
    members = CaseMembership.objects.filter(user=user).values("case_id")
    rule = Q(**{f"{at}case_id__in": members})
    if permissions.is_supervisor_of(user, user.unit_id):
        rule |= Q(**{f"{at}case__unit_id": user.unit_id})
    if permissions.is_central_authority(user):
        rule |= _central_authority_requests(request)
    return rule


def movable_among(user, request_ids) -> set[int]:
    """Which of these requests the user may move along their lifecycle (one query, for
    lists; `can_move` answers for one request)."""
    chosen = Request.objects.filter(_movable(user), pk__in=list(request_ids))
    return set(chosen.values_list("pk", flat=True))


def requests_to_act_on(user) -> QuerySet[Request]:
    """The requests whose next step is the user's to record: those they see and may move.
    What they only read (a prosecutor's preservation, to the central authority; a case opened
    by break-glass, to an administrator) is no one's work in their reminders."""
    return Request.objects.filter(_movable(user))


def deadlines_to_act_on(user) -> QuerySet[Deadline]:
    """The deadlines the dashboard, the digest, the calendar feed and the command line remind
    the user of: those of `requests_to_act_on`. Asked of the deadline's own request, the rule
    lets the database walk the deadlines by due date and stop at the page's first rows."""
    return Deadline.objects.filter(_movable(user, "request")).select_related(
        "request", "request__case"
    )


def access_attachment(user, attachment_id: int) -> Attachment:
    rows = Attachment.objects.select_related("correspondence__request__case")
    return _one(user, rows, attachment_id, attrgetter("correspondence.request.case"))


def access_transition(user, transition_id: int) -> RequestTransition:
    """A recorded step, for correcting its date: needs the right to move the request."""
    rows = RequestTransition.objects.select_related("request__case")
    transition = _one(user, rows, transition_id, attrgetter("request.case"))
    if not can_move(user, transition.request):
        raise PermissionDenied
    return transition


def deadlines_visible_to(user) -> QuerySet[Deadline]:
    return Deadline.objects.filter(_visible(user, "request__case")).select_related(
        "request", "request__case"
    )


def break_glass_candidate(user, reference: str) -> Case:
    """The case an administrator asks to open by its reference; 404 for anyone else."""
    if not permissions.is_administrator(user):
        raise Http404
    try:
        return Case.objects.get(reference__iexact=reference.strip())
    except Case.DoesNotExist:
        raise Http404 from None
