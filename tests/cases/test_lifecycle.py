import itertools

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from evidesk.cases import lifecycle, services
from evidesk.cases.demo import load_demo
from evidesk.cases.models import Case, Request


def test_the_lifecycle_runs_from_draft_to_closed():
    assert lifecycle.path_to(lifecycle.CLOSED)[-1] == lifecycle.CLOSED
    assert lifecycle.can_move(lifecycle.CLARIFICATION_ASKED, lifecycle.CLARIFICATION_ANSWERED)
    assert lifecycle.can_move(lifecycle.CLARIFICATION_ANSWERED, lifecycle.CLARIFICATION_ASKED)
    assert not lifecycle.can_move(lifecycle.DRAFT, lifecycle.EXECUTED)
    assert not lifecycle.can_move(lifecycle.CLOSED, lifecycle.DRAFT)


@pytest.mark.django_db
def test_an_mla_request_executed_in_part_is_completed_when_the_rest_arrives(owner):
    """Sent, acknowledged, more information asked and given, part of the evidence, then the
    rest: each step is kept and audited."""
    from evidesk.audit.models import AuditEvent

    case = services.create_case(owner, reference="KZ-MLA-7", title="Extortion",
                                requesting_country="KZ", stage="investigation")  # fmt: skip
    request = services.create_request(case, [], owner, type="mla_stored", channel="mla")
    steps = ["sent", "receipt_confirmed", "clarification_asked", "clarification_answered",
             "partially_executed", "executed", "closed"]  # fmt: skip
    for step in steps:
        services.transition_request(request, step, owner)
    assert [t.to_status for t in request.transitions.order_by("at", "pk")] == steps
    audited = AuditEvent.objects.filter(action="request.transition", object_id=str(request.pk))
    assert [e.after["status"] for e in audited.order_by("pk")] == steps
    assert not lifecycle.can_move(lifecycle.EXECUTED, lifecycle.PARTIALLY_EXECUTED)


@given(st.sampled_from(lifecycle.STATUSES))
def test_every_status_is_reachable_from_draft_through_allowed_moves(status):
    route = [lifecycle.DRAFT, *lifecycle.path_to(status)] if status != lifecycle.DRAFT else [status]
    assert all(lifecycle.can_move(a, b) for a, b in itertools.pairwise(route))
    assert route[-1] == status


@pytest.mark.django_db
def test_a_forbidden_transition_is_refused_and_changes_nothing(owner):
    load_demo(owner)
    request = Request.objects.get(case__reference="DEMO-KZ-2231")
    assert request.status == lifecycle.DRAFT
    with pytest.raises(ValidationError, match="cannot move"):
        services.transition_request(request, lifecycle.EXECUTED, owner)
    request.refresh_from_db()
    assert request.status == lifecycle.DRAFT
    assert request.transitions.count() == 0


@pytest.mark.django_db
def test_demo_has_requests_in_different_states_with_their_history(owner):
    assert len(load_demo(owner)) == 3
    assert load_demo(owner) == []  # a second run adds nothing
    statuses = set(Request.objects.values_list("status", flat=True))
    assert {"draft", "internal_review", "sent", "receipt_confirmed", "executed"} <= statuses
    executed = Request.objects.get(status="executed")
    assert [t.to_status for t in executed.transitions.all()] == ["sent", "executed"]
    disclosure = Request.objects.get(case__reference="DEMO-AM-0077", type="disclosure")
    assert disclosure.follows.type == "preservation"
    assert Case.objects.filter(members=owner).count() == 3


@pytest.mark.django_db
def test_an_answer_recorded_before_the_sending_says_which_step_to_record_first(owner):
    """The evidence came back, but nobody recorded that the request left: the refusal names
    the missing step, in Russian too, and nothing is stored."""
    from django.utils import translation

    case = services.create_case(owner, reference="GE-OUT-1", title="Fraud",
                                requesting_country="GE", stage="investigation")  # fmt: skip
    request = services.create_request(case, [], owner, type="mla_stored", channel="mla")
    with pytest.raises(ValidationError, match=r"Record the steps before it first.*: Sent\."):
        services.transition_request(request, lifecycle.EXECUTED, owner)
    with translation.override("ru"), pytest.raises(ValidationError) as refused:
        services.transition_request(request, "nonsense", owner)
    assert refused.value.messages == ["Выберите новый статус из списка."]
    request.refresh_from_db()
    assert request.status == lifecycle.DRAFT and not request.transitions.exists()


@pytest.mark.django_db
def test_a_refusal_reason_left_chosen_beside_another_step_is_not_kept(owner):
    """The request page offers a reason beside every step; an execution recorded with one
    left chosen keeps none, in the step and in the audit trail alike."""
    from evidesk.audit.models import AuditEvent

    case = services.create_case(owner, reference="AM-EX-2", title="Fraud",
                                requesting_country="AM", stage="investigation")  # fmt: skip
    request = services.create_request(case, [], owner, type="mla_stored", channel="mla")
    services.transition_request(request, lifecycle.SENT, owner)
    services.transition_request(request, lifecycle.EXECUTED, owner, refusal_reason="translation")
    assert request.transitions.get(to_status=lifecycle.EXECUTED).refusal_reason == ""
    event = AuditEvent.objects.filter(action="request.transition").latest("pk")
    assert event.after == {"status": lifecycle.EXECUTED}
    assert event.data["refusal_reason"] == ""
