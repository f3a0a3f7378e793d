"""The background worker: runs queued tasks and keeps a heartbeat.

`evidesk serve` runs it in a thread of the web process (one laptop, one command);
`evidesk worker` runs it alone for server deployments.
"""

from __future__ import annotations

import logging
import socket
import threading
import uuid

from django.db import DatabaseError, close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from evidesk.clock import now
from evidesk.system.health import HEARTBEAT_SECONDS

logger = logging.getLogger("evidesk.worker")


class BackgroundWorker:
    def __init__(self, poll_seconds: float = 1.0) -> None:
        self.name = f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
        self.poll_seconds = poll_seconds
        self.stopping = threading.Event()
        self.tasks_run = 0
        self._last_beat = None
        self._thread: threading.Thread | None = None

    def beat(self) -> None:
        from evidesk.system.models import WorkerHeartbeat

        WorkerHeartbeat.objects.update_or_create(
            name=self.name, defaults={"last_seen": now(), "tasks_run": self.tasks_run}
        )
        self._last_beat = now()

    def run_pending_tasks(self) -> None:
        batch = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=self.name[:64],
            excluded_queue_names=[],
        )
        batch.run()
        self.tasks_run += batch._run_tasks

    def sweep(self) -> None:
        """Time-based work: the one place that looks for what has fallen due."""
        from evidesk.cases.reminders import send_due_digests

        send_due_digests()

    def tick(self) -> None:
        """One round of work: every queued task; the heartbeat and the sweep when due."""
        close_old_connections()
        try:
            if self._last_beat is None or (now() - self._last_beat).total_seconds() >= (
                HEARTBEAT_SECONDS
            ):
                # The sweep rides on the heartbeat: time-based work needs no per-second polling.
                self.beat()
                self.sweep()
            self.run_pending_tasks()
        except DatabaseError:
            logger.exception("background worker could not reach the database; retrying")
        finally:
            close_old_connections()

    def run_forever(self) -> None:
        logger.info("background worker %s started", self.name)
        while not self.stopping.is_set():
            self.tick()
            self.stopping.wait(self.poll_seconds)
        logger.info("background worker %s stopped", self.name)

    def start_thread(self) -> None:
        self._thread = threading.Thread(target=self.run_forever, name="evidesk-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
