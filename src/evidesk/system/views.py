from __future__ import annotations

import ipaddress

from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from evidesk.accounts.forms import AdministratorForm
from evidesk.accounts.services import any_user_exists, create_administrator
from evidesk.system import health as health_checks

PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def is_local_request(request: HttpRequest) -> bool:
    """True only for a browser on the server machine itself.

    A request relayed by a reverse proxy comes from 127.0.0.1 too, so any proxy header
    makes it remote: the setup page must never be reachable from the network.
    """
    if any(header in request.META for header in PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    report = health_checks.report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


@never_cache
def setup(request: HttpRequest) -> HttpResponse:
    if any_user_exists():
        raise Http404
    if not is_local_request(request):
        return render(request, "system/setup_remote.html", status=403)
    form = AdministratorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = create_administrator(**form.account_fields())
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(request, "system/setup.html", {"form": form})
