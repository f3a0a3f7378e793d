"""Who did what: the actions of the product leave events in the trail."""

import pytest

from evidesk.audit.models import AuditEvent
from evidesk.cases import lifecycle, services
from evidesk.cases.demo import load_demo
from evidesk.cases.models import Case, Request


def actions() -> list[str]:
    return list(AuditEvent.objects.values_list("action", flat=True))


@pytest.mark.django_db
def test_creating_a_case_its_targets_and_requests(owner):
    load_demo(owner)
    done = actions()
    assert done.count("case.create") == 3
    assert "target.create" in done and "request.create" in done
    transition = AuditEvent.objects.filter(action="request.transition").first()
    assert transition.actor_name == "owner" and transition.before == {"status": "draft"}
    assert transition.case_id is not None


@pytest.mark.django_db
def test_a_refused_transition_leaves_no_event(owner):
    load_demo(owner)
    before = AuditEvent.objects.count()
    request = Request.objects.get(case__reference="DEMO-KZ-2231")
    with pytest.raises(Exception, match="cannot move to 'Executed'"):  # its name, not its code
        services.transition_request(request, lifecycle.EXECUTED, owner)
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_viewing_a_case_login_and_failed_login(client, owner, settings):
    settings.EVIDESK_REQUIRE_TWO_FACTOR = False  # the two-factor steps are tested in accounts/
    load_demo(owner)
    client.post("/accounts/login/", {"username": "owner", "password": "wrong-password"},
                REMOTE_ADDR="192.0.2.10")  # fmt: skip
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.data == {"username": "owner"} and failed.remote_addr == "192.0.2.10"
    assert "wrong-password" not in str(failed.data)
    client.post("/accounts/login/", {"username": "owner", "password": "owner-password-123"})
    case = Case.objects.get(reference="DEMO-GE-0412")
    client.get(f"/cases/{case.pk}/")
    viewed = AuditEvent.objects.get(action="case.view")
    assert (viewed.actor_name, viewed.case_id) == ("owner", case.pk)
    assert "auth.login" in actions()


@pytest.mark.django_db
def test_an_outsider_opening_a_case_leaves_no_view_event(client, owner, outsider):
    load_demo(owner)
    client.force_login(outsider)
    case = Case.objects.get(reference="DEMO-GE-0412")
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert "case.view" not in actions()


@pytest.mark.django_db
def test_a_knowledge_correction_is_audited(kb, admin_user):
    from evidesk.knowledge.models import KnowledgeRecord
    from evidesk.knowledge.services import Correction, correct_fact

    record = KnowledgeRecord.objects.get(kind="provider", key="google")
    correct_fact(record, Correction("preservation_days", 60, source_url="https://x.example",
                                    reason="new policy"), admin_user)  # fmt: skip
    event = AuditEvent.objects.get(action="knowledge.correct")
    assert event.before["fact"]["value"] == 90 and event.after["fact"]["value"] == 60
    assert event.data["reason"] == "new policy" and event.actor_name == "admin"


@pytest.mark.django_db
def test_every_event_of_a_web_request_says_where_it_came_from(client, owner, kb):
    client.force_login(owner)
    client.post("/cases/new/", {
        "reference": "GE-77", "title": "Fraud", "requesting_country": "GE", "offence_name": "Fraud",
        "facts": "Invoices", "stage": "investigation",
    }, REMOTE_ADDR="198.51.100.23")  # fmt: skip
    event = AuditEvent.objects.get(action="case.create")
    assert event.remote_addr == "198.51.100.23"


def test_an_event_about_the_person_logged_in_names_its_object_as_a_user(client, owner):
    """The request's user is a lazy stand-in for the account: the event names the account."""
    client.force_login(owner)
    assert client.post("/calendar/", {"action": "new"}).status_code == 302
    event = AuditEvent.objects.get(action="calendar.token_issued")
    assert (event.object_type, event.object_id) == ("user", str(owner.pk))
