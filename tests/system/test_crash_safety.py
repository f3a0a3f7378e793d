"""Killing the server or the worker mid-write leaves no half-written record and no orphan file,
and the worker resumes a task its killed predecessor left running. The slow tests really kill
`evidesk` processes with SIGKILL (nothing runs after it: no `finally`, no rollback by us)."""

import http.client
import json
import os
import signal
import subprocess
import threading
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

import pytest

from evidesk.clock import now
from evidesk.system import files
from evidesk.system.models import WorkerHeartbeat
from evidesk.system.worker import requeue_abandoned
from tests.processes import EVIDESK, Browser, child_env, free_port, fresh_database_url, run, serving
from tests.system.tasks import mark_done

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "tbilisi-prosecutor-2026"
MB = 1024 * 1024
BOUNDARY = "evidesk-crash-test"


# --- in-process: the clean-up and the requeue rules ------------------------------------------


def test_only_old_unfinished_writes_are_removed(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    files.store([b"kept"], limit=100)
    root = files.store_root()
    dead, live = root / f"{files.INCOMING}dead", root / f"{files.INCOMING}live"
    dead.write_bytes(b"half")
    live.write_bytes(b"half")  # another server, still writing
    four_hours_ago = time.time() - 4 * 3600
    os.utime(dead, (four_hours_ago, four_hours_ago))
    assert files.remove_leftovers() == 1
    assert not dead.exists() and live.exists()
    assert len(list(files.all_stored())) == 1  # kept files are never touched


@pytest.mark.django_db(transaction=True)
def test_only_tasks_of_dead_workers_go_back_to_the_queue():
    from django_tasks_db.models import DBTaskResult

    WorkerHeartbeat.objects.create(name="alive", last_seen=now())
    WorkerHeartbeat.objects.create(name="dead", last_seen=now() - timedelta(minutes=5))
    claims = {
        "dead-long-ago": ("dead", now() - timedelta(minutes=5)),
        "alive-long-ago": ("alive", now() - timedelta(minutes=5)),  # a long task, still running
        "just-claimed": ("dead", now()),  # a worker's beat may lag its claim by a moment
        "never-beat": ("unknown", now() - timedelta(minutes=5)),
    }
    for name, (worker, started_at) in claims.items():
        result = mark_done.enqueue(name)
        DBTaskResult.objects.filter(pk=result.id).update(
            status="RUNNING", started_at=started_at, worker_ids=[worker]
        )
    assert requeue_abandoned() == 2
    ready = DBTaskResult.objects.filter(status="READY").values_list("args_kwargs", flat=True)
    assert sorted(entry["args"][0] for entry in ready) == ["dead-long-ago", "never-beat"]
    assert requeue_abandoned() == 0


# --- real processes, really killed -----------------------------------------------------------


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    """An installation with an administrator and the demo cases; child processes can import
    the test tasks, and keep their temporary files where the test can see them."""
    folder = tmp_path_factory.mktemp("crash")
    (folder / "tmp").mkdir()
    with fresh_database_url() as url:
        env = child_env(folder / "data", url, EVIDESK_REQUIRE_TWO_FACTOR="0",
                        EVIDESK_ADMIN_PASSWORD=PASSWORD, PYTHONPATH=str(REPO),
                        TMPDIR=str(folder / "tmp"))  # fmt: skip
        assert run(["createadmin", "--username", "nino"], env).returncode == 0
        assert run(["demo"], env).returncode == 0
        yield env, folder


def shell(env: dict, code: str):
    """Run Python inside the installation (`evidesk manage shell`); its last line is JSON."""
    result = run(["manage", "shell", "-c", code], env)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def evidence_facts(env: dict) -> dict:
    return shell(env, "import json\n"
                 "from evidesk.audit.models import AuditEvent\n"
                 "from evidesk.evidence.models import CustodyEvent, EvidenceItem\n"
                 "from evidesk.system import files\n"
                 "print(json.dumps({'items': EvidenceItem.objects.count(),"
                 " 'custody': CustodyEvent.objects.count(),"
                 " 'audit': AuditEvent.objects.filter(action__startswith='evidence.').count(),"
                 " 'stored': list(files.all_stored())}))")  # fmt: skip


def request_id(env: dict, status: str = "") -> int:
    where = (
        f"status='{status}'" if status else "case__reference='DEMO-GE-0412', type='preservation'"
    )
    return shell(env, "from evidesk.cases.models import Request\n"
                 f"print(Request.objects.filter({where}).first().pk)")  # fmt: skip


def logged_in(base: str) -> Browser:
    browser = Browser(base)
    browser.get("/accounts/login/")
    status, url, _ = browser.post(
        "/accounts/login/", {"username": "nino", "password": PASSWORD, "next": "/"}
    )
    assert status == 200 and urllib.parse.urlsplit(url).path == "/", url
    return browser


def begin_upload(base: str, browser: Browser, request: int, size_mb: int):
    """Open an evidence upload of `size_mb` megabytes as a browser sends it; returns the
    connection and the body's chunks, still to be sent."""
    fields = {"received_from": "Google LLC", "channel": "LERS portal", "at": "2026-11-20T14:15",
              "zone": "Asia/Tbilisi"}  # fmt: skip
    head = "".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ) + (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; '
        'filename="production.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'
    )
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    block = os.urandom(MB)
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
    connection.putrequest("POST", f"/requests/{request}/evidence/")
    cookies = {cookie.name: cookie.value for cookie in browser.jar}
    connection.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()))
    connection.putheader("X-CSRFToken", cookies["csrftoken"])
    connection.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    connection.putheader("Content-Length", str(len(head) + size_mb * MB + len(tail)))
    connection.endheaders()
    chunks = [head.encode(), *([block] * size_mb), tail]
    return connection, chunks


