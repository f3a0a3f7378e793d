"""Walk every URL pattern as every kind of actor; a new view without a check fails here.

Case-scoped URLs (those taking a case_id or request_id) must answer 404 to a user who is not a
member, exactly as for a case that does not exist; every page except the public ones asks
anonymous visitors to log in.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from evidesk.cases.demo import load_demo
from evidesk.cases.models import Case, Request

PUBLIC = {"health", "setup", "login", "set_language", "calendar-feed"}
CASE_SCOPED_PARAMS = {"case_id", "request_id"}


def patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, prefix + str(entry.pattern), set(entry.pattern.converters)


def concrete(path: str, values: dict) -> str:
    for name, value in values.items():
        for converter in ("int", "str", "slug"):
            path = path.replace(f"<{converter}:{name}>", str(value))
    return "/" + path.lstrip("^").rstrip("$")


@pytest.fixture
def world(db, owner, outsider, kb):
    load_demo(owner)
    case = Case.objects.get(reference="DEMO-GE-0412")
    return {
        "values": {"case_id": case.pk, "request_id": Request.objects.filter(case=case).first().pk,
                   "folder": "providers", "key": "google", "fact": "preservation_days",
                   "token": "not-a-real-calendar-token-0000"},
        "owner": owner, "outsider": outsider,
    }  # fmt: skip


def all_urls(world):
    return [(name, concrete(path, world["values"]), params) for name, path, params in patterns()]


def test_every_url_is_walked(world):
    names = {name for name, _, _ in all_urls(world)}
    assert {"home", "case-detail", "target-add", "request-transition", "knowledge-correct"} <= names


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client, world, method):
    for name, url, _ in all_urls(world):
        if name in PUBLIC:
            continue
        response = getattr(client, method)(url)
        assert response.status_code in (302, 405), (name, url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), (name, url)


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsiders_get_404_on_every_case_scoped_url(client, world, method):
    client.force_login(world["outsider"])
    for name, url, params in all_urls(world):
        if params & CASE_SCOPED_PARAMS:
            response = getattr(client, method)(url)
            assert response.status_code in (404, 405), (name, url, response.status_code)
            assert response.status_code != 405 or method == "get", (name, url)


def test_members_reach_every_page(client, world):
    client.force_login(world["owner"])
    for name, url, _ in all_urls(world):
        if name in {"logout", "knowledge-correct", "setup", "health", "calendar-feed"}:
            continue
        response = client.get(url)
        assert response.status_code in (200, 302, 405), (name, url, response.status_code)
