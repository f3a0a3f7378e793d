"""The auditor reads, filters, checks and exports the trail; exports are spreadsheet-safe."""

import codecs
import csv
import io
from datetime import timedelta

import pytest
from django.db import connection

from evidesk.accounts.models import Role, User
from evidesk.audit import services as audit
from evidesk.audit.models import AuditEvent
from evidesk.cases.demo import load_demo
from evidesk.system.exports import csv_lines, safe_cell
from tests.audit.test_chain import drop_protection

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(db):
    return User.objects.create_user("auditor", password="pass-phrase-1234", role=Role.AUDITOR)


def test_the_trail_is_shown_and_filtered(client, auditor, owner, kb):
    load_demo(owner)
    audit.record("auth.login_failed", data={"username": "ghost"}, remote_addr="203.0.113.5")
    client.force_login(auditor)
    page = client.get("/audit/").content.decode()
    assert "case.create" in page and "auth.login_failed" in page
    failed = client.get("/audit/", {"action": "auth.login_failed"}).content.decode()
    assert "203.0.113.5" in failed and "case.create" not in failed
    by_owner = client.get("/audit/", {"actor": "OWNER"}).content.decode()
    assert "case.create" in by_owner and "203.0.113.5" not in by_owner
    bad = client.get("/audit/", {"since": "2026-12-01", "until": "2026-11-01"}).content.decode()
    assert "The end date is before the start date" in bad and "No events match" in bad


def test_the_trail_keeps_each_moment_and_object_on_one_line(client, auditor, owner, kb):
    """The time and the object are not broken over lines in the narrow columns
    («2026-12-07 / 21:14:05», «request / 5»)."""
    load_demo(owner)
    client.force_login(auditor)
    page = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    case = AuditEvent.objects.filter(action="case.create").first()
    assert f'<td class="nowrap">{case.at:%Y-%m-%d %H:%M:%S}</td>' in page
    assert f'<td class="nowrap">case {case.object_id}</td>' in page


def test_the_trail_reads_an_event_s_details_as_names_and_values(client, auditor):
    audit.record("auth.login_failed", data={"username": "rustam", "stage": "second_factor"})
    audit.record("target.create", after={"normalized": "@ivan", "data": ["subscriber", "traffic"],
                                         "unit": ""})  # fmt: skip
    client.force_login(auditor)
    page = client.get("/audit/").content.decode()
    assert "<code>stage: second_factor; username: rustam</code>" in page
    assert "<code>data: subscriber, traffic; normalized: @ivan; unit: —</code>" in page
    assert "{&#x27;" not in page  # no Python dictionary left


def test_the_trail_comes_a_hundred_events_a_page_newest_first(client, auditor):
    for n in range(150):
        audit.record("auth.login_failed", data={"username": f"ghost{n}"})
    client.force_login(auditor)
    first, second = (client.get("/audit/", {"page": n}).content.decode() for n in (1, 2))
    assert "ghost149</code>" in first and "ghost60</code>" in first and "ghost0</code>" not in first
    assert "page=2" in first and "Newer" not in first
    assert "ghost0</code>" in second and "ghost149</code>" not in second and "Older" not in second
    assert "page=1" in second
    assert "Page 1 of" not in first  # the trail is not counted: two million events took seconds
    # The export and the other pages keep the filter.
    filtered = client.get("/audit/", {"action": "auth.login_failed", "page": 1}).content.decode()
    assert "/audit/export.csv?action=auth.login_failed" in filtered
    assert "?action=auth.login_failed&amp;page=2" in filtered


def test_checking_the_chain_names_a_tampered_event(client, auditor, owner, kb):
    load_demo(owner)
    client.force_login(auditor)
    assert "The chain holds" in client.post("/audit/verify/").content.decode()
    victim = AuditEvent.objects.filter(action="case.create").first()
    drop_protection()  # an intruder with database access, bypassing evidesk
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_name = 'x' WHERE id = %s", [victim.pk])
    page = client.post("/audit/verify/").content.decode()
    assert f"The chain is broken at event #{victim.seq}" in page


def test_the_export_is_reauthenticated_audited_and_defused(client, auditor, time_machine):
    time_machine.move_to("2026-11-29 09:00:00+00:00", tick=False)
    # Django allows user names such as "+1-1": a spreadsheet would compute them.
    audit.record("auth.login", actor=User.objects.create_user("+1-1", password="x" * 12))
    client.force_login(auditor)
    response = client.get("/audit/export.csv", {"action": "auth."})
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="evidesk-audit-20261129-0900.csv"'
    )
    content = b"".join(response.streaming_content)
    assert content.startswith(codecs.BOM_UTF8)  # Excel on a Russian Windows reads it as UTF-8
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["seq", "at", "actor_name", "remote_addr", "action"]
    assert {row[4] for row in rows[1:]} == {"auth.login"}
    names = [row[2] for row in rows[1:]]
    assert "'+1-1" in names and "+1-1" not in names
    assert AuditEvent.objects.filter(action="audit.export", actor_name="auditor").exists()
    time_machine.shift(timedelta(minutes=15))
    assert client.get("/audit/export.csv")["Location"].startswith("/accounts/confirm/")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+7 700 000", "'+7 700 000"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\uff1dcmd", "'\uff1dcmd"),
        ("plain text", "plain text"),
        (None, ""),
        (42, "42"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_defused(value, expected):
    assert safe_cell(value) == expected


def test_csv_lines_stream_one_row_at_a_time():
    lines = list(csv_lines(["a", "b"], [["=x", 1], ["y", None]]))
    assert lines == ["a,b\r\n", "'=x,1\r\n", "y,\r\n"]
