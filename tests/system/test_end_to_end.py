"""A prosecutor's whole first day, in a real browser against the real `evidesk serve` on a fresh
data folder (and a fresh PostgreSQL database when the suite runs on PostgreSQL): first-run setup,
two-factor enrolment and log-in, a case with two targets, its plan, a preservation request
drafted, downloaded, sent and confirmed, its deadline on the dashboard, evidence received and
verified, and the interface and the advice in Russian. Every page is kept as a full-page screenshot."""

import gettext
import hashlib
import re
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest

from tests.processes import (
    child_env,
    chromium,
    free_port,
    fresh_database_url,
    screenshots_dir,
    serving,
    totp_code,
)

pytestmark = pytest.mark.slow
expect = pytest.importorskip("playwright.sync_api").expect

LOCALE = Path(__file__).resolve().parents[2] / "src" / "evidesk" / "locale"
PASSWORD = "tbilisi-prosecutor-2026"
REFERENCE = "GE-2026-0815"
EMAIL = "ransom.payer@gmail.com"
ADDRESS = "203.0.113.77"
TODAY = date.today()
# Sent and confirmed weeks ago, so the 90-day preservation ends within the dashboard's 30 days.
SENT_ON, CONFIRMED_ON = TODAY - timedelta(days=76), TODAY - timedelta(days=75)


class Journey:
    """The browser page, with a numbered full-page screenshot of every page the user reaches."""

    def __init__(self, page, base: str, folder: Path) -> None:
        self.page, self.base, self.folder, self.step = page, base, folder, 0
        self.csp_violations: list[str] = []
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def shot(self, name: str) -> None:
        self.step += 1
        self.page.screenshot(path=self.folder / f"{self.step:02d}-{name}.png", full_page=True)

    def main(self):
        return self.page.get_by_role("main")

    def heading(self, name: str | re.Pattern) -> None:
        expect(self.page.get_by_role("heading", level=1)).to_contain_text(name)


@pytest.fixture
def journey(tmp_path):
    with (
        fresh_database_url() as database_url,
        serving(child_env(tmp_path / "data", database_url), free_port()) as (base, _proc),
        chromium() as browser,
    ):
        context = browser.new_context(accept_downloads=True, locale="en-GB")
        context.set_default_timeout(15_000)
        yield Journey(context.new_page(), base, screenshots_dir("end-to-end", database_url))
        context.close()


def test_a_prosecutors_first_day(journey, tmp_path):
    secret = set_up_and_enrol(journey)
    log_out_and_in(journey, secret)
    case_page = create_case_with_two_targets(journey)
    read_the_plan_and_draft_preservation(journey)
    draft_and_download(journey, tmp_path)
    mark_sent_and_confirmed(journey)
    see_the_deadline_on_the_dashboard(journey)
    receive_and_verify_evidence(journey, case_page, tmp_path)
    switch_to_russian(journey, case_page)
    assert journey.csp_violations == []


