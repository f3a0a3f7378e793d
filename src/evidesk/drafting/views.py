"""The drafting page of a request: the details the document needs, the completeness check as
the user types, the documents generated, and their downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evidesk.cases.access import EDIT, access_request
from evidesk.drafting import services
from evidesk.drafting.access import access_document
from evidesk.drafting.checks import check
from evidesk.drafting.forms import DraftForm
from evidesk.drafting.inputs import apply_overrides
from evidesk.drafting.language import parse_languages
from evidesk.drafting.stored import draft_input_for, ensure_ours


def _findings(record, form: DraftForm):
    draft = draft_input_for(record)
    if form.is_valid():
        draft = apply_overrides(draft, form.details())
        languages = parse_languages(form.cleaned_data["languages"])
    else:
        languages = ("en",)
    return check(draft, languages, get_language())


@login_required
def draft_page(request: HttpRequest, request_id: int) -> HttpResponse:
    record = access_request(request.user, request_id, EDIT)
    try:
        ensure_ours(record)
    except ValidationError as exc:  # an incoming request: nothing of ours to draft
        messages.error(request, " ".join(exc.messages))
        return redirect("request-detail", record.pk)
    form = DraftForm(request.POST or None, initial=DraftForm.initial_for(record, request.user))
    if request.method == "POST" and form.is_valid():
        record = services.save_details(record, request.user, form.details())
        document = services.generate(
            record,
            request.user,
            parse_languages(form.cleaned_data["languages"]),
            form.cleaned_data["format"],
        )
        if any(f["severity"] == "missing" for f in document.findings):
            messages.warning(request, _("The document was made, but essential elements are "
                                        "missing: they are marked in it."))  # fmt: skip
        else:
            messages.success(request, _("The document was made and kept with the request."))
        return redirect("draft", request_id=record.pk)
    return render(
        request,
        "drafting/draft.html",
        {
            "record": record,
            "form": form,
            "findings": _findings(record, _as_submitted(form.initial)),
            "documents": record.documents.select_related("created_by"),
        },
    )


def _as_submitted(initial: dict) -> DraftForm:
    """The form as if sent unchanged: the check shown before the user types anything."""
    data = {k: v for k, v in initial.items() if k != "mla_intent"}
    if initial.get("mla_intent"):
        data["mla_intent"] = "on"
    return DraftForm({"languages": "en", "format": "docx", **data})


@login_required
@require_POST
def draft_check(request: HttpRequest, request_id: int) -> HttpResponse:
    """The completeness check of what is in the form now, as an HTML fragment."""
    record = access_request(request.user, request_id, EDIT)
    try:
        findings = _findings(record, DraftForm(request.POST))
    except ValidationError as exc:  # an incoming request: nothing of ours to check
        return HttpResponseBadRequest(" ".join(exc.messages))
    return render(request, "drafting/_findings.html", {"findings": findings})


@login_required
def document_download(request: HttpRequest, document_id: int) -> FileResponse:
    return services.document_download(access_document(request.user, document_id), request.user)
