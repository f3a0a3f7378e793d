"""The auditor's pages: read and filter the trail, check its chain, export it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from evidesk.accounts.decorators import auditor_required, recent_authentication_required
from evidesk.audit import services
from evidesk.audit.forms import AuditFilterForm
from evidesk.clock import now
from evidesk.system.exports import spreadsheet_csv
from evidesk.system.paging import page_of

EVENTS_PER_PAGE = 100
EXPORT_COLUMNS = [
    "seq", "at", "actor_name", "remote_addr", "action", "object_type", "object_id", "case_id",
    "before", "after", "data", "hash",
]  # fmt: skip


def _filtered(request: HttpRequest):
    form = AuditFilterForm(request.GET or None)
    if not form.is_bound:
        return form, {}, services.events_matching()
    if not form.is_valid():
        return form, {}, services.events_matching().none()
    filters = form.filters()
    return form, filters, services.events_matching(**filters)


@auditor_required
def trail(request: HttpRequest) -> HttpResponse:
    form, _, events = _filtered(request)
    page = page_of(events, request.GET, EVENTS_PER_PAGE)
    return render(request, "audit/trail.html", {"form": form, "page": page})


@auditor_required
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    verdict = services.verify_trail()
    services.record("audit.verify", actor=request.user, data={"ok": verdict.ok})
    form, _, events = _filtered(request)
    page = page_of(events, QueryDict(), EVENTS_PER_PAGE)
    return render(request, "audit/trail.html", {"form": form, "page": page, "verdict": verdict})


@auditor_required
@recent_authentication_required
def export(request: HttpRequest) -> HttpResponse:
    form, filters, _ = _filtered(request)
    events = services.exported_events(
        request.user, filters, remote_addr=request.META.get("REMOTE_ADDR", ""), via="csv"
    )
    if form.errors:  # filters that do not make sense export nothing, as the page shows nothing
        events = events.none()
    rows = ([getattr(event, column) for column in EXPORT_COLUMNS] for event in events.iterator())
    response = StreamingHttpResponse(
        spreadsheet_csv(EXPORT_COLUMNS, rows), content_type="text/csv; charset=utf-8"
    )
    name = f"evidesk-audit-{now():%Y%m%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
