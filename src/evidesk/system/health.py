"""What /health reports: can we reach the database, and is a worker alive."""

from __future__ import annotations

from datetime import timedelta

from django.db import DatabaseError, connection

from evidesk import __version__
from evidesk.clock import now

# The worker beats every HEARTBEAT_SECONDS; three missed beats mean it is gone.
HEARTBEAT_SECONDS = 20
WORKER_STALE_AFTER = timedelta(seconds=3 * HEARTBEAT_SECONDS)


def database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"status": "error", "error": str(exc).splitlines()[0] if str(exc) else "unreachable"}
    return {"status": "ok", "vendor": connection.vendor}


def worker_status() -> dict:
    from evidesk.system.models import WorkerHeartbeat

    try:
        beat = WorkerHeartbeat.objects.order_by("-last_seen").first()
    except DatabaseError:
        return {"status": "unknown"}
    if beat is None:
        return {"status": "never_seen"}
    age = now() - beat.last_seen
    return {
        "status": "ok" if age <= WORKER_STALE_AFTER else "stale",
        "name": beat.name,
        "last_seen": beat.last_seen.isoformat(),
        "seconds_since": round(age.total_seconds()),
    }


def report() -> dict:
    database = database_status()
    worker = worker_status() if database["status"] == "ok" else {"status": "unknown"}
    healthy = database["status"] == "ok" and worker["status"] == "ok"
    return {
        "status": "ok" if healthy else "error",
        "version": __version__,  # which release answers, when several servers share the load
        "database": database,
        "worker": worker,
    }
