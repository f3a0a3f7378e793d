"""The API does what the pages do, through the same services: each resource, its refusals
(with the one error shape, leaving stored data unchanged) and its audit trail."""

import hashlib
from datetime import date
from pathlib import Path

import pytest
import yaml
from rest_framework.test import APIClient

from evidesk.accounts.models import Role, User
from evidesk.audit.models import AuditEvent
from evidesk.cases.models import Case, Request
from evidesk.evidence import services as evidence
from evidesk.reports.services import figures_as_data, figures_for

SCENARIOS = Path(__file__).parent.parent / "scenarios"
CASE = {
    "reference": "GE-2026-0777", "title": "Invoice fraud <script>alert(1)</script>",
    "requesting_country": "GE", "offence_name": "Fraud",
    "offence_provision": "Criminal Code of Georgia, art. 180", "offence_max_penalty_years": 6,
    "facts": "Four invoices were paid into an account abroad.", "damages_amount": "12000",
    "damages_currency": "USD", "stage": "investigation",
}  # fmt: skip
TARGET = {
    "identifier": "supplier.billing.dept@gmail.com", "data": ["subscriber", "traffic"],
    "period_from": "2026-09-01T00:00:00", "period_to": "2026-09-30T23:59:59",
    "period_zone": "Asia/Tbilisi", "relevance": "The fraudulent invoices came from it.",
}  # fmt: skip


@pytest.fixture
def prosecutor(kb, owner, api):
    return api(owner)


def error_of(response, status):
    assert response.status_code == status, response.content
    body = response.json()["error"]
    assert body["status"] == status and body["message"] and body["code"]
    return body


def open_case(client) -> dict:
    response = client.post("/api/cases/", CASE, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def preservation_request(client, case: dict) -> dict:
    """A target added to the case and the plan's preservation step made a draft request."""
    target = client.post(f"/api/cases/{case['id']}/targets/", TARGET, format="json").json()
    steps = client.get(f"/api/cases/{case['id']}/plan/").json()["targets"][0]["steps"]
    step = [s["action"] for s in steps].index("preserve")
    made = client.post(f"/api/cases/{case['id']}/plan/", {"target": target["id"], "step": step},
                       format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    return made.json()


def test_a_case_is_opened_read_and_changed_with_its_version(prosecutor, owner):
    case = open_case(prosecutor)
    assert case["title"] == CASE["title"]  # kept as typed; JSON carries it as text, not markup
    assert case["offences"] == [{"name": "Fraud", "provision": CASE["offence_provision"],
                                 "max_penalty_years": 6.0}]  # fmt: skip
    assert AuditEvent.objects.filter(action="case.create", object_id=str(case["id"])).exists()

    read = prosecutor.get(f"/api/cases/{case['id']}/").json()
    assert read["team"] == [{"user_id": owner.pk, "username": "owner",
                             "full_name": "Nino Owner", "role": "owner"}]  # fmt: skip
    assert AuditEvent.objects.filter(action="case.view", case_id=case["id"]).exists()

    changed = {**CASE, "title": "Invoice fraud", "version": case["version"]}
    assert prosecutor.put(f"/api/cases/{case['id']}/", changed, format="json").status_code == 200
    stale = prosecutor.put(f"/api/cases/{case['id']}/", {**changed, "title": "Mine"},
                           format="json")  # fmt: skip
    body = error_of(stale, 409)
    assert body["current_version"] == case["version"] + 1
    assert Case.objects.get(pk=case["id"]).title == "Invoice fraud"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"reference": ""}, "reference"),
        ({"damages_currency": "XYZ"}, "damages_currency"),
        ({"requesting_country": "XX"}, "requesting_country"),
        ({"stage": ["trial"]}, "stage"),
        ({"reference": "GE-1\nSecond line"}, "reference"),
    ],
)
def test_a_bad_case_is_refused_by_field_and_nothing_is_kept(prosecutor, change, field):
    before = Case.objects.count()
    body = error_of(prosecutor.post("/api/cases/", {**CASE, **change}, format="json"), 400)
    assert field in body["fields"]
    assert Case.objects.count() == before


