"""Units, supervisors' approval, teams, break-glass and the administrator's account pages."""

import pytest

from evidesk.accounts.models import Role, Unit, User
from evidesk.audit.models import AuditEvent
from evidesk.cases import services
from evidesk.cases.models import Request

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return Unit.objects.create(name="Cybercrime department")


@pytest.fixture
def unit_case(owner, unit, kb):
    owner.unit = unit
    owner.save()
    return services.create_case(
        owner, reference="GE-2026-77", title="Phishing", requesting_country="GE",
        stage="investigation",
    )  # fmt: skip


def user(username, role, unit=None):
    return User.objects.create_user(username, password="pass-phrase-1234", role=role, unit=unit)


def test_a_case_belongs_to_its_owners_unit_and_its_supervisor_sees_it(client, unit_case, unit):
    assert unit_case.unit == unit
    client.force_login(user("boss", Role.SUPERVISOR, unit))
    assert client.get(f"/cases/{unit_case.pk}/").status_code == 200
    client.force_login(user("boss2", Role.SUPERVISOR, Unit.objects.create(name="Other")))
    assert client.get(f"/cases/{unit_case.pk}/").status_code == 404


def test_sending_needs_the_supervisors_approval_when_the_unit_has_one(owner, unit_case, unit):
    request = services.create_request(unit_case, [], owner, type="mla_stored", channel="mla")
    services.transition_request(request, "internal_review", owner)
    services.transition_request(request, "sent", owner)  # no supervisor in the unit yet
    second = services.create_request(unit_case, [], owner, type="mla_stored", channel="mla")
    services.transition_request(second, "internal_review", owner)
    boss = user("boss", Role.SUPERVISOR, unit)
    with pytest.raises(Exception, match="A supervisor of the unit approves"):
        services.transition_request(second, "sent", owner)
    second.refresh_from_db()
    assert second.status == "internal_review" and second.transitions.count() == 1
    services.transition_request(second, "sent", boss, note="Approved")
    assert Request.objects.get(pk=second.pk).status == "sent"


@pytest.mark.parametrize("detour", [[], ["internal_review", "draft"]])
def test_no_way_round_the_supervisors_approval(owner, unit_case, unit, detour):
    """A draft sent directly, or a request in review put back to draft and sent from there,
    needs the approval too; the refused step changes nothing."""
    user("boss", Role.SUPERVISOR, unit)
    request = services.create_request(unit_case, [], owner, type="mla_stored", channel="mla")
    for status in detour:
        services.transition_request(request, status, owner)
    with pytest.raises(Exception, match="A supervisor of the unit approves"):
        services.transition_request(request, "sent", owner)
    request.refresh_from_db()
    assert request.status == "draft" and request.transitions.count() == len(detour)


def test_the_team_grows_and_shrinks_through_the_case_page(client, owner, outsider, unit_case):
    client.force_login(owner)
    client.post(f"/cases/{unit_case.pk}/team/", {"username": "outsider"})
    assert unit_case.members.filter(pk=outsider.pk).exists()
    client.force_login(outsider)
    assert client.get(f"/cases/{unit_case.pk}/").status_code == 200
    client.force_login(owner)
    client.post(f"/cases/{unit_case.pk}/team/", {"remove": outsider.pk})
    client.force_login(outsider)
    assert client.get(f"/cases/{unit_case.pk}/").status_code == 404
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "case.member_added" in actions and "case.member_removed" in actions


def test_bad_team_changes_are_refused(client, owner, unit_case):
    user("auditor", Role.AUDITOR)
    client.force_login(owner)
    for username in ("nobody", "auditor"):
        page = client.post(f"/cases/{unit_case.pk}/team/", {"username": username}, follow=True)
        assert page.status_code == 200
    client.post(f"/cases/{unit_case.pk}/team/", {"remove": owner.pk})
    assert list(unit_case.members.all()) == [owner]


