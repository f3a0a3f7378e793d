"""Incoming requests, which a foreign state sends us: their statuses read from our side, their
receipt needs no approval, and the time our answer is due counts from the day we received it."""

import pytest
from django.core.exceptions import ValidationError

from evidesk.accounts.models import Role, Unit, User
from evidesk.cases import lifecycle, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(kb):
    """A central authority's unit with its supervisor, and the officer who registers requests."""
    unit = Unit.objects.create(name="International cooperation")
    User.objects.create_user("head", role=Role.SUPERVISOR, unit=unit)
    officer = User.objects.create_user("officer", role=Role.CENTRAL_AUTHORITY, unit=unit)
    case = services.create_case(officer, reference="DE-IN-1", title="Fraud (German request)",
                                requesting_country="DE", stage="investigation")  # fmt: skip
    return officer, case


def incoming(case, officer, **fields):
    fields = {"type": "mla_stored", "channel": "mla", "requested_country": "GE", **fields}
    return services.create_request(case, [], officer, direction="incoming", **fields)


def test_an_incoming_request_skips_internal_review_and_reads_from_our_side(office):
    officer, case = office
    assert lifecycle.INTERNAL_REVIEW in lifecycle.next_statuses(lifecycle.DRAFT)
    assert lifecycle.INTERNAL_REVIEW not in lifecycle.next_statuses(
        lifecycle.DRAFT, lifecycle.INCOMING
    )
    request = incoming(case, officer)
    with pytest.raises(ValidationError, match="cannot move"):
        services.transition_request(request, lifecycle.INTERNAL_REVIEW, officer)
    assert request.get_status_display() == "Being registered"
    for step, label in [("sent", "Received"),
                        ("receipt_confirmed", "Receipt acknowledged to the requesting state"),
                        ("refused", "Refused, answer sent")]:  # fmt: skip
        request = services.transition_request(request, step, officer,
                                              refusal_reason="no_dual_criminality")  # fmt: skip
        assert request.get_status_display() == label
    outgoing = services.create_request(case, [], officer, type="mla_stored", channel="mla")
    assert outgoing.get_status_display() == "Draft"


def test_receiving_an_incoming_request_needs_no_supervisor_but_sending_ours_does(office):
    """Approval is for what leaves the office: an officer of a unit with a supervisor records
    the receipt of a foreign request, while our own request still waits for the supervisor."""
    officer, case = office
    received = services.transition_request(incoming(case, officer), lifecycle.SENT, officer)
    assert received.status == lifecycle.SENT
    ours = services.create_request(case, [], officer, type="mla_stored", channel="mla")
    with pytest.raises(ValidationError, match="supervisor"):
        services.transition_request(ours, lifecycle.SENT, officer)


def api_of(user):
    from rest_framework.test import APIClient

    from evidesk.api.tokens import create_token

    _token, secret = create_token(user, "Case management system", "write")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_the_request_page_and_the_api_offer_an_incoming_requests_steps_in_its_words(office, client):
    officer, case = office
    request = incoming(case, officer)
    answer = api_of(officer).get(f"/api/requests/{request.pk}/").json()
    assert answer["allowed_transitions"] == ["sent", "withdrawn"]
    request = services.transition_request(request, lifecycle.SENT, officer)
    client.force_login(officer)
    page = client.get(f"/requests/{request.pk}/").content.decode()
    assert "→ <strong>Received</strong>" in page
    assert '<option value="receipt_confirmed">Receipt acknowledged to the requesting state' in page
    russian = client.get(f"/requests/{request.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "<strong>Получен</strong>" in russian
    assert "MLA request for stored data: Received" in client.get("/cases/").content.decode()