def set_up_and_enrol(j: Journey) -> str:
    page = j.page
    page.goto(j.base + "/")
    expect(page).to_have_url(j.base + "/setup/")
    j.heading("First-time setup")
    j.shot("setup")
    form = j.main()
    form.get_by_label("User name").fill("nino")
    form.get_by_label("Full name").fill("Nino Beridze")
    form.get_by_label("E-mail").fill("nino@prosecutor.example.ge")
    form.get_by_label("Password", exact=True).fill(PASSWORD)
    form.get_by_label("Password again").fill(PASSWORD)
    form.get_by_role("button", name="Create administrator").click()

    # A new account is held at the enrolment page until it has a second factor.
    expect(page).to_have_url(j.base + "/accounts/two-factor/")
    j.heading("Two-factor authentication")
    j.shot("two-factor-enrolment")
    secret = j.main().locator("code.secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    j.main().get_by_label("Code").fill(totp_code(secret))
    j.main().get_by_role("button", name="Turn on").click()
    j.heading("Recovery codes")
    assert j.main().locator("ol.recovery-codes li").count() == 10
    j.shot("recovery-codes")
    j.main().get_by_role("link", name=re.compile("I have kept them")).click()
    expect(page).to_have_url(j.base + "/")
    j.heading("Dashboard")
    return secret


def log_out_and_in(j: Journey, secret: str) -> None:
    page = j.page
    page.get_by_role("banner").get_by_role("button", name="Log out").click()
    page.goto(j.base + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    j.heading("Log in")
    j.shot("login")
    j.main().get_by_label("User name").fill("nino")
    j.main().get_by_label("Password").fill(PASSWORD)
    j.main().get_by_role("button", name="Log in").click()
    j.heading("Second factor")
    j.shot("login-code")
    # The enrolment used this 30-second step's code; a used step is refused, so the next one.
    j.main().get_by_label("Code").fill(totp_code(secret, steps_ahead=1))
    j.main().get_by_role("button", name="Continue").click()
    expect(page).to_have_url(j.base + "/")
    j.heading("Dashboard")
    j.shot("dashboard-empty")


def create_case_with_two_targets(j: Journey) -> str:
    page, main = j.page, j.main()
    main.get_by_role("link", name="New case").click()
    j.heading("New case")
    main.get_by_label("Reference").fill(REFERENCE)
    main.get_by_label("Title").fill("Ransomware against the Batumi water utility")
    main.get_by_label("Requesting country").select_option("GE")
    main.get_by_label("Offence", exact=True).fill("Unauthorised access to a computer system")
    main.get_by_label("Legal provision").fill("Criminal Code of Georgia, art. 284")
    main.get_by_label("Maximum penalty (years)").fill("4")
    main.get_by_label("Summary of facts").fill(
        "On 2 March 2026 the utility's billing servers were encrypted; the ransom note named an "
        "e-mail address, and the attacker's session came from one IP address."
    )
    j.shot("case-form")
    main.get_by_role("button", name="Create the case").click()
    j.heading(REFERENCE)
    case_page = page.url

    add_target(j, EMAIL, ["Subscriber data", "Traffic data (logs, IP addresses)"],
               "2026-03-01T00:00:00", "2026-03-03T00:00:00", "UTC", provider="google")  # fmt: skip
    add_target(j, ADDRESS, ["Subscriber data"],
               "2026-03-02T03:14:00", "2026-03-02T03:20:00", "Asia/Tbilisi")  # fmt: skip
    targets = main.get_by_role("table").first
    expect(targets).to_contain_text(EMAIL)
    expect(targets).to_contain_text(ADDRESS)
    expect(targets).to_contain_text("Asia/Tbilisi")
    j.shot("case-page")
    return case_page


def add_target(j: Journey, identifier, data, start, end, zone, provider="") -> None:
    main = j.main()
    main.get_by_role("link", name="Add a target").click()
    j.heading("Add a target")
    main.get_by_label("Identifier").fill(identifier)
    main.get_by_label("Provider, if known").fill(provider)
    for label in data:
        main.get_by_label(label).check()
    main.get_by_label("From", exact=True).fill(start)
    main.get_by_label("To", exact=True).fill(end)
    main.get_by_label("Time zone of these times").select_option(zone)
    main.get_by_label("Why these data matter").fill("Identifies who sent the ransom demand.")
    j.shot(f"target-form-{len(data)}")
    main.get_by_role("button", name="Add the target").click()
    j.heading(REFERENCE)


def read_the_plan_and_draft_preservation(j: Journey) -> None:
    main = j.main()
    expect(main.get_by_role("heading", name="Advice")).to_be_visible()
    plan = main.locator("section.plan-target", has_text=EMAIL)
    preservation = plan.locator("ol.steps > li", has_text=re.compile("preserv", re.I)).first
    expect(preservation).to_contain_text("Preservation lasts 90 days")
    preservation.scroll_into_view_if_needed()
    j.shot("plan")
    preservation.get_by_role("button", name="Draft this request").click()
    expect(main.get_by_text("A draft request was created from the plan.")).to_be_visible()
    request = main.get_by_role("row", name=re.compile("Preservation"))
    expect(request).to_contain_text("Draft")
    request.get_by_role("link", name=re.compile("Preservation")).click()
    j.heading("Preservation")
    j.shot("request-draft")


def draft_and_download(j: Journey, tmp_path: Path) -> None:
    main = j.main()
    main.get_by_role("link", name="Draft the document").click()
    j.heading("Draft the request")
    findings = main.locator("#findings")
    expect(findings).to_contain_text("why preservation is necessary")
    main.get_by_label("Requesting authority").fill("Prosecutor's Office of Georgia")
    main.get_by_label("Why preservation is necessary").fill(
        "The provider keeps connection logs for a short time only; without preservation the "
        "logs identifying the attacker will be deleted before a formal request arrives."
    )
    expect(findings).not_to_contain_text("why preservation is necessary")
    main.get_by_label("Format").select_option("docx")
    j.shot("draft-form")
    main.get_by_role("button", name="Make the document").click()
    documents = main.get_by_role("table")
    link = documents.get_by_role("link", name=re.compile(r"\.docx$"))
    expect(link).to_have_count(1)
    j.shot("draft-made")
    with j.page.expect_download() as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    text = document_text(saved)
    assert REFERENCE in text and EMAIL in text
    # The table lists the document's SHA-256: the same bytes were downloaded.
    assert hashlib.sha256(saved.read_bytes()).hexdigest() in documents.inner_text()
    main.get_by_role("link", name=re.compile("^← ")).click()
    j.heading("Preservation")


def document_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = (c.text for t in document.tables for row in t.rows for c in row.cells)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def mark_sent_and_confirmed(j: Journey) -> None:
    for status, day in (("sent", SENT_ON), ("receipt_confirmed", CONFIRMED_ON)):
        step = j.main().locator("form", has=j.page.get_by_role("button", name="Record"))
        step.get_by_label("New status").select_option(status)
        step.get_by_label("When (empty: now)").fill(f"{day.isoformat()}T11:00")
        step.get_by_label("Time zone").fill("Asia/Tbilisi")
        step.get_by_role("button", name="Record").click()
        expect(j.page.get_by_role("heading", level=1)).to_contain_text(
            "Sent" if status == "sent" else "Receipt confirmed"
        )
    deadlines = j.main().locator("table.list").first
    expiry = CONFIRMED_ON + timedelta(days=90)  # a US preservation lasts 90 days (2703(f))
    expect(deadlines.locator("tr", has_text="Preservation expires")).to_contain_text(
        expiry.isoformat()
    )
    j.shot("request-confirmed")


def see_the_deadline_on_the_dashboard(j: Journey) -> None:
    j.page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    j.heading("Dashboard")
    expiring = j.main().locator("h2:has-text('Preservations expiring within 30 days') + table")
    expiry = (CONFIRMED_ON + timedelta(days=90)).isoformat()
    expect(expiring.locator("tr", has_text=expiry)).to_contain_text(REFERENCE)
    j.shot("dashboard-deadline")


def receive_and_verify_evidence(j: Journey, case_page: str, tmp_path: Path) -> None:
    page, main = j.page, j.main()
    production = tmp_path / "google-subscriber-records.csv"
    production.write_text(
        f"account,created,recovery\n{EMAIL},2019-04-01,+995555000111\n" * 2000, encoding="utf-8"
    )
    sha256 = hashlib.sha256(production.read_bytes()).hexdigest()
    page.goto(case_page)
    main.get_by_role("row", name=re.compile("Preservation")).get_by_role("link").click()
    main.get_by_role("link", name=re.compile("Evidence received")).click()
    j.heading("Evidence received")
    main.get_by_label("Files received").set_input_files(str(production))
    main.get_by_label("Received from").fill("Google LLC")
    main.get_by_label("Received through").fill("LERS portal")
    main.get_by_label("When").fill(TODAY.isoformat() + "T00:00")
    main.get_by_label("Time zone").select_option("UTC")
    main.get_by_label("Hash given by the sender").fill(sha256)
    j.shot("evidence-form")
    main.get_by_role("button", name="Receive", exact=True).click()
    expect(main.get_by_text("The files were received, hashed and stored.")).to_be_visible()
    row = main.get_by_role("row", name=re.compile(production.name))
    expect(row).to_contain_text(sha256)
    expect(row).to_contain_text("matches")
    j.shot("evidence-list")
    row.get_by_role("link").first.click()
    expect(j.page.get_by_role("heading", level=1)).to_contain_text(production.name)
    shown = main.locator("dt:text-is('SHA-256') + dd").inner_text().strip()
    assert shown == sha256
    j.shot("evidence-item")
    with page.expect_download() as download:
        main.get_by_role("link", name="Download a copy").click()
    copy = tmp_path / "copy"
    download.value.save_as(copy)
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == sha256
    page.reload()  # the download is now on the chain of custody
    expect(main.locator("ol.timeline")).to_contain_text("Copied (downloaded)")


def switch_to_russian(j: Journey, case_page: str) -> None:
    page = j.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    banner = page.get_by_role("banner")
    banner.get_by_label("Language").select_option("ru")
    banner.get_by_role("button", name="Switch").click()
    russian = gettext.translation("django", LOCALE, languages=["ru"])
    assert russian.gettext("Dashboard") != "Dashboard"
    j.heading(russian.gettext("Dashboard"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    cases = j.main().get_by_role("heading", level=2, name=russian.gettext("Cases"), exact=True)
    expect(cases).to_be_visible()
    j.shot("dashboard-russian")
    # The advisor knows no language; its advice reads in Russian all the same.
    j.page.goto(case_page)
    plan = j.main().locator("section.plan-target", has_text=EMAIL)
    obtain = plan.locator("ol.steps > li", has_text=russian.gettext("Obtain the data")).first
    expect(obtain).to_contain_text("из государства Соединенные Штаты можно только")
    expect(plan).not_to_contain_text("Obtain the data")
    j.shot("case-russian")
