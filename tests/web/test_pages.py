import pytest

from evidesk.cases.demo import load_demo
from evidesk.cases.models import Case


@pytest.mark.django_db
def test_pages_ask_for_login(client, owner):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_login_and_logout(client, owner, settings):
    settings.EVIDESK_REQUIRE_TWO_FACTOR = False  # the two-factor steps are tested in accounts/
    response = client.post(
        "/accounts/login/", {"username": "owner", "password": "owner-password-123"}
    )
    assert response.status_code == 302
    assert "Nino Owner" in client.get("/").content.decode()
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_home_lists_only_my_cases_and_case_page_is_404_to_outsiders(client, owner, outsider):
    load_demo(owner)
    case = Case.objects.get(reference="DEMO-GE-0412")
    client.force_login(owner)
    home = client.get("/").content.decode()
    assert "DEMO-GE-0412" in home and "DEMO-KZ-2231" in home
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "supplier.billing.dept@gmail.example" in page and "Receipt confirmed" in page

    client.force_login(outsider)
    assert "DEMO-GE-0412" not in client.get("/").content.decode()
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get("/cases/999999/").status_code == 404


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(client, owner):
    client.force_login(owner)
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_use_no_external_asset(client, owner):
    client.force_login(owner)
    for path in ["/", "/accounts/logout/"]:
        html = client.get(path).content.decode()
        assert "http://" not in html.replace("http://testserver", "")
        assert "https://" not in html
        assert "<script>" not in html and "style=" not in html


@pytest.mark.django_db
def test_the_menu_is_each_readers_own_in_their_language(client, owner, admin_user):
    """The menu and the language switcher are built once per language (and role) and kept:
    each reader, one after another in one process, still gets the entries of their role and
    their language chosen, in their language."""
    from evidesk.accounts.models import Role, User

    auditor = User.objects.create_user("auditor", password="pass-phrase-1234", role=Role.AUDITOR)

    def menu(user, language="en"):
        client.force_login(user)
        page = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        return page.split('<nav class="mainnav"', 1)[1].split("</nav>", 1)[0]

    for _ in range(2):  # the second round is served from what the first kept
        prosecutors, auditors, administrators = menu(owner), menu(auditor), menu(admin_user)
        assert "Contacts" in prosecutors and "Audit trail" not in prosecutors
        assert "Accounts" not in prosecutors
        assert "Audit trail" in auditors and "Contacts" not in auditors
        assert "Accounts" in administrators and "Break-glass" in administrators
        in_russian = menu(owner, "ru")
        assert "Контакты" in in_russian and "Contacts" not in in_russian
        # the language switcher, kept per language too, offers the reader's as chosen
        for language in ("en", "ru"):
            page = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
            assert f'<option value="{language}" selected>' in page


@pytest.mark.django_db
def test_the_frame_links_where_the_installation_is_served(client, owner):
    """The frame's addresses are worked out once per process, for each address the
    installation is served under (nginx may serve it under /evidesk/), for visitors and for
    people logged in; so is the menu kept for each."""
    from django.urls import clear_script_prefix, set_script_prefix

    try:
        for prefix in ("", "/evidesk", ""):
            set_script_prefix(prefix + "/")  # as the WSGI server does from SCRIPT_NAME
            client.logout()
            page = client.get("/accounts/login/").content.decode()
            assert f'<a class="brand" href="{prefix}/">' in page
            assert f'<a href="{prefix}/accounts/login/">' in page
            client.force_login(owner)
            page = client.get("/").content.decode()
            assert f'class="langswitch" action="{prefix}/i18n/setlang/"' in page
            assert f'<a class="whoami" href="{prefix}/accounts/two-factor/"' in page
            assert f'<form action="{prefix}/accounts/logout/" method="post">' in page
            assert f'<a href="{prefix}/cases/">' in page  # the menu, kept per prefix
    finally:
        clear_script_prefix()
