"""The background worker: runs queued tasks and keeps a heartbeat.

`evidesk serve` runs it in a thread of the web process (one laptop, one command);
`evidesk worker` runs it alone for server deployments.

A task runs at least once: if its worker dies mid-run (killed, power cut), another worker, or
the same one restarted, runs it again (requeue_abandoned). Every task must therefore be safe to
run twice: do its writes in one transaction, and check first whether they were already done.
Today's task: the check of evidence hashes asked for on the pages (evidence/tasks.py), which
passes over the files a run has checked already. The daily digest is time-based work of the
sweep, claimed per user with a compare-and-set update, so a repeated sweep sends nothing twice.
"""

from __future__ import annotations

import logging
import socket
import threading
import uuid

from django.db import DatabaseError, close_old_connections, connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker

from evidesk.clock import now
from evidesk.system import files, freshness
from evidesk.system.health import HEARTBEAT_SECONDS, WORKER_STALE_AFTER

logger = logging.getLogger("evidesk.worker")


class BackgroundWorker:
    def __init__(self, poll_seconds: float = 1.0) -> None:
        self.name = f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
        self.poll_seconds = poll_seconds
        self.stopping = threading.Event()
        self.tasks_run = 0
        self._last_sweep = None
        self._thread: threading.Thread | None = None
        # Deadlines from before their reasons were kept worded: looked for until none is left,
        # then never again (every deadline computed since keeps its wording).
        self._older_deadlines_left = True

    def beat(self) -> None:
        from evidesk.system.models import WorkerHeartbeat

        WorkerHeartbeat.objects.update_or_create(
            name=self.name, defaults={"last_seen": now(), "tasks_run": self.tasks_run}
        )

    def keep_beating(self) -> None:
        """Beat on a thread of its own, so a long task never makes this worker look dead (to
        /health, and to other workers, which would run its task a second time)."""
        try:
            while not self.stopping.wait(HEARTBEAT_SECONDS):
                try:
                    self.beat()
                except DatabaseError:
                    logger.exception("background worker could not record its heartbeat")
        finally:
            connection.close()

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
        if batch._run_tasks:
            freshness.note_change()

    def sweep(self) -> None:
        """Time-based work: the one place that looks for what has fallen due."""
        from evidesk.cases.reminders import send_due_digests
        from evidesk.cases.tracking import reword_older_deadlines

        requeue_abandoned()
        files.remove_leftovers()
        if self._older_deadlines_left:
            self._older_deadlines_left = reword_older_deadlines() > 0
        send_due_digests()

    def tick(self) -> None:
        """One round of work: every queued task; the heartbeat and the sweep when due."""
        close_old_connections()
        try:
            if self._last_sweep is None or (now() - self._last_sweep).total_seconds() >= (
                HEARTBEAT_SECONDS
            ):
                # Time-based work needs no per-second polling: it goes at the heartbeat's pace.
                self.beat()
                self.sweep()
                self._last_sweep = now()
            self.run_pending_tasks()
        except DatabaseError:
            logger.exception("background worker could not reach the database; retrying")
        finally:
            close_old_connections()

    def run_forever(self) -> None:
        logger.info("background worker %s started", self.name)
        beating = threading.Thread(target=self.keep_beating, name="evidesk-heartbeat", daemon=True)
        beating.start()
        while not self.stopping.is_set():
            self.tick()
            self.stopping.wait(self.poll_seconds)
        beating.join()
        logger.info("background worker %s stopped", self.name)

    def start_thread(self) -> None:
        self._thread = threading.Thread(target=self.run_forever, name="evidesk-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)


def requeue_abandoned() -> int:
    """Put back in the queue the tasks of workers that died mid-run. django-tasks-db marks a task
    RUNNING when a worker claims it, and nothing resets it if that worker is killed. A worker
    whose heartbeat is stale is dead (it beats on its own thread, even during a long task).
    Returns how many tasks were put back."""
    from django_tasks_db.models import DBTaskResult

    from evidesk.system.models import WorkerHeartbeat

    cutoff = now() - WORKER_STALE_AFTER
    alive = {
        name[:64]  # a worker's id is its name cut to 64 characters (run_pending_tasks)
        for name in WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).values_list(
            "name", flat=True
        )
    }
    abandoned = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    requeued = 0
    for task_id, started_at, worker_ids in abandoned.values_list("id", "started_at", "worker_ids"):
        if worker_ids and worker_ids[-1] in alive:
            continue
        # Compare-and-set on the claim's time: a task another worker has meanwhile put back and
        # claimed again is left alone.
        if DBTaskResult.objects.filter(
            pk=task_id, status=TaskResultStatus.RUNNING, started_at=started_at
        ).update(status=TaskResultStatus.READY, started_at=None):
            logger.warning("task %s was left running by a dead worker; queued again", task_id)
            requeued += 1
    return requeued
