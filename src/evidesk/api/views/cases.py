"""Cases, their targets, team and plan."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from evidesk.api import serializers as out
from evidesk.api.forms import body_of, validated
from evidesk.api.views.common import CaseWorkView, page_of, paged, text_filters
from evidesk.audit import services as audit
from evidesk.cases import services
from evidesk.cases.access import EDIT, access_case, cases_visible_to
from evidesk.cases.forms import CaseForm, IncomingRequestForm, MemberForm, TargetForm
from evidesk.cases.models import Request
from evidesk.cases.planning import plan_for, planned_step
from evidesk.cases.search import matching_cases
from evidesk.system import freshness

CaseBody = body_of(CaseForm, "CaseBody")
TargetBody = body_of(TargetForm, "TargetBody")
MemberBody = body_of(MemberForm, "MemberBody")
IncomingBody = body_of(IncomingRequestForm, "IncomingRequestBody", skip=("direction", "version"))
StepBody = inline_serializer(
    "PlanStepBody",
    {"target": serializers.IntegerField(), "step": serializers.IntegerField(min_value=0)},
)


CASE_FILTERS = text_filters(
    "q",
    "stage",
    "country",
    "provider",
    "status",
    "direction",
    "deadline",
    q="Text in the reference, title or a target's identifier",
    country="Requested country or country holding the data (ISO code)",
    status="A request status",
    direction="outgoing (requests we sent) or incoming (requests we received)",
    deadline="overdue or week",
)


class CaseList(CaseWorkView):
    lists = True

    @extend_schema(
        summary="The cases you may see",
        parameters=CASE_FILTERS,
        responses=page_of(out.CaseSerializer),
    )
    def get(self, request):
        def page() -> dict:
            cases = matching_cases(cases_visible_to(request.user), request.query_params)
            return paged(self, cases.order_by("-updated_at", "pk"), out.CaseSerializer).data

        # Kept like the case list page: systems poll this list (system.freshness).
        asked = ("api", request.user.pk, request.build_absolute_uri())
        return Response(freshness.kept(asked, page))

    @extend_schema(summary="Open a case", request=CaseBody, responses={201: out.CaseSerializer})
    def post(self, request):
        form = validated(CaseForm, request)
        case = services.create_case(request.user, **form.case_fields())
        return Response(out.CaseSerializer(case).data, status=status.HTTP_201_CREATED)


class CaseDetail(CaseWorkView):
    @extend_schema(
        summary="A case with its targets, team and request numbers",
        responses=out.CaseDetailSerializer,
    )
    def get(self, request, case_id: int):
        case = access_case(request.user, case_id)
        audit.record("case.view", actor=request.user, obj=case, case_id=case.pk)
        return Response(out.CaseDetailSerializer(case).data)

    @extend_schema(
        summary="Change a case",
        description="Send every field with the `version` you read: if someone saved the case "
        "meanwhile, nothing is written and the answer is 409 with their version.",
        request=CaseBody,
        responses=out.CaseSerializer,
    )
    def put(self, request, case_id: int):
        case = access_case(request.user, case_id, EDIT)
        form = validated(CaseForm, request)
        saved = services.update_case(
            case, request.user, form.cleaned_data.get("version") or 0, **form.case_fields()
        )
        return Response(out.CaseSerializer(saved).data)


class CaseTargets(CaseWorkView):
    lists = True

    @extend_schema(summary="The case's targets", responses=page_of(out.TargetSerializer))
    def get(self, request, case_id: int):
        case = access_case(request.user, case_id)
        return paged(self, case.targets.order_by("pk"), out.TargetSerializer)

    @extend_schema(
        summary="Add a target",
        description="The identifier is recognised and normalised; the period is read in the "
        "time zone given (`period_zone`), which is required.",
        request=TargetBody,
        responses={201: out.TargetSerializer},
    )
    def post(self, request, case_id: int):
        case = access_case(request.user, case_id, EDIT)
        form = validated(TargetForm, request)
        target = services.add_target_from_input(case, request.user, **form.cleaned_data)
        return Response(out.TargetSerializer(target).data, status=status.HTTP_201_CREATED)


class CaseIncomingRequests(CaseWorkView):
    @extend_schema(
        summary="Register a foreign state's request on the case",
        description="`at` is when it reached the office, local time in `zone`: its first "
        'step, "sent" (read "received" for an incoming request), from which the answer '
        "we owe counts. The other fields are a request's; `direction` is always incoming.",
        request=IncomingBody,
        responses={201: out.RequestSerializer},
    )
    def post(self, request, case_id: int):
        case = access_case(request.user, case_id, EDIT)
        form = validated(IncomingRequestForm, request, request_record=Request(case=case))
        record = services.register_incoming(
            case,
            list(form.cleaned_data["targets"]),
            request.user,
            form.cleaned_data["moment"],
            **form.request_fields(),
        )
        return Response(
            out.RequestSerializer(record, context={"movable": {record.pk}}).data,
            status=status.HTTP_201_CREATED,
        )


class CaseTeam(CaseWorkView):
    @extend_schema(
        summary="Add a colleague to the case's team",
        request=MemberBody,
        responses={201: out.MemberSerializer},
    )
    def post(self, request, case_id: int):
        case = access_case(request.user, case_id, EDIT)
        form = validated(MemberForm, request)
        membership = services.add_member(request.user, case, form.cleaned_data["username"])
        return Response(out.MemberSerializer(membership).data, status=status.HTTP_201_CREATED)


class CaseMember(CaseWorkView):
    @extend_schema(summary="Take a colleague off the case's team", responses={204: None})
    def delete(self, request, case_id: int, user_id: int):
        case = access_case(request.user, case_id, EDIT)
        services.remove_member(request.user, case, user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CasePlan(CaseWorkView):
    @extend_schema(
        summary="The advisor's plan for the case",
        description="What to do first, through which channel and on which legal basis, per "
        "target; empty `targets` when the case has none yet.",
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, case_id: int):
        case = access_case(request.user, case_id)
        return Response(plan_as_data(plan_for(case) or {"targets": []}))

    @extend_schema(
        summary="Make a draft request from a step of the plan",
        description="`target` is the target's id, `step` the step's position in that target's "
        "plan. The step is planned again on the server: the request says what the plan says.",
        request=StepBody,
        responses={201: out.RequestSerializer},
    )
    def post(self, request, case_id: int):
        case = access_case(request.user, case_id, EDIT)
        body = request.data if isinstance(request.data, dict) else {}
        target, step = planned_step(case, body.get("target"), body.get("step", ""))
        record = services.request_from_step(case, target, step, request.user)
        return Response(
            out.RequestSerializer(record, context={"movable": {record.pk}}).data,
            status=status.HTTP_201_CREATED,
        )


def plan_as_data(plan: dict) -> dict:
    """The plan with the office's contacts as records rather than objects."""
    return {
        **plan,
        "targets": [
            {**t, "contacts": out.ContactSerializer(t.get("contacts", []), many=True).data}
            for t in plan.get("targets", [])
        ],
    }
