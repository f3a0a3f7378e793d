from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from evidesk.audit import services as audit
from evidesk.cases import services
from evidesk.cases.access import access_case, cases_visible_to
from evidesk.cases.forms import CaseForm, TargetForm
from evidesk.cases.planning import plan_for
from evidesk.knowledge.services import current_snapshot


@login_required
def home(request: HttpRequest) -> HttpResponse:
    cases = cases_visible_to(request.user).prefetch_related("requests", "targets")
    return render(request, "web/home.html", {"cases": cases})


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.create_case(request.user, **form.case_fields())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect("case-detail", case_id=case.pk)
    return render(request, "web/case_form.html", {"form": form})


@login_required
def target_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    form = TargetForm(
        request.POST or None, initial={"period_zone": _country_zone(case.requesting_country)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_target_from_input(case, request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect("case-detail", case_id=case.pk)
    return render(request, "web/target_form.html", {"form": form, "case": case})


def _form_errors(form, exc: ValidationError) -> None:
    for field, messages in exc.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


def _country_zone(code: str) -> str:
    entry = current_snapshot().jurisdiction(code)
    zones = entry.value("timezones") if entry else None
    return zones[0] if zones and len(zones) == 1 else ""


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    audit.record(
        "case.view",
        actor=request.user,
        obj=case,
        case_id=case.pk,
        remote_addr=request.META.get("REMOTE_ADDR", ""),
    )
    requests = case.requests.prefetch_related("transitions", "targets")
    return render(
        request,
        "web/case_detail.html",
        {"case": case, "targets": case.targets.all(), "requests": requests, "plan": plan_for(case)},
    )
