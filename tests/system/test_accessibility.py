"""Accessibility in a real browser (Debian's Chromium driven by Playwright) against the real
`evidesk serve`: axe-core checks every main page, its forms also when they show errors, and
finds nothing serious; a keyboard alone can skip the menu, reach every control in a sensible
order, always see where the focus is, and never gets stuck.

axe runs through the DevTools protocol, which the pages' strict Content-Security-Policy does not
govern, so the pages are checked exactly as served (no CSP bypass), and the CSP is still
asserted."""

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.processes import (
    child_env,
    chromium,
    free_port,
    fresh_database_url,
    run,
    screenshots_dir,
    serving,
    totp_code,
)

pytestmark = pytest.mark.slow
expect = pytest.importorskip("playwright.sync_api").expect

PASSWORD = "tbilisi-prosecutor-2026"
SERIOUS = {"serious", "critical"}
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    # "incomplete" holds what axe could not decide alone, such as aria-describedby naming an id
    # that is not on the page: counted too, so a half-broken reference does not pass.
    "resultTypes": ["violations", "incomplete"],
}


class Audit:
    """Runs axe on each page a test reaches, keeps a screenshot of it, and collects the serious
    findings and any Content-Security-Policy violation, to report them all at the end."""

    def __init__(self, page, base: str, folder) -> None:
        self.page, self.base, self.folder = page, base, folder
        self.findings: list[str] = []
        self.checked: list[str] = []
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.findings.append(f"{self.page.url}: {message.text}")

    def check(self, name: str) -> None:
        expect(self.page.get_by_role("heading", level=1)).to_be_visible()
        self.checked.append(name)
        self.page.screenshot(
            path=self.folder / f"{len(self.checked):02d}-{name}.png", full_page=True
        )
        results = Axe().run(self.page, options=AXE_OPTIONS).response
        for kind in ("violations", "incomplete"):
            for rule in results[kind]:
                for node in rule["nodes"]:
                    if (node.get("impact") or rule["impact"]) in SERIOUS:
                        self.findings.append(describe(name, kind, rule, node))

    def visit(self, path: str, name: str) -> None:
        self.page.goto(self.base + path)
        self.check(name)

    def assert_clean(self) -> None:
        assert self.findings == [], (
            f"{len(self.findings)} serious accessibility problem(s) on {len(self.checked)} pages:"
            "\n\n" + "\n\n".join(self.findings)
        )


def describe(page_name: str, kind: str, rule: dict, node: dict) -> str:
    why = (node.get("failureSummary") or "").replace("\n", "\n      ")
    return (
        f"[{page_name}] {rule['id']} ({node.get('impact') or rule['impact']}, {kind}): "
        f"{rule['help']}\n    at {' '.join(map(str, node['target']))}: {node['html'][:200]}"
        f"\n      {why}\n    see {rule['helpUrl']}"
    )


def test_first_run_and_sign_in_pages(tmp_path):
    """Setup, enrolment, recovery codes and both log-in pages, each also with an error."""
    with (
        fresh_database_url() as database_url,
        serving(child_env(tmp_path / "data", database_url), free_port()) as (base, _proc),
        chromium() as browser,
    ):
        audit = Audit(browser.new_page(), base, screenshots_dir("a11y-first-run", database_url))
        page, main = audit.page, audit.page.get_by_role("main")
        audit.visit("/setup/", "setup")
        main.get_by_label("User name").fill("nino")
        main.get_by_label("Password", exact=True).fill(PASSWORD)
        main.get_by_label("Password again").fill(PASSWORD + "x")
        main.get_by_role("button", name="Create administrator").click()
        expect(main.get_by_text("The two passwords differ.")).to_be_visible()
        audit.check("setup-with-errors")
        main.get_by_label("Password", exact=True).fill(PASSWORD)
        main.get_by_label("Password again").fill(PASSWORD)
        main.get_by_role("button", name="Create administrator").click()

        expect(page).to_have_url(base + "/accounts/two-factor/")
        audit.check("two-factor-enrolment")
        secret = main.locator("code.secret").inner_text().strip()
        main.get_by_label("Code").fill("000000")
        main.get_by_role("button", name="Turn on").click()
        expect(main.locator(".field-error")).to_be_visible()
        audit.check("two-factor-enrolment-with-errors")
        main.get_by_label("Code").fill(totp_code(secret))
        main.get_by_role("button", name="Turn on").click()
        audit.check("recovery-codes")

        page.get_by_role("banner").get_by_role("button", name="Log out").click()
        audit.visit("/accounts/login/", "login")
        main.get_by_label("User name").fill("nino")
        main.get_by_label("Password").fill("not-the-password")
        main.get_by_role("button", name="Log in").click()
        expect(main.locator(".message.error")).to_be_visible()
        audit.check("login-with-errors")
        main.get_by_label("Password").fill(PASSWORD)
        main.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(re.compile("/accounts/login/code/"))
        audit.check("login-code")
        main.get_by_label("Code").fill(totp_code(secret, steps_ahead=1))
        main.get_by_role("button", name="Continue").click()
        expect(page).to_have_url(base + "/")
        audit.assert_clean()


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """An installation with an administrator and the demo cases. Two-factor log-in is walked
    above and in the end-to-end test; here a password is enough."""
    with fresh_database_url() as database_url:
        env = child_env(tmp_path_factory.mktemp("office") / "data", database_url,
                        EVIDESK_REQUIRE_TWO_FACTOR="0", EVIDESK_ADMIN_PASSWORD=PASSWORD)  # fmt: skip
        made = run(["createadmin", "--username", "nino", "--full-name", "Nino Beridze"], env)
        assert made.returncode == 0, made.stderr
        assert run(["demo"], env).returncode == 0
        with serving(env, free_port()) as (base, _proc), chromium() as browser:
            yield base, browser, database_url


