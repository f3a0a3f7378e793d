from datetime import timedelta

import pytest
import time_machine

import evidesk
from evidesk.clock import now
from evidesk.system.models import WorkerHeartbeat


@pytest.mark.django_db
def test_health_reports_database_and_a_live_worker(client):
    WorkerHeartbeat.objects.create(name="laptop:1", last_seen=now())
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"] == evidesk.__version__
    assert body["database"]["status"] == "ok"
    assert body["worker"]["status"] == "ok" and body["worker"]["name"] == "laptop:1"


@pytest.mark.django_db
def test_health_says_when_no_worker_was_ever_seen(client):
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["worker"] == {"status": "never_seen"}


@pytest.mark.django_db
def test_health_says_when_the_worker_stopped_beating(client):
    WorkerHeartbeat.objects.create(name="laptop:1", last_seen=now())
    with time_machine.travel(now() + timedelta(minutes=5)):
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["worker"]["status"] == "stale"


@pytest.mark.django_db
def test_health_is_json_and_never_cached(client):
    response = client.get("/health")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
