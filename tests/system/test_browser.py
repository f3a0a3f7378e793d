"""The pages that run script, in a real browser (Debian's Chromium driven by Playwright): the
drafting form's live completeness check and the evidence upload with its progress bar. The
strict Content-Security-Policy must not block anything."""

import os
import shutil

import pytest

from tests.processes import child_env, free_port, run, serving

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api")
PASSWORD = "tbilisi-prosecutor-2026"


@pytest.fixture
def site(tmp_path):
    if CHROMIUM is None:
        pytest.skip("Chromium is installed by .ci/run")
    # The two-factor steps are tested elsewhere; here the browser logs in with a password.
    env = child_env(tmp_path / "data", EVIDESK_REQUIRE_TWO_FACTOR="0",
                    EVIDESK_ADMIN_PASSWORD=PASSWORD)  # fmt: skip
    assert run(["createadmin", "--username", "nino", "--full-name", "Nino B."], env).returncode == 0
    assert run(["demo"], env).returncode == 0
    with serving(env, free_port()) as (base, _proc), playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        blocked = []
        page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else 0)
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "nino")
        page.fill("#id_password", PASSWORD)
        page.click("button.primary")
        page.wait_for_url(f"{base}/")
        yield base, page, blocked
        browser.close()


def open_preservation(base, page):
    page.goto(f"{base}/cases/")
    page.click("text=DEMO-GE-0412")
    page.click("td a:has-text('Preservation')")


def test_the_completeness_check_follows_what_is_typed(site):
    base, page, blocked = site
    open_preservation(base, page)
    page.click("text=Draft the document")
    findings = page.locator("#findings")
    assert "why preservation is necessary" in findings.inner_text()
    page.fill("#id_necessity", "The logs are kept for 90 days only.")
    # (expect polls without evaluating strings, which the page's CSP forbids)
    playwright.expect(findings).not_to_contain_text("why preservation is necessary")
    page.fill("#id_necessity", "")
    playwright.expect(findings).to_contain_text("why preservation is necessary")
    assert blocked == []


def test_an_upload_shows_its_progress_and_lands_in_the_list(site, tmp_path):
    base, page, blocked = site
    production = tmp_path / "production.csv"
    production.write_bytes(os.urandom(3 * 1024 * 1024))
    open_preservation(base, page)
    page.click("text=Evidence received")
    page.set_input_files("#id_files", str(production))
    page.fill("#id_received_from", "Google LLC")
    page.fill("#id_channel", "LERS portal")
    page.fill("#id_at", "2026-11-20T14:15")
    page.click("button:has-text('Receive')")
    page.wait_for_selector("text=The files were received, hashed and stored.")
    assert page.locator("#upload-progress").count() == 1
    assert "production.csv" in page.inner_text("table.list")
    # On an old office laptop's 1024-pixel screen the list's hashes wrap inside their column
    # instead of pushing the page sideways.
    page.set_viewport_size({"width": 1024, "height": 768})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    assert blocked == []


# The lines a text takes on screen: a Range's boxes, one per line it is broken over.
LINES = """els => els.map(e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    return [e.innerText, new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
})"""


def test_russian_menu_entries_dates_and_references_are_not_broken_over_lines(site):
    base, page, _blocked = site
    page.set_viewport_size({"width": 1280, "height": 900})
    page.select_option("#language-select", "ru")
    page.click(".langswitch button")
    page.goto(f"{base}/cases/")
    assert page.locator("html").get_attribute("lang") == "ru"
    broken = page.eval_on_selector_all(".mainnav a, table.list td:first-child a", LINES)
    page.click("text=DEMO-GE-0412")
    page.click("td a:has-text('Сохранение данных')")
    broken += page.eval_on_selector_all("table.list td:first-child", LINES)
    assert len(broken) > 10
    assert [text for text, lines in broken if lines > 1] == []


def test_number_date_and_address_fields_look_like_the_other_fields(site):
    """A number, a date or a web address is typed into a field as wide as its neighbours, with
    the same border, not a narrow box of the browser's default style."""
    base, page, _blocked = site
    page.goto(f"{base}/cases/new/")
    looks = "e => [e.getBoundingClientRect().width, getComputedStyle(e).borderTopColor]"
    text = page.locator("#id_title").evaluate(looks)
    for field in ("#id_offence_max_penalty_years", "#id_damages_amount"):
        assert page.locator(field).evaluate(looks) == text
    page.goto(f"{base}/cases/")
    page.click("text=DEMO-GE-0412")
    page.click("text=Add a target")
    assert page.locator("#id_period_from").evaluate(looks) == page.locator(
        "#id_identifier"
    ).evaluate(looks)
    border = "e => getComputedStyle(e).borderTopColor"
    page.click("text=DEMO-GE-0412")
    page.click("td a:has-text('Preservation')")
    assert page.locator("#step-zone").evaluate(border) == page.locator("#to-status").evaluate(
        border
    )
    page.goto(f"{base}/knowledge/jurisdictions/GE/facts/de_minimis/")
    assert page.locator("#id_source_url").evaluate(looks) == page.locator(
        "#id_source_doc"
    ).evaluate(looks)


def test_the_upload_s_progress_speaks_the_reader_s_language(site, tmp_path):
    base, page, blocked = site
    production = tmp_path / "production.csv"
    production.write_bytes(b"subscriber,ip\n")
    page.select_option("#language-select", "ru")
    page.click(".langswitch button")
    page.goto(f"{base}/cases/")
    page.click("text=DEMO-GE-0412")
    page.click("td a:has-text('Сохранение данных')")
    page.click("text=Полученные доказательства")
    # The connection drops while the files go up.
    page.route("**/evidence/", lambda route: route.abort() if route.request.method == "POST"
               else route.continue_())  # fmt: skip
    page.set_input_files("#id_files", str(production))
    page.fill("#id_received_from", "Google LLC")
    page.fill("#id_channel", "LERS")
    page.fill("#id_at", "2026-11-20T14:15")
    page.click("button.primary:has-text('Принять')")
    status = page.locator("#upload-status")
    playwright.expect(status).to_have_text(
        "Загрузка не удалась, поэтому ничего не принято: проверьте соединение и отправьте ещё раз."
    )
    assert blocked == []