def log_in(page, base: str) -> None:
    page.goto(base + "/accounts/login/")
    main = page.get_by_role("main")
    main.get_by_label("User name").fill("nino")
    main.get_by_label("Password").fill(PASSWORD)
    main.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(base + "/")


def test_main_pages_have_no_serious_accessibility_problems(office, tmp_path):
    base, browser, database_url = office
    context = browser.new_context()
    audit = Audit(context.new_page(), base, screenshots_dir("a11y-main-pages", database_url))
    page, main = audit.page, audit.page.get_by_role("main")
    log_in(page, base)
    audit.check("dashboard")
    audit.visit("/cases/", "case-list")
    audit.visit("/cases/?q=DEMO&deadline=week", "case-list-filtered")
    audit.visit("/cases/new/", "case-form")
    main.get_by_role("button", name="Create the case").click()
    expect(main.locator(".field-error").first).to_be_visible()
    audit.check("case-form-with-errors")

    audit.visit("/cases/", "case-list")
    main.get_by_role("link", name="DEMO-GE-0412").click()
    expect(main.get_by_role("heading", name="Advice")).to_be_visible()
    audit.check("case-page-with-plan")
    case_page = page.url
    main.get_by_role("link", name="Add a target").click()
    main.get_by_role("button", name="Add the target").click()
    audit.check("target-form-with-errors")
    page.goto(case_page)
    main.get_by_role("table").get_by_role("link", name="Preservation").click()
    audit.check("request-page")
    request_page = page.url
    main.get_by_role("link", name="Edit the request").click()
    audit.check("request-form")
    page.goto(request_page)
    main.get_by_role("link", name="Draft the document").click()
    audit.check("draft-page")
    page.goto(request_page)
    main.get_by_role("link", name=re.compile("Evidence received")).click()
    audit.check("evidence-page")
    receive_an_archive(page, tmp_path)
    audit.check("evidence-page-with-an-item")
    main.get_by_role("row", name=re.compile("production.zip")).get_by_role("link").click()
    expect(main.locator("form input[type=checkbox]").first).to_be_visible()
    audit.check("evidence-item-archive")

    audit.visit("/contacts/", "contacts")
    audit.visit("/contacts/new/", "contact-form")
    main.get_by_role("button", name="Save").click()
    audit.check("contact-form-with-errors")
    audit.visit("/knowledge/", "knowledge-base")
    audit.visit("/knowledge/jurisdictions/US/", "knowledge-jurisdiction")
    audit.visit("/knowledge/providers/google/", "knowledge-provider")
    audit.visit("/knowledge/instruments/budapest/", "knowledge-instrument")
    main.get_by_role("link", name="Correct").first.click()
    audit.check("knowledge-correction")
    audit.visit("/statistics/", "statistics")
    audit.visit("/calendar/", "calendar")
    audit.visit("/accounts/users/", "accounts")
    audit.visit("/accounts/users/new/", "account-form")
    audit.visit("/break-glass/", "break-glass")
    audit.visit("/accounts/confirm/?next=/", "confirm-it-is-you")

    page.get_by_role("banner").get_by_label("Language").select_option("ru")
    page.get_by_role("banner").get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    audit.visit("/", "dashboard-russian")
    # The account keeps the language chosen last: back to English for the office's next test.
    page.get_by_role("banner").get_by_label("Язык").select_option("en")
    page.get_by_role("banner").get_by_role("button", name="Сменить").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    audit.assert_clean()
    context.close()


def receive_an_archive(page, tmp_path) -> None:
    archive = tmp_path / "production.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        zipped.writestr("subscriber.csv", "account,created\nsuspect@gmail.com,2019-04-01\n")
        zipped.writestr("logins.csv", "at,ip\n2026-03-02T03:15:00Z,203.0.113.77\n")
    archive.write_bytes(buffer.getvalue())
    main = page.get_by_role("main")
    main.get_by_label("Files received").set_input_files(str(archive))
    main.get_by_label("Received from").fill("Google LLC")
    main.get_by_label("Received through").fill("LERS portal")
    main.get_by_label("When").fill(f"{date.today() - timedelta(days=1)}T10:00")
    main.get_by_role("button", name="Receive", exact=True).click()
    expect(main.get_by_text("The files were received, hashed and stored.")).to_be_visible()


