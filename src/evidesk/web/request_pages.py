"""A request's own page: its timeline of steps and messages, its deadlines and why, its edit
form, and the files kept with its correspondence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evidesk.cases import lifecycle, services, tracking
from evidesk.cases.access import (
    EDIT,
    MOVE,
    access_attachment,
    access_case,
    access_request,
    access_transition,
    can_edit,
    can_move,
)
from evidesk.cases.forms import (
    CorrespondenceForm,
    IncomingRequestForm,
    RequestForm,
    add_form_errors,
    optional_moment,
    save_edit,
)
from evidesk.cases.models import Request
from evidesk.contacts.services import contacts_for
from evidesk.knowledge.services import office_zone


def _timeline(record: Request) -> list[tuple]:
    """Steps and messages in the order they happened."""
    steps = [(t.at, "transition", t) for t in record.transitions.select_related("actor")]
    letters = [
        (c.at, "message", c)
        for c in record.correspondence.prefetch_related("attachments").select_related("contact")
    ]
    return sorted(steps + letters, key=lambda row: (row[0], row[1]))


@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    return _request_page(request, access_request(request.user, request_id))


def _request_page(
    request: HttpRequest,
    record: Request,
    message_form: CorrespondenceForm | None = None,
    step: dict | None = None,
) -> HttpResponse:
    """The request's page; a step or message refused comes back with what was typed in it."""
    movable = can_move(request.user, record)
    zone = office_zone(record.office_country())
    return render(
        request,
        "web/request_detail.html",
        {
            "record": record,
            "case": record.case,
            "timeline": _timeline(record),
            "deadlines": tracking.deadlines_shown(record),
            "can_move": movable,
            "can_edit": can_edit(request.user, record.case),
            "next_statuses": (
                sorted(lifecycle.next_statuses(record.status, record.direction)) if movable else []
            ),
            "zone": zone,
            "step": step or {"zone": zone},
            "message_form": (
                message_form or (CorrespondenceForm(initial={"zone": zone}) if movable else None)
            ),
            "consult": contacts_for(record.requested_country, _provider_of(record)),
        },
    )


def _provider_of(record: Request) -> str:
    providers = record.targets.exclude(provider="").values_list("provider", flat=True)
    return providers.first() or ""


@login_required
def request_edit(request: HttpRequest, request_id: int) -> HttpResponse:
    record = access_request(request.user, request_id, EDIT)
    form = RequestForm(
        request.POST or None, request_record=record, initial=RequestForm.initial_for(record)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        targets = list(form.cleaned_data["targets"])
        saved, conflict = save_edit(
            form, lambda version: services.update_request(record, request.user, version, targets,
                                                          **form.request_fields())
        )  # fmt: skip
        if saved:
            messages.success(request, _("The request was saved; its deadlines were recomputed."))
            return redirect("request-detail", request_id=record.pk)
    return render(
        request, "web/request_form.html", {"form": form, "record": record, "conflict": conflict}
    )


@login_required
def incoming_register(request: HttpRequest, case_id: int) -> HttpResponse:
    """Register a foreign state's request on the case, dated when it reached the office."""
    case = access_case(request.user, case_id, EDIT)
    form = IncomingRequestForm(
        request.POST or None,
        request_record=Request(case=case),
        initial={"confidential": True, "do_not_notify_user": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services.register_incoming(
                case,
                list(form.cleaned_data["targets"]),
                request.user,
                form.cleaned_data["moment"],
                **form.request_fields(),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("The incoming request was registered as received."))
            return redirect("request-detail", request_id=record.pk)
    return render(request, "web/incoming_form.html", {"form": form, "case": case})


def _moment_from_post(request: HttpRequest, default_zone: str):
    return optional_moment(request.POST.get("at", ""), request.POST.get("zone", ""), default_zone)


@login_required
@require_POST
def request_transition(request: HttpRequest, request_id: int) -> HttpResponse:
    record = access_request(request.user, request_id, MOVE)
    try:
        services.transition_request(
            record,
            request.POST.get("to_status", ""),
            request.user,
            note=request.POST.get("note", "")[:4000],
            at=_moment_from_post(request, office_zone(record.office_country())),
            refusal_reason=request.POST.get("refusal_reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _request_page(request, record, step=request.POST)
    return redirect("request-detail", request_id=record.pk)


@login_required
@require_POST
def transition_date(request: HttpRequest, transition_id: int) -> HttpResponse:
    transition = access_transition(request.user, transition_id)
    zone = office_zone(transition.request.office_country())
    try:
        moment = _moment_from_post(request, zone)
        if moment is None:
            raise ValidationError(_("Give the date and time the step really happened."))
        services.correct_transition_date(transition, request.user, moment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The date was corrected; the deadlines were recomputed."))
    return redirect("request-detail", request_id=transition.request_id)


@login_required
@require_POST
def correspondence_add(request: HttpRequest, request_id: int) -> HttpResponse:
    record = access_request(request.user, request_id, MOVE)
    form = CorrespondenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.record_correspondence(record, request.user, **form.message_fields())
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("The message was added to the request's timeline."))
            return redirect("request-detail", request_id=record.pk)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return _request_page(request, record, message_form=form)


@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Always a download, never shown in the browser: a file from outside may be hostile."""
    attachment = access_attachment(request.user, attachment_id)
    return services.attachment_download(attachment, request.user)