def unfinished_writes(folder: Path) -> list[Path]:
    return sorted((folder / "data" / "files").glob(f"{files.INCOMING}*"))


def files_in(path: Path) -> list[Path]:
    return [p for p in path.rglob("*") if p.is_file()] if path.exists() else []


@pytest.mark.slow
def test_a_server_killed_while_the_upload_arrives_keeps_nothing(installation):
    env, folder = installation
    request = request_id(env)
    with serving(env, free_port()) as (base, proc):
        connection, chunks = begin_upload(base, logged_in(base), request, size_mb=512)
        for chunk in chunks[:64]:
            connection.send(chunk)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        connection.close()
    assert files_in(folder / "data" / "files") == [] and files_in(folder / "tmp") == []
    with serving(env, free_port()):
        assert evidence_facts(env) == {"items": 0, "custody": 0, "audit": 0, "stored": []}


@pytest.mark.slow
def test_a_server_killed_while_storing_an_upload_leaves_no_record_and_no_file(installation):
    env, folder = installation
    request = request_id(env)
    with serving(env, free_port()) as (base, proc):
        connection, chunks = begin_upload(base, logged_in(base), request, size_mb=384)

        def send_all() -> None:
            try:
                for chunk in chunks:
                    connection.send(chunk)
                connection.getresponse()
            except OSError:
                pass  # the server is killed before it answers

        sender = threading.Thread(target=send_all)
        sender.start()
        deadline = time.monotonic() + 240
        while not unfinished_writes(folder) and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)  # the file is being written into the store
        proc.wait(timeout=30)
        sender.join(timeout=60)
    leftovers = unfinished_writes(folder)
    assert len(leftovers) == 1, "the kill did not come while the file was being stored"
    assert files_in(folder / "tmp") == []  # the spooled upload had no name: the system freed it
    # The clean-up removes only writes untouched for hours (a younger one may be another live
    # server's): make this one old, as if the server had stayed down, and add a live one.
    hours_ago = time.time() - 4 * 3600
    os.utime(leftovers[0], (hours_ago, hours_ago))
    live = folder / "data" / "files" / f"{files.INCOMING}another-server"
    live.write_bytes(b"still arriving")
    with serving(env, free_port()):
        deadline = time.monotonic() + 60
        while leftovers[0].exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert unfinished_writes(folder) == [live]
        assert evidence_facts(env) == {"items": 0, "custody": 0, "audit": 0, "stored": []}
    live.unlink()
    with serving(env, free_port()) as (base, _proc):  # and the same upload then succeeds
        connection, chunks = begin_upload(base, logged_in(base), request, size_mb=4)
        for chunk in chunks:
            connection.send(chunk)
        assert connection.getresponse().status == 302
    facts = evidence_facts(env)
    assert (facts["items"], facts["custody"], len(facts["stored"])) == (1, 2, 1)


