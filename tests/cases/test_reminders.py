"""The daily digest by e-mail and the private calendar feed."""

from datetime import timedelta

import icalendar
import pytest
import time_machine
from django.test import Client

from evidesk.accounts.models import User
from evidesk.cases.demo import load_demo
from evidesk.cases.reminders import digest_subject, send_due_digests
from evidesk.clock import now
from evidesk.system.worker import BackgroundWorker


@pytest.fixture
def demo_owner(owner, kb):
    owner.email = "nino@example.org"
    owner.save()
    load_demo(owner)
    return owner


def test_the_digest_lists_overdue_and_coming_deadlines_once_a_day(demo_owner, outsider, mailoutbox):
    outsider.email = "other@example.org"
    outsider.save()
    with time_machine.travel(now() + timedelta(days=80)):
        assert send_due_digests() == 1  # the outsider has no deadlines: no mail
        message = mailoutbox[0]
        assert message.to == ["nino@example.org"]
        assert "DEMO-GE-0412" in message.body and "OVERDUE" in message.body
        assert "Disclosure request due" in message.body
        assert send_due_digests() == 0  # not twice the same day
    with time_machine.travel(now() + timedelta(days=81, hours=23)):
        assert send_due_digests() == 1


@pytest.mark.parametrize(
    ("count", "russian", "english"),
    [
        (1, "1 срок просрочен или наступает", "1 deadline overdue"),
        (2, "2 срока просрочены или наступают", "2 deadlines overdue"),
        (5, "5 сроков просрочены или наступают", "5 deadlines overdue"),
        (21, "21 срок просрочен или наступает", "21 deadlines overdue"),
    ],
)
def test_the_digest_subject_counts_its_deadlines_in_words_that_agree(count, russian, english):
    from django.utils.translation import override

    with override("ru"):
        assert digest_subject(count).startswith(f"evidesk: {russian} в ближайшие 7 дн.")
    with override("en"):
        assert digest_subject(count).startswith(f"evidesk: {english} or due within 7 days")


def test_the_worker_sends_the_digest(demo_owner, mailoutbox):
    with time_machine.travel(now() + timedelta(days=80)):
        BackgroundWorker().sweep()
    assert len(mailoutbox) == 1


def test_the_calendar_feed_parses_and_holds_my_deadlines(client, demo_owner, outsider):
    client.force_login(demo_owner)
    client.post("/calendar/", {"action": "new"})
    token = User.objects.get(pk=demo_owner.pk).calendar_token
    assert len(token) > 30
    assert token in client.get("/calendar/").content.decode()
    client.logout()
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    summaries = {str(e["summary"]) for e in events}
    assert any(s == "Preservation expires: DEMO-GE-0412" for s in summaries)
    assert all(str(e["uid"]).endswith("@evidesk") for e in events)
    assert len({str(e["uid"]) for e in events}) == len(events)
    alarm = events[0].walk("VALARM")[0]
    assert alarm["trigger"].dt == timedelta(days=-3)


def test_a_revoked_or_wrong_token_gives_nothing(client, demo_owner):
    client.force_login(demo_owner)
    client.post("/calendar/", {"action": "new"})
    old = User.objects.get(pk=demo_owner.pk).calendar_token
    client.post("/calendar/", {"action": "new"})
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    client.post("/calendar/", {"action": "revoke"})
    assert User.objects.get(pk=demo_owner.pk).calendar_token == ""
    assert client.get("/calendar/.ics").status_code == 404
    assert client.get("/calendar/x.ics").status_code == 404


def test_a_mail_server_failure_keeps_the_digest_due(demo_owner, mailoutbox, monkeypatch):
    import smtplib

    from evidesk.cases import reminders

    def refuse(**message):
        raise smtplib.SMTPServerDisconnected("the office's mail server is down")

    due_before = User.objects.get(pk=demo_owner.pk).next_digest_at
    with time_machine.travel(now() + timedelta(days=80)):
        monkeypatch.setattr(reminders, "send_mail", refuse)
        BackgroundWorker().sweep()  # the worker goes on
        assert User.objects.get(pk=demo_owner.pk).next_digest_at == due_before
        monkeypatch.undo()
        assert send_due_digests() == 1  # sent at the next round
    assert "DEMO-GE-0412" in mailoutbox[0].body


