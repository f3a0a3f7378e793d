"""Evidence pages: receive a production, see an item and its chain of custody, look inside an
archive and take members out, download, export a case's evidence and print its custody."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from evidesk.accounts.decorators import recent_authentication_required
from evidesk.audit import services as audit
from evidesk.cases.access import MOVE, access_case, access_request, can_move
from evidesk.cases.forms import add_form_errors
from evidesk.config import max_request_bytes
from evidesk.evidence import services
from evidesk.evidence.access import (
    access_evidence,
    evidence_visible_to,
    received_before,
    same_file_shown,
)
from evidesk.evidence.forms import ReceiveForm
from evidesk.evidence.models import NOT_SENT
from evidesk.knowledge.services import office_zone
from evidesk.system import files
from evidesk.system.health import worker_status


@login_required
def request_evidence(request: HttpRequest, request_id: int) -> HttpResponse:
    record = access_request(request.user, request_id)
    zone = office_zone(record.office_country())
    form = ReceiveForm(request.POST or None, request.FILES or None, initial={"zone": zone})
    if request.method == "POST":
        # The answer may reach the central authority it passed through: it receives it too.
        record = access_request(request.user, request_id, MOVE)
        if form.is_valid():
            data = form.cleaned_data
            receipt = services.Receipt(
                received_from=data["received_from"], channel=data["channel"],
                received_at=data["moment"], provider_reference=data["provider_reference"],
                supplied_hash=data["supplied_hash"],
            )  # fmt: skip
            uploads = [services.Upload(f.name, f.chunks()) for f in data["files"]]
            try:
                received = services.receive_all(record, request.user, uploads, receipt)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("The files were received, hashed and stored."))
                if not_sent := services.listed_not_received(received):
                    messages.warning(request, f"{NOT_SENT} {', '.join(not_sent)}")
                for item in received:
                    if earlier := received_before(request.user, item):
                        messages.warning(request, _(
                            "%(exhibit)s (%(name)s) is the same file as %(earlier)s, received "
                            "on %(date)s: it was received again."
                        ) % {"exhibit": item.exhibit, "name": item.original_name,
                             "earlier": earlier.exhibit,
                             "date": f"{earlier.received_at:%Y-%m-%d}"})  # fmt: skip
                return redirect("request-evidence", request_id=record.pk)
    visible = evidence_visible_to(request.user).filter(request=record)
    return render(
        request,
        "evidence/request_evidence.html",
        {
            "record": record,
            "form": form,
            "items": record.evidence.select_related("parent"),
            "limit_bytes": max_request_bytes(),
            "can_verify": can_move(request.user, record) and visible.exists(),
            "verifications": services.verifications(record, visible),
            "worker_alive": worker_status()["status"] == "ok",
        },
    )


@login_required
@require_POST
def request_verify(request: HttpRequest, request_id: int) -> HttpResponse:
    """Hash every file received on the request again, in the background worker."""
    return _verify_in_background(request, access_request(request.user, request_id, MOVE))


def _verify_in_background(request: HttpRequest, record, item=None) -> HttpResponse:
    services.verify_in_background(record, request.user, item)
    messages.success(request, _("The check of the hashes was handed to the background worker: "
                                "how far it has got shows below."))  # fmt: skip
    return redirect("request-evidence", request_id=record.pk)


@login_required
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = services.open_item(access_evidence(request.user, item_id), request.user)
    listing = services.listing(item)
    not_sent, not_listed = services.against_senders_list(item, listing)
    same_file, same_file_more = same_file_shown(request.user, item)
    return render(
        request,
        "evidence/item.html",
        {
            "item": item,
            "custody": item.custody.all(),
            "listing": listing,
            "not_sent": not_sent,
            "not_sent_said": NOT_SENT,
            "not_listed": not_listed,
            "children": item.children.all(),
            "same_file": same_file,
            "same_file_more": same_file_more,
            "can_extract": can_move(request.user, item.request),
        },
    )


@login_required
@require_POST
def item_extract(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access_evidence(request.user, item_id)
    access_request(request.user, item.request_id, MOVE)
    names = request.POST.getlist("member")[:1000]
    if not names:
        messages.error(request, _("Choose the files to take out of the archive."))
    else:
        try:
            taken = services.extract(item, names, request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(count)d files were taken out as new items.")
                             % {"count": len(taken)})  # fmt: skip
    return redirect("evidence-item", item_id=item.pk)


@login_required
@require_POST
def item_verify(request: HttpRequest, item_id: int) -> HttpResponse:
    """Hash the kept file again, in the background worker (a file of many gigabytes takes
    longer than a proxy waits for a page): the check is written on the custody."""
    item = access_evidence(request.user, item_id)
    return _verify_in_background(request, access_request(request.user, item.request_id, MOVE),
                                 item)  # fmt: skip


@login_required
def item_download(request: HttpRequest, item_id: int) -> HttpResponse:
    item = access_evidence(request.user, item_id)
    try:
        return services.download_item(item, request.user)
    except ValidationError as exc:  # the kept file is gone: say so on the item's page
        messages.error(request, " ".join(exc.messages))
        return redirect("evidence-item", item_id=item.pk)


@never_cache  # the case's evidence stays out of shared caches
@login_required
@recent_authentication_required
def case_export(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    items = list(evidence_visible_to(request.user).filter(request__case=case))
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    try:
        services.export_package(case, items, request.user, spool)
    except ValidationError as exc:
        spool.close()
        messages.error(request, " ".join(exc.messages))
        return redirect("case-detail", case_id=case.pk)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=files.flat_filename(f"{case.reference}-evidence.zip"),
        content_type="application/zip",
    )  # fmt: skip


@never_cache  # the case's evidence stays out of shared caches
@login_required
@recent_authentication_required
def custody_report(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id)
    items = list(evidence_visible_to(request.user).filter(request__case=case))
    audit.record("evidence.custody_report", actor=request.user, obj=case, case_id=case.pk,
                 data={"items": len(items)})  # fmt: skip
    response = HttpResponse(
        services.custody_report_pdf(case, items), content_type="application/pdf"
    )
    # Quoted by Django: a reference may hold quotes, and older ones even line breaks.
    name = files.flat_filename(f"{case.reference}-custody.pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