def test_a_body_that_is_not_a_json_object_is_refused(prosecutor):
    assert error_of(prosecutor.post("/api/cases/", [CASE], format="json"), 400)["code"]
    garbled = prosecutor.post("/api/cases/", "{not json", content_type="application/json")
    assert error_of(garbled, 400)["code"] == "parse_error"
    as_text = prosecutor.post("/api/cases/", "reference=x", content_type="text/plain")
    assert error_of(as_text, 415)["code"] == "unsupported_media_type"
    assert error_of(prosecutor.delete("/api/cases/"), 405)["code"] == "method_not_allowed"
    assert error_of(prosecutor.get("/api/nothing-here/"), 404)["code"] == "not_found"


def test_targets_need_their_time_zone_and_a_recognisable_identifier(prosecutor):
    case = open_case(prosecutor)
    url = f"/api/cases/{case['id']}/targets/"
    no_zone = error_of(prosecutor.post(url, {**TARGET, "period_zone": ""}, format="json"), 400)
    assert "period_zone" in no_zone["fields"]
    garbage = error_of(prosecutor.post(url, {**TARGET, "identifier": "999.1.1.1:80"},
                                       format="json"), 400)  # fmt: skip
    assert "identifier" in garbage["fields"]
    added = prosecutor.post(url, TARGET, format="json")
    assert added.status_code == 201
    target = added.json()
    assert (target["kind"], target["provider"], target["provider_country"]) == (
        "email", "google", "US",
    )  # fmt: skip
    assert target["period_start"] == "2026-08-31T20:00:00Z"  # Tbilisi is UTC+4
    assert prosecutor.get(url).json()["count"] == 1


def test_the_plan_becomes_a_draft_request_that_moves_along_its_life(prosecutor):
    case = open_case(prosecutor)
    request = preservation_request(prosecutor, case)
    target_id = Request.objects.get(pk=request["id"]).targets.get().pk
    assert (request["type"], request["status"]) == ("preservation", "draft")
    assert "internal_review" in request["allowed_transitions"]
    gone = prosecutor.post(f"/api/cases/{case['id']}/plan/",
                           {"target": target_id, "step": 99}, format="json")  # fmt: skip
    assert "plan changed" in error_of(gone, 400)["message"]

    url = f"/api/requests/{request['id']}/transitions/"
    for status, day in (("internal_review", 18), ("sent", 19)):
        step = {"to_status": status, "at": f"2026-11-{day} 10:00", "zone": "Asia/Tbilisi"}
        assert prosecutor.post(url, step, format="json").status_code == 201
    confirmed = prosecutor.post(url, {"to_status": "receipt_confirmed",
                                      "at": "2026-11-20 10:00", "zone": "Asia/Tbilisi"},
                                format="json")  # fmt: skip
    assert confirmed.json()["status"] == "receipt_confirmed"
    steps = prosecutor.get(url).json()["results"]
    assert steps[-1]["at"] == "2026-11-20T06:00:00Z" and steps[-1]["actor"] == "owner"
    refused = prosecutor.post(url, {"to_status": "refused"}, format="json")
    assert "reason" in error_of(refused, 400)["message"]
    assert Request.objects.get(pk=request["id"]).status == "receipt_confirmed"

    deadlines = prosecutor.get(f"/api/deadlines/?request={request['id']}").json()["results"]
    assert "preservation_expiry" in {d["kind"] for d in deadlines}
    assert all(d["case"] == case["id"] for d in deadlines)
    listed = prosecutor.get(f"/api/requests/?case={case['id']}&status=receipt_confirmed")
    assert [r["id"] for r in listed.json()["results"]] == [request["id"]]


def test_a_read_only_token_reads_but_changes_nothing(kb, owner, api):
    reader = api(owner, scope="read")
    assert reader.get("/api/cases/").status_code == 200
    before = Case.objects.count()
    denied = error_of(reader.post("/api/cases/", CASE, format="json"), 403)
    assert "only read" in denied["message"]
    assert Case.objects.count() == before


