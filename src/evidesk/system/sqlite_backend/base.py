"""SQLite, with the writers of one process queueing on a lock of their own first.

SQLite lets one writer in at a time, and a writer that finds the database locked sleeps in
growing steps (1, 2, 5, 10… ms) before it tries again: under load, a page that writes (every
case view writes its audit event) waited long after the lock was free. Threads of one process
now wait on a Python lock, which hands over the moment the writer before them commits; only
writers of different processes still meet SQLite's own wait. The lock only orders writers that
would have waited anyway: SQLite's lock still guards the data.
"""

from __future__ import annotations

import threading

from django.db import OperationalError
from django.db.backends.sqlite3 import base

WRITERS = threading.Lock()
WAIT_SECONDS = 10  # as the connection's busy_timeout


class DatabaseWrapper(base.DatabaseWrapper):
    holds_writer_lock = False

    def _start_transaction_under_autocommit(self) -> None:
        # Called when the outermost atomic block begins (BEGIN IMMEDIATE).
        if not WRITERS.acquire(timeout=WAIT_SECONDS):
            raise OperationalError("database is locked")
        self.holds_writer_lock = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer_lock()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_writer_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_writer_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_writer_lock()

    def _release_writer_lock(self) -> None:
        if self.holds_writer_lock:
            self.holds_writer_lock = False
            WRITERS.release()
