"""The error pages are the product's own: in its layout and the reader's language, saying what
happened and what to do; the 404 tells no outsider that a case exists; the 500 page needs
nothing that may have broken; the API keeps answering JSON."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import include, path
from django.utils import translation
from django.views.defaults import permission_denied, server_error

from evidesk.accounts.models import Role, User
from evidesk.api.tokens import create_token
from evidesk.cases import services
from tests.conftest import logged_in_client

# A heading of each page, as each reader reads it.
HEADINGS = {
    404: {
        "en": "This page does not exist or is not open to you",
        "ru": "Эта страница не существует или вам недоступна",
    },
    403: {
        "en": "This page needs a permission you do not have",
        "ru": "Для этой страницы нужны полномочия, которых у вас нет",  # noqa: RUF001
    },
    "csrf": {
        "en": "The form has expired; nothing was saved",
        "ru": "Срок действия формы истёк; данные не сохранены",
    },
    400: {
        "en": "The server could not accept what the page sent; nothing was saved",
        "ru": "Сервер не смог принять то, что отправила страница; данные не сохранены",
    },
    405: {
        "en": "This address cannot be opened this way",
        "ru": "Этот адрес нельзя открыть таким образом",
    },
}
DASHBOARD_LINK = {
    "en": '<a href="/">Back to the dashboard</a>',
    "ru": '<a href="/">Вернуться к обзору</a>',
}
LANGUAGES = ["en", "ru"]


def assert_product_page(html: str, page, language: str, logged_in: bool) -> None:
    assert f'<html lang="{language}">' in html
    assert f"<h1>{HEADINGS[page][language]}</h1>" in html
    assert DASHBOARD_LINK[language] in html
    menu = html.split('<nav class="mainnav"', 1)[1].split("</nav>", 1)[0]
    assert ('href="/cases/"' in menu) is logged_in
    assert "<script>" not in html and "style=" not in html


@pytest.fixture
def auditor(db):
    return User.objects.create_user("auditor", password="pass-phrase-1234", role=Role.AUDITOR)


@pytest.fixture
def case(owner):
    return services.create_case(
        owner, reference="GE-1", title="Fraud", requesting_country="GE", stage="investigation"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_not_found_for_a_visitor_and_a_reader(client, owner, admin_user, language):
    response = client.get("/setup/", HTTP_ACCEPT_LANGUAGE=language)  # an administrator exists
    assert response.status_code == 404
    assert_product_page(response.content.decode(), 404, language, logged_in=False)

    client.force_login(owner)
    response = client.get("/nonexistent/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert_product_page(response.content.decode(), 404, language, logged_in=True)
    assert "script-src 'self'" in response["Content-Security-Policy"]


def _without_address_and_tokens(html: str, address: str) -> str:
    """The page as it reads: the address typed and the form tokens, new each time, aside."""
    html = html.replace(address, "ADDRESS")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", html)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_not_found_is_the_same_for_a_missing_case_and_one_not_yours(
    client, outsider, case, language
):
    client.force_login(outsider)
    pages = {}
    for address in (f"/cases/{case.pk}/", "/cases/999999/"):
        response = client.get(address, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 404
        pages[address] = _without_address_and_tokens(response.content.decode(), address)
    theirs, missing = pages.values()
    assert theirs == missing
    assert "GE-1" not in theirs and "Fraud" not in theirs


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_forbidden_in_the_layout(client, owner, admin_user, language):
    for user, address in ((owner, "/accounts/users/"), (admin_user, "/audit/")):
        client.force_login(user)
        response = client.get(address, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 403, address
        assert_product_page(response.content.decode(), 403, language, logged_in=True)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_forbidden_without_a_login(language):
    """No page refuses a visitor this way today (they are sent to log in): the page still
    works for one, through Django's 403 handler."""
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    with translation.override(language):
        response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert_product_page(response.content.decode(), 403, language, logged_in=False)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_expired_form_says_so(owner, language):
    browser = logged_in_client(enforce_csrf_checks=True)
    response = browser.post(
        "/accounts/login/", {"username": "owner"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 403
    assert_product_page(response.content.decode(), "csrf", language, logged_in=False)

    browser.force_login(owner)
    response = browser.post("/accounts/logout/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert_product_page(response.content.decode(), "csrf", language, logged_in=True)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_too_large_to_read_says_so_and_what_to_do(client, owner, language, settings):
    """A title of megabytes pasted by mistake: the server refuses to read the form; the reader
    gets a page in their language, not Django's bare 'Bad Request (400)'."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(owner)
    response = client.post(
        "/cases/new/", {"reference": "TJ-1", "title": "Ж" * 2000}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    assert_product_page(response.content.decode(), 400, language, logged_in=True)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refused_method_gets_a_page_and_keeps_its_allow_header(client, owner, auditor, language):
    response = client.get("/accounts/logout/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 405 and response["Allow"] == "POST, OPTIONS"
    assert_product_page(response.content.decode(), 405, language, logged_in=False)

    client.force_login(auditor)
    response = client.get("/audit/verify/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert_product_page(response.content.decode(), 405, language, logged_in=True)
    assert int(response["Content-Length"]) == len(response.content)


SERVER_ERROR_TEXTS = [
    '<html lang="en">',
    '<section lang="en">',
    "<h1>Server error</h1>",
    "What you sent last may not have been saved.",
    '<section lang="ru">',
    "<h1>Ошибка сервера</h1>",
    "Последние отправленные вами данные могли не сохраниться.",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_server_error_page_needs_no_database_and_speaks_both_languages(language):
    """No database here (no django_db mark): Django renders 500.html with an empty Context."""
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert all(text in html for text in SERVER_ERROR_TEXTS), html
    assert "<link" not in html and "<script" not in html and "style=" not in html


def broken(request):
    raise RuntimeError("a fault of the server")


urlpatterns = [path("broken/", broken), path("", include("evidesk.urls"))]


@pytest.mark.django_db
def test_a_failing_page_answers_the_server_error_page(owner, settings):
    settings.ROOT_URLCONF = __name__
    browser = logged_in_client(raise_request_exception=False)
    browser.force_login(owner)
    response = browser.get("/broken/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 500
    assert all(text in response.content.decode() for text in SERVER_ERROR_TEXTS)
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_api_still_answers_errors_in_json(client, outsider, case):
    _token, secret = create_token(outsider, "Case management system", "write")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for method, address, status in (
        ("get", f"/api/cases/{case.pk}/", 404),
        ("get", "/api/cases/999999/", 404),
        ("get", "/api/no-such-address/", 404),
        ("delete", "/api/cases/", 405),
    ):
        response = getattr(client, method)(address, **bearer)
        assert response.status_code == status, address
        assert response["Content-Type"] == "application/json", address
        assert response.json()["error"]["status"] == status, address


HUGE = "9" * 30  # more digits than a database's integer column holds


@pytest.mark.django_db
def test_a_record_number_too_long_for_the_database_names_nothing(client, owner, case):
    """Fuzzing found a 500 for such a number; every address with one answers 404 instead."""
    _token, secret = create_token(owner, "Case management system", "write")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for method, address in (
        ("delete", f"/api/cases/{case.pk}/team/{HUGE}/"),
        ("get", f"/api/cases/{HUGE}/"),
        ("get", f"/api/requests/{HUGE}/transitions/"),
    ):
        response = getattr(client, method)(address, **bearer)
        assert response.status_code == 404 and response.json()["error"]["status"] == 404
    client.force_login(owner)
    for address in (f"/cases/{HUGE}/", f"/requests/{HUGE}/", f"/evidence/{HUGE}/"):
        assert client.get(address).status_code == 404, address
    assert client.get(f"/cases/{case.pk}/").status_code == 200  # ordinary numbers still work
