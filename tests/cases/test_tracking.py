"""Deadlines of stored requests follow the rules, the knowledge base and each transition."""

import json
from datetime import timedelta

import pytest
import time_machine

from evidesk.cases import services
from evidesk.cases.demo import load_demo
from evidesk.cases.models import Deadline, Request
from evidesk.cli import main
from evidesk.clock import now


@pytest.fixture
def demo(owner, kb):
    load_demo(owner)
    return Request.objects.get(case__reference="DEMO-GE-0412", type="preservation")


def test_a_confirmed_preservation_gets_its_expiry_and_the_disclosure_due(demo):
    kinds = {d.kind: d for d in demo.deadlines.all()}
    confirmed = demo.transitions.get(to_status="receipt_confirmed").at.date()
    assert kinds["preservation_expiry"].due == confirmed + timedelta(days=90)  # Google's 90 days
    assert kinds["disclosure_due"].due == confirmed + timedelta(days=75)
    assert "ministryofcyberaffairs" in " ".join(kinds["preservation_expiry"].sources)
    assert kinds["follow_up_due"].due == confirmed + timedelta(days=90)


def test_sending_the_mla_request_removes_the_disclosure_deadline(demo, owner):
    mla = Request.objects.get(case__reference="DEMO-GE-0412", type="mla_stored")
    assert mla.follows == demo
    services.transition_request(mla, "sent", owner)
    assert not demo.deadlines.filter(kind="disclosure_due").exists()
    assert demo.deadlines.filter(kind="preservation_expiry").exists()
    assert mla.deadlines.get(kind="follow_up_due").due == now().date() + timedelta(days=30)


def test_an_answered_request_needs_no_follow_up(demo, owner):
    services.transition_request(demo, "executed", owner)
    assert not demo.deadlines.filter(kind="follow_up_due").exists()


def test_deadlines_command_and_dashboard(demo, owner, outsider, client, capsys):
    with time_machine.travel(now() + timedelta(days=80)):
        assert main(["deadlines", "--within", "7d", "--user", "owner", "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert {r["kind"] for r in rows} >= {"disclosure_due"}
        assert all(r["case"].startswith("DEMO-") for r in rows)
        assert any(r["overdue"] for r in rows)
        assert main(["deadlines", "--user", "outsider", "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out) == []
        client.force_login(owner)
        page = client.get("/").content.decode()
        assert "Disclosure request due" in page and "overdue" in page
    assert main(["deadlines", "--user", "nobody"]) == 2
    assert "no user named 'nobody'" in capsys.readouterr().err
    assert main(["deadlines", "--within", "soon"]) == 2


def test_deadlines_are_replaced_not_duplicated(demo, owner):
    before = demo.deadlines.count()
    from evidesk.cases.tracking import recompute

    recompute(demo)
    recompute(demo)
    assert demo.deadlines.count() == before
    assert Deadline.objects.filter(request=demo, computed=True).count() == before
