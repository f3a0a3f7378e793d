"""Deadlines of stored requests follow the rules, the knowledge base and each transition."""

import json
from datetime import timedelta

import pytest
import time_machine

from evidesk.cases import services
from evidesk.cases.dashboard import dashboard_for
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
    # Its confirmation answered it: nothing more to chase, only the expiry to watch.
    assert "follow_up_due" not in kinds


def test_sending_the_mla_request_removes_the_disclosure_deadline(demo, owner):
    mla = Request.objects.get(case__reference="DEMO-GE-0412", type="mla_stored")
    assert mla.follows == demo
    services.transition_request(mla, "sent", owner)
    assert not demo.deadlines.filter(kind="disclosure_due").exists()
    assert demo.deadlines.filter(kind="preservation_expiry").exists()
    assert mla.deadlines.get(kind="follow_up_due").due == now().date() + timedelta(days=30)


def test_a_refused_mla_request_brings_the_disclosure_deadline_back_until_it_is_sent_again(
    demo, owner
):
    """Refused for want of dual criminality and re-sent on a corrected basis: meanwhile the
    preservation waits for a disclosure request again, and its deadline is back."""
    refused = Request.objects.get(case__reference="DEMO-GE-0412", type="mla_stored")
    services.transition_request(refused, "sent", owner)
    services.transition_request(
        refused, "refused", owner, refusal_reason="no_dual_criminality", note="art. 2 CC"
    )
    assert refused.transitions.get(to_status="refused").refusal_reason == "no_dual_criminality"
    assert demo.deadlines.filter(kind="disclosure_due").exists()
    corrected = services.create_request(demo.case, [], owner, type="mla_stored", channel="mla",
        legal_basis="Minsk Convention 1993, art. 6", follows=demo)  # fmt: skip
    services.transition_request(corrected, "sent", owner)
    assert not demo.deadlines.filter(kind="disclosure_due").exists()


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


def _granted(case, owner, follows, days_later):
    """An extension asked for and confirmed `days_later` days from now."""
    with time_machine.travel(now() + timedelta(days=days_later), tick=False):
        extension = services.create_request(case, [], owner, type="extension",
            channel=follows.channel, requested_country=follows.requested_country,
            follows=follows)  # fmt: skip
        services.transition_request(extension, "sent", owner)
        services.transition_request(extension, "receipt_confirmed", owner)
        services.transition_request(extension, "executed", owner)
    return extension


def test_a_preservation_extended_twice_holds_once_to_its_last_extension(demo, owner):
    """Each extension adds its period once it is confirmed, even after its request is closed;
    the original preservation carries the one expiry, so the dashboard lists it once."""
    expiry = demo.deadlines.get(kind="preservation_expiry").due
    first = _granted(demo.case, owner, demo, 70)
    with time_machine.travel(now() + timedelta(days=71), tick=False):
        services.transition_request(first, "closed", owner)
    second = _granted(demo.case, owner, first, 150)
    extended = demo.deadlines.get(kind="preservation_expiry")
    assert extended.due == expiry + timedelta(days=2 * 90)  # Google: 90 days more each time
    assert "2 extension(s)" in extended.reason
    assert not first.deadlines.exists() and not second.deadlines.exists()
    with time_machine.travel(now() + timedelta(days=300), tick=False):
        overdue = _of_case(dashboard_for(owner, now().date()).overdue, demo)
    assert [d.kind for d in overdue].count("preservation_expiry") == 1


def test_a_lapsed_preservation_leaves_the_dashboard_once_recorded_as_expired(demo, owner):
    """The MLA request never left: once the preservation is recorded as expired, its dates
    stop falling due, instead of staying overdue for ever."""
    later = now() + timedelta(days=100)
    with time_machine.travel(later, tick=False):
        overdue = _of_case(dashboard_for(owner, later.date()).overdue, demo)
        assert {d.kind for d in overdue} == {
            "preservation_expiry",
            "disclosure_due",
            "extension_due",
        }
        services.transition_request(demo, "expired", owner, note="MLA request never sent")
        assert not _of_case(dashboard_for(owner, later.date()).overdue, demo)
    assert not demo.deadlines.exists()


def _of_case(rows, request):
    return [row for row in rows if row.request.case_id == request.case_id]


def test_the_chase_waits_while_they_wait_for_us_and_counts_from_our_answer(owner, kb):
    """The requested state asked for additional information: while it is ours to give, there
    is no one to chase; once given, their 90 days start again from it."""
    case = services.create_case(owner, reference="AZ-12", title="Fraud", requesting_country="AZ",
                                stage="investigation")  # fmt: skip
    mla = services.create_request(case, [], owner, type="mla_stored", channel="mla")
    start = now()
    for days, step in ((0, "sent"), (20, "receipt_confirmed"), (60, "clarification_asked")):
        with time_machine.travel(start + timedelta(days=days), tick=False):
            services.transition_request(mla, step, owner)
    assert not mla.deadlines.exists()
    with time_machine.travel(start + timedelta(days=100), tick=False):
        services.transition_request(mla, "clarification_answered", owner)
    chase = mla.deadlines.get(kind="follow_up_due")
    assert chase.due == (start + timedelta(days=190)).date()


