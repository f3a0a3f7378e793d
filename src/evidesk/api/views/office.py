"""What is not one case's: the knowledge base, the advisor, the contacts directory, statistics,
the audit trail and the caller's own tokens."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ParseError, ValidationError
from rest_framework.response import Response

from evidesk.advisor.engine import advise
from evidesk.advisor.errors import FactsError
from evidesk.advisor.facts import parse_case
from evidesk.api import serializers as out
from evidesk.api.forms import body_of, validated
from evidesk.api.models import ApiToken
from evidesk.api.pagination import TrailPages
from evidesk.api.permissions import Auditor, TokenScope
from evidesk.api.tokens import revoke_token
from evidesk.api.views.common import CaseWorkView, page_of, paged, text_filters
from evidesk.audit.forms import AuditFilterForm
from evidesk.audit.services import exported_events
from evidesk.clock import now
from evidesk.contacts import services as contacts
from evidesk.contacts.forms import ContactForm
from evidesk.contacts.models import Contact
from evidesk.knowledge.presentation import entry_data, entry_matches
from evidesk.knowledge.resolver import resolve
from evidesk.knowledge.services import current_snapshot
from evidesk.reports.forms import PeriodForm
from evidesk.reports.services import figures_as_data, figures_in_scope

KINDS = {"jurisdictions": "jurisdiction", "instruments": "instrument", "providers": "provider"}
ContactBody = body_of(ContactForm, "ContactBody")


class KnowledgeList(CaseWorkView):
    lists = True

    @extend_schema(
        summary="Jurisdictions, instruments or providers the knowledge base knows",
        operation_id="knowledge_list",
        parameters=text_filters("q", q="Text in the key, name, brands or domains"),
        responses=page_of(None, "EntryPage", serializers.ListField(child=serializers.DictField())),
    )
    def get(self, request, folder: str):
        kind = _kind(folder)
        query = request.query_params.get("q", "").strip()[:100]
        today = now().date()
        entries = [e for e in current_snapshot().entries(kind) if entry_matches(e, query)]
        return paged(self, [entry_data(e, today) for e in entries])


class KnowledgeDetail(CaseWorkView):
    @extend_schema(
        summary="One entry, every fact with its source and age", responses=OpenApiTypes.OBJECT
    )
    def get(self, request, folder: str, key: str):
        entry = current_snapshot().entry(_kind(folder), key)
        if entry is None:
            raise NotFound()
        return Response(entry_data(entry, now().date()))


def _kind(folder: str) -> str:
    if folder not in KINDS:
        raise NotFound()
    return KINDS[folder]


class Resolve(CaseWorkView):
    @extend_schema(
        summary="Recognise an identifier: its kind, normal form, provider and country",
        parameters=[
            OpenApiParameter("identifier", str, required=True),
            OpenApiParameter("platform", str, description="For an @handle: whose handle"),
            OpenApiParameter("country", str, description="Default country of a phone number"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        asked = request.query_params
        result = resolve(
            asked.get("identifier", ""),
            current_snapshot(),
            asked.get("platform") or None,
            asked.get("country") or None,
        )
        return Response(result.as_dict())


class Advise(CaseWorkView):
    @extend_schema(
        summary="Plan a case that is not stored",
        description="The body is a case in the advisor's scenario format (see docs/advisor.md); "
        "the answer is the plan. Nothing is stored.",
        request=OpenApiTypes.OBJECT,
        responses=OpenApiTypes.OBJECT,
    )
    def post(self, request):
        if not isinstance(request.data, dict):
            raise ParseError("The body must be a JSON object.")
        try:
            case = parse_case(request.data, as_of=now().date())
        except FactsError as exc:
            problems: dict[str, list[str]] = {}
            for field, message in exc.problems:
                problems.setdefault(field or "general", []).append(message)
            raise ValidationError(problems) from exc
        return Response(advise(case, current_snapshot()))


class ContactList(CaseWorkView):
    lists = True

    @extend_schema(
        summary="The office's contacts directory",
        parameters=text_filters("q", "role", "country"),
        responses=page_of(out.ContactSerializer),
    )
    def get(self, request):
        found = contacts.search_contacts(request.query_params).order_by("name", "pk")
        return paged(self, found, out.ContactSerializer)

    @extend_schema(
        summary="Add a contact", request=ContactBody, responses={201: out.ContactSerializer}
    )
    def post(self, request):
        form = validated(ContactForm, request)
        contact = contacts.create_contact(request.user, **form.contact_fields())
        return Response(out.ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class ContactDetail(CaseWorkView):
    @extend_schema(summary="A contact", responses=out.ContactSerializer)
    def get(self, request, contact_id: int):
        return Response(out.ContactSerializer(_contact(contact_id)).data)

    @extend_schema(
        summary="Change a contact (send the `version` you read)",
        request=ContactBody,
        responses=out.ContactSerializer,
    )
    def put(self, request, contact_id: int):
        contact = _contact(contact_id)
        form = validated(ContactForm, request)
        saved = contacts.update_contact(
            contact, request.user, form.cleaned_data.get("version") or 0, **form.contact_fields()
        )
        return Response(out.ContactSerializer(saved).data)

    @extend_schema(summary="Delete a contact", responses={204: None})
    def delete(self, request, contact_id: int):
        contacts.delete_contact(_contact(contact_id), request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _contact(contact_id: int) -> Contact:
    contact = Contact.objects.filter(pk=contact_id).first()
    if contact is None:
        raise NotFound()
    return contact


class Statistics(CaseWorkView):
    @extend_schema(
        summary="Figures of the requests sent in a period",
        description="`scope=office` (administrators and central authority) counts the whole "
        "office; otherwise the cases you may see.",
        parameters=[
            OpenApiParameter("since", str, description="YYYY-MM-DD"),
            OpenApiParameter("until", str, description="YYYY-MM-DD"),
            OpenApiParameter("scope", str, enum=["mine", "office"]),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        form = PeriodForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data
        figures = figures_in_scope(request.user, data["scope"], data["since"], data["until"])
        return Response(figures_as_data(figures))


class AuditTrail(CaseWorkView):
    permission_classes = [Auditor]
    lists = True
    pages = TrailPages

    @extend_schema(
        summary="The audit trail, newest first (auditors)",
        description="Each page read is recorded in the trail as an export (`audit.export`, "
        "naming the token), as the CSV export of the pages is.",
        parameters=text_filters("actor", "action", "case_id", "since", "until"),
        responses=page_of(out.AuditEventSerializer, counted=False),
    )
    def get(self, request):
        form = AuditFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        events = exported_events(request.user, form.filters(), via="api", token=str(request.auth))
        return paged(self, events, out.AuditEventSerializer)


class TokenList(CaseWorkView):
    permission_classes = [TokenScope]
    lists = True

    @extend_schema(
        summary="Your API tokens (made on the account's API tokens page)",
        responses=page_of(out.TokenSerializer),
    )
    def get(self, request):
        return paged(self, request.user.api_tokens.all(), out.TokenSerializer)


class TokenDetail(CaseWorkView):
    permission_classes = [TokenScope]

    @extend_schema(
        summary="Revoke one of your tokens (it stops working at once)", responses={204: None}
    )
    def delete(self, request, token_id: int):
        token = ApiToken.objects.filter(pk=token_id, user=request.user).first()
        if token is None:
            raise NotFound()
        revoke_token(token, request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
