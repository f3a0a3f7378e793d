"""Every API address as every kind of actor, with the same rules as the pages: a case outside
one's reach is 404, a change by a read-only viewer 403, case data closed to auditors, the audit
trail open only to them; and no address answers without a valid token."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tests.test_access_matrix import CASE_ACCESS, concrete

DOCUMENTATION = {"api-schema", "api-docs", "api-unknown"}
CASE_SCOPED = {"case_id", "request_id", "attachment_id", "document_id", "item_id"}
# Moves of one request along its lifecycle (steps, messages), open to the central authority
# the MLA request passes through; changing its content or drafting its documents is not.
REQUEST_MOVES = {"api-request-transitions", "api-request-correspondence"}
METHODS = ("get", "post", "put", "delete")


def api_addresses(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from api_addresses(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and (entry.name or "").startswith("api-"):
            view = getattr(entry.callback, "view_class", None)
            methods = [m for m in METHODS if view and hasattr(view, m)]
            yield entry.name, prefix + str(entry.pattern), set(entry.pattern.converters), methods


def expected(name, params, actor, method):
    access = CASE_ACCESS[actor]
    if name == "api-audit":
        return {200} if actor == "auditor" else {403}
    if name in ("api-tokens", "api-token"):
        # The world's token is the owner's: another's token looks like none at all.
        return {200} if method == "get" else ({204} if actor == "owner" else {404})
    if actor == "auditor":
        return {403}
    if params & CASE_SCOPED:
        if access is None:
            return {404}
        if method == "get":
            return {200}
        if name in REQUEST_MOVES and actor == "central-authority":
            return {400, 201, 200}
        if access == "read":
            return {403}
    return {200} if method == "get" else {400, 201, 200, 204}


@pytest.mark.parametrize("actor", sorted(CASE_ACCESS))
def test_every_actor_on_every_api_address(world, api, actor):
    client = api(world["actors"][actor])
    walked = 0
    for name, path, params, methods in api_addresses():
        if name in DOCUMENTATION or name == "api-contact":
            continue
        url = concrete(path, world["values"])
        for method in methods:
            response = getattr(client, method)(url, {}, format="json")
            assert response.status_code in expected(name, params, actor, method), (
                actor, name, method, response.status_code, response.content[:300],
            )  # fmt: skip
            assert "error" in response.json() if response.status_code >= 400 else True
            walked += 1
    assert walked > 30


def test_without_a_token_nothing_answers_but_the_documentation(world, client):
    """No token, a session cookie (the pages' login), or a made-up token: 401 everywhere."""
    client.force_login(world["actors"]["owner"])
    strangers = [APIClient(), client]
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Bearer evd_" + "x" * 43)
    strangers.append(forged)
    for name, path, _params, methods in api_addresses():
        url = concrete(path, world["values"])
        for stranger in strangers:
            response = stranger.get(url) if "get" in methods else stranger.post(url)
            if name in DOCUMENTATION:
                assert response.status_code in (200, 404), (name, response.status_code)
                continue
            assert response.status_code == 401, (name, response.status_code)
            assert response["WWW-Authenticate"].startswith("Bearer")
            assert response.json()["error"]["code"] in ("not_authenticated",
                                                        "authentication_failed")  # fmt: skip


def test_a_contact_is_open_to_all_but_auditors(world, api):
    contact = world["values"]["contact_id"]
    for actor in ("owner", "central-authority", "administrator"):
        assert api(world["actors"][actor]).get(f"/api/contacts/{contact}/").status_code == 200
    reader = api(world["actors"]["auditor"])
    assert reader.get(f"/api/contacts/{contact}/").status_code == 403
    assert reader.delete(f"/api/contacts/{contact}/").status_code == 403
