import html
import re
from datetime import date, timedelta

import pytest
import time_machine

from evidesk.knowledge.models import KnowledgeRecord


@pytest.fixture
def logged_in(client, owner, kb):
    client.force_login(owner)
    return client


def test_browse_and_search(logged_in):
    page = logged_in.get("/knowledge/").content.decode()
    assert "Georgia" in page and "budapest" in page and "google" in page
    found = logged_in.get("/knowledge/?q=gmail.com").content.decode()
    assert "/knowledge/providers/google/" in found and "/knowledge/jurisdictions/GE/" not in found
    russian = logged_in.get("/knowledge/?q=Грузия").content.decode()
    assert "/knowledge/jurisdictions/GE/" in russian


@time_machine.travel("2026-11-28T12:00:00Z", tick=False)  # the day the shipped facts were verified
def test_a_fact_shows_its_source_age_and_the_unknowns(logged_in):
    page = logged_in.get("/knowledge/providers/google/").content.decode()
    assert "preservation_days" in page and "ministryofcyberaffairs.com" in page
    assert "secondary source" in page and "verified in the source" in page
    assert "0 days ago" in page
    assert "stale: verify again" not in page
    assert "<em>unknown</em>" in page  # facts nobody sourced are listed, not hidden
    assert "/facts/" not in page  # a prosecutor cannot correct


def test_old_facts_are_marked_stale(logged_in):
    record = KnowledgeRecord.objects.get(kind="jurisdiction", key="GE")
    old = (date(2026, 11, 28) - timedelta(days=400)).isoformat()
    record.data["facts"]["languages_accepted"]["verified_on"] = old
    record.save()
    with time_machine.travel("2026-11-28T12:00:00Z", tick=False):
        page = logged_in.get("/knowledge/jurisdictions/GE/").content.decode()
    assert page.count("stale: verify again") == 1 and "400 days ago" in page


def test_instrument_page_lists_parties(logged_in):
    page = logged_in.get("/knowledge/instruments/budapest/").content.decode()
    assert "2012-10-01" in page and "Parties and signatories" in page


@pytest.mark.parametrize(
    "path",
    [
        "/knowledge/nothing/GE/",
        "/knowledge/providers/nobody/",
        "/knowledge/providers/google/facts/favourite_colour/",
    ],
)
def test_unknown_things_are_404(client, admin_user, kb, path):
    client.force_login(admin_user)
    assert client.get(path).status_code == 404


def test_only_administrators_correct(logged_in):
    url = "/knowledge/providers/google/facts/preservation_days/"
    assert logged_in.get(url).status_code == 403
    response = logged_in.post(
        url,
        {"value": "1", "source_url": "https://x.example", "confidence": "verified", "reason": "x"},
    )
    assert response.status_code == 403
    assert (
        KnowledgeRecord.objects.get(key="google").data["facts"]["preservation_days"]["value"] == 90
    )


def test_administrator_corrects_a_fact_through_the_form(client, admin_user, kb):
    client.force_login(admin_user)
    url = "/knowledge/providers/google/facts/preservation_days/"
    form = client.get(url).content.decode()
    assert "90" in form and "Why it changes" in form
    response = client.post(
        url,
        {
            "value": "60",
            "source_url": "https://policies.example/p",
            "locator": "§ 2",
            "confidence": "verified",
            "reason": "New policy",
        },
    )
    assert response.status_code == 302
    page = client.get("/knowledge/providers/google/").content.decode()
    assert "policies.example/p" in page and "New policy" in page and "Corrected locally" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": "60"}, "A corrected fact needs its source."),
        ({"value": "[unclosed", "source_url": "https://x.example"}, "not readable YAML"),
        ({"value": "sixty", "source_url": "https://x.example"}, "must be a whole number"),
        ({"value": "", "source_url": "https://x.example"}, "Give the value"),
        ({"value": "60", "source_url": "javascript:alert(1)"}, "Enter a valid URL."),
    ],
)
def test_a_bad_correction_form_explains_and_saves_nothing(client, admin_user, kb, fields, message):
    client.force_login(admin_user)
    url = "/knowledge/providers/google/facts/preservation_days/"
    response = client.post(url, {"confidence": "verified", "reason": "x", **fields})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (
        KnowledgeRecord.objects.get(key="google").data["facts"]["preservation_days"]["value"] == 90
    )


def test_html_in_a_correction_is_shown_as_text(client, admin_user, kb):
    client.force_login(admin_user)
    url = "/knowledge/providers/google/facts/certification/"
    client.post(
        url,
        {
            "value": "'<b>bold</b><script>x()</script>'",
            "source_doc": "A letter",
            "confidence": "verified",
            "reason": "test",
        },
    )
    page = client.get("/knowledge/providers/google/").content.decode()
    assert "<script>x()</script>" not in page and "&lt;script&gt;" in page


def russian(client, url: str) -> str:
    return client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()


