"""Creating a case and its targets through the pages; the case page shows the plan."""

import pytest

from evidesk.audit.models import AuditEvent
from evidesk.cases.models import Case, Target

CASE = {
    "reference": "GE-2026-0412", "title": "Invoice fraud", "requesting_country": "GE",
    "offence_name": "Fraud", "offence_provision": "Criminal Code of Georgia, art. 180",
    "offence_max_penalty_years": "6", "facts": "Four invoices paid to a fake supplier.",
    "damages_amount": "12000", "damages_currency": "usd", "stage": "investigation",
}  # fmt: skip
TARGET = {
    "identifier": "Supplier.Billing.Dept@gmail.com", "data": ["subscriber", "traffic"],
    "period_from": "2026-09-01T00:00:00", "period_to": "2026-09-30T23:59:59",
    "period_zone": "Asia/Tbilisi", "relevance": "The invoices came from this address.",
}  # fmt: skip


@pytest.fixture
def case(client, owner, kb):
    client.force_login(owner)
    response = client.post("/cases/new/", CASE)
    assert response.status_code == 302
    return Case.objects.get(reference="GE-2026-0412")


def test_create_a_case(case, owner):
    assert case.members.get() == owner
    assert case.damages_currency == "USD" and case.offences[0]["max_penalty_years"] == 6.0
    assert AuditEvent.objects.filter(action="case.create", case_id=case.pk).exists()


def test_add_a_target_and_see_the_plan(client, case):
    response = client.post(f"/cases/{case.pk}/targets/new/", TARGET)
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.kind, target.normalized, target.provider) == (
        "email",
        "supplier.billing.dept@gmail.com",
        "google",
    )
    assert target.period_start.isoformat() == "2026-08-31T20:00:00+00:00"  # stored in UTC
    assert target.period_zone == "Asia/Tbilisi"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "preserve" in page and "network_247" in page and "user_notification_risk" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"identifier": "not an identifier"}, "not a recognisable identifier"),
        ({"identifier": "<script>alert(1)</script>"}, "not a recognisable identifier"),
        ({"period_zone": ""}, "This field is required."),
        ({"period_from": "2026-10-01T00:00:00"}, "the period ends before it starts"),
        ({"period_from": "yesterday"}, "not a date and time"),
        (
            {
                "period_from": "2026-10-25T02:30:00",
                "period_to": "2026-10-25T03:00:00",
                "period_zone": "Europe/Berlin",
            },
            "ambiguous or did not exist",
        ),
        ({"data": ["emails"]}, "Select a valid choice"),
        ({"provider": "nosuchprovider"}, "not a provider in the knowledge base"),
        ({"provider_country": "XX"}, "Select a valid choice"),
    ],
)
def test_a_bad_target_is_refused_and_nothing_is_stored(client, case, change, message):
    response = client.post(f"/cases/{case.pk}/targets/new/", {**TARGET, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"requesting_country": "XX"}, "Select a valid choice"),
        ({"damages_currency": "ZZZ"}, "Unknown currency code."),
        ({"damages_currency": ""}, "Give the currency of the damages."),
        ({"reference": ""}, "This field is required."),
    ],
)
def test_a_bad_case_is_refused(client, owner, kb, change, message):
    client.force_login(owner)
    response = client.post("/cases/new/", {**CASE, **change})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Case.objects.exists()


def test_outsiders_cannot_add_targets(client, case, outsider):
    client.force_login(outsider)
    assert client.get(f"/cases/{case.pk}/targets/new/").status_code == 404
    assert client.post(f"/cases/{case.pk}/targets/new/", TARGET).status_code == 404
    assert not Target.objects.exists()


def test_html_in_free_text_is_shown_as_text(client, case):
    client.post(
        f"/cases/{case.pk}/targets/new/", {**TARGET, "relevance": "<img src=x onerror=alert(1)>"}
    )
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "<img src=x" not in page
