from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from evidesk.accounts.decorators import (
    administrator_required,
    case_worker_required,
    recent_authentication_required,
)
from evidesk.audit import services as audit
from evidesk.cases import dashboard, reminders, services
from evidesk.cases.access import (
    EDIT,
    access_case,
    break_glass_candidate,
    can_edit,
    cases_visible_to,
    open_case,
    requests_with_steps,
    with_listed_parts,
)
from evidesk.cases.forms import BreakGlassForm, CaseForm, TargetForm, add_form_errors, save_edit
from evidesk.cases.models import Stage, status_labels
from evidesk.cases.planning import for_reader, plan_for, planned_step
from evidesk.cases.search import matching_cases
from evidesk.clock import now
from evidesk.knowledge.services import country_zone
from evidesk.system.freshness import kept_briefly
from evidesk.system.paging import page_of

# Pages show this many cases; an office's years of cases would make a page of megabytes.
CASES_PER_PAGE = 25

CASES_ON_DASHBOARD = 10


@login_required
@kept_briefly
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard: what falls due, what waits, and the cases worked on last (the case list
    has them all)."""
    latest = cases_visible_to(request.user).order_by("-updated_at", "pk")
    cases = with_listed_parts(list(latest[: CASES_ON_DASHBOARD + 1]))
    today = now().date()
    return render(
        request,
        "web/home.html",
        {
            "cases": cases[:CASES_ON_DASHBOARD],
            "more_cases": len(cases) > CASES_ON_DASHBOARD,
            "board": dashboard.dashboard_for(request.user, today),
            "shown": dashboard.SHOWN,
            "today": today,
        },
    )


# The case list's choice of requests by who sent them.
DIRECTION_FILTER = (
    ("outgoing", _lazy("Requests we sent")),
    ("incoming", _lazy("Requests we received")),
)


@login_required
@kept_briefly
def case_list(request: HttpRequest) -> HttpResponse:
    """All my cases, newest first, a page at a time; searchable and filtered by stage, country,
    provider, request status and deadline."""
    cases = matching_cases(cases_visible_to(request.user), request.GET)
    page = page_of(cases.order_by("-updated_at", "pk"), request.GET, CASES_PER_PAGE)
    return render(
        request,
        "web/case_list.html",
        {
            "cases": with_listed_parts(page.items),
            "page": page,
            "query": request.GET.get("q", "").strip()[:100],
            "params": request.GET,
            "stages": Stage.choices,
            # Labelled from our side once the reader asks for requests we received.
            "statuses": status_labels(request.GET.get("direction", "")).items(),
            "directions": DIRECTION_FILTER,
        },
    )


@case_worker_required
def case_create(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.create_case(request.user, **form.case_fields())
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            return redirect("case-detail", case_id=case.pk)
    return render(request, "web/case_form.html", {"form": form})


@login_required
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, EDIT)
    form = CaseForm(request.POST or None, initial=CaseForm.initial_for(case))
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_edit(
            form, lambda version: services.update_case(case, request.user, version,
                                                       **form.case_fields())
        )  # fmt: skip
        if saved:
            messages.success(request, _("The case was saved."))
            return redirect("case-detail", case_id=case.pk)
    return render(request, "web/case_form.html", {"form": form, "case": case, "conflict": conflict})


@login_required
def target_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, EDIT)
    form = TargetForm(
        request.POST or None, initial={"period_zone": country_zone(case.requesting_country) or ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_target_from_input(case, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            return redirect("case-detail", case_id=case.pk)
    return render(request, "web/target_form.html", {"form": form, "case": case})


@login_required
@require_POST
def draft_from_step(request: HttpRequest, case_id: int) -> HttpResponse:
    """One click turns a plan step into a draft request; the step is re-planned here, so
    nothing the browser sends can change what the request says."""
    case = access_case(request.user, case_id, EDIT)
    try:
        target, step = planned_step(case, request.POST.get("target"), request.POST.get("step", ""))
        services.request_from_step(case, target, step, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("A draft request was created from the plan."))
    return redirect("case-detail", case_id=case.pk)


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            reminders.revoke_calendar_token(request.user)
            messages.success(request, _("The calendar address was revoked."))
        else:
            reminders.new_calendar_token(request.user)
            messages.success(
                request, _("A new calendar address was made; the old one no longer works.")
            )
        return redirect("calendar-settings")
    feed = (
        request.build_absolute_uri(reverse("calendar-feed", args=[request.user.calendar_token]))
        if request.user.calendar_token
        else ""
    )
    return render(request, "web/calendar.html", {"feed": feed})


@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: its secret address is the only credential, so calendar programs can
    subscribe without logging in."""
    user = reminders.user_for_token(token)
    if user is None:
        raise Http404
    response = HttpResponse(
        reminders.calendar_for(user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="evidesk-deadlines.ics"'
    return response


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    page = open_case(request.user, case_id)
    case = page.case
    audit.record(
        "case.view",
        actor=request.user,
        obj=case,
        case_id=case.pk,
        remote_addr=request.META.get("REMOTE_ADDR", ""),
    )
    # Read once for the page and the plan (which looks back on the preservations sent).
    requests = requests_with_steps(case)
    targets = list(case.targets.order_by("pk"))
    plan = for_reader(plan_for(case, targets, requests))
    # The providers by the names the knowledge base gives them ("Google LLC", not "google").
    providers = {t["target_id"]: t["provider_name"] for t in (plan or {}).get("targets", [])}
    return render(
        request,
        "web/case_detail.html",
        {
            "case": case,
            "can_edit": can_edit(request.user, case, page.team),
            "team": page.team,
            "break_glass": page.break_glass,
            "targets": [(t, providers.get(t.pk) or t.provider) for t in targets],
            # Each request with the day of its last step; steps are recorded on its own page.
            "requests": [(r, _last_step_at(r)) for r in requests],
            "plan": plan,
            "draftable": set(services.ACTION_TO_TYPE) | {"disclose"},
        },
    )


def _last_step_at(record) -> datetime:
    return record.steps[-1][1] if record.steps else record.created_at


@login_required
@require_POST
def case_team(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, EDIT)
    try:
        if request.POST.get("remove"):
            services.remove_member(request.user, case, int(request.POST["remove"]))
        else:
            services.add_member(request.user, case, request.POST.get("username", "")[:150])
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("case-detail", case_id=case.pk)


@administrator_required
@recent_authentication_required
def break_glass(request: HttpRequest) -> HttpResponse:
    """An administrator opens a case they are not on, saying why; the case's members see it."""
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = break_glass_candidate(request.user, form.cleaned_data["reference"])
        except Http404:
            form.add_error("reference", _("No case has this reference."))
        else:
            try:
                services.open_break_glass(
                    request.user,
                    case,
                    form.cleaned_data["reason"],
                    request.META.get("REMOTE_ADDR", ""),
                )
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                return redirect("case-detail", case_id=case.pk)
    return render(request, "web/break_glass.html", {"form": form})
