from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from evidesk.audit import services as audit
from evidesk.cases.access import access_case, cases_visible_to


@login_required
def home(request: HttpRequest) -> HttpResponse:
    cases = cases_visible_to(request.user).prefetch_related("requests", "targets")
    return render(request, "web/home.html", {"cases": cases})


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
        {"case": case, "targets": case.targets.all(), "requests": requests},
    )
