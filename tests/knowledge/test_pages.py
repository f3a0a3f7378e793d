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