def test_break_glass_is_reasoned_logged_read_only_and_shown_to_the_team(client, owner, unit_case):
    admin = user("admin2", Role.ADMINISTRATOR)
    client.force_login(admin)
    assert client.get(f"/cases/{unit_case.pk}/").status_code == 404
    short = client.post("/break-glass/", {"reference": "GE-2026-77", "reason": "need"})
    assert "10 characters" in short.content.decode()
    unknown = client.post("/break-glass/", {"reference": "NOPE-1", "reason": "x" * 20})
    assert "No case has this reference" in unknown.content.decode()
    reason = "Prosecutor on leave; court asks for the file today"
    opened = client.post("/break-glass/", {"reference": "ge-2026-77", "reason": reason})
    assert opened["Location"] == f"/cases/{unit_case.pk}/"
    assert client.get(f"/cases/{unit_case.pk}/").status_code == 200
    assert client.get(f"/cases/{unit_case.pk}/edit/").status_code == 403
    event = AuditEvent.objects.get(action="case.break_glass")
    assert (event.actor_name, event.case_id, event.data["reason"]) == (
        "admin2",
        unit_case.pk,
        reason,
    )
    client.force_login(owner)
    page = client.get(f"/cases/{unit_case.pk}/").content.decode()
    assert "opened this case by break-glass" in page and reason in page


def test_only_administrators_open_the_break_glass(client, owner, unit_case):
    client.force_login(owner)
    assert (
        client.post("/break-glass/", {"reference": "GE-2026-77", "reason": "x" * 20}).status_code
        == 403
    )
    assert not AuditEvent.objects.filter(action="case.break_glass").exists()


def test_administrators_create_accounts_and_change_roles_audited(client, admin_user, unit):
    client.force_login(admin_user)
    response = client.post("/accounts/users/new/", {
        "username": "aigerim", "full_name": "Aigerim S.", "role": "central_authority",
        "unit": unit.pk, "password": "short",
    })  # fmt: skip
    assert "at least 12 characters" in response.content.decode()
    assert not User.objects.filter(username="aigerim").exists()
    client.post("/accounts/users/new/", {
        "username": "aigerim", "full_name": "Aigerim S.", "role": "central_authority",
        "unit": unit.pk, "password": "astana-central-2026",
    })  # fmt: skip
    created = User.objects.get(username="aigerim")
    assert created.role == "central_authority" and created.unit == unit
    client.post(
        f"/accounts/users/{created.pk}/", {"role": "supervisor", "unit": unit.pk, "is_active": "on"}
    )
    created.refresh_from_db()
    assert created.role == "supervisor"
    event = AuditEvent.objects.filter(action="user.update").get()
    assert event.before == {"role": "central_authority"} and event.after == {"role": "supervisor"}
    own = client.post(f"/accounts/users/{admin_user.pk}/", {"role": "prosecutor", "unit": ""})
    assert "cannot change your own role" in own.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.role == "administrator"
    client.post("/accounts/users/", {"name": "Cybercrime department"})
    assert Unit.objects.count() == 1


def test_a_deactivated_account_sees_nothing(client, owner, unit_case, admin_user):
    client.force_login(admin_user)
    client.post(f"/accounts/users/{owner.pk}/", {"role": "prosecutor", "unit": ""})
    owner.refresh_from_db()
    assert not owner.is_active
    client.force_login(owner)
    assert client.get(f"/cases/{unit_case.pk}/").status_code in (302, 404)


def test_an_auditor_opens_no_case(client, kb):
    """Auditors change nothing: the page to open a case refuses them, as the API does, and so
    does the service the command line calls."""
    from django.core.exceptions import PermissionDenied

    from evidesk.cases.models import Case
    from tests.web.test_case_pages import CASE

    auditor = user("auditor", Role.AUDITOR)
    client.force_login(auditor)
    assert 'href="/cases/new/"' not in client.get("/").content.decode()
    assert client.get("/cases/new/").status_code == 403
    assert client.post("/cases/new/", CASE).status_code == 403
    with pytest.raises(PermissionDenied):
        services.create_case(auditor, reference="AUD-1", title="t", requesting_country="GE",
                             stage="investigation")  # fmt: skip
    assert not Case.objects.exists()
