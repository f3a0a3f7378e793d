import pytest

from evidesk.system.models import WorkerHeartbeat
from evidesk.system.worker import BackgroundWorker
from tests.system.tasks import mark_done


@pytest.mark.django_db(transaction=True)
def test_a_tick_beats_and_runs_every_queued_task():
    first = mark_done.enqueue("one")
    second = mark_done.enqueue("two")
    worker = BackgroundWorker()
    worker.tick()
    assert WorkerHeartbeat.objects.filter(name=worker.name).exists()
    assert set(
        WorkerHeartbeat.objects.filter(name__startswith="task:").values_list("name", flat=True)
    ) == {"task:one", "task:two"}
    first.refresh()
    second.refresh()
    assert first.status == "SUCCESSFUL" and first.return_value == "one"
    assert worker.tasks_run == 2


@pytest.mark.django_db(transaction=True)
def test_the_worker_thread_starts_and_stops():
    worker = BackgroundWorker(poll_seconds=0.05)
    worker.start_thread()
    result = mark_done.enqueue("threaded")
    import time

    for _ in range(100):
        result.refresh()
        if result.status == "SUCCESSFUL":
            break
        time.sleep(0.05)
    worker.stop()
    assert result.status == "SUCCESSFUL"
    assert not worker._thread.is_alive()
