"""The dashboard and case list kept for a few seconds (system.freshness): served again only while
nothing changed, to the same person in the same language, never with a message shown once, and
with forms whose CSRF token still works."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidesk.cases import services
from evidesk.system import freshness
from evidesk.system.worker import BackgroundWorker
from tests.conftest import logged_in_client
from tests.system.tasks import mark_done

CASE = {"title": "Invoice fraud", "requesting_country": "GE", "stage": "investigation"}


@pytest.fixture(autouse=True)
def kept(pages_built_anew, settings):
    settings.EVIDESK_PAGES_KEPT_SECONDS = 20
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def browser(owner):
    """A logged-in person whose browser holds its CSRF cookie, as after any first page."""
    client = logged_in_client()
    client.force_login(owner)
    client.get("/")
    return client


def new_case(owner, reference: str):
    return services.create_case(owner, reference=reference, **CASE)


def case_rows(sql_log) -> int:
    return sum('"cases_case"' in q["sql"] for q in sql_log.captured_queries)


@pytest.mark.parametrize("path", ["/", "/cases/", "/cases/?status=sent"])
def test_a_page_is_served_again_without_reading_the_cases(db, browser, path):
    first = browser.get(path)
    with CaptureQueriesContext(connection) as again:
        second = browser.get(path)
    assert second.status_code == 200 and second.content == first.content
    assert case_rows(again) == 0


def test_any_change_through_the_pages_shows_at_once(db, browser, owner):
    browser.get("/")
    new_case(owner, "GE-2026-0001")  # written behind the pages' back, as a test can
    assert "GE-2026-0001" not in browser.get("/").content.decode()  # still the kept page
    version = freshness.data_version()
    assert browser.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert freshness.data_version() == version + 1
    assert "GE-2026-0001" in browser.get("/").content.decode()


def test_a_case_created_through_the_form_is_on_the_next_page(db, browser, kb):
    browser.get("/cases/")
    response = browser.post(
        "/cases/new/",
        {**CASE, "reference": "GE-2026-0002", "offence_name": "Fraud",
         "offence_provision": "art. 180", "facts": "Invoices paid to a fake supplier."},
    )  # fmt: skip
    assert response.status_code == 302
    assert "GE-2026-0002" in browser.get("/cases/").content.decode()


def test_tasks_run_by_the_worker_count_as_a_change(transactional_db):
    version = freshness.data_version()
    mark_done.enqueue("fresh")
    BackgroundWorker().tick()
    assert freshness.data_version() == version + 1
    BackgroundWorker().tick()  # nothing ran: nothing changed
    assert freshness.data_version() == version + 1


def test_a_kept_page_expires(db, browser, owner, monkeypatch):
    import django.core.cache.backends.locmem as locmem

    browser.get("/")
    new_case(owner, "GE-2026-0003")
    later = locmem.time.time() + 21
    monkeypatch.setattr(locmem.time, "time", lambda: later)
    assert "GE-2026-0003" in browser.get("/").content.decode()


def test_nobody_is_served_another_persons_page(db, browser, owner, outsider):
    new_case(owner, "GE-2026-0004")
    assert "GE-2026-0004" in browser.get("/").content.decode()
    other = logged_in_client()
    other.force_login(outsider)
    other.get("/")
    assert "GE-2026-0004" not in other.get("/").content.decode()


def test_each_language_has_its_own_page(db, browser):
    english = browser.get("/").content.decode()
    browser.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    russian = browser.get("/").content.decode()
    assert "Dashboard" in english and "Dashboard" not in russian


def test_a_message_is_shown_once(db, browser, owner, kb):
    case = new_case(owner, "GE-2026-0005")
    browser.get("/")
    browser.post(f"/cases/{case.pk}/team/", {"username": "nobody-of-that-name"})
    shown = browser.get("/").content.decode()
    assert 'class="message error"' in shown
    assert 'class="message error"' not in browser.get("/").content.decode()


def test_the_forms_of_a_kept_page_still_work(db, owner):
    browser = logged_in_client(enforce_csrf_checks=True)
    browser.force_login(owner)
    browser.get("/")
    browser.get("/")  # kept
    del browser.cookies["csrftoken"]  # as after a new login: a new CSRF secret
    browser.get("/")
    kept_page = browser.get("/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept_page).group(1)
    assert browser.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert browser.get("/").status_code == 302  # logged out, and sent to the login page


def test_nothing_is_kept_when_turned_off(db, browser, owner, settings):
    settings.EVIDESK_PAGES_KEPT_SECONDS = 0
    browser.get("/")
    new_case(owner, "GE-2026-0006")
    assert "GE-2026-0006" in browser.get("/").content.decode()


def api_client(user, scope="write"):
    from evidesk.api.tokens import create_token

    _, secret = create_token(user, "freshness", scope)
    return logged_in_client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def references(response) -> set[str]:
    return {case["reference"] for case in response.json()["results"]}


def test_the_api_case_list_is_kept_until_a_change(db, owner, outsider, kb):
    system = api_client(owner)
    new_case(owner, "GE-2026-0007")
    assert references(system.get("/api/cases/")) == {"GE-2026-0007"}
    new_case(owner, "GE-2026-0008")
    with CaptureQueriesContext(connection) as again:
        assert references(system.get("/api/cases/")) == {"GE-2026-0007"}  # kept
    assert case_rows(again) == 0
    created = system.post(
        "/api/cases/", {**CASE, "reference": "GE-2026-0009", "offence_name": "Fraud",
                        "offence_provision": "art. 180", "facts": "Invoices."},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201
    assert references(system.get("/api/cases/")) == {f"GE-2026-000{n}" for n in (7, 8, 9)}
    assert references(api_client(outsider).get("/api/cases/")) == set()
    assert references(system.get("/api/cases/?q=0008")) == {"GE-2026-0008"}