def test_messages_carry_files_and_the_files_come_back(prosecutor, tmp_path):
    case = open_case(prosecutor)
    request = preservation_request(prosecutor, case)
    url = f"/api/requests/{request['id']}/correspondence/"
    message = {"kind": "received", "at": "2026-11-21 09:30", "zone": "UTC",
               "subject": "Acknowledgement", "counterpart": "Google LLC"}  # fmt: skip
    assert prosecutor.post(url, message, format="json").status_code == 201
    letter = tmp_path / "ack.pdf"
    letter.write_bytes(b"%PDF-1.4 acknowledgement")
    with letter.open("rb") as handle:
        sent = prosecutor.post(url, {**message, "files": handle}, format="multipart")
    assert sent.status_code == 201, sent.content
    attachment = sent.json()["attachments"][0]
    assert attachment["original_name"] == "ack.pdf" and attachment["size"] == 24
    download = prosecutor.get(f"/api/attachments/{attachment['id']}/file")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 acknowledgement"
    assert download["Content-Disposition"].startswith("attachment")
    assert prosecutor.get(url).json()["count"] == 2
    future = error_of(prosecutor.post(url, {**message, "at": "2099-01-01 00:00"},
                                      format="json"), 400)  # fmt: skip
    assert future["message"] or future["fields"]