def test_the_language_chosen_last_is_kept_for_mail_calendar_and_the_next_login(
    client, demo_owner, mailoutbox
):
    """Switching the interface to Russian is remembered: the digest and the calendar come in
    Russian, and logging in again, on any computer, opens the product in Russian."""
    client.force_login(demo_owner)
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert User.objects.get(pk=demo_owner.pk).language == "ru"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # not a language we have
    assert User.objects.get(pk=demo_owner.pk).language == "ru"
    client.post("/calendar/", {"action": "new"})
    token = User.objects.get(pk=demo_owner.pk).calendar_token
    with time_machine.travel(now() + timedelta(days=80)):
        assert send_due_digests() == 1
    message = mailoutbox[0]
    assert "срок" in message.subject and "deadline" not in message.subject
    assert "ПРОСРОЧЕНО" in message.body and "OVERDUE" not in message.body
    assert "должен поступить до окончания сохранения" in message.body
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/{token}.ics").content)
    summaries = {str(e["summary"]) for e in calendar.walk("VEVENT")}
    assert "Сохранение истекает: DEMO-GE-0412" in summaries
    fresh = Client()  # another computer: no language cookie yet
    fresh.post("/accounts/login/", {"username": "owner", "password": "owner-password-123"})
    assert 'lang="ru"' in fresh.get("/", follow=True).content.decode()
    # On the login page of a third computer, the visitor chooses English: that choice wins.
    third = Client()
    third.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    third.post("/accounts/login/", {"username": "owner", "password": "owner-password-123"})
    assert 'lang="en"' in third.get("/", follow=True).content.decode()
    assert User.objects.get(pk=demo_owner.pk).language == "en"


def test_deadlines_computed_before_their_reasons_were_kept_worded_are_reworded(demo_owner):
    """An installation upgraded from before migration 0009 holds deadlines with English reasons
    only; the worker recomputes them, a batch a round, and then has nothing left to do."""
    from evidesk.cases.models import Deadline
    from evidesk.cases.tracking import reword_older_deadlines

    computed = Deadline.objects.filter(computed=True)
    before = {(d.request_id, d.kind, d.due) for d in computed}
    computed.update(details={})
    worker = BackgroundWorker()
    worker.sweep()
    assert not computed.filter(details={}).exists()
    assert {(d.request_id, d.kind, d.due) for d in computed} == before
    assert reword_older_deadlines() == 0
    worker.sweep()  # finds none left, and stops looking in later rounds
    assert worker._older_deadlines_left is False


def test_each_role_is_reminded_of_the_requests_whose_next_step_is_theirs(demo_owner, capsys):
    """The central authority reads the whole case once its MLA request has left, but records
    only that request's steps: its dashboard, digest and command line list that request's
    deadlines, not the prosecutor's preservation; an administrator who opened the case by
    break-glass is reminded of nothing. The team is reminded of all of them."""
    import json

    from evidesk.accounts.models import Role
    from evidesk.cases import services
    from evidesk.cases.dashboard import dashboard_for
    from evidesk.cases.models import Request
    from evidesk.cases.reminders import digest_lines
    from evidesk.cli import main

    mla = Request.objects.get(case__reference="DEMO-GE-0412", type="mla_stored")
    services.transition_request(mla, "sent", demo_owner)
    central = User.objects.create_user("central", role=Role.CENTRAL_AUTHORITY)
    glass = User.objects.create_user("glass", role=Role.ADMINISTRATOR)
    services.open_break_glass(glass, mla.case, "The prosecutor is ill; the court asks today")
    later = now() + timedelta(days=40)
    with time_machine.travel(later, tick=False):
        assert main(["deadlines", "--within", "90d", "--user", "central", "--format", "json"]) == 0
        listed = {(row["request"], row["kind"]) for row in json.loads(capsys.readouterr().out)}
        assert listed == {(mla.pk, "follow_up_due")}
        board = dashboard_for(central, later.date())
        assert [d.request_id for d in board.overdue] == [mla.pk]
        assert [request.pk for request, _days in board.waiting_longest] == [mla.pk]
        assert len(digest_lines(central)) == 1
        assert digest_lines(glass) == [] and not dashboard_for(glass, later.date()).overdue
    from evidesk.cases.access import deadlines_to_act_on

    assert {"mla_stored", "preservation"} <= {
        d.request.type for d in deadlines_to_act_on(demo_owner)
    }