def test_values_read_in_words_in_the_readers_language(logged_in):
    georgia = russian(logged_in, "/knowledge/jurisdictions/GE/")
    assert "роль: центральный орган по вопросам взаимной правовой помощи, название:" in georgia
    assert "адрес:" in georgia and "электронная почта:" in georgia
    assert "<td>нет" in georgia  # eu_member: false
    for raw in ("role:", "central_authority_mla", "address:", "<td>no"):
        assert raw not in georgia
    google = russian(logged_in, "/knowledge/providers/google/")
    assert "по умолчанию уведомляет пользователя" in google and "notifies_by_default" not in google
    # A country is named in the reader's language, its code beside it.
    assert "название: Google LLC, страна: Соединенные Штаты (US)" in google and "<td>да" in google
    assert "<td>Соединенные Штаты (US)" in google  # the headquarters
    assert "веб-адрес: https://lers.google.com" in google
    untoc = russian(logged_in, "/knowledge/instruments/untoc/")
    assert "Преступления, к которым применяется" in untoc and "offence scope" not in untoc
    assert "Тяжкое преступление: минимальный верхний предел наказания (лет)" in untoc
    assert "тяжкие преступления с участием организованной преступной группы" in untoc  # noqa: RUF001
    assert "organised_crime" not in untoc


def test_parties_link_only_to_known_countries_and_say_how_sure_in_words(logged_in):
    page = russian(logged_in, "/knowledge/instruments/untoc/")
    assert 'href="/knowledge/jurisdictions/GE/"' in page
    assert "/knowledge/jurisdictions/EU/" not in page and "<td>EU</td>" in page
    assert "· проверено по источнику" in page and "· вторичный источник" in page
    assert "· verified" not in page and "· secondary" not in page
    # The states are named in the reader's language, a treaty left is «Денонсировано».
    assert '<a href="/knowledge/jurisdictions/GE/">Грузия (GE)</a>' in page
    assert "<th>Денонсировано</th>" in page and "Отозван" not in page
    for link in set(re.findall(r'href="(/knowledge/jurisdictions/[A-Z]+/)"', page)):
        assert logged_in.get(link).status_code == 200, link


def test_the_correction_page_shows_the_value_as_the_detail_page_does(client, admin_user, kb):
    client.force_login(admin_user)
    member = russian(client, "/knowledge/jurisdictions/GE/facts/eu_member/")
    assert '<a href="/knowledge/jurisdictions/GE/">← Грузия</a>' in member  # not "← GE"
    assert "Сейчас: нет —" in member and "False" not in member
    entities = russian(client, "/knowledge/providers/google/facts/legal_entities/")
    assert (
        "Сейчас: название: Google LLC, страна: Соединенные Штаты (US), обслуживает: US; ROW;"
        in entities
    )
    assert "[{" not in entities and "&#x27;name&#x27;" not in entities
    assert "Сейчас: Asia/Tbilisi —" in russian(
        client, "/knowledge/jurisdictions/GE/facts/timezones/"
    )


def correct_in_russian(client, url: str, value: str) -> str:
    fields = {"value": value, "source_doc": "A letter", "confidence": "verified", "reason": "x"}
    response = client.post(url, fields, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200  # refused: the form again
    return response.content.decode()


def test_a_wrong_value_is_explained_in_words_naming_the_field(client, admin_user, kb):
    client.force_login(admin_user)
    before = KnowledgeRecord.objects.get(key="GE").data
    page = correct_in_russian(
        client, "/knowledge/jurisdictions/GE/facts/authorities/", "- role: boss\n  phone: '1'\n"
    )
    assert "Компетентные органы, № 1, роль: недопустимое значение; допустимые значения: " in page
    assert "Компетентные органы, № 1, название: отсутствует: это поле обязательно" in page
    assert "(facts.authorities.value.0.role)" in page  # the path, for whoever edits the files
    assert "Input should be" not in page and "Field required" not in page
    page = correct_in_russian(client, "/knowledge/jurisdictions/GE/facts/eu_member/", "perhaps")
    assert "Член ЕС: должно быть «да» или «нет» (true или false)" in html.unescape(page)  # noqa: RUF001
    assert KnowledgeRecord.objects.get(key="GE").data == before


def test_a_time_zone_must_be_one_of_the_iana_database(client, admin_user, kb):
    client.force_login(admin_user)
    before = KnowledgeRecord.objects.get(key="GE").data
    page = correct_in_russian(
        client, "/knowledge/jurisdictions/GE/facts/timezones/", "- Mars/Olympus\n"
    )
    assert "Часовые пояса, № 1: Mars/Olympus не является часовым поясом базы IANA" in page
    page = correct_in_russian(
        client, "/knowledge/providers/google/facts/records_timezone/", "Pacific Time"
    )
    assert "Pacific Time не является часовым поясом базы IANA" in page
    record = KnowledgeRecord.objects.get(key="GE")
    assert record.data == before and not record.corrected and not record.changes.exists()


def test_the_history_names_where_a_change_came_from(client, admin_user, kb):
    client.force_login(admin_user)
    fields = {"value": "60", "source_doc": "A letter", "confidence": "verified", "reason": "New"}
    client.post("/knowledge/providers/google/facts/preservation_days/", fields)
    page = russian(client, "/knowledge/providers/google/")
    assert "— Исправление —" in page and "Correction" not in page
    # The fact changed is named in words; its path stays as the title.
    assert '<span title="facts.preservation_days">Срок сохранения (дней)</span>' in page
    assert "facts.preservation_days</" not in page
    assert '<span title="sources">источники</span>' in page  # the new source it cites