@pytest.mark.slow
def test_a_transition_killed_before_its_commit_leaves_the_request_as_it_was(installation):
    env, folder = installation
    draft = request_id(env, "draft")
    marker = folder / "inside-transition"
    count_moves = ("import json\nfrom evidesk.audit.models import AuditEvent\n"
                   "from evidesk.cases.models import Request\n"
                   f"r = Request.objects.get(pk={draft})\n"
                   "print(json.dumps([r.status, r.transitions.count(), AuditEvent.objects.filter("
                   f"action='request.transition', object_id='{draft}').count()]))")  # fmt: skip
    before = shell(env, count_moves)
    code = ("from tests.system.tasks import stall_in_transition\n"
            f"stall_in_transition({draft}, 'withdrawn', 'nino', {str(marker)!r})")  # fmt: skip
    child = subprocess.Popen([*EVIDESK, "manage", "shell", "-c", code], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the transition never reached its stall"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert shell(env, count_moves) == before and before[0] == "draft"
    assert run(["audit", "verify"], env).returncode == 0  # the chain has no half link
    # Nothing is left locked: the same move now goes through, recorded once.
    shell(env, "from evidesk.accounts.models import User\n"
          "from evidesk.cases import services\nfrom evidesk.cases.models import Request\n"
          f"services.transition_request(Request.objects.get(pk={draft}), 'withdrawn',"
          " User.objects.get(username='nino'))\nprint(1)")  # fmt: skip
    after = shell(env, count_moves)
    assert after == ["withdrawn", before[1] + 1, before[2] + 1]


@pytest.mark.slow
def test_a_task_whose_worker_was_killed_runs_again_and_completes_once(installation):
    env, folder = installation
    gate = folder / "gate-folder"
    gate.mkdir()
    task_id = shell(env, "from tests.system.tasks import wait_for_gate\n"
                    f"print('\"%s\"' % wait_for_gate.enqueue('crash', {str(gate)!r}).id)")  # fmt: skip
    status_of = ("import json\nfrom django_tasks_db.models import DBTaskResult\n"
                 "from evidesk.system.models import WorkerHeartbeat\n"
                 f"t = DBTaskResult.objects.get(pk='{task_id}')\n"
                 "print(json.dumps([t.status, len(t.worker_ids),"
                 " WorkerHeartbeat.objects.filter(name='task:crash').count()]))")  # fmt: skip
    first = start_worker(env, folder / "worker-1.log")
    try:
        wait_for(lambda: attempts(gate) == 1, "the task to start")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    assert shell(env, status_of) == ["RUNNING", 1, 0]  # left running by a dead worker
    # A dead worker is recognised once its heartbeat is a minute old: age it, rather than wait.
    shell(env, "from datetime import timedelta\nfrom django.db.models import F\n"
          "from django_tasks_db.models import DBTaskResult\n"
          "from evidesk.system.models import WorkerHeartbeat\n"
          "old = timedelta(minutes=5)\n"
          "WorkerHeartbeat.objects.exclude(name__startswith='task:').update("
          "last_seen=F('last_seen') - old)\n"
          "DBTaskResult.objects.filter(status='RUNNING').update(started_at=F('started_at') - old)\n"
          "print(1)")  # fmt: skip
    (gate / "gate").write_text("open")
    second = start_worker(env, folder / "worker-2.log")
    try:
        wait_for(lambda: shell(env, status_of)[0] == "SUCCESSFUL", "the task to complete")
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert shell(env, status_of) == ["SUCCESSFUL", 2, 1]  # claimed twice, its mark made once
    assert attempts(gate) == 2


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen([*EVIDESK, "worker"], env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)  # fmt: skip


def attempts(gate: Path) -> int:
    path = gate / "attempts"
    return len(path.read_text().splitlines()) if path.exists() else 0


def wait_for(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)
