"""A NUL character in a search or filter is refused with a clear answer, never a server error
(PostgreSQL cannot compare text containing one)."""

import pytest


@pytest.mark.parametrize("url", ["/cases/?q=a%00b", "/contacts/?q=%00", "/cases/?status=x%00"])
def test_pages_refuse_a_nul_in_the_query(client, owner, url):
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_the_api_refuses_it_in_its_own_error_shape(api, owner, kb):
    response = api(owner).get("/api/requests/?status=%00")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_an_ordinary_search_still_works(client, owner):
    client.force_login(owner)
    assert client.get("/cases/?q=GE-2026%2F1").status_code == 200