# What has the keyboard focus: its name as a screen reader would start it, its place in the
# document, and the focus ring drawn around it.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) { return null; }
  const label = e.labels && e.labels.length ? e.labels[0].textContent : "";
  const name = e.getAttribute("aria-label") || label || e.innerText || e.value || "";
  const style = getComputedStyle(e);
  return {
    name: name.trim().replace(/\\s+/g, " ").slice(0, 80),
    position: Array.prototype.indexOf.call(document.querySelectorAll("*"), e),
    ring: style.outlineStyle + " " + style.outlineWidth,
    positive_tabindex: document.querySelectorAll("[tabindex]:not([tabindex='-1']):not([tabindex='0'])").length,
  };
}"""


def tab_round(page, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until the focus comes back to where it started:
    every stop on the way, in order. Failing to come back within `limit` presses is a trap."""
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:  # past the last control the focus rests on the document
            continue
        if stops and focused["position"] == stops[0]["position"]:
            return stops
        stops.append(focused)
    raise AssertionError(f"the focus never came back to the top: trapped after {stops[-3:]}")


def assert_keyboard_round(page, expected: list[str]) -> None:
    """On the page freshly loaded, the skip link comes first; the focus follows the page's
    reading order, shows a ring on every stop, and reaches the expected controls in order."""
    page.goto(page.url.split("#")[0])
    stops = tab_round(page)
    names = [s["name"] for s in stops]
    assert names[0] == "Skip to content", names[:5]
    assert stops[0]["positive_tabindex"] == 0  # no tabindex that reorders the page
    positions = [s["position"] for s in stops]
    assert positions == sorted(positions), f"the focus jumps around: {names}"
    assert [s for s in stops if s["ring"] != "solid 3px"] == []
    found = iter(names)
    missing = [name for name in expected if not any(n.startswith(name) for n in found)]
    assert missing == [], f"not reached in order: {missing}\nreached: {names}"


def test_keyboard_alone(office):
    base, browser, _database_url = office
    context = browser.new_context()
    page = context.new_page()
    main = page.get_by_role("main")
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else 0)

    # Log in without a mouse: the user name has the focus, Tab to the password, Tab to the button.
    page.goto(base + "/accounts/login/")
    expect(main.get_by_label("User name")).to_be_focused()
    page.keyboard.type("nino")
    page.keyboard.press("Tab")
    expect(main.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(main.get_by_role("button", name="Log in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(base + "/")

    # The skip link is the first stop, shows itself, and takes the focus past the menu.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert skip.bounding_box()["width"] > 50
    page.keyboard.press("Enter")
    expect(main).to_be_focused()
    page.keyboard.press("Tab")
    expect(main.get_by_role("link", name="New case")).to_be_focused()
    assert_keyboard_round(page, ["Dashboard", "My cases", "Language", "Switch", "Log out",
                                 "New case", "DEMO-GE-0412"])  # fmt: skip

    page.goto(base + "/cases/")
    main.get_by_role("link", name="DEMO-GE-0412").click()
    assert_keyboard_round(page, ["Log out", "Edit the case", "Add a target",
                                 "Add a colleague (user name)", "Add", "Draft this request",
                                 "Sources", "Preservation"])  # fmt: skip
    # A plan step becomes a draft request from the keyboard.
    draft = main.get_by_role("button", name="Draft this request").first
    draft.focus()
    page.keyboard.press("Enter")
    expect(main.get_by_text("A draft request was created from the plan.")).to_be_visible()

    main.get_by_role("table").get_by_role("link", name="Preservation").first.click()
    main.get_by_role("link", name="Draft the document").click()
    assert_keyboard_round(page, ["Language", "Format", "Requesting authority",
                                 "Why preservation is necessary", "Make the document"])  # fmt: skip
    # The completeness check follows what is typed, and its sources open with Enter.
    main.get_by_label("Why preservation is necessary").focus()
    page.keyboard.type("The logs are kept for 90 days only.")
    findings = main.locator("#findings")
    expect(findings).not_to_contain_text("why preservation is necessary")
    summary = findings.locator("summary").first
    summary.focus()
    page.keyboard.press("Enter")
    expect(findings.locator("details").first).to_have_attribute("open", "")

    main.get_by_role("link", name=re.compile("^← ")).click()
    main.get_by_role("link", name=re.compile("Evidence received")).click()
    assert_keyboard_round(page, ["Custody report (PDF)", "Files received", "Received from",
                                 "Received through", "When", "Time zone", "Receive"])  # fmt: skip

    # The language switch works from the keyboard too.
    page.get_by_role("banner").get_by_label("Language").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(page.get_by_role("banner").get_by_role("button", name="Switch")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert blocked == []
    context.close()