def test_the_request_is_drafted_and_its_document_downloaded(prosecutor):
    case = open_case(prosecutor)
    request = preservation_request(prosecutor, case)
    url = f"/api/requests/{request['id']}/documents/"
    made = prosecutor.post(url, {"format": "txt", "languages": "en+ru",
                                 "necessity": "The provider keeps logs for 90 days."},
                           format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    document = made.json()
    assert document["format"] == "txt" and document["languages"] == "en+ru"
    assert "necessity" not in {f["element"] for f in document["findings"]}
    text = b"".join(prosecutor.get(f"/api/documents/{document['id']}/file").streaming_content)
    assert case["reference"].encode() in text and b"GE-2026-0777" in text
    # Details sent once are kept: a later call need not repeat them.
    again = prosecutor.post(url, {"format": "txt"}, format="json").json()
    assert "necessity" not in {f["element"] for f in again["findings"]}
    assert prosecutor.get(url).json()["count"] == 2
    bad = error_of(prosecutor.post(url, {"format": "odt"}, format="json"), 400)
    assert "format" in bad["fields"]


def test_evidence_is_listed_with_its_hashes_and_custody(prosecutor, owner):
    case = open_case(prosecutor)
    request = preservation_request(prosecutor, case)
    # The sender's list of hashes, as they gave it, one hash beside each name.
    rows = b"id,name\n1,x\n"
    given = f"{hashlib.sha256(rows).hexdigest()}  subscriber.csv\n{'0' * 64}  b.csv"
    item = evidence.receive(Request.objects.get(pk=request["id"]), owner, "subscriber.csv",
                            [rows],
                            evidence.Receipt(received_from="Google LLC", supplied_hash=given))  # fmt: skip
    listed = prosecutor.get(f"/api/evidence/?request={request['id']}").json()
    assert [row["sha256"] for row in listed["results"]] == [item.sha256]
    one = prosecutor.get(f"/api/evidence/{item.pk}/").json()
    assert [event["action"] for event in one["custody"]] == ["received", "stored", "viewed"]
    assert one["supplied_hash_matches"] is True and one["sender_hashes"] == given


def test_reading_an_exhibit_is_a_custody_link_through_the_api_as_on_its_page(
    prosecutor, owner, client
):
    """The chain of custody records a reading whichever door it came through: the API's
    reading writes the same link and audit event as the page's."""
    case = open_case(prosecutor)
    request = preservation_request(prosecutor, case)
    item = evidence.receive(Request.objects.get(pk=request["id"]), owner, "subscriber.csv",
                            [b"id,name\n1,x\n"], evidence.Receipt())  # fmt: skip
    assert prosecutor.get(f"/api/evidence/{item.pk}/").status_code == 200
    client.force_login(owner)
    assert client.get(f"/evidence/{item.pk}/").status_code == 200
    links = list(item.custody.values_list("action", "actor_name"))
    assert links[-2:] == [("viewed", "owner"), ("viewed", "owner")]
    viewed = AuditEvent.objects.filter(action="evidence.viewed", object_id=str(item.pk))
    assert viewed.count() == 2 and {event.case_id for event in viewed} == {case["id"]}


def test_the_knowledge_base_is_read_with_sources_and_unknowns(prosecutor):
    providers = prosecutor.get("/api/knowledge/providers/?q=gmail").json()
    assert [entry["key"] for entry in providers["results"]] == ["google"]
    google = prosecutor.get("/api/knowledge/providers/google/").json()
    assert google["facts"] and all(f["source"] and f["verified_on"] for f in google["facts"])
    assert isinstance(google["unknown"], list)
    georgia = prosecutor.get("/api/knowledge/jurisdictions/GE/").json()
    assert georgia["label"] == {"en": "Georgia", "ru": "Грузия"}
    assert error_of(prosecutor.get("/api/knowledge/planets/mars/"), 404)
    assert error_of(prosecutor.get("/api/knowledge/providers/no-such/"), 404)
    resolved = prosecutor.get("/api/knowledge/resolve", {"identifier": "t.me/durov"}).json()
    assert (resolved["kind"], resolved["provider"]) == ("account", "telegram")
    garbage = prosecutor.get("/api/knowledge/resolve", {"identifier": "'; DROP TABLE x"}).json()
    assert garbage["error"] and garbage["kind"] is None


def test_the_advisor_plans_a_posted_case(prosecutor):
    scenario = yaml.safe_load((SCENARIOS / "01-ge-gmail-fraud.yaml").read_text())
    plan = prosecutor.post("/api/advisor/plan", scenario, format="json")
    assert plan.status_code == 200, plan.content
    actions = [step["action"] for step in plan.json()["targets"][0]["steps"]]
    assert actions.index("preserve") < actions.index("disclose")
    broken = {**scenario, "targets": [{"identifier": "x@gmail.com", "data": ["everything"]}]}
    assert error_of(prosecutor.post("/api/advisor/plan", broken, format="json"), 400)["fields"]
    assert Case.objects.filter(reference="GE-2026-0412").count() == 0  # nothing stored


def test_the_contacts_directory_with_its_version(prosecutor):
    contact = {"name": "Desk officer", "role": "central_authority", "jurisdiction": "DE",
               "email": "desk@example.org", "last_confirmed": "2026-11-01",
               "languages": "de, en"}  # fmt: skip
    made = prosecutor.post("/api/contacts/", contact, format="json")
    assert made.status_code == 201 and made.json()["languages"] == ["de", "en"]
    url = f"/api/contacts/{made.json()['id']}/"
    unreachable = {**contact, "email": ""}
    assert "email" in error_of(prosecutor.post("/api/contacts/", unreachable, format="json"),
                               400)["fields"]  # fmt: skip
    saved = prosecutor.put(url, {**contact, "phone": "+49 30 1", "version": 1}, format="json")
    assert saved.status_code == 200
    assert error_of(prosecutor.put(url, {**contact, "version": 1}, format="json"), 409)
    assert prosecutor.get("/api/contacts/?country=de").json()["count"] == 1
    assert prosecutor.delete(url).status_code == 204
    assert error_of(prosecutor.get(url), 404)


def test_statistics_of_mine_and_of_the_office(kb, owner, api):
    assert api(owner).get("/api/statistics/").status_code == 200
    assert error_of(api(owner).get("/api/statistics/?scope=office"), 403)
    upside_down = api(owner).get("/api/statistics/?since=2026-12-01&until=2026-01-01")
    assert "until" in error_of(upside_down, 400)["fields"]
    chief = User.objects.create_user("chief", password="x-pass-phrase-12", role=Role.ADMINISTRATOR)
    office = api(chief).get("/api/statistics/?scope=office&since=2026-01-01")
    assert office.status_code == 200 and office.json() == figures_as_data(figures_for(
        None, date(2026, 1, 1), None))  # fmt: skip


def test_the_audit_trail_for_auditors(kb, owner, api):
    open_case(api(owner))
    auditor = User.objects.create_user("aud", password="x-pass-phrase-12", role=Role.AUDITOR)
    events = api(auditor).get("/api/audit/events/?action=case.create").json()
    assert [event["actor_name"] for event in events["results"]] == ["owner"]
    assert error_of(api(auditor).get("/api/audit/events/?case_id=x"), 400)["fields"]


def test_reading_the_audit_trail_through_the_api_is_an_audited_export(kb, owner, api, client):
    """A page of the trail read with a token is an export, recorded as the pages' CSV export
    is (one service for both), naming the filters and the token that read it."""
    auditor = User.objects.create_user("aud", password="x-pass-phrase-12", role=Role.AUDITOR)
    assert api(auditor).get("/api/audit/events/?action=case.").status_code == 200
    client.force_login(auditor)
    assert client.get("/audit/export.csv", {"action": "case."}).status_code == 200
    exports = AuditEvent.objects.filter(action="audit.export", actor_name="aud").order_by("seq")
    assert [event.data for event in exports] == [
        {"filters": {"action": "case."}, "via": "api", "token": exports[0].data["token"]},
        {"filters": {"action": "case."}, "via": "csv"},
    ]
    assert exports[0].data["token"].startswith("Case management system (evd_")
    # A refused filter reads nothing, so exports nothing.
    api(auditor).get("/api/audit/events/?case_id=x")
    assert AuditEvent.objects.filter(action="audit.export").count() == 2


def test_the_audit_trail_comes_a_page_at_a_time_uncounted(kb, owner, api):
    """Newest first, by the links, without a count (a long trail took seconds to count); events
    written while an auditor pages through neither repeat nor hide the older ones."""
    from evidesk.audit.services import record

    for number in range(7):
        record("test.event", actor=owner, data={"n": number})
    auditor = User.objects.create_user("aud", password="x-pass-phrase-12", role=Role.AUDITOR)
    client = api(auditor)
    page = client.get("/api/audit/events/?action=test.event&page_size=3").json()
    assert "count" not in page and page["previous"] is None
    seen = [event["data"]["n"] for event in page["results"]]
    record("test.event", actor=owner, data={"n": 7})  # written between two pages
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [event["data"]["n"] for event in page["results"]]
    assert seen == [6, 5, 4, 3, 2, 1, 0]


def test_pages_of_results(kb, owner, api):
    client = api(owner)
    for number in range(5):
        client.post("/api/cases/", {**CASE, "reference": f"GE-{number}"}, format="json")
    first = client.get("/api/cases/?page_size=2").json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["next"]
    assert len(client.get(first["next"]).json()["results"]) == 2
    assert client.get("/api/cases/?page_size=5000").json()["count"] == 5
    assert error_of(client.get("/api/cases/?page=99"), 404)
    assert client.get("/api/cases/?q=GE-3").json()["count"] == 1


def test_tokens_are_shown_once_listed_without_secret_and_revoked(kb, owner):
    from evidesk.api.models import ApiToken
    from evidesk.api.tokens import create_token

    token, secret = create_token(owner, "Portal", "write")
    assert secret.startswith("evd_") and secret not in {token.digest, token.prefix}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    listed = client.get("/api/tokens/").json()["results"]
    assert [t["prefix"] for t in listed] == [secret[:12]] and secret not in str(listed)
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    assert client.delete(f"/api/tokens/{token.pk}/").status_code == 204
    assert error_of(client.get("/api/cases/"), 401)["code"] == "authentication_failed"
    assert AuditEvent.objects.filter(action="api.token_revoked").exists()
    _, other = create_token(owner, "Portal 2", "read")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {other}")
    owner.is_active = False
    owner.save()
    assert client.get("/api/cases/").status_code == 401


def test_the_tokens_page_shows_a_new_token_once(kb, owner, client):
    client.force_login(owner)
    page = client.post("/accounts/tokens/", {"name": "Case system", "scope": "read"})
    secret = page.context["secret"]
    assert secret.startswith("evd_") and secret in page.content.decode()
    listed = client.get("/accounts/tokens/").content.decode()
    assert "Case system" in listed and secret not in listed
    token = owner.api_tokens.get()
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = client.post("/accounts/tokens/", {"name": "  ", "scope": "read"})
    assert refused.context["secret"] == "" and owner.api_tokens.count() == 1


def test_the_tokens_form_in_russian_reads_like_the_other_forms(kb, owner, client):
    """«Права: Только чтение», labelled as every other form is (no colon after the label)."""
    client.force_login(owner)
    page = client.get("/accounts/tokens/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<label for="id_scope">Права</label>' in page
    assert "Может" not in page


def test_the_tokens_page_refuses_in_the_readers_language(kb, owner, client):
    from evidesk.api.tokens import MAX_ACTIVE_TOKENS, create_token

    for number in range(MAX_ACTIVE_TOKENS):
        create_token(owner, f"System {number}", "read")
    client.force_login(owner)
    refused = client.post(
        "/accounts/tokens/", {"name": "One more", "scope": "read"}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert f"не более {MAX_ACTIVE_TOKENS}" in refused.content.decode()
    assert owner.api_tokens.count() == MAX_ACTIVE_TOKENS
