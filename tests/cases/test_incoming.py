"""Incoming requests, which a foreign state sends us: their statuses read from our side, their
receipt needs no approval, and the time our answer is due counts from the day we received it."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from evidesk.accounts.models import Role, Unit, User
from evidesk.cases import deadlines, lifecycle, reminders, services
from evidesk.cli import main
from evidesk.clock import now

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


def test_the_answer_we_owe_counts_from_receipt_and_the_preserved_data_are_kept_the_minimum():
    """Pure rules: our answer, due to the requesting state, from the day the request reached
    us; the data we preserved for it, kept the convention's minimum unless its request for them
    arrived by then (then until that request is decided)."""
    received = date(2026, 11, 2)
    owed = deadlines.instrument_deadline(received, 10, "Regulation", "art. 10", "Germany")
    assert (owed.kind, owed.due, owed.sources) == ("answer_due", date(2026, 11, 12), ("art. 10",))
    assert str(owed.reason).startswith("answer due to Germany: Regulation requires it within 10")
    at = datetime(2026, 11, 2, 20, 0, tzinfo=UTC)
    urgent = deadlines.instrument_deadline_hours(at, 8, "Regulation", owed_to="Germany")
    assert (urgent.kind, urgent.due) == ("answer_due", date(2026, 11, 3))
    assert "by 2026-11-03 04:00 UTC" in urgent.reason
    assert deadlines.instrument_deadline(received, 10, "R").kind == "instrument_time_limit"
    kept = deadlines.keep_until(received, 60, "Germany", "art. 29(7)")
    assert (kept.kind, kept.due) == ("keep_until", date(2027, 1, 1))
    assert deadlines.keep_until(None, 60, "Germany") is None
    assert deadlines.keep_until(received, 60, "Germany", mla_received_on=date(2026, 12, 20)) is None
    late = deadlines.keep_until(received, 60, "Germany", mla_received_on=date(2027, 1, 2))
    assert late.due == date(2027, 1, 1)


def received_on(request, officer, when):
    return services.transition_request(request, lifecycle.SENT, officer, at=when)


def test_an_incoming_request_is_due_by_its_instruments_limit_from_receipt_and_never_chased(
    office, kb
):
    officer, case = office
    when = now() - timedelta(days=3)
    request = received_on(
        incoming(case, officer, type="disclosure", channel="eu_epoc", instrument="eu_2023_1543",
                 requested_country="IE"), officer, when)  # fmt: skip
    kinds = {d.kind: d for d in request.deadlines.all()}
    assert set(kinds) == {"answer_due"}  # no follow-up to chase the requesting state
    days = kb.instrument("eu_2023_1543").fact("production_deadline_days")
    assert kinds["answer_due"].due == when.date() + timedelta(days=days.value)
    assert kinds["answer_due"].reason.startswith("answer due to Germany")
    assert kinds["answer_due"].sources == [days.citation()]
    services.transition_request(request, lifecycle.EXECUTED, officer)
    assert not request.deadlines.exists()


def test_a_preservation_we_made_for_another_party_is_kept_the_conventions_minimum(office, kb):
    """Received through the 24/7 Network from Germany, executed here: the data are kept at
    least the Budapest minimum (art. 29(7)), not chased, asked to be extended or disclosed as
    one of our own would be; once Germany's MLA request arrives, until it is decided."""
    officer, case = office
    preservation = incoming(case, officer, type="preservation", channel="network_247")
    received_on(preservation, officer, now() - timedelta(days=10))
    assert not preservation.deadlines.exists()  # nothing to count from until it is executed
    executed = now() - timedelta(days=9)
    services.transition_request(preservation, lifecycle.EXECUTED, officer, at=executed)
    minimum = kb.instrument("budapest").fact("preservation_min_days")
    (kept,) = preservation.deadlines.all()
    assert kept.kind == "keep_until"
    assert kept.due == executed.date() + timedelta(days=minimum.value)
    assert kept.sources == [minimum.citation()] and "art. 29(7)" in minimum.citation()
    mla = incoming(case, officer, follows=preservation)
    received_on(mla, officer, now() - timedelta(days=1))
    assert not preservation.deadlines.exists()
    # Withdrawn, it awaits no decision: the data are kept the minimum again.
    services.transition_request(mla, lifecycle.WITHDRAWN, officer)
    assert preservation.deadlines.get().due == kept.due
    services.transition_request(preservation, lifecycle.CLOSED, officer)
    assert not preservation.deadlines.exists()


def test_the_answer_we_owe_is_on_the_dashboard_digest_and_calendar_in_the_readers_words(
    office, client
):
    officer, case = office
    received_on(
        incoming(case, officer, type="disclosure", channel="eu_epoc", instrument="eu_2023_1543",
                 requested_country="IE"), officer, now() - timedelta(days=5))  # fmt: skip
    client.force_login(officer)
    page = client.get("/").content.decode()
    assert "Our answer due" in page and "answer due to Germany" in page
    russian = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Срок нашего ответа" in russian and "государству (Германия)" in russian
    with override("en"):  # the page asked in Russian left it active, as a server thread would
        assert any("answer due to Germany" in line for line in reminders.digest_lines(officer))
    assert "Our answer due: DE-IN-1" in reminders.calendar_for(officer).decode()


