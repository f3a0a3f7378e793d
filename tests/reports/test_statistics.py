"""Statistics on a generated data set, checked against an independent calculation; the pages,
their exports and the command."""

import codecs
import io
import json
import random
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from evidesk.accounts.models import Role, User
from evidesk.cases import services
from evidesk.cases.models import Request
from evidesk.cli import main
from evidesk.clock import now
from evidesk.reports.figures import RequestFacts, compute

COUNTRIES, PROVIDERS = ["US", "IE", "NL", "DE"], ["google", "meta", "microsoft", ""]
CHANNELS, STATUSES = ["mla", "direct_provider", "network_247"], [
    "sent", "receipt_confirmed", "executed", "refused", "no_data", "expired",
]  # fmt: skip
START = datetime(2025, 1, 1, tzinfo=UTC)


def generated(n=500, seed=7):
    rng = random.Random(seed)  # noqa: S311 (a reproducible data set, not a secret)
    rows = []
    for _ in range(n):
        sent = START + timedelta(days=rng.randint(0, 600), hours=rng.randint(0, 23))
        status = rng.choice(STATUSES)
        receipt = sent + timedelta(days=rng.randint(1, 60)) if status != "sent" else None
        answered = (receipt + timedelta(days=rng.randint(1, 200))
                    if status in {"executed", "refused", "no_data", "expired"} else None)  # fmt: skip
        rows.append(RequestFacts(
            type=rng.choice(["preservation", "mla_stored", "disclosure"]),
            channel=rng.choice(CHANNELS), requested_country=rng.choice(COUNTRIES),
            provider=rng.choice(PROVIDERS), status=status, sent=sent, receipt=receipt,
            answered=answered, refusal_reason="dual_criminality" if status == "refused" else "",
            lapsed=status == "expired",
        ))  # fmt: skip
    rows.append(RequestFacts("preservation", "mla", "US", "google", "draft"))  # never sent
    return rows


