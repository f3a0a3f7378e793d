"""Statistics pages: the figures of the cases a user may see, or of the whole office for those
who report on it, each table with a chart and its CSV and XLSX."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from evidesk.audit import services as audit
from evidesk.clock import now
from evidesk.reports import exports
from evidesk.reports.forms import PeriodForm
from evidesk.reports.labels import named
from evidesk.reports.services import figures_for, figures_in_scope, may_see_office
from evidesk.reports.text import shown, tables

FORMATS = {
    "csv": ("text/csv; charset=utf-8", exports.to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.to_xlsx),
}


def _figures(request: HttpRequest):
    """The figures of the period asked for; None for a period that makes no sense (an end
    before its start), whose figures would otherwise be those of all time, read as the period's."""
    form = PeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    figures = figures_in_scope(
        request.user, data.get("scope", ""), data.get("since"), data.get("until")
    )
    return form, figures


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    form, figures = _figures(request)
    query = request.GET.urlencode()
    charts = []
    for table in named(shown(figures)) if figures else []:
        values = [row[1] for row in table.rows if isinstance(row[1], int)]
        top = max(values, default=0) or 1
        bars = [(row, round(100 * row[1] / top) if isinstance(row[1], int) else 0)
                for row in table.rows]  # fmt: skip
        charts.append((table, bars))
    return render(
        request,
        "reports/statistics.html",
        {"form": form, "figures": figures, "charts": charts, "query": query,
         "office_allowed": may_see_office(request.user)},
    )  # fmt: skip


@login_required
def statistics_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    _, figures = _figures(request)
    chosen = tables(figures).get(table) if figures else None
    if chosen is None:
        raise Http404
    content_type, render_table = FORMATS[fmt]
    details = {"table": table, "format": fmt, "filters": request.GET.dict()}
    audit.record("reports.export", actor=request.user, data=details)
    response = HttpResponse(render_table(chosen), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="evidesk-{table}.{fmt}"'
    return response


@login_required
def annual_report(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The year's figures for the whole office, as a central authority reports them."""
    if not may_see_office(request.user):
        raise PermissionDenied
    if fmt not in {"pdf", "xlsx"} or not 2000 <= year <= 2100:
        raise Http404
    figures = figures_for(None, date(year, 1, 1), date(year, 12, 31))
    all_tables = shown(figures)
    audit.record("reports.annual", actor=request.user, data={"year": year, "format": fmt})
    if fmt == "xlsx":
        cover = [[f"evidesk — international cooperation in {year}"],
                 ["requests sent", figures.total],
                 ["preservations that lapsed", figures.lapsed_preservations],
                 ["requests received", figures.received.total],
                 ["requests received answered late", figures.received.late]]  # fmt: skip
        content, content_type = exports.workbook(all_tables, cover), FORMATS["xlsx"][0]
    else:
        from weasyprint import HTML

        html = render_to_string(
            "reports/annual.html",
            {
                "year": year,
                "figures": figures,
                "tables": named(all_tables),
                "generated": now(),
            },
        )
        content, content_type = HTML(string=html).write_pdf(), "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="evidesk-annual-{year}.{fmt}"'
    return response
