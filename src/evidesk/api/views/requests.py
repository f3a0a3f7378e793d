"""Requests: their fields, lifecycle, deadlines, messages, evidence and drafted documents."""

from __future__ import annotations

from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from evidesk.api import serializers as out
from evidesk.api.forms import body_of, validated
from evidesk.api.views.common import CaseWorkView, filtered_by_id, page_of, paged, text_filters
from evidesk.cases import services
from evidesk.cases.access import (
    EDIT,
    MOVE,
    access_attachment,
    access_request,
    deadlines_visible_to,
    movable_among,
    requests_visible_to,
)
from evidesk.cases.forms import CorrespondenceForm, RequestForm, TransitionForm
from evidesk.drafting import services as drafting
from evidesk.drafting.access import access_document
from evidesk.drafting.forms import DraftForm
from evidesk.drafting.language import parse_languages
from evidesk.evidence import services as evidence
from evidesk.evidence.access import access_evidence, evidence_visible_to
from evidesk.knowledge.services import office_zone

RequestBody = body_of(RequestForm, "RequestBody")
TransitionBody = body_of(TransitionForm, "TransitionBody")
CorrespondenceBody = body_of(CorrespondenceForm, "CorrespondenceBody")
DraftBody = body_of(DraftForm, "DraftBody", fields=DraftForm().fields)
REQUEST_FILTERS = ("case", "status", "type", "channel", "requested_country", "direction")


def _movable(request, records) -> dict:
    """What the request serializer needs: which of the records this caller may move."""
    return {"movable": movable_among(request.user, [r.pk for r in records])}


def _request_data(request, record) -> dict:
    return out.RequestSerializer(record, context=_movable(request, [record])).data


class RequestList(CaseWorkView):
    lists = True

    @extend_schema(
        summary="The requests you may see",
        parameters=text_filters(*REQUEST_FILTERS, case="A case id"),
        responses=page_of(out.RequestSerializer),
    )
    def get(self, request):
        records = requests_visible_to(request.user).prefetch_related("targets")
        records = filtered_by_id(records, request, "case", "case_id")
        asked = {k: request.query_params.get(k, "")[:30] for k in REQUEST_FILTERS}
        for name in REQUEST_FILTERS[1:]:
            if asked[name]:
                records = records.filter(**{name: asked[name]})
        return paged(
            self,
            records.order_by("-updated_at", "pk"),
            out.RequestSerializer,
            lambda page: _movable(request, page),
        )


class RequestDetail(CaseWorkView):
    @extend_schema(summary="A request", responses=out.RequestSerializer)
    def get(self, request, request_id: int):
        return Response(_request_data(request, access_request(request.user, request_id)))

    @extend_schema(
        summary="Change a request",
        description="Send every field with the `version` you read (409 if it changed since). "
        "`targets` are target ids of the same case; `languages` two-letter codes separated by "
        "commas. The deadlines are computed again.",
        request=RequestBody,
        responses=out.RequestSerializer,
    )
    def put(self, request, request_id: int):
        record = access_request(request.user, request_id, EDIT)
        form = validated(RequestForm, request, request_record=record)
        saved = services.update_request(
            record,
            request.user,
            form.cleaned_data.get("version") or 0,
            list(form.cleaned_data["targets"]),
            **form.request_fields(),
        )
        return Response(_request_data(request, saved))


class RequestTransitions(CaseWorkView):
    lists = True

    @extend_schema(
        summary="The steps of the request's life", responses=page_of(out.TransitionSerializer)
    )
    def get(self, request, request_id: int):
        record = access_request(request.user, request_id)
        steps = record.transitions.select_related("actor")
        return paged(self, steps, out.TransitionSerializer)

    @extend_schema(
        summary="Record a step (sent, receipt confirmed, executed, refused…)",
        description="`at` is when it happened, local time in `zone` (the office's zone if "
        "left out); empty means now. A refusal needs a `refusal_reason` from the list.",
        request=TransitionBody,
        responses={201: out.RequestSerializer},
    )
    def post(self, request, request_id: int):
        record = access_request(request.user, request_id, MOVE)
        form = validated(TransitionForm, request)
        data = form.cleaned_data
        moved = services.transition_request(
            record,
            data["to_status"],
            request.user,
            note=data["note"],
            at=form.moment(office_zone(record.office_country())),
            refusal_reason=data["refusal_reason"],
        )
        return Response(_request_data(request, moved), status=status.HTTP_201_CREATED)