def test_an_emergency_request_is_chased_the_next_day_not_after_a_month(owner, kb):
    """A threat to life is answered within hours where it is answered at all: an emergency
    request without receipt, then without answer, is chased the day after, by the tracker and
    by the plan alike."""
    case = services.create_case(owner, reference="KZ-7", title="Threat to kill",
                                requesting_country="KZ", stage="investigation",
                                emergency_threat="A hostage is held")  # fmt: skip
    urgent = services.create_request(case, [], owner, type="emergency", channel="direct_provider",
                                     requested_country="US")  # fmt: skip
    services.transition_request(urgent, "sent", owner)
    chase = urgent.deadlines.get(kind="follow_up_due")
    assert chase.due == now().date() + timedelta(days=1)
    assert chase.reason.startswith("emergency request left without an answer since")
    with time_machine.travel(now() + timedelta(days=3), tick=False):
        services.transition_request(urgent, "receipt_confirmed", owner)
        assert urgent.deadlines.get(kind="follow_up_due").due == now().date() + timedelta(days=1)
    ordinary = services.create_request(case, [], owner, type="mla_stored", channel="mla")
    services.transition_request(ordinary, "sent", owner)
    assert ordinary.deadlines.get(kind="follow_up_due").due == now().date() + timedelta(days=30)


def test_an_upgrade_chases_emergencies_sent_before_it_the_next_day(owner, kb):
    """An emergency request sent under the earlier 30-day rule is recomputed by the worker
    after the upgrade (migration 0013); an ordinary request keeps its date."""
    import importlib

    from django.apps import apps

    from evidesk.system.worker import BackgroundWorker

    case = services.create_case(owner, reference="KZ-8", title="Threat", requesting_country="KZ",
                                stage="investigation", emergency_threat="A threat")  # fmt: skip
    sent = {}
    for kind in ("emergency", "mla_stored"):
        sent[kind] = services.create_request(case, [], owner, type=kind, channel="mla")
        services.transition_request(sent[kind], "sent", owner)
    month = now().date() + timedelta(days=30)
    Deadline.objects.filter(kind="follow_up_due").update(due=month)  # as the earlier rule had it
    upgrade = importlib.import_module(
        "evidesk.cases.migrations.0013_recompute_emergency_and_kept_deadlines"
    )
    upgrade.mark_for_recomputing(apps, None)
    BackgroundWorker().sweep()
    due = {kind: r.deadlines.get(kind="follow_up_due").due for kind, r in sent.items()}
    assert due == {"emergency": now().date() + timedelta(days=1), "mla_stored": month}


def test_waiting_for_an_answer_lists_only_requests_someone_owes_us(demo, owner):
    """A confirmed preservation awaits nothing, and a request whose requested state asked us
    for more information waits for us: neither is 'waiting longest for an answer'."""
    mla = Request.objects.get(case__reference="DEMO-GE-0412", type="mla_stored")
    services.transition_request(mla, "sent", owner)

    def waiting():
        board = dashboard_for(owner, now().date())
        return {request.pk for request, _days in board.waiting_longest}

    assert demo.status == "receipt_confirmed" and demo.pk not in waiting()
    assert mla.pk in waiting()
    services.transition_request(mla, "clarification_asked", owner)
    assert mla.pk not in waiting()
    services.transition_request(mla, "clarification_answered", owner)
    assert mla.pk in waiting()


def test_an_extension_asked_for_again_after_a_refusal_extends_the_preservation(demo, owner):
    """The provider refused the first extension request (sent on the wrong form); the second,
    also following the preservation, was granted: the preservation lasts one period more."""
    expiry = demo.deadlines.get(kind="preservation_expiry").due
    refused = services.create_request(demo.case, [], owner, type="extension",
        channel=demo.channel, requested_country="US", follows=demo)  # fmt: skip
    services.transition_request(refused, "sent", owner)
    services.transition_request(refused, "refused", owner, refusal_reason="other")
    _granted(demo.case, owner, demo, 1)
    assert demo.deadlines.get(kind="preservation_expiry").due == expiry + timedelta(days=90)


def test_an_upgrade_recomputes_the_deadlines_kept_under_the_earlier_rules(demo, owner):
    """Before, each extension carried a copy of its preservation's expiry: after the upgrade
    (migration 0010) the worker recomputes them, and the copy leaves the dashboard."""
    import importlib

    from django.apps import apps

    from evidesk.system.worker import BackgroundWorker

    extension = _granted(demo.case, owner, demo, 1)
    expiry = demo.deadlines.get(kind="preservation_expiry")
    Deadline.objects.create(request=extension, kind=expiry.kind, due=expiry.due,
                            reason=expiry.reason, details=expiry.details)  # fmt: skip
    upgrade = importlib.import_module(
        "evidesk.cases.migrations.0010_recompute_deadlines_for_new_rules"
    )
    upgrade.mark_for_recomputing(apps, None)
    BackgroundWorker().sweep()
    assert not extension.deadlines.exists()
    assert demo.deadlines.get(kind="preservation_expiry").due == expiry.due


