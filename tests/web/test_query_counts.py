"""The busiest pages stay small and ask the database a fixed number of questions, however many
cases, targets, requests and deadlines there are: the load benchmark (benchmarks/load.py) found
pages listing every case and asking per request, which on a large installation took seconds."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidesk.accounts.models import Role, Unit, User
from evidesk.cases import services
from evidesk.cases.models import Case
from evidesk.clock import now

TARGETS = ("victim.one@gmail.com", "https://www.facebook.com/suspect.two", "203.0.113.9:5100")


def add_case(owner, number: int, targets: int = 1, requests: int = 1) -> Case:
    """A case with targets and outgoing requests sent weeks ago (so deadlines fall due), half of
    them MLA requests the central authority sees."""
    case = services.create_case(
        owner,
        reference=f"QC-{number}",
        title=f"Fraud {number}",
        requesting_country="GE",
        offences=[{"name": "Fraud", "provision": "art. 180"}],
        stage="investigation",
    )
    made = []
    for i in range(targets):
        identifier = TARGETS[i % len(TARGETS)]
        target = services.add_target(
            case, owner, identifier=identifier, kind="email", normalized=identifier,
            provider="google", provider_country="US", data_categories=["subscriber"],
        )  # fmt: skip
        made.append(target)
    for i in range(requests):
        mla = i % 2 == 0
        request = services.create_request(
            case, [made[i % len(made)]], owner, type="mla_stored" if mla else "preservation",
            channel="mla" if mla else "network_247", requested_country="US",
        )  # fmt: skip
        # The unit's supervisor approves the sending (services._check_approval).
        sender = services.unit_supervisor(case.unit_id) or owner
        services.transition_request(request, "sent", sender, at=now() - timedelta(days=40 + i))
    return case


def queries(client, path: str) -> int:
    client.get(path)  # once before, for what is asked only once per process
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    # The session's activity stamp is written at most once a minute, whichever page that is.
    return sum("django_session" not in q["sql"] for q in captured.captured_queries)


@pytest.fixture
def office(db, kb):
    unit = Unit.objects.create(name="Cybercrime")
    owner = User.objects.create_user("owner", password="owner-password-123", unit=unit)
    people = {
        "owner": owner,
        "supervisor": User.objects.create_user("boss", role=Role.SUPERVISOR, unit=unit),
        "central_authority": User.objects.create_user("ca", role=Role.CENTRAL_AUTHORITY),
    }
    add_case(owner, 1)
    return people


LIST_PAGES = [
    "/",
    "/cases/",
    "/cases/?status=sent",
    "/cases/?country=US&q=gmail",
    "/cases/?deadline=overdue&stage=investigation",
    "/cases/?provider=google&status=sent",
]


@pytest.mark.parametrize("who", ["owner", "supervisor", "central_authority"])
@pytest.mark.parametrize("path", LIST_PAGES)
def test_lists_ask_the_same_number_of_questions_for_many_cases(client, office, who, path):
    client.force_login(office[who])
    few = queries(client, path)
    for number in range(2, 6):
        add_case(office["owner"], number, targets=3, requests=4)
    assert queries(client, path) == few


@pytest.mark.parametrize("who", ["owner", "supervisor", "central_authority"])
def test_a_case_page_asks_the_same_number_of_questions_for_a_large_case(client, office, who):
    client.force_login(office[who])
    small = Case.objects.get(reference="QC-1")
    large = add_case(office["owner"], 2, targets=3, requests=6)
    assert queries(client, f"/cases/{large.pk}/") == queries(client, f"/cases/{small.pk}/")


def test_the_dashboard_shows_the_nearest_rows_and_links_to_the_rest(client, office, monkeypatch):
    from evidesk.cases import dashboard
    from evidesk.web import views

    monkeypatch.setattr(dashboard, "SHOWN", 2)
    monkeypatch.setattr(views, "CASES_ON_DASHBOARD", 2)
    client.force_login(office["owner"])
    page = client.get("/").content.decode()
    assert "?deadline=overdue" not in page and "All my cases" not in page
    for number in range(2, 5):
        add_case(office["owner"], number)
    page = client.get("/").content.decode()
    # Four overdue follow-ups, two shown (the oldest first, as before), and where the rest are.
    assert page.count('class="overdue"') == 2 and "/cases/?deadline=overdue" in page
    assert "Only the first 2 are shown." in page
    cases = page.split("<h2>Cases</h2>")[1]  # the cases worked on last
    assert {f"QC-{n}" for n in range(1, 5) if f"QC-{n}<" in cases} == {"QC-4", "QC-3"}
    assert "All my cases" in cases


def test_the_case_list_comes_a_page_at_a_time(client, office, monkeypatch):
    from evidesk.web import views

    monkeypatch.setattr(views, "CASES_PER_PAGE", 2)
    for number in range(2, 6):
        add_case(office["owner"], number)
    client.force_login(office["owner"])
    pages = [
        client.get("/cases/", {"status": "sent", "page": n}).content.decode() for n in (1, 2, 3)
    ]
    shown = [{f"QC-{n}" for n in range(1, 6) if f"QC-{n}<" in page} for page in pages]
    assert shown == [{"QC-5", "QC-4"}, {"QC-3", "QC-2"}, {"QC-1"}]
    assert "status=sent&amp;page=2" in pages[0] and "Newer" not in pages[0]
    assert "status=sent&amp;page=1" in pages[1] and "status=sent&amp;page=3" in pages[1]
    assert "Older" not in pages[2]
    assert client.get("/cases/", {"page": "x"}).content.decode().count("QC-5<") == 1
