"""Tasks the worker tests enqueue, and what the crash tests run inside a child process that they
then kill (`evidesk worker`, `evidesk manage shell`). They leave marks the tests can see."""

import time
from pathlib import Path

from django_tasks import task


@task()
def mark_done(name: str) -> str:
    from evidesk.clock import now
    from evidesk.system.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(name=f"task:{name}", last_seen=now())
    return name


@task()
def wait_for_gate(name: str, folder: str) -> str:
    """Note each attempt in `folder`, wait until the test opens the gate (creates folder/gate),
    then leave a mark. Safe to run twice, as every task must be: the mark is made once."""
    from evidesk.clock import now
    from evidesk.system.models import WorkerHeartbeat

    with open(Path(folder) / "attempts", "a") as attempts:
        attempts.write("started\n")
    while not (Path(folder) / "gate").exists():
        time.sleep(0.05)
    WorkerHeartbeat.objects.get_or_create(name=f"task:{name}", defaults={"last_seen": now()})
    return name


def stall_in_transition(request_id: int, to_status: str, username: str, marker: str) -> None:
    """Move a request, but stop just before the transaction commits: its transition row, its
    audit event and its new status are written, the marker file says so, and the process waits
    to be killed."""
    from unittest import mock

    from evidesk.accounts.models import User
    from evidesk.cases import services, tracking
    from evidesk.cases.models import Request

    def stall(request) -> None:
        Path(marker).write_text("inside the transaction")
        time.sleep(600)

    with mock.patch.object(tracking, "recompute_related", stall):
        services.transition_request(
            Request.objects.get(pk=request_id), to_status, User.objects.get(username=username)
        )
