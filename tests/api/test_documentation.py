"""The API's description and its browsable documentation are served by the application itself
(no CDN: many offices are on closed networks), within the pages' Content-Security-Policy."""

import re
import shutil

import pytest
import yaml

from tests.processes import child_env, free_port, run, serving


def test_the_schema_is_openapi_3_and_names_every_resource(client, owner):
    response = client.get("/api/schema")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for resource in ("/api/cases/", "/api/requests/{request_id}/transitions/", "/api/deadlines/",
                     "/api/evidence/", "/api/knowledge/resolve", "/api/advisor/plan",
                     "/api/requests/{request_id}/documents/", "/api/statistics/"):  # fmt: skip
        assert resource in paths
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    cases = schema["paths"]["/api/cases/"]["get"]
    assert {"200", "401", "403"} <= set(cases["responses"])
    assert "page_size" in {p["name"] for p in cases["parameters"]}


def test_the_documentation_page_loads_only_local_assets(client, owner):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    # No inline script: the CSP forbids it, so the page's own script is a separate address.
    assert not re.search(r"<script>(?!\s*</script>)", html)
    script = next(s for s in sources if "script" in s and "/static/" not in s)
    initialiser = client.get(script.replace("&amp;", "&"))
    assert initialiser.status_code == 200
    assert "javascript" in initialiser["Content-Type"]
    assert b"/api/schema" in initialiser.content
    for asset in (s for s in sources if s.startswith("/static/")):
        assert client.get(asset).status_code == 200, asset


@pytest.mark.slow
def test_the_documentation_renders_in_a_browser_without_breaking_the_policy(tmp_path):
    """Swagger UI draws the operations from the served schema; the CSP blocks nothing."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is installed by .ci/run")
    playwright = pytest.importorskip("playwright.sync_api")
    env = child_env(tmp_path / "data", EVIDESK_ADMIN_PASSWORD="tbilisi-prosecutor-2026")
    assert run(["createadmin", "--username", "nino", "--full-name", "Nino B."], env).returncode == 0
    with serving(env, free_port()) as (base, _proc), playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        blocked = []
        page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else 0)
        page.goto(f"{base}/api/docs/")
        playwright.expect(page.locator(".swagger-ui .info .title")).to_contain_text("evidesk API")
        playwright.expect(page.locator(".opblock-summary-path").first).to_be_visible()
        assert page.locator(".opblock-summary-path").count() > 30
        browser.close()
    assert blocked == []