def test_a_preservation_under_the_convention_holds_once_the_mla_request_is_received(owner, kb):
    """Budapest art. 29(7): data one party preserves for another stay preserved, once the MLA
    request is received, until it is decided, whether the 24/7 Network or the requested
    state's authority took it. Its expiry then asks nothing more; a preservation whose MLA
    request was only sent, or received after the preservation ended, keeps its dates."""
    case = services.create_case(owner, reference="MD-29", title="Fraud", requesting_country="MD",
                                stage="investigation")  # fmt: skip

    def preservation_with_mla(channel: str, received_after_days: int | None) -> Request:
        preserved = services.create_request(case, [], owner, type="preservation",
                                            channel=channel, requested_country="DE")  # fmt: skip
        mla = services.create_request(case, [], owner, type="mla_stored", channel="mla",
                                      requested_country="DE", follows=preserved)  # fmt: skip
        start = now() - timedelta(days=120)
        steps = [(preserved, 0, "sent"), (preserved, 1, "receipt_confirmed"), (mla, 30, "sent")]
        if received_after_days is not None:
            steps.append((mla, received_after_days, "receipt_confirmed"))
        for request, days, step in steps:
            with time_machine.travel(start + timedelta(days=days), tick=False):
                services.transition_request(request, step, owner)
        return Request.objects.get(pk=preserved.pk)

    def kinds(request: Request) -> set[str]:
        return {d.kind for d in request.deadlines.all()}

    assert not kinds(preservation_with_mla("network_247", received_after_days=40))
    assert "preservation_expiry" in kinds(preservation_with_mla("network_247", None))
    # Preserved from day 1 for at least 60 days: received on day 70, it came too late.
    assert "preservation_expiry" in kinds(preservation_with_mla("network_247", 70))
    assert "preservation_expiry" in kinds(preservation_with_mla("requested_authority", None))
    assert not kinds(preservation_with_mla("requested_authority", received_after_days=40))


def test_an_extension_refused_after_its_receipt_was_confirmed_extends_nothing(demo, owner):
    """The provider acknowledged the extension request, then refused it: the preservation still
    ends on its own date, or the data would lapse while the dashboard shows a later expiry."""
    expiry = demo.deadlines.get(kind="preservation_expiry").due
    refused = services.create_request(demo.case, [], owner, type="extension",
        channel=demo.channel, requested_country="US", follows=demo)  # fmt: skip
    services.transition_request(refused, "sent", owner)
    services.transition_request(refused, "receipt_confirmed", owner)
    services.transition_request(refused, "refused", owner, refusal_reason="other")
    assert demo.deadlines.get(kind="preservation_expiry").due == expiry


def test_a_refused_extension_is_no_extension_to_chase_in_the_plan(demo, owner):
    """The plan reads the case's preservations as the tracker does: an extension the provider
    refused is neither 'asked for, to be confirmed' nor, acknowledged first, one granted."""
    from evidesk.cases.planning import case_as_scenario

    targets = list(demo.targets.all())
    for acknowledged in (False, True):
        refused = services.create_request(demo.case, targets, owner, type="extension",
            channel=demo.channel, requested_country="US", follows=demo)  # fmt: skip
        services.transition_request(refused, "sent", owner)
        if acknowledged:
            services.transition_request(refused, "receipt_confirmed", owner)
        services.transition_request(refused, "refused", owner, refusal_reason="other")
    history = case_as_scenario(demo.case, targets)["targets"][0]["history"]
    assert [item["type"] for item in history] == ["preservation"]


def test_the_case_page_plan_chases_an_mla_request_already_sent_instead_of_asking_for_it(
    demo, owner
):
    """The plan reads the requests for the data too: once the MLA request has left, the case
    page says to chase its answer, not to send it; refused, it asks for a corrected one."""
    from evidesk.cases.planning import plan_for

    mla = Request.objects.get(case=demo.case, type="mla_stored")
    targets = list(demo.case.targets.order_by("pk"))
    mla.targets.set(targets)

    def actions() -> list[str]:
        return [step["action"] for step in plan_for(demo.case)["targets"][0]["steps"]]

    assert "disclose" in actions() and "follow_up" not in actions()
    services.transition_request(mla, "sent", owner)
    assert "follow_up" in actions() and "disclose" not in actions()
    services.transition_request(mla, "refused", owner, refusal_reason="other")
    assert "disclose" in actions() and "follow_up" not in actions()


def test_the_preservation_is_extended_while_the_mla_answer_is_awaited(demo, owner):
    """Sent in time, the MLA request's answer may still come after the preservation ends: the
    dashboard keeps the extension due until the answer comes, as the plan advises it."""
    mla = Request.objects.get(case=demo.case, type="mla_stored")
    mla.follows = demo
    mla.save()

    def kinds() -> set[str]:
        return {d.kind for d in Request.objects.get(pk=demo.pk).deadlines.all()}

    services.transition_request(mla, "sent", owner)
    assert "extension_due" in kinds() and "disclosure_due" not in kinds()
    services.transition_request(mla, "executed", owner)
    assert "extension_due" not in kinds()
