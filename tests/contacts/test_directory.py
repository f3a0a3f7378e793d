"""The office's contacts directory: kept by its users, checked, audited, never silently lost."""

from datetime import date

import pytest

from evidesk.accounts.models import Role, User
from evidesk.audit.models import AuditEvent
from evidesk.contacts import services
from evidesk.contacts.models import Contact

pytestmark = pytest.mark.django_db

LIAISON = {
    "name": "Anna Keller", "organisation": "BKA liaison office, Tashkent", "role": "liaison_officer",
    "jurisdiction": "DE", "provider": "", "languages": "de, en, ru", "email": "a.keller@bka.example",
    "phone": "+998 71 000 00 00", "formal_channel": "Note verbale via the German embassy",
    "informal_channel": "", "notes": "", "last_confirmed": "2026-10-01",
}  # fmt: skip


@pytest.fixture
def anna(owner, kb):
    fields = dict(LIAISON, languages=["de", "en", "ru"], last_confirmed=date(2026, 10, 1))
    return services.create_contact(owner, **fields)


def test_a_colleague_adds_a_contact_that_everyone_in_the_office_sees(client, owner, outsider, kb):
    client.force_login(owner)
    response = client.post("/contacts/new/", LIAISON)
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.languages == ["de", "en", "ru"] and contact.created_by == owner
    client.force_login(outsider)
    page = client.get("/contacts/", {"country": "de"}).content.decode()
    assert "Anna Keller" in page and "a.keller@bka.example" in page
    assert "Anna Keller" not in client.get("/contacts/", {"role": "point_247"}).content.decode()
    assert AuditEvent.objects.filter(action="contact.create").count() == 1


@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"jurisdiction": "XK"}, "Select a valid choice"),
        ({"provider": "no-such-provider"}, "not a provider in the knowledge base"),
        ({"email": "", "phone": "", "formal_channel": ""}, "at least one way to reach"),
        ({"languages": "english, ru"}, "Not a two-letter language code: english"),
        ({"last_confirmed": "2030-01-01"}, "in the future"),
        ({"email": "not-an-address"}, "valid email"),
        ({"name": ""}, "required"),
    ],
)
def test_bad_details_are_refused_and_nothing_is_stored(client, owner, kb, change, field_message):
    client.force_login(owner)
    response = client.post("/contacts/new/", {**LIAISON, **change})
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert not Contact.objects.exists()


def test_the_service_refuses_an_unknown_country_whatever_the_caller(owner, kb):
    with pytest.raises(Exception, match="not a country the knowledge base knows"):
        services.create_contact(owner, **dict(LIAISON, jurisdiction="QQ", languages=[],
                                              last_confirmed=date(2026, 10, 1)))  # fmt: skip
    assert not Contact.objects.exists()


def test_html_in_a_contact_is_shown_as_text(client, owner, kb):
    client.force_login(owner)
    client.post("/contacts/new/", {**LIAISON, "name": "<script>alert(1)</script>"})
    page = client.get("/contacts/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_a_concurrent_edit_is_not_lost(client, owner, outsider, anna):
    client.force_login(owner)
    form = {**LIAISON, "version": anna.version}
    client.post(f"/contacts/{anna.pk}/", {**form, "phone": "+998 71 111 11 11"})
    client.force_login(outsider)
    page = client.post(f"/contacts/{anna.pk}/", {**form, "email": "keller@new.example"})
    text = page.content.decode()
    assert "Someone saved this record while you were editing it" in text
    assert "+998 71 111 11 11" in text and "keller@new.example" in text
    anna.refresh_from_db()
    assert anna.phone == "+998 71 111 11 11" and anna.email == "a.keller@bka.example"


def test_deleting_asks_first(client, owner, anna):
    client.force_login(owner)
    page = client.get(f"/contacts/{anna.pk}/delete/").content.decode()
    assert "Delete Anna Keller" in page and Contact.objects.exists()
    client.post(f"/contacts/{anna.pk}/delete/")
    assert not Contact.objects.exists()
    event = AuditEvent.objects.get(action="contact.delete")
    assert event.before == {"name": "Anna Keller", "organisation": LIAISON["organisation"]}


def test_old_details_are_marked_for_confirmation(client, owner, anna, time_machine):
    time_machine.move_to("2027-11-01", tick=False)
    assert services.is_stale(anna)
    client.force_login(owner)
    assert "confirm again" in client.get("/contacts/").content.decode()


def test_auditors_do_not_use_the_directory(client, anna):
    auditor = User.objects.create_user("aud", password="pass-phrase-1234", role=Role.AUDITOR)
    client.force_login(auditor)
    assert client.get("/contacts/").status_code == 403


def test_contacts_are_found_by_country_or_provider(owner, anna, kb):
    google = services.create_contact(
        owner, name="LE response team", role="provider", provider="google",
        email="le@google.example", last_confirmed=date(2026, 11, 1),
    )  # fmt: skip
    assert list(services.contacts_for("DE")) == [anna]
    assert set(services.contacts_for("DE", "google")) == {anna, google}
    assert not services.contacts_for().exists()


def test_the_plan_and_the_request_form_offer_the_offices_contacts(client, owner, kb):
    from evidesk.cases.demo import load_demo
    from evidesk.cases.models import Case

    load_demo(owner)
    desk = services.create_contact(
        owner, name="Google LE desk", role="provider", provider="google",
        email="desk@google.example", last_confirmed=date(2026, 11, 1),
    )  # fmt: skip
    case = Case.objects.get(reference="DEMO-GE-0412")
    client.force_login(owner)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Your contacts for this country or provider" in page and "Google LE desk" in page
    request = case.requests.filter(requested_country="US").first()
    form = client.get(f"/requests/{request.pk}/edit/").content.decode()
    assert f'<option value="{desk.pk}">Google LE desk</option>' in form
