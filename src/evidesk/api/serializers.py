"""What the API answers: the records as other systems read them."""

from __future__ import annotations

from rest_framework import serializers

from evidesk.api.models import ApiToken
from evidesk.audit.models import AuditEvent
from evidesk.cases import lifecycle
from evidesk.cases.models import Case, Correspondence, Deadline, Request, RequestTransition, Target
from evidesk.cases.services import EDITABLE_CASE_FIELDS, EDITABLE_REQUEST_FIELDS
from evidesk.contacts.models import Contact
from evidesk.contacts.services import EDITABLE as EDITABLE_CONTACT_FIELDS
from evidesk.drafting.models import GeneratedDocument
from evidesk.evidence.models import CustodyEvent, EvidenceItem


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = [
            "id",
            "case",
            "identifier",
            "kind",
            "normalized",
            "provider",
            "provider_country",
            "data_categories",
            "realtime",
            "period_start",
            "period_end",
            "period_zone",
            "relevance",
        ]


class CaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = [
            "id",
            *EDITABLE_CASE_FIELDS,
            "unit",
            "version",
            "created_at",
            "updated_at",
        ]


class MemberSerializer(serializers.Serializer):
    user_id = serializers.IntegerField(source="user.pk")
    username = serializers.CharField(source="user.username")
    full_name = serializers.CharField(source="user.full_name")
    role = serializers.CharField()


class CaseDetailSerializer(CaseSerializer):
    targets = TargetSerializer(many=True, read_only=True)
    team = MemberSerializer(source="casemembership_set", many=True, read_only=True)
    requests = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "targets", "team", "requests"]


class RequestSerializer(serializers.ModelSerializer):
    allowed_transitions = serializers.SerializerMethodField(
        help_text="The statuses this caller may move the request to now."
    )

    class Meta:
        model = Request
        fields = [
            "id",
            "case",
            *EDITABLE_REQUEST_FIELDS,
            "requesting_country",
            "targets",
            "status",
            "version",
            "created_at",
            "updated_at",
            "allowed_transitions",
        ]

    def get_allowed_transitions(self, record: Request) -> list[str]:
        movable = self.context.get("movable", set())
        if record.pk not in movable:
            return []
        return sorted(lifecycle.next_statuses(record.status, record.direction))


class TransitionSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default="", read_only=True)

    class Meta:
        model = RequestTransition
        fields = [
            "id",
            "request",
            "from_status",
            "to_status",
            "actor",
            "at",
            "note",
            "refusal_reason",
        ]


class DeadlineSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="request.case_id", read_only=True)

    class Meta:
        model = Deadline
        fields = ["id", "request", "case", "kind", "due", "reason", "sources", "computed"]


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class CorrespondenceSerializer(serializers.ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)
    created_by = serializers.CharField(source="created_by.username", default="", read_only=True)

    class Meta:
        model = Correspondence
        fields = [
            "id",
            "request",
            "kind",
            "at",
            "counterpart",
            "contact",
            "subject",
            "body",
            "created_by",
            "created_at",
            "attachments",
        ]


class CustodySerializer(serializers.ModelSerializer):
    class Meta:
        model = CustodyEvent
        fields = ["action", "actor_name", "at", "details"]


class EvidenceSerializer(serializers.ModelSerializer):
    custody = CustodySerializer(many=True, read_only=True)
    sender_hashes = serializers.SerializerMethodField()

    def get_sender_hashes(self, item: EvidenceItem) -> str:
        """The sender's list of hashes the item was received with, as they gave it."""
        return item.sender_list.text if item.sender_list else ""

    class Meta:
        model = EvidenceItem
        fields = [
            "id",
            "request",
            "exhibit",
            "original_name",
            "member_path",
            "size",
            "sha256",
            "sha1",
            "md5",
            "parent",
            "received_from",
            "channel",
            "received_at",
            "provider_reference",
            "supplied_hash",
            "supplied_hash_matches",
            "sender_hashes",
            "created_at",
            "custody",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = GeneratedDocument
        fields = [
            "id",
            "request",
            "kind",
            "languages",
            "format",
            "name",
            "size",
            "sha256",
            "findings",
            "created_at",
        ]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = [
            "id",
            *EDITABLE_CONTACT_FIELDS,
            "version",
            "updated_at",
        ]


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "scope", "prefix", "created_at", "last_used_at", "revoked_at"]


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "seq",
            "at",
            "actor_name",
            "remote_addr",
            "action",
            "object_type",
            "object_id",
            "case_id",
            "before",
            "after",
            "data",
            "hash",
        ]