class DeadlineList(CaseWorkView):
    lists = True

    @extend_schema(
        summary="Deadlines of the requests you may see, soonest first",
        parameters=[
            OpenApiParameter("request", int, description="Only this request's"),
            OpenApiParameter("due_before", str, description="YYYY-MM-DD, inclusive"),
        ],
        responses=page_of(out.DeadlineSerializer),
    )
    def get(self, request):
        deadlines = deadlines_visible_to(request.user)
        deadlines = filtered_by_id(deadlines, request, "request", "request_id")
        due_before = _date_param(request.query_params.get("due_before", ""), "due_before")
        if due_before:
            deadlines = deadlines.filter(due__lte=due_before)
        return paged(self, deadlines.order_by("due", "pk"), out.DeadlineSerializer)


def _date_param(text: str, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError({name: ["Give the date as YYYY-MM-DD."]}) from None


class RequestCorrespondence(CaseWorkView):
    lists = True

    @extend_schema(
        summary="The messages on the request's timeline",
        responses=page_of(out.CorrespondenceSerializer),
    )
    def get(self, request, request_id: int):
        record = access_request(request.user, request_id)
        messages = record.correspondence.select_related("created_by").prefetch_related(
            "attachments"
        )
        return paged(self, messages, out.CorrespondenceSerializer)

    @extend_schema(
        summary="Put a message on the timeline",
        description="`at` is local time in `zone`. To attach files, send the same fields as "
        "multipart/form-data with one or more `files`.",
        request=CorrespondenceBody,
        responses={201: out.CorrespondenceSerializer},
    )
    def post(self, request, request_id: int):
        record = access_request(request.user, request_id, MOVE)
        form = validated(CorrespondenceForm, request)
        message = services.record_correspondence(record, request.user, **form.message_fields())
        return Response(out.CorrespondenceSerializer(message).data, status=status.HTTP_201_CREATED)


class AttachmentFile(CaseWorkView):
    @extend_schema(
        summary="Download a message's attached file", responses={(200, "*/*"): OpenApiTypes.BINARY}
    )
    def get(self, request, attachment_id: int):
        return services.attachment_download(
            access_attachment(request.user, attachment_id), request.user
        )


class EvidenceList(CaseWorkView):
    lists = True

    @extend_schema(
        summary="Evidence received, with hashes and chain of custody",
        parameters=[OpenApiParameter("request", int, description="Only this request's")],
        responses=page_of(out.EvidenceSerializer),
    )
    def get(self, request):
        items = evidence_visible_to(request.user).select_related("sender_list")
        items = items.prefetch_related("custody")
        items = filtered_by_id(items, request, "request", "request_id")
        return paged(self, items.order_by("pk"), out.EvidenceSerializer)


class EvidenceDetail(CaseWorkView):
    @extend_schema(
        summary="One exhibit",
        description='Reading it is a link of its chain of custody ("viewed"), as on its page.',
        responses=out.EvidenceSerializer,
    )
    def get(self, request, item_id: int):
        item = evidence.open_item(access_evidence(request.user, item_id), request.user)
        return Response(out.EvidenceSerializer(item).data)


class RequestDocuments(CaseWorkView):
    lists = True

    @extend_schema(
        summary="The documents drafted for the request", responses=page_of(out.DocumentSerializer)
    )
    def get(self, request, request_id: int):
        record = access_request(request.user, request_id)
        return paged(self, record.documents.order_by("-created_at"), out.DocumentSerializer)

    @extend_schema(
        summary="Draft the request's document",
        description="Renders the request as Word, PDF or text in English, Russian or both, "
        "after saving any details sent (fields left out keep their saved values). The "
        "`findings` list what the document still lacks; download it from its `file` address.",
        request=DraftBody,
        responses={201: out.DocumentSerializer},
    )
    def post(self, request, request_id: int):
        record = access_request(request.user, request_id, EDIT)
        base = {"languages": "en", "format": "docx", **DraftForm.initial_for(record, request.user)}
        form = validated(DraftForm, request, base=base)
        record = drafting.save_details(record, request.user, form.details())
        document = drafting.generate(
            record,
            request.user,
            parse_languages(form.cleaned_data["languages"]),
            form.cleaned_data["format"],
        )
        return Response(out.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentFile(CaseWorkView):
    @extend_schema(
        summary="Download a drafted document", responses={(200, "*/*"): OpenApiTypes.BINARY}
    )
    def get(self, request, document_id: int):
        return drafting.document_download(access_document(request.user, document_id), request.user)
