"""Creating a case and its targets through the pages; the case page shows the plan."""

import re

import pytest

from evidesk.audit.models import AuditEvent
from evidesk.cases import services
from evidesk.cases.models import Case, Request, Target

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
# A local time that happened twice when the clocks went back.
CLOCK_CHANGE = {
    "period_from": "2026-10-25T02:30:00", "period_to": "2026-10-25T03:00:00",
    "period_zone": "Europe/Berlin",
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
    assert "preserve" in page and "direct_provider" in page and "user_notification_risk" in page
    # The stable vocabulary's codes are named in words; each code stays beside its name.
    assert '<strong title="preserve">Preserve the data</strong>' in page
    assert '<span title="direct_provider">directly to the provider</span>' in page
    assert '<strong title="user_notification_risk">The user may be told</strong>' in page
    # The targets table names the provider as the knowledge base does, its id as the title.
    assert '<td><span title="google">Google</span> · ' in page
    # The period in UTC, and in the zone it was given in: never a UTC time beside a zone name.
    assert "2026-08-31 20:00 \u2013 2026-09-30 19:59 UTC" in page
    assert '<span class="help">2026-09-01 00:00 \u2013 2026-09-30 23:59 Asia/Tbilisi</span>' in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"identifier": "not an identifier"}, "not a recognisable identifier"),
        ({"identifier": "<script>alert(1)</script>"}, "not a recognisable identifier"),
        ({"period_zone": ""}, "This field is required."),
        ({"period_from": "2026-10-01T00:00:00"}, "the period ends before it starts"),
        ({"period_from": "yesterday"}, "not a date and time"),
        (CLOCK_CHANGE, "ambiguous or did not exist"),
        ({"data": ["emails"]}, "Select a valid choice"),
        ({"provider": "nosuchprovider"}, "or leave the field empty"),
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
        ({"reference": "GE-1\r\nX-Injected: 1"}, "without control characters"),
        ({"reference": "GE-\u202e1-fdp.exe"}, "without control characters"),
    ],
)
def test_a_bad_case_is_refused(client, owner, kb, change, message):
    client.force_login(owner)
    response = client.post("/cases/new/", {**CASE, **change})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Case.objects.exists()


def test_a_reference_already_taken_is_refused_in_the_reader_s_words(client, case):
    again = client.post("/cases/new/", {**CASE, "title": "Other"}, HTTP_ACCEPT_LANGUAGE="ru")
    page = again.content.decode()
    taken = "Дело с таким номером уже существует."  # noqa: RUF001
    assert again.status_code == 200 and taken in page and "Case " not in page
    assert Case.objects.get().title == "Invoice fraud"


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


def test_a_plan_step_becomes_a_draft_request_then_moves_through_its_lifecycle(client, case):
    from evidesk.cases.models import Request

    client.post(f"/cases/{case.pk}/targets/new/", TARGET)
    target = Target.objects.get()
    response = client.post(f"/cases/{case.pk}/plan/draft/", {"target": target.pk, "step": 1})
    assert response.status_code == 302
    preservation = Request.objects.get()
    assert (preservation.type, preservation.channel, preservation.status) == (
        "preservation",
        "direct_provider",
        "draft",
    )
    assert preservation.requested_country == "US" and list(preservation.targets.all()) == [target]
    client.post(f"/cases/{case.pk}/plan/draft/", {"target": target.pk, "step": 2})
    disclosure = Request.objects.exclude(pk=preservation.pk).get()
    assert disclosure.type == "mla_stored" and disclosure.follows == preservation

    url = f"/requests/{preservation.pk}/transition/"
    client.post(url, {"to_status": "sent", "note": "sent by e-mail"})
    preservation.refresh_from_db()
    assert preservation.status == "sent"
    page = client.post(url, {"to_status": "refused"}).content.decode()  # needs its reason
    preservation.refresh_from_db()
    assert preservation.status == "sent"
    assert "choose a reason from the list" in page
    client.post(url, {"to_status": "refused", "refusal_reason": "insufficient_facts"})
    preservation.refresh_from_db()
    assert preservation.status == "refused"
    assert preservation.transitions.last().refusal_reason == "insufficient_facts"
    client.post(url, {"to_status": "draft"})  # not allowed from refused
    preservation.refresh_from_db()
    assert preservation.status == "refused"
    # The case page lists each request with its status since its last step, and sends the
    # reader to the request's own page to record the next one.
    page = client.get(f"/cases/{case.pk}/").content.decode()
    refused_on = preservation.transitions.last().at.date().isoformat()
    assert (
        f'href="/requests/{preservation.pk}/"' in page
        and f'<td class="nowrap">{refused_on}</td>' in page
    )
    assert "status-refused" in page and "status-draft" in page  # the disclosure is a draft
    assert "/transition/" not in page


