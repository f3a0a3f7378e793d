"""A request's page: edit with conflicts, dates in order, correspondence with files, deadlines
that move with the dates they count from, and the instrument's time limit."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from evidesk.audit.models import AuditEvent
from evidesk.cases import services
from evidesk.cases.demo import load_demo
from evidesk.cases.models import Attachment, Correspondence, Request
from evidesk.cases.planning import plan_for
from evidesk.knowledge.services import office_zone
from evidesk.system import files
from evidesk.system.language import translated

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to("2026-11-29 09:00:00+00:00", tick=False)


@pytest.fixture
def preservation(owner, kb, frozen, client):
    load_demo(owner)
    client.force_login(owner)
    return Request.objects.get(case__reference="DEMO-GE-0412", type="preservation")


def edit_form(record, **change):
    form = {
        "direction": record.direction, "type": record.type, "channel": record.channel,
        "instrument": record.instrument, "legal_basis": record.legal_basis,
        "requested_country": record.requested_country, "addressee": record.addressee,
        "targets": [t.pk for t in record.targets.all()], "confidential": "on",
        "do_not_notify_user": "on", "languages": ", ".join(record.languages),
        "external_reference": record.external_reference,
        "urgency_reasons": "", "version": record.version,
    }  # fmt: skip
    form.update(change)
    return {k: v for k, v in form.items() if v is not None}


def test_the_request_page_shows_timeline_and_deadlines_with_their_reasons(
    client, owner, preservation
):
    page = client.get(f"/requests/{preservation.pk}/").content.decode()
    assert "Preservation expires" in page and "preserved from" in page
    assert "receipt_confirmed" in page and "Add a message" in page
    # The rules' reasons read in the reader's language, on the request and on the dashboard.
    expiry = preservation.deadlines.get(kind="preservation_expiry")
    assert expiry.reason.startswith("preserved from ") and expiry.details["worded"]
    russian = translated(expiry.worded("reason"), "ru")
    assert russian.startswith("сохранение") and expiry.reason.split()[2] in russian
    page = client.get(f"/requests/{preservation.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert russian in page and "preserved from" not in page
    assert expiry.sources and "verified" not in page and "проверено 20" in page  # its sources
    with time_machine.travel(f"{expiry.due - timedelta(days=3)} 09:00:00+00:00", tick=False):
        client.force_login(owner)
        dashboard = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert russian in dashboard and "preserved from" not in dashboard


def test_editing_a_request_is_audited_and_refuses_bad_values(client, preservation):
    url = f"/requests/{preservation.pk}/edit/"
    response = client.post(url, edit_form(preservation, external_reference="G-LERS-2291"))
    assert response.status_code == 302
    preservation.refresh_from_db()
    assert preservation.external_reference == "G-LERS-2291" and preservation.version == 2
    event = AuditEvent.objects.filter(action="request.update").get()
    assert event.after == {"external_reference": "G-LERS-2291"}
    for change, message in [
        ({"urgent": "on", "urgency_reasons": ""}, "Say why the request is urgent"),
        ({"requested_country": "QQ"}, "Select a valid choice"),
        ({"languages": "klingon"}, "Not a two-letter language code"),
        ({"channel": "carrier_pigeon"}, "Select a valid choice"),
    ]:
        page = client.post(url, edit_form(preservation, **change)).content.decode()
        assert message in page, change
    preservation.refresh_from_db()
    assert preservation.version == 2 and not preservation.urgent


def test_a_concurrent_request_edit_shows_both_versions(client, preservation):
    url = f"/requests/{preservation.pk}/edit/"
    stale = edit_form(preservation)
    client.post(url, edit_form(preservation, external_reference="FIRST"))
    page = client.post(url, {**stale, "external_reference": "SECOND"}).content.decode()
    assert "Someone saved this record" in page and "FIRST" in page and "SECOND" in page
    preservation.refresh_from_db()
    assert preservation.external_reference == "FIRST"


def test_a_request_cannot_follow_one_of_another_case(owner, preservation):
    other = Request.objects.exclude(case=preservation.case).first()
    with pytest.raises(Exception, match="same case"):
        services.update_request(
            preservation, owner, preservation.version, list(preservation.targets.all()),
            **{**edit_form_values(preservation), "follows": other},
        )  # fmt: skip


def edit_form_values(record):
    return {name: getattr(record, name) for name in services.EDITABLE_REQUEST_FIELDS}


def test_correcting_the_confirmation_date_moves_the_preservation_deadlines(
    client, preservation, time_machine
):
    time_machine.shift(timedelta(days=3))  # the letter confirming it arrived by post, late
    client.force_login(preservation.case.members.get())
    confirmed = preservation.transitions.get(to_status="receipt_confirmed")
    expiry = preservation.deadlines.get(kind="preservation_expiry").due
    response = client.post(
        f"/transitions/{confirmed.pk}/date/", {"at": "2026-12-01T10:00", "zone": "Asia/Tbilisi"}
    )
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.at.isoformat() == "2026-12-01T06:00:00+00:00"
    new_expiry = preservation.deadlines.get(kind="preservation_expiry").due
    assert new_expiry == date(2026, 12, 1) + timedelta(days=90) != expiry
    assert AuditEvent.objects.filter(action="request.transition_date").exists()


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("2027-01-01T10:00", "in the future"),
        ("2020-01-01T10:00", "before the previous step"),
        ("yesterday", "YYYY-MM-DD HH:MM"),
    ],
)
def test_dates_in_impossible_order_are_refused(client, preservation, at, message):
    confirmed = preservation.transitions.get(to_status="receipt_confirmed")
    before = (confirmed.at, list(preservation.deadlines.values_list("kind", "due")))
    page = client.post(
        f"/transitions/{confirmed.pk}/date/", {"at": at, "zone": "UTC"}, follow=True
    ).content.decode()
    assert message in page
    confirmed.refresh_from_db()
    assert (confirmed.at, list(preservation.deadlines.values_list("kind", "due"))) == before


def test_a_step_recorded_with_its_real_date(client, owner, preservation, time_machine):
    time_machine.shift(timedelta(days=3))
    client.force_login(owner)
    mla = Request.objects.get(case__reference="DEMO-GE-0412", type="mla_stored")
    client.post(f"/requests/{mla.pk}/transition/",
                {"to_status": "sent", "at": "2026-11-30T10:00", "zone": "Asia/Tbilisi"})  # fmt: skip
    sent = mla.transitions.get(to_status="sent")
    assert sent.at.isoformat() == "2026-11-30T06:00:00+00:00"
    assert mla.deadlines.get(kind="follow_up_due").due == date(2026, 11, 30) + timedelta(days=30)


def test_a_message_with_files_goes_on_the_timeline_and_downloads_safely(client, preservation):
    evil_name = "..\\..\\evil\u202egnp.exe"
    response = client.post(f"/requests/{preservation.pk}/correspondence/", {
        "kind": "received", "at": "2026-11-28T15:30", "zone": "Europe/Dublin",
        "subject": "Preservation confirmed", "counterpart": "Google LERS", "body": "<b>ok</b>",
        "files": [SimpleUploadedFile("confirmation.pdf", b"%PDF-1.4 data"),
                  SimpleUploadedFile(evil_name, b"<script>alert(1)</script>", "text/html")],
    })  # fmt: skip
    assert response.status_code == 302
    message = Correspondence.objects.get()
    assert message.at.isoformat() == "2026-11-28T15:30:00+00:00"
    names = sorted(a.original_name for a in message.attachments.all())
    assert names == ["confirmation.pdf", "evilgnp.exe"]  # no path, no right-to-left override
    page = client.get(f"/requests/{preservation.pk}/").content.decode()
    assert "Preservation confirmed" in page and "&lt;b&gt;ok&lt;/b&gt;" in page
    hostile = Attachment.objects.get(original_name="evilgnp.exe")
    download = client.get(f"/attachments/{hostile.pk}/")
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content) == b"<script>alert(1)</script>"
    assert files.path_of(hostile.sha256).stat().st_mode & 0o777 == 0o400  # read-only
    event = AuditEvent.objects.get(action="attachment.download")
    assert event.data["sha256"] == hostile.sha256


def test_an_oversized_attachment_is_refused_and_nothing_is_kept(client, preservation, settings):
    settings.EVIDESK_MAX_UPLOAD_BYTES = 1024
    page = client.post(f"/requests/{preservation.pk}/correspondence/", {
        "kind": "received", "at": "2026-11-28T15:30", "zone": "UTC", "subject": "Big",
        "files": [SimpleUploadedFile("small.txt", b"x"),
                  SimpleUploadedFile("big.bin", b"x" * 2048)],
    }, follow=True).content.decode()  # fmt: skip
    assert "big.bin is larger than the limit" in page
    assert not Correspondence.objects.exists() and not Attachment.objects.exists()


def test_the_store_refuses_bytes_past_the_limit_while_streaming(settings):
    with pytest.raises(files.TooLarge):
        files.store([b"a" * 600, b"b" * 600], limit=1000)
    leftovers = [p for p in files.store_root().rglob("*") if p.is_file()]
    assert not [p for p in leftovers if p.name.startswith(".incoming-")]


def test_a_message_dated_in_the_future_is_refused_and_keeps_what_was_typed(client, preservation):
    page = client.post(f"/requests/{preservation.pk}/correspondence/", {
        "kind": "sent", "at": "2027-05-01T10:00", "zone": "UTC", "subject": "Later",
        "body": "Long account of the call with the provider's counsel",
    }, follow=True).content.decode()  # fmt: skip
    assert "in the future" in page and not Correspondence.objects.exists()
    assert 'value="Later"' in page and "Long account of the call" in page
    assert 'value="2027-05-01T10:00"' in page


def test_each_date_correction_offers_the_office_s_zone(client, preservation):
    page = client.get(f"/requests/{preservation.pk}/").content.decode()
    zone = office_zone(preservation.office_country())
    steps = preservation.transitions.values_list("pk", flat=True)
    assert steps and all(f'id="zone-{pk}" name="zone" value="{zone}"' in page for pk in steps)
    assert f'id="step-zone" name="zone" value="{zone}"' in page


def test_a_step_refused_comes_back_with_what_was_typed(client, preservation):
    """A tired officer whose step is refused (here a zone mistyped) corrects one field instead
    of typing the date, the status and the note again."""
    before = preservation.status
    page = client.post(f"/requests/{preservation.pk}/transition/", {
        "to_status": "refused", "refusal_reason": "insufficient_facts",
        "at": "2026-11-28T15:30", "zone": "Mars/Olympus", "note": "Answer by e-mail from counsel",
    }).content.decode()  # fmt: skip
    preservation.refresh_from_db()
    assert preservation.status == before
    assert '<option value="refused" selected>' in page
    assert '<option value="insufficient_facts" selected>' in page
    assert 'value="2026-11-28T15:30"' in page and 'value="Mars/Olympus"' in page
    assert 'value="Answer by e-mail from counsel"' in page


def test_an_eu_production_order_gets_the_regulations_ten_days(owner, kb, frozen):
    case = services.create_case(
        owner, reference="FR-1", title="Fraud", requesting_country="FR", stage="investigation"
    )
    order = services.create_request(
        case, [], owner, type="disclosure", channel="eu_epoc", instrument="eu_2023_1543",
        requested_country="IE",
    )  # fmt: skip
    services.transition_request(order, "internal_review", owner)
    services.transition_request(order, "sent", owner)
    limit = order.deadlines.get(kind="instrument_time_limit")
    assert limit.due == date(2026, 11, 29) + timedelta(days=10)
    assert "within 10 days" in limit.reason and "art. 10" in " ".join(limit.sources)
    services.transition_request(order, "executed", owner)
    assert not order.deadlines.filter(kind="instrument_time_limit").exists()


def test_a_platform_account_on_a_home_number_is_not_planned_as_domestic(owner, kb, frozen):
    case = services.create_case(
        owner, reference="KZ-9", title="Fraud", requesting_country="KZ", stage="investigation"
    )
    target = services.add_target_from_input(case, owner, identifier="+7 707 555 1234",
        provider="telegram", data=["subscriber"], period_from="2026-11-01T10:00",
        period_to="2026-11-02T10:00", period_zone="Asia/Almaty", relevance="recruiter")  # fmt: skip
    assert target.provider == "telegram" and target.provider_country != "KZ"
    steps = next(t for t in plan_for(case)["targets"] if t["target_id"] == target.pk)["steps"]
    assert "disclose" in [s["action"] for s in steps]  # asked of Telegram, not planned at home


def test_a_drafted_step_carries_its_instrument(client, owner, kb, frozen):
    case = services.create_case(
        owner, reference="FR-2", title="Fraud", requesting_country="FR", stage="investigation"
    )
    target = services.add_target_from_input(case, owner, identifier="victim.fr@gmail.com",
        data=["subscriber"], period_from="2026-11-01T10:00", period_to="2026-11-02T10:00",
        period_zone="Europe/Paris", relevance="account used in the fraud")  # fmt: skip
    steps = next(t for t in plan_for(case)["targets"] if t["target_id"] == target.pk)["steps"]
    epoc = next(s for s in steps if s["channel"] == "eu_epoc")
    assert epoc["instrument"] == "eu_2023_1543"
    request = services.request_from_step(case, target, epoc, owner)
    assert request.instrument == "eu_2023_1543" and request.type == "disclosure"


def test_a_steps_legal_basis_reads_in_the_readers_language_until_changed(
    client, owner, request_from_plan
):
    """A request made from a plan step keeps the step's wording: its page gives the legal
    basis in the reader's language, as the plan does, until someone writes their own."""
    record, preserve = request_from_plan
    record.refresh_from_db()
    english, russian = str(preserve["legal_basis"]), translated(preserve["legal_basis"], "ru")
    assert record.legal_basis == english and russian != english
    client.force_login(owner)
    for language, basis in (("en", english), ("ru", russian)):
        page = client.get(f"/requests/{record.pk}/", HTTP_ACCEPT_LANGUAGE=language)
        assert f"<dd>{escape(basis)}" in page.content.decode()
    services.update_request(record, owner, record.version, list(record.targets.all()),
                            legal_basis="Article 12 of the bilateral treaty")  # fmt: skip
    page = client.get(f"/requests/{record.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Article 12 of the bilateral treaty" in page and russian not in page


def test_the_dashboard_shows_overdue_week_waiting_and_expiring(client, owner, preservation):
    mla = Request.objects.get(case__reference="DEMO-GE-0412", type="mla_stored")
    services.transition_request(mla, "sent", owner)
    page = client.get("/").content.decode()
    assert "Waiting longest for an answer" in page and f"/requests/{mla.pk}/" in page
    assert "Nothing falls due in the next seven days" in page
    expiry = preservation.deadlines.get(kind="preservation_expiry").due
    with time_machine.travel(f"{expiry - timedelta(days=20)} 09:00:00+00:00", tick=False):
        client.force_login(owner)
        page = client.get("/").content.decode()
        assert "Preservations expiring within 30 days" in page and "Overdue" in page


def test_a_requests_channel_is_named_in_the_readers_language(client, preservation):
    """The channel is stored as its code (the stable vocabulary); the request page and the
    edit form's choices name it in words, in English or Russian."""
    assert preservation.channel == "direct_provider"
    for language, name in (("en", "directly to the provider"), ("ru", "напрямую провайдеру")):
        page = client.get(f"/requests/{preservation.pk}/", HTTP_ACCEPT_LANGUAGE=language)
        assert f'<span title="direct_provider">{name}</span>' in page.content.decode()
        form = client.get(f"/requests/{preservation.pk}/edit/", HTTP_ACCEPT_LANGUAGE=language)
        assert f'<option value="direct_provider" selected>{name}</option>' in form.content.decode()
    russian = client.get(f"/requests/{preservation.pk}/edit/", HTTP_ACCEPT_LANGUAGE="ru")
    assert '<option value="budapest">Будапештская конвенция</option>' in russian.content.decode()


def test_a_step_noted_after_midnight_in_almaty_counts_from_its_utc_date(client, owner, kb):
    """An officer in Almaty (UTC+5) records at 00:30 on 8 October that Google confirmed the
    preservation: the timeline shows 7 October 19:30 UTC, and the 90 days count from that date,
    a day before the local one and so never after what the provider counts in its own zone."""
    case = services.create_case(owner, reference="KZ-ALA-1", title="Fraud",
                                requesting_country="KZ", stage="investigation")  # fmt: skip
    target = services.add_target(case, owner, identifier="x@gmail.com", kind="email",
        normalized="x@gmail.com", provider="google", provider_country="US",
        data_categories=["subscriber"])  # fmt: skip
    record = services.create_request(case, [target], owner, type="preservation",
                                     channel="direct_provider", requested_country="US")  # fmt: skip
    services.transition_request(record, "sent", owner, at=datetime(2026, 10, 6, 9, tzinfo=UTC))
    client.force_login(owner)
    client.post(f"/requests/{record.pk}/transition/",
                {"to_status": "receipt_confirmed", "at": "2026-10-08T00:30", "zone": "Asia/Almaty"})  # fmt: skip
    confirmed = record.transitions.get(to_status="receipt_confirmed")
    assert confirmed.at == datetime(2026, 10, 7, 19, 30, tzinfo=UTC)
    assert "2026-10-07 19:30 UTC" in client.get(f"/requests/{record.pk}/").content.decode()
    assert record.deadlines.get(kind="preservation_expiry").due == date(2027, 1, 5)


def test_an_extensions_page_shows_the_expiry_of_the_preservation_it_extends(
    client, owner, preservation
):
    """The original preservation carries the one expiry; the extension's page shows it too."""
    extension = services.create_request(preservation.case, [], owner, type="extension",
        channel=preservation.channel, requested_country="US", follows=preservation)  # fmt: skip
    for step in ("sent", "receipt_confirmed"):
        services.transition_request(extension, step, owner)
    expiry = preservation.deadlines.get(kind="preservation_expiry")
    page = client.get(f"/requests/{extension.pk}/").content.decode()
    assert "Preservation expires" in page and f"{expiry.due:%Y-%m-%d}" in page
    assert "1 extension(s) of 90 days" in page


def test_a_step_noted_in_kazakhstan_is_read_in_its_one_time_by_default(client, owner, kb):
    """Kazakhstan lists seven zones, which all keep UTC+5 since March 2024: the step form offers
    Asia/Almaty, and 00:30 noted without a zone is read in it, not as 00:30 UTC. A country
    whose clocks differ (Russia) still gets UTC."""
    case = services.create_case(owner, reference="KZ-ALA-2", title="Fraud",
                                requesting_country="KZ", stage="investigation")  # fmt: skip
    record = services.create_request(case, [], owner, type="mla_stored", channel="mla")
    services.transition_request(record, "sent", owner, at=datetime(2026, 10, 6, 9, tzinfo=UTC))
    client.force_login(owner)
    assert (
        'name="zone" value="Asia/Almaty"' in client.get(f"/requests/{record.pk}/").content.decode()
    )
    client.post(f"/requests/{record.pk}/transition/",
                {"to_status": "receipt_confirmed", "at": "2026-10-08T00:30"})  # fmt: skip
    confirmed = record.transitions.get(to_status="receipt_confirmed")
    assert confirmed.at == datetime(2026, 10, 7, 19, 30, tzinfo=UTC)
    assert office_zone("RU") == "UTC"


def test_a_refused_step_s_unknown_status_is_not_kept_as_chosen(client, preservation):
    """What a refused form sent back is chosen in the list only if the list offers it: any other
    value would be one more entry in the options' cache, for ever."""
    from evidesk.web.templatetags.lifecycle_labels import _options

    url = f"/requests/{preservation.pk}/transition/"
    client.post(url, {"to_status": "no-such-status-0"})
    before = _options.cache_info().currsize
    for n in range(1, 4):
        page = client.post(url, {"to_status": f"no-such-status-{n}"}).content.decode()
        assert "no-such-status" not in page
    assert _options.cache_info().currsize == before