def test_the_officer_registers_an_incoming_request_on_the_page_dated_when_it_arrived(
    office, client
):
    officer, case = office
    client.force_login(officer)
    form = client.get(f"/cases/{case.pk}/requests/incoming/").content.decode()
    assert "Received on" in form and 'name="direction"' not in form
    answer = client.post(f"/cases/{case.pk}/requests/incoming/", {
        "type": "disclosure", "channel": "eu_epoc", "instrument": "eu_2023_1543",
        "requested_country": "IE", "at": "2026-12-01T17:30", "zone": "Europe/Dublin",
        "external_reference": "StA Köln 12 Js 7/26", "confidential": "on", "languages": "de",
    })  # fmt: skip
    request = case.requests.get()
    assert answer.status_code == 302 and answer["Location"] == f"/requests/{request.pk}/"
    assert (request.direction, request.status) == ("incoming", lifecycle.SENT)
    (step,) = request.transitions.all()
    assert step.at == datetime(2026, 12, 1, 17, 30, tzinfo=UTC) and step.actor == officer
    assert request.deadlines.get().due == date(2026, 12, 11)
    russian = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Зарегистрировать входящий запрос" in russian


def test_the_api_registers_an_incoming_request_and_refuses_one_from_the_future(office):
    officer, case = office
    api = api_of(officer)
    body = {"type": "preservation", "channel": "network_247", "requested_country": "GE",
            "at": "2026-12-01T09:00", "zone": "Asia/Tbilisi"}  # fmt: skip
    answer = api.post(f"/api/cases/{case.pk}/requests/incoming/", body, format="json")
    assert answer.status_code == 201, answer.json()
    assert answer.json()["direction"] == "incoming" and answer.json()["status"] == "sent"
    assert answer.json()["allowed_transitions"] == [
        "clarification_asked",
        *sorted([*lifecycle.OUTCOMES, "receipt_confirmed"]),
    ]
    future = {**body, "at": (now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")}
    refused = api.post(f"/api/cases/{case.pk}/requests/incoming/", future, format="json")
    assert refused.status_code == 400 and case.requests.count() == 1
    outsider = User.objects.create_user("stranger")
    blind = api_of(outsider).post(f"/api/cases/{case.pk}/requests/incoming/", body, format="json")
    assert blind.status_code == 404


def test_a_step_of_an_incoming_request_is_read_in_our_zone_not_the_requesting_states(
    office, client
):
    """The officer in Almaty notes the execution of Germany's request at 10:00 without a zone:
    10:00 in Almaty, where the office is, not in Berlin, where the request came from."""
    officer, case = office
    request = received_on(
        incoming(case, officer, requested_country="KZ"), officer, now() - timedelta(days=3)
    )
    client.force_login(officer)
    page = client.get(f"/requests/{request.pk}/").content.decode()
    assert 'name="zone" value="Asia/Almaty"' in page
    client.post(f"/requests/{request.pk}/transition/", {"to_status": "receipt_confirmed",
                "at": "2026-12-07T10:00", "zone": ""})  # fmt: skip
    step = request.transitions.get(to_status="receipt_confirmed")
    assert step.at == datetime(2026, 12, 7, 5, 0, tzinfo=UTC)


def test_the_command_line_lists_the_answer_we_owe_and_the_page_says_when_none_is_due(
    office, client, capsys
):
    officer, case = office
    owed = received_on(
        incoming(case, officer, type="disclosure", channel="eu_epoc", instrument="eu_2023_1543",
                 requested_country="IE"), officer, now() - timedelta(days=12))  # fmt: skip
    assert main(["deadlines", "--user", "officer", "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["kind"], row["request"], row["overdue"]) == ("answer_due", owed.pk, True)
    assert row["reason"].startswith("answer due to Germany")
    without = received_on(incoming(case, officer), officer, now())
    client.force_login(officer)
    page = client.get(f"/requests/{without.pk}/").content.decode()
    assert "our answer is due by a date only where" in page
    assert "once the request is sent or confirmed" not in page


def test_a_request_under_way_cannot_be_turned_round_past_the_supervisor(office):
    """Recorded as received without approval, an incoming request turned into an outgoing one
    would count as sent by us, unapproved: its direction is fixed once a step is recorded."""
    officer, case = office
    ours = services.create_request(case, [], officer, type="mla_stored", channel="mla",
                                   requested_country="GE")  # fmt: skip
    fields = {name: getattr(ours, name) for name in services.EDITABLE_REQUEST_FIELDS}
    turned = services.update_request(ours, officer, ours.version, [], **{**fields,
                                     "direction": "incoming"})  # fmt: skip
    services.transition_request(turned, lifecycle.SENT, officer)
    turned.refresh_from_db()
    with pytest.raises(ValidationError, match="keeps its direction"):
        services.update_request(turned, officer, turned.version, [], **{**fields,
                                "direction": "outgoing"})  # fmt: skip
    turned.refresh_from_db()
    assert turned.direction == "incoming"


def test_an_incoming_request_is_not_drafted_by_us_on_any_door(office, client, capsys):
    """The requesting state drafted it: the page offers no drafting, and the drafting page, the
    API and the command refuse it in words, not with an error page or a document of the wrong
    way round."""
    officer, case = office
    request = incoming(case, officer)
    client.force_login(officer)
    page = client.get(f"/requests/{request.pk}/").content.decode()
    assert f'href="/requests/{request.pk}/draft/"' not in page
    refused = client.get(f"/requests/{request.pk}/draft/", follow=True)
    assert refused.redirect_chain[-1][0] == f"/requests/{request.pk}/"
    assert "evidesk drafts only the requests we send" in refused.content.decode()
    answer = api_of(officer).post(
        f"/api/requests/{request.pk}/documents/", {"languages": "en", "format": "txt"}
    )
    assert answer.status_code == 400
    assert "drafts only the requests we send" in answer.json()["error"]["message"]
    code = main(["draft", "--request", str(request.pk), "--user", "officer", "-o", "-"])
    assert code == 2 and "drafts only the requests we send" in capsys.readouterr().err
    ours = services.create_request(case, [], officer, type="preservation", channel="mla",
                                   requested_country="GE")  # fmt: skip
    assert (
        f'href="/requests/{ours.pk}/draft/"' in client.get(f"/requests/{ours.pk}/").content.decode()
    )
    # Nothing typed for it is kept, and its check answers in words too.
    assert api_of(officer).post(f"/api/requests/{request.pk}/documents/",
                                {"facts": "x"}).status_code == 400  # fmt: skip
    request.refresh_from_db()
    assert not request.details
    checked = client.post(f"/requests/{request.pk}/draft/check/", {"languages": "en"})
    assert checked.status_code == 400 and "drafts only" in checked.content.decode()


def test_data_preserved_after_midnight_in_the_east_are_kept_from_our_local_day(office, kb):
    """Preserved in Tbilisi at 01:00 on 2 December (21:00 UTC on 1 December): the convention's
    minimum counts from our 2 December, never a day short; the dates we owe are kept at least
    until then, so counting from the UTC day would let the data go a day too early."""
    officer, case = office
    preservation = incoming(case, officer, type="preservation", channel="network_247")
    received_on(preservation, officer, datetime(2026, 12, 1, 18, 0, tzinfo=UTC))
    executed = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)  # 01:00 on 2 December in Tbilisi
    services.transition_request(preservation, lifecycle.EXECUTED, officer, at=executed)
    minimum = kb.instrument("budapest").fact("preservation_min_days").value
    assert preservation.deadlines.get().due == date(2026, 12, 2) + timedelta(days=minimum)


def test_an_incoming_request_is_registered_only_with_our_state_as_the_requested_one(office):
    """Our state, the requested one, is where its steps are read and the convention that says
    how long we keep preserved data is found: left out, the request got no date to keep them
    until and its steps were read in UTC, without a word."""
    officer, case = office
    body = {"type": "preservation", "channel": "network_247", "at": "2026-12-01T09:00",
            "zone": "Asia/Tbilisi"}  # fmt: skip
    answer = api_of(officer).post(f"/api/cases/{case.pk}/requests/incoming/", body, format="json")
    assert answer.status_code == 400 and "requested_country" in json.dumps(answer.json())
    assert not case.requests.exists()


def test_an_incoming_request_keeps_our_state_and_follows_only_incoming_ones(office):
    """Its requested state is ours: blanked on an edit, no answer or keeping date could be
    counted. And a request the requesting state sent us cannot follow one of ours, where it
    would count as our disclosure request sent and clear our deadlines."""
    officer, case = office
    theirs = incoming(case, officer)
    with pytest.raises(ValidationError) as blanked:
        services.update_request(theirs, officer, theirs.version, [], requested_country="")
    assert "requested_country" in blanked.value.message_dict
    theirs.refresh_from_db()
    assert theirs.requested_country == "GE"
    ours = services.create_request(case, [], officer, type="preservation", channel="mla",
                                   requested_country="US")  # fmt: skip
    with pytest.raises(ValidationError) as crossed:
        incoming(case, officer, type="disclosure", follows=ours)
    assert "going the same way" in crossed.value.message_dict["follows"][0]
    with pytest.raises(ValidationError):
        services.create_request(case, [], officer, type="mla_stored", channel="mla",
                                requested_country="US", follows=theirs)  # fmt: skip
    assert incoming(case, officer, type="disclosure", follows=theirs).follows == theirs
