"""English and Russian from the first page on, from reviewed catalogues."""

import gettext
from pathlib import Path

import pytest
from babel.messages import pofile

import evidesk

LOCALE = Path(evidesk.__file__).parent / "locale"


@pytest.mark.django_db
def test_language_switch_renders_a_russian_page(client, owner):
    client.force_login(owner)
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="ru"' in page
    assert "Мои дела" in page and "Выйти" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "My cases" in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_dashboard_s_deadlines_heading_reads_in_the_plural(client, owner):
    client.force_login(owner)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "<h2>Сроки на этой неделе</h2>" in page


@pytest.mark.django_db
def test_login_page_in_russian_from_the_browser_language(client, owner):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Войти" in page and "Имя пользователя" in page


def test_every_russian_message_is_translated_and_compiled():
    po_path = LOCALE / "ru/LC_MESSAGES/django.po"
    with po_path.open("rb") as handle:
        catalogue = pofile.read_po(handle)
    untranslated = [
        m.id for m in catalogue
        if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]  # fmt: skip
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []
    compiled = gettext.GNUTranslations((LOCALE / "ru/LC_MESSAGES/django.mo").open("rb"))
    stale = [
        m.id
        for m in catalogue
        if m.id
        and isinstance(m.id, str)
        and (compiled.pgettext(m.context, m.id) if m.context else compiled.gettext(m.id))
        != m.string
    ]
    assert stale == [], "django.mo is older than django.po: run `evidesk manage compilemessages`"