def test_drafting_needs_a_real_step_and_a_member(client, case, outsider):
    client.post(f"/cases/{case.pk}/targets/new/", TARGET)
    target = Target.objects.get()
    for stale in ({"target": target.pk, "step": 99}, {"target": "x", "step": 1}):
        response = client.post(f"/cases/{case.pk}/plan/draft/", stale, follow=True)
        assert "That plan step no longer exists" in response.content.decode()
    assert not Request.objects.exists()
    assert client.get(f"/cases/{case.pk}/plan/draft/").status_code == 405
    client.force_login(outsider)
    assert (
        client.post(f"/cases/{case.pk}/plan/draft/", {"target": target.pk, "step": 1}).status_code
        == 404
    )


def test_outsiders_cannot_move_a_request(client, owner, outsider, kb):
    from evidesk.cases.demo import load_demo
    from evidesk.cases.models import Request

    load_demo(owner)
    draft = Request.objects.get(case__reference="DEMO-KZ-2231")
    client.force_login(outsider)
    assert (
        client.post(f"/requests/{draft.pk}/transition/", {"to_status": "sent"}).status_code == 404
    )
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_edit_a_case(client, case):
    form = client.get(f"/cases/{case.pk}/edit/").content.decode()
    assert 'name="version" value="1"' in form and "GE-2026-0412" in form
    response = client.post(
        f"/cases/{case.pk}/edit/", {**CASE, "title": "Invoice fraud, four payments", "version": "1"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.title, case.version) == ("Invoice fraud, four payments", 2)
    event = AuditEvent.objects.get(action="case.update")
    assert event.before == {"title": "Invoice fraud"} and event.after == {
        "title": "Invoice fraud, four payments"
    }


def test_a_concurrent_edit_loses_nothing(client, case, owner):
    from evidesk.cases import services

    services.update_case(case, owner, 1, title="Changed by a colleague")  # saved meanwhile
    response = client.post(f"/cases/{case.pk}/edit/", {**CASE, "title": "My title", "version": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone saved this record while you were editing it" in page
    assert "Changed by a colleague" in page and "My title" in page
    case.refresh_from_db()
    assert case.title == "Changed by a colleague"  # nothing of the second writer was saved
    assert 'name="version" value="2"' in page
    client.post(f"/cases/{case.pk}/edit/", {**CASE, "title": "My title", "version": "2"})
    case.refresh_from_db()
    assert (case.title, case.version) == ("My title", 3)


def test_a_conflict_names_fields_and_values_as_people_read_them(client, case, owner):
    """Only real disagreements are shown, each field by its label, in the reader's language:
    an offence kept as 6 years agrees with the form's 6.0, and a stage reads as its name."""
    offence = {**case.offences[0], "max_penalty_years": 6}  # as the API or the demo keep it
    services.update_case(case, owner, 1, offences=[offence], stage="trial")
    page = client.post(f"/cases/{case.pk}/edit/", {**CASE, "version": "1"},
                       HTTP_ACCEPT_LANGUAGE="ru").content.decode()  # fmt: skip
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    assert rows == [("Стадия", "Судебное разбирательство", "Расследование")]


def test_outsiders_cannot_edit(client, case, outsider):
    client.force_login(outsider)
    assert client.get(f"/cases/{case.pk}/edit/").status_code == 404
    assert (
        client.post(f"/cases/{case.pk}/edit/", {**CASE, "title": "x", "version": "1"}).status_code
        == 404
    )
    case.refresh_from_db()
    assert case.title == "Invoice fraud"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"identifier": "999.1.1.1"}, "неверный IP-адрес (каждая часть IPv4 — от 0 до 255)"),
        ({"identifier": "not an identifier"}, "идентификатор не распознан"),
        ({"period_from": "2026-10-01T00:00:00"}, "период заканчивается раньше, чем начинается"),
        ({"period_from": "yesterday"}, "это не дата и время"),
        (CLOCK_CHANGE, "неоднозначное или несуществующее время (перевод часов)"),
        # …and what to do about it: the knowledge base's name, or nothing.
        ({"provider": "nosuchprovider"}, "нет в базе знаний: укажите название так"),
    ],
)
def test_a_bad_target_is_explained_in_the_readers_language(client, case, change, message):
    """The checks of identifiers and periods are pure code that knows no language; the page
    still says what is wrong in Russian to a Russian reader."""
    response = client.post(
        f"/cases/{case.pk}/targets/new/", {**TARGET, **change}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Target.objects.exists()


@pytest.mark.parametrize("zone", ["Europe/Atlantis", "Europe"])  # "Europe": a folder of zones
def test_a_stored_case_the_advisor_cannot_read_is_explained_in_the_readers_language(
    client, case, zone
):
    """A target stored before a zone was withdrawn from the time-zone database (or imported)
    cannot be planned; the case page says why, in Russian to a Russian reader."""
    client.post(f"/cases/{case.pk}/targets/new/", TARGET)
    Target.objects.update(period_zone=zone)
    response = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert "неизвестный часовой пояс" in response.content.decode()
    assert f"&#x27;{zone}&#x27;" in response.content.decode()


def test_the_case_page_labels_its_team_and_requests_in_the_readers_language(client, case):
    """Roles, request types and statuses are labelled from lookups made once per language (list
    pages ask for them hundreds of times): each reader, in turn, gets them in their own
    language, on the case page and in the list of cases."""
    client.post(f"/cases/{case.pk}/targets/new/", TARGET)
    services.create_request(case, list(case.targets.all()), case.members.get(), type="disclosure",
                            channel="direct_provider")  # fmt: skip
    for language, words in (
        ("en", ("Prosecutor", "owner", "Direct disclosure", "Draft")),
        ("ru", ("Прокурор", "владелец", "Прямой запрос", "Черновик")),
    ):
        page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        team = page.split('<ul class="team">', 1)[1].split("</ul>", 1)[0]
        requests = page.rsplit('<table class="list">', 1)[1]
        assert words[0] in team and words[1] in team, (language, team)
        assert words[2] in requests and words[3] in requests, (language, requests)
        listed = client.get("/cases/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        row = listed.split(case.reference, 1)[1].split("</tr>", 1)[0]
        assert "<td>1</td>" in row  # its one target
        assert f'<span class="status status-draft">{words[2]}' in row, (language, row)


def test_the_plan_reads_in_the_readers_language(client, case):
    """The advisor (pure code that knows no language) words its advice; the case page gives it
    in Russian to a Russian reader, the requested state under its Russian name."""
    client.post(f"/cases/{case.pk}/targets/new/", TARGET)
    english = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    russian = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Preserve first" in english and "Сначала обеспечьте сохранность" not in english
    assert "Сначала обеспечьте сохранность" in russian and "Preserve first" not in russian
    assert "Кому: Google LLC" in russian  # "To" as the addressee, not as the end of a period
    assert "state&#x27;s authority" not in russian and "United States" not in russian
    assert "государства Соединенные Штаты" in russian  # the knowledge base's Russian name
    assert '<strong title="preserve">Обеспечить сохранность данных</strong>' in russian
    assert "напрямую провайдеру" in russian and "Пользователя могут уведомить" in russian
    # Sources say how each fact was verified in the reader's words; the source is as cited.
    assert "(проверено по источнику 20" in russian and "(verified in the source on" in english
    assert "verified" not in russian


def test_the_forms_and_the_case_page_name_countries_treaties_and_data_in_the_readers_language(
    client, case
):
    """A Russian reader picks "Казахстан", not "Kazakhstan", and reads the countries and the
    data sought in words, not codes; the stored values stay the codes."""
    client.post(f"/cases/{case.pk}/targets/new/", TARGET)
    for language, country, data, requesting, held in (
        ("en", "Kazakhstan (KZ)", "subscriber data, traffic data", "Georgia", "United States"),
        ("ru", "Казахстан (KZ)", "данные об абоненте, данные о трафике", "Грузия",  # noqa: RUF001
         "Соединенные Штаты"),
    ):  # fmt: skip
        form = client.get(f"/cases/{case.pk}/edit/", HTTP_ACCEPT_LANGUAGE=language)
        assert f'<option value="KZ">{country}</option>' in form.content.decode()
        page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f"<td>{data}</td>" in page
        assert f"<dd>{requesting} (GE)</dd>" in page
        assert f'<span title="US">{held}</span>' in page  # the targets and the plan
    assert Target.objects.get().data_categories == ["subscriber", "traffic"]


def test_the_damages_read_as_each_language_writes_large_amounts(client, case):
    """12000 in Russian reads «12 000,00» (a space between thousands, a decimal comma)."""
    for language, amount in (("en", "12,000.00 USD"), ("ru", "12\xa0000,00 USD")):
        page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f"<dd>{amount}</dd>" in page


def test_an_offence_without_its_article_is_named_alone(client, case, owner):
    services.update_case(case, owner, 1, offences=[{"name": "Fraud", "provision": ""}])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "<dd>Fraud</dd>" in page and "Fraud ()" not in page


def test_a_country_not_yet_known_is_said_in_words(client, case):
    """A target whose operator nobody has traced yet, and the request drafted for the Google
    one, name the requested state in the reader's words, never a bare '?' or ISO code."""
    client.post(f"/cases/{case.pk}/targets/new/", {**TARGET, "identifier": "185.22.33.44:51234"})
    page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    heading = re.search(r"<h3><code>185\.22\.33\.44:51234</code>(.*?)</h3>", page, re.DOTALL)
    assert heading and "страна не установлена" in heading.group(1) and "?" not in heading.group(1)

    client.post(f"/cases/{case.pk}/targets/new/", TARGET)
    google = Target.objects.get(provider="google")
    record = services.create_request(case, [google], case.members.get(), type="preservation",
                                     channel="direct_provider", requested_country="US")  # fmt: skip
    page = client.get(f"/requests/{record.pk}/evidence/", HTTP_ACCEPT_LANGUAGE="ru")
    assert "Сохранение данных → Соединенные Штаты" in page.content.decode()
    record.requested_country = ""
    record.save()
    page = client.get(f"/requests/{record.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Грузия → страна не установлена" in page


def test_time_zones_are_listed_with_their_city_and_offset(client, case):
    """A Russian reader finds Dushanbe by its name in Russian and its offset, and sees that
    Etc/GMT+5, whose name's sign the time-zone database reverses, is five hours behind UTC."""
    page = client.get(f"/cases/{case.pk}/targets/new/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<option value="Asia/Dushanbe">Asia/Dushanbe — Душанбе (UTC+05:00)</option>' in page
    assert '<option value="Etc/GMT+5">Etc/GMT+5 (UTC-05:00)</option>' in page
    berlin = "Europe/Berlin (UTC+01:00 / +02:00)"  # winter and summer
    assert berlin in client.get(f"/cases/{case.pk}/targets/new/").content.decode()


def test_the_plan_writes_a_moment_as_a_reader_does(client, case):
    """'2030-05-01 10:00 (UTC+04:00)' in the advice, not the ISO '2030-05-01T10:00:00+04:00'."""
    later = {"period_from": "2030-05-01T10:00:00", "period_to": "2030-05-02T10:00:00"}
    client.post(f"/cases/{case.pk}/targets/new/", {**TARGET, **later})
    page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Период начинается 2030-05-01 10:00 (UTC+04:00)" in page
    assert "2030-05-01T10:00" not in page.split("Рекомендации", 1)[1]


def test_the_russian_case_form_asks_for_the_term_of_deprivation_of_liberty(client, owner):
    """The years are the longest term of deprivation of liberty, as the offences table and the
    requested side read them, not an unqualified «наказание» that a fine also is."""
    client.force_login(owner)
    page = client.get("/cases/new/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert ">Максимальный срок лишения свободы (лет)</label>" in page