def independent_median(values):
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def independent_p90(values):
    s = sorted(values)
    rank = -(-9 * len(s) // 10)  # ceil(0.9 n) without floats
    return s[rank - 1]


def assert_days_to_answer(durations, rows):
    """The figures' days to the answer of these rows, against an independent calculation."""
    days = [(r.answered - r.sent).total_seconds() / 86400 for r in rows if r.answered]
    assert durations.count == len(days)
    assert durations.median_days == round(independent_median(days), 1)
    assert durations.p90_days == round(independent_p90(days), 1)


def test_figures_match_an_independent_calculation():
    rows = generated()
    figures = compute(rows)
    sent = [r for r in rows if r.sent]
    assert figures.total == len(sent) == 500
    for country in COUNTRIES:
        mine = [r for r in sent if r.requested_country == country]
        assert figures.by["requested_country"][country] == len(mine)
        assert_days_to_answer(figures.to_answer[f"requested_country:{country}"], mine)
    receipt_days = [(r.receipt - r.sent).total_seconds() / 86400 for r in sent if r.receipt]
    assert figures.to_receipt["all"].median_days == round(independent_median(receipt_days), 1)
    assert figures.lapsed_preservations == sum(r.status == "expired" for r in sent)
    assert figures.refusal_reasons == {"dual_criminality": sum(r.status == "refused" for r in sent)}
    assert sum(figures.by["outcome"].values()) == 500
    assert figures.by["outcome"]["pending"] == sum(r.status in {"sent", "receipt_confirmed"}
                                                   for r in sent)  # fmt: skip


def test_no_requests_no_figures():
    figures = compute([])
    assert figures.total == 0 and figures.to_answer["all"].median_days is None


@pytest.fixture
def office(db, owner, kb, time_machine):
    time_machine.move_to("2026-06-01 09:00:00+00:00", tick=False)
    case = services.create_case(owner, reference="GE-9", title="Fraud", requesting_country="GE",
                                stage="investigation")  # fmt: skip
    first = services.create_request(case, [], owner, type="mla_stored", channel="mla",
                                    requested_country="US")  # fmt: skip
    services.transition_request(first, "internal_review", owner)
    services.transition_request(first, "sent", owner)
    time_machine.shift(timedelta(days=10))
    services.transition_request(first, "receipt_confirmed", owner)
    time_machine.shift(timedelta(days=20))
    services.transition_request(first, "refused", owner, refusal_reason="insufficient_facts")
    draft = services.create_request(case, [], owner, type="preservation", channel="mla")
    return {"case": case, "refused": first, "draft": draft}


def test_the_service_reads_through_the_permission_layer(office, owner, outsider):
    from evidesk.reports.services import figures_for

    mine = figures_for(owner)
    assert mine.total == 1 and mine.by["outcome"] == {"refused": 1}
    assert mine.to_receipt["all"].median_days == 10.0
    assert mine.to_answer["all"].median_days == 30.0
    assert mine.refusal_reasons == {"insufficient_facts": 1}
    assert figures_for(outsider).total == 0
    assert figures_for(owner, since=datetime(2026, 7, 1).date()).total == 0


def test_the_page_the_office_scope_and_the_exports(client, office, owner):
    client.force_login(owner)
    page = client.get("/statistics/").content.decode()
    assert "Requests by requested country" in page and "<svg" in page
    # Each group in words on the page (the exports below keep the codes).
    for group in ("United States", "Refused", "Facts insufficient to show the link to the offence",
                  "requested country: United States", "all requests"):  # fmt: skip
        assert f"<td>{group}</td>" in page, group
    russian = client.get("/statistics/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "<td>Соединенные Штаты</td>" in russian and "<td>все запросы</td>" in russian
    refused = client.get("/statistics/", {"scope": "office"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert refused.status_code == 403  # and the page says why, in the reader's language
    assert "доступны только администраторам и центральному органу" in refused.content.decode()
    # A period backwards shows no figures: those of all time would be read as the period's.
    backwards = {"since": "2026-12-01", "until": "2026-11-01"}
    page = client.get("/statistics/", backwards).content.decode()
    assert "The end date is before the start date" in page and "Correct the period" in page
    assert "Requests sent" not in page and "requested_country.csv" not in page
    assert client.get("/statistics/requested_country.csv", backwards).status_code == 404
    admin = User.objects.create_user("ca", password="pass-phrase-1234", role=Role.CENTRAL_AUTHORITY)
    client.force_login(admin)
    assert "Requests sent: 1" in client.get("/statistics/", {"scope": "office"}).content.decode()
    csv_text = client.get("/statistics/requested_country.csv", {"scope": "office"}).content
    assert csv_text.startswith(codecs.BOM_UTF8)  # Excel on a Russian Windows reads it as UTF-8
    assert csv_text.decode("utf-8-sig").splitlines() == ["requested country,requests", "US,1"]
    workbook = load_workbook(io.BytesIO(client.get("/statistics/to_answer.xlsx",
                                                   {"scope": "office"}).content))  # fmt: skip
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[1] == ("group", "requests", "median", "90th percentile")
    assert ("all", 1, 30.0, 30.0) in rows
    assert client.get("/statistics/nothing.csv").status_code == 404
    assert client.get("/statistics/channel.doc").status_code == 404


def test_exports_defuse_formulas(client, owner, kb, time_machine):
    time_machine.move_to("2026-06-01 09:00:00+00:00", tick=False)
    case = services.create_case(owner, reference="X", title="t", requesting_country="GE",
                                stage="investigation")  # fmt: skip
    request = services.create_request(case, [], owner, type="disclosure", channel="mla")
    Request.objects.filter(pk=request.pk).update(channel="=HYPERLINK(1)")
    services.transition_request(request, "internal_review", owner)
    services.transition_request(request, "sent", owner)
    client.force_login(owner)
    assert "'=HYPERLINK(1)" in client.get("/statistics/channel.csv").content.decode()
    workbook = load_workbook(io.BytesIO(client.get("/statistics/channel.xlsx").content))
    assert ("'=HYPERLINK(1)", 1) in list(workbook.active.iter_rows(values_only=True))


def test_the_command(office, capsys):
    assert main(["stats", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1 and data["by"]["requested_country"] == {"US": 1}
    assert main(["stats", "--format", "text", "--from", "2026-01-01"]) == 0
    assert "Requests sent: 1" in capsys.readouterr().out
    assert main(["stats", "--from", "yesterday"]) == 2
    assert main(["stats", "--from", "2026-02-01", "--to", "2026-01-01"]) == 2


def test_the_annual_report_in_pdf_and_xlsx(client, office, owner):
    client.force_login(owner)
    assert client.get("/statistics/annual/2026.pdf").status_code == 403
    ca = User.objects.create_user("ca2", password="pass-phrase-1234", role=Role.CENTRAL_AUTHORITY)
    client.force_login(ca)
    pdf = client.get("/statistics/annual/2026.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    book = load_workbook(io.BytesIO(client.get("/statistics/annual/2026.xlsx").content))
    assert book.sheetnames[0] == "report" and "requested_country" in book.sheetnames
    cover = list(book["report"].iter_rows(values_only=True))
    assert ("requests sent", 1) in cover
    empty = load_workbook(io.BytesIO(client.get("/statistics/annual/2025.xlsx").content))
    assert ("requests sent", 0) in list(empty["report"].iter_rows(values_only=True))
    assert client.get("/statistics/annual/1999.pdf").status_code == 404


def test_the_period_counts_requests_by_the_day_they_were_first_sent(db, owner, kb, time_machine):
    from datetime import date

    from evidesk.reports.services import figures_for

    time_machine.move_to("2026-08-01 09:00:00+00:00", tick=False)
    case = services.create_case(owner, reference="GE-10", title="Fraud", requesting_country="GE",
                                stage="investigation")  # fmt: skip
    for day in (date(2026, 5, 10), date(2026, 6, 15), date(2026, 7, 20)):
        request = services.create_request(case, [], owner, type="mla_stored", channel="mla",
                                          requested_country="US")  # fmt: skip
        moment = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
        services.transition_request(request, "internal_review", owner, at=moment)
        services.transition_request(request, "sent", owner, at=moment + timedelta(hours=1))
    june = (date(2026, 6, 1), date(2026, 6, 30))
    assert figures_for(owner, *june).total == 1
    assert figures_for(owner, since=june[0]).total == 2
    assert figures_for(owner, until=june[1]).total == 2
    assert figures_for(owner, since=date(2026, 6, 15), until=date(2026, 6, 15)).total == 1
    assert figures_for(owner).total == 3


def received_rows(n=300, seed=11):
    """Requests other states sent us, some late, beside the outgoing ones."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible data set, not a secret)
    rows = []
    for _ in range(n):
        reached = START + timedelta(days=rng.randint(0, 600), hours=rng.randint(0, 23))
        status = rng.choice(["sent", "executed", "refused", "withdrawn"])
        answered = reached + timedelta(days=rng.randint(1, 90)) if status != "sent" else None
        rows.append(RequestFacts(
            type=rng.choice(["preservation", "mla_stored"]), channel="mla",
            requested_country="GE", provider="", status=status, sent=reached,
            answered=answered, refusal_reason="no_dual_criminality" if status == "refused" else "",
            direction="incoming", requesting_country=rng.choice(COUNTRIES),
            late=rng.random() < 0.2,
        ))  # fmt: skip
    return rows


def test_requests_received_are_counted_apart_from_those_sent():
    sent, received = generated(), received_rows()
    figures = compute(sent + received)
    alone = compute(sent)
    assert (figures.total, figures.by, figures.to_answer) == (
        alone.total,
        alone.by,
        alone.to_answer,
    )
    got = figures.received
    assert got.total == len(received) and alone.received.total == 0
    assert got.late == sum(r.late for r in received)
    assert got.refusal_reasons == {"no_dual_criminality": sum(r.status == "refused"
                                                              for r in received)}  # fmt: skip
    assert got.by["outcome"]["pending"] == sum(r.status == "sent" for r in received)
    for country in COUNTRIES:
        theirs = [r for r in received if r.requesting_country == country]
        assert got.by["requesting_country"][country] == len(theirs)
        assert_days_to_answer(got.to_answer[f"requesting_country:{country}"], theirs)


@pytest.fixture
def received(db, kb, time_machine):
    """A central authority that answered Germany's European Production Order after its ten
    days, and refused Armenia's request (which has no time limit) in time."""
    time_machine.move_to("2026-06-01 09:00:00+00:00", tick=False)
    officer = User.objects.create_user("officer", role=Role.CENTRAL_AUTHORITY)
    case = services.create_case(officer, reference="DE-IN-1", title="Fraud (German request)",
                                requesting_country="DE", stage="investigation")  # fmt: skip
    order = services.register_incoming(
        case, [], officer, now(), type="disclosure", channel="eu_epoc",
        instrument="eu_2023_1543", requested_country="IE",
    )  # fmt: skip
    other = services.create_case(officer, reference="AM-IN-2", title="Extortion",
                                 requesting_country="AM", stage="investigation")  # fmt: skip
    refused = services.register_incoming(other, [], officer, now(), type="mla_stored",
                                         channel="mla", requested_country="GE")  # fmt: skip
    time_machine.shift(timedelta(days=12))  # two days past the order's limit
    services.transition_request(order, "executed", officer)
    services.transition_request(refused, "refused", officer, refusal_reason="no_dual_criminality")
    return officer


def test_requests_received_in_the_service_the_page_the_exports_and_the_command(
    client, received, owner, capsys
):
    from evidesk.reports.services import figures_for

    figures = figures_for(received)
    assert figures.total == 0  # nothing sent
    got = figures.received
    assert (got.total, got.late) == (2, 1)
    assert got.by["requesting_country"] == {"DE": 1, "AM": 1}
    assert got.by["outcome"] == {"executed": 1, "refused": 1}
    assert got.to_answer["all"].median_days == 12.0
    assert got.refusal_reasons == {"no_dual_criminality": 1}
    assert figures_for(owner).received.total == 0  # not their cases

    client.force_login(received)
    page = client.get("/statistics/").content.decode()
    assert "Requests received: 2. Answered after their time limit" in page
    for group in ("Germany", "Executed, answer sent", "requesting country: Armenia"):
        assert f"<td>{group}</td>" in page, group
    russian = client.get("/statistics/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Получено запросов: 2" in russian and "<td>Исполнен, ответ направлен</td>" in russian
    client.force_login(owner)  # an office that only sends sees no empty tables of them
    assert "Requests received by" not in client.get("/statistics/").content.decode()

    client.force_login(received)
    csv_text = client.get("/statistics/received_requesting_country.csv").content
    assert csv_text.decode("utf-8-sig").splitlines() == ["requesting country,requests", "DE,1",
                                                         "AM,1"]  # fmt: skip
    book = load_workbook(io.BytesIO(client.get("/statistics/annual/2026.xlsx").content))
    cover = list(book["report"].iter_rows(values_only=True))
    assert ("requests received", 2) in cover and ("requests received answered late", 1) in cover
    assert "received_outcome" in book.sheetnames

    assert main(["stats", "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Requests received: 2" in text and "Requests received by requesting country" in text
    assert main(["stats", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["received"]["late"] == 1
