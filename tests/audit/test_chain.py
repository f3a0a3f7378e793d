"""The audit trail: append-only in the database, and any tampering found by `audit verify`."""

import itertools

import pytest
from django.db import DatabaseError, connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from evidesk.audit import chain
from evidesk.audit.models import AuditEvent, AuditHead
from evidesk.audit.services import record, verify_trail
from evidesk.cli import main


def make_chain(n: int) -> list[dict]:
    events, previous = [], chain.GENESIS
    for seq in range(1, n + 1):
        event = {"seq": seq, "at": f"2026-11-28T10:00:{seq:02d}+00:00", "actor_id": 1, "actor_name": "a",
                 "remote_addr": "", "action": "case.view", "object_type": "case", "object_id": str(seq),
                 "case_id": seq, "before": None, "after": {"n": seq}, "data": {}}  # fmt: skip
        event["prev_hash"] = previous
        event["hash"] = previous = chain.event_hash(event, previous)
        events.append(event)
    return events


def test_an_intact_chain_verifies():
    events = make_chain(20)
    assert chain.verify(events, 20, events[-1]["hash"]) == chain.Verdict(True, 20)


@given(st.integers(1, 30), st.data())
def test_any_edit_or_removal_is_detected_and_located(n, data):
    events = make_chain(n)
    victim = data.draw(st.integers(0, n - 1))
    how = data.draw(st.sampled_from(["edit", "delete", "truncate"]))
    tampered = [dict(e) for e in events]
    if how == "edit":
        field = data.draw(st.sampled_from(["actor_name", "action", "after", "case_id", "at"]))
        tampered[victim][field] = "forged"
        expected_at = victim + 1
    elif how == "delete":
        del tampered[victim]
        expected_at = victim + 1 if victim < n - 1 else None
    else:
        tampered = tampered[:victim]
        expected_at = None
    verdict = chain.verify(tampered, n, events[-1]["hash"])
    assert not verdict.ok
    assert verdict.broken_at == expected_at


@pytest.mark.django_db
def test_events_are_chained_in_the_database(owner):
    for n in range(5):
        record("case.view", actor=owner, case_id=n, data={"n": n})
    events = list(AuditEvent.objects.all())
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert AuditHead.objects.get().length == 5
    assert verify_trail() == chain.Verdict(True, 5)


@pytest.mark.django_db
@pytest.mark.parametrize("statement", ["UPDATE audit_auditevent SET action = 'x'",
                                       "DELETE FROM audit_auditevent"])  # fmt: skip
def test_the_database_refuses_to_change_or_delete_an_event(owner, statement):
    record("case.view", actor=owner)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.get().action == "case.view"


def drop_protection():
    """What an attacker with database access would do first."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")
        else:
            cursor.execute("DROP TRIGGER audit_event_append_only ON audit_auditevent")


@pytest.mark.django_db
def test_a_row_edited_in_the_database_is_named_by_audit_verify(owner, capsys):
    for n in range(4):
        record("case.view", actor=owner, case_id=n)
    assert main(["audit", "verify"]) == 0
    assert "Audit trail intact: 4 events" in capsys.readouterr().out
    drop_protection()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_name = 'someone else' WHERE seq = 3")
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert (
        "BROKEN at event #3" in err and "content was changed" in err and "2 events before it" in err
    )


@pytest.mark.django_db
def test_deleted_rows_are_detected(owner, capsys):
    for n in range(4):
        record("case.view", actor=owner, case_id=n)
    drop_protection()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    assert main(["audit", "verify"]) == 1
    assert "event #2 is missing" in capsys.readouterr().err
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq >= 2")
    assert main(["audit", "verify"]) == 1
    assert "1 events but 4 were written" in capsys.readouterr().err
