"""A task the worker test enqueues: it leaves a mark the test can see."""

from django_tasks import task


@task()
def mark_done(name: str) -> str:
    from evidesk.clock import now
    from evidesk.system.models import WorkerHeartbeat

    WorkerHeartbeat.objects.create(name=f"task:{name}", last_seen=now())
    return name
