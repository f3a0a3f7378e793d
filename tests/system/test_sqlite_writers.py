"""On SQLite, the writers of one process queue on a Python lock before SQLite's own: taken when
the outermost atomic block begins, given back when it commits, rolls back or closes."""

import threading

import pytest
from django.db import OperationalError, connection, transaction

from evidesk.system import freshness
from evidesk.system.sqlite_backend import base

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own backend"),
]


def test_the_outermost_block_holds_the_lock_until_it_commits():
    assert not base.WRITERS.locked()
    with transaction.atomic():
        assert base.WRITERS.locked()
        with transaction.atomic():  # a savepoint inside takes nothing more
            freshness.note_change()
        assert base.WRITERS.locked()
    assert not base.WRITERS.locked()
    assert freshness.data_version() == 1


def test_a_failed_block_rolls_back_and_gives_the_lock_back():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        freshness.note_change()
        _ = 1 / 0
    assert not base.WRITERS.locked()
    assert freshness.data_version() == 0


def test_a_connection_closed_in_a_block_gives_the_lock_back():
    with transaction.atomic():
        connection.close()
    assert not base.WRITERS.locked()
    freshness.note_change()  # the next writer gets in
    assert freshness.data_version() == 1


def _write_in_a_thread(outcome: list) -> threading.Thread:
    def write() -> None:
        try:
            with transaction.atomic():
                freshness.note_change()
            outcome.append("written")
        except OperationalError as exc:
            outcome.append(str(exc))
        finally:
            connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def test_another_thread_waits_for_the_commit_then_writes():
    outcome: list = []
    with transaction.atomic():
        freshness.note_change()
        writer = _write_in_a_thread(outcome)
        writer.join(0.3)
        assert writer.is_alive() and outcome == []  # waiting for this block
    writer.join(10)
    assert outcome == ["written"] and freshness.data_version() == 2


def test_the_wait_is_on_the_process_lock_and_ends_with_sqlites_message(monkeypatch):
    # SQLite itself would wait its 10 s busy timeout: failing within the shortened wait proves
    # the writer queued on the lock of the process.
    monkeypatch.setattr(base, "WAIT_SECONDS", 0.2)
    outcome: list = []
    with transaction.atomic():
        _write_in_a_thread(outcome).join(5)
    assert outcome == ["database is locked"]
    assert not base.WRITERS.locked() and freshness.data_version() == 0
