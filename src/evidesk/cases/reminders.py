"""Reminders of deadlines: a daily e-mail digest and a private calendar feed per user."""

from __future__ import annotations

import logging
import secrets
import smtplib
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override
from icalendar import Alarm, Calendar, Event

from evidesk.accounts.models import User
from evidesk.audit import services as audit
from evidesk.cases.access import deadlines_to_act_on
from evidesk.clock import now
from evidesk.system.language import translated

logger = logging.getLogger(__name__)

DIGEST_HOUR_UTC = 4  # early morning from Chisinau to Almaty
DIGEST_HORIZON_DAYS = 7


def next_digest_time(after: datetime) -> datetime:
    day = after.date() + timedelta(days=1)
    return datetime.combine(day, time(DIGEST_HOUR_UTC), tzinfo=after.tzinfo)


def digest_lines(user: User) -> list[str]:
    """The user's deadlines overdue or due soon, one a line, in the active language."""
    today = now().date()
    rows = deadlines_to_act_on(user).filter(due__lte=today + timedelta(days=DIGEST_HORIZON_DAYS))
    overdue = _("OVERDUE")
    return [
        f"{d.due}  {overdue + '  ' if d.due < today else ''}{d.get_kind_display()} — "
        f"{d.request.case.reference} ({d.request.get_type_display()}): "
        f"{translated(d.worded('reason'))}"
        for d in rows.order_by("due")
    ]


def digest_subject(count: int) -> str:
    """The digest's subject in the active language, the noun agreeing with the count."""
    return ngettext(
        "evidesk: %(count)s deadline overdue or due within %(days)s days",
        "evidesk: %(count)s deadlines overdue or due within %(days)s days",
        count,
    ) % {"count": count, "days": DIGEST_HORIZON_DAYS}


def send_due_digests() -> int:
    """Send each user whose digest is due their overdue and coming deadlines; returns how many
    were sent. A user is claimed with a compare-and-set update, so two workers never both send."""
    moment = now()
    sent = 0
    due_users = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(next_digest_at__isnull=True) | Q(next_digest_at__lte=moment))
    )
    for user in due_users:
        claimed = User.objects.filter(pk=user.pk, next_digest_at=user.next_digest_at).update(
            next_digest_at=next_digest_time(moment)
        )
        if not claimed:
            continue
        with override(user.language or settings.LANGUAGE_CODE):
            lines = digest_lines(user)
            subject = digest_subject(len(lines))
            heading = _("Deadlines for %(user)s:") % {"user": user}
        if not lines:
            continue
        try:
            send_mail(
                subject=subject,
                message="\n".join([heading, "", *lines]),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
            )
        except (OSError, smtplib.SMTPException):
            # The mail server is down or refuses: the digest stays due, and the worker's next
            # round tries again, instead of the worker stopping or the digest being lost.
            logger.exception("the deadline digest for %s could not be sent", user)
            User.objects.filter(pk=user.pk).update(next_digest_at=user.next_digest_at)
            continue
        sent += 1
    return sent


def new_calendar_token(user: User) -> str:
    """Issue a new secret feed address; the old one stops working at once."""
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    audit.record("calendar.token_issued", actor=user, obj=user)
    return user.calendar_token


def revoke_calendar_token(user: User) -> None:
    user.calendar_token = ""
    user.save(update_fields=["calendar_token"])
    audit.record("calendar.token_revoked", actor=user, obj=user)


def user_for_token(token: str) -> User | None:
    if not token or len(token) < 20:
        return None
    return User.objects.filter(calendar_token=token, is_active=True).first()


def calendar_for(user: User) -> bytes:
    """The user's deadlines as a calendar, in the language they chose last."""
    with override(user.language or settings.LANGUAGE_CODE):
        return _calendar(user)


def _calendar(user: User) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//evidesk//deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("evidesk deadlines"))
    stamp = now()
    for deadline in deadlines_to_act_on(user).filter(due__gte=stamp.date() - timedelta(days=30)):
        event = Event()
        # Stable across recomputation: one event per request and kind of deadline.
        event.add("uid", f"{deadline.request_id}-{deadline.kind}@evidesk")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.due)
        event.add("dtend", deadline.due + timedelta(days=1))
        event.add("summary", f"{deadline.get_kind_display()}: {deadline.request.case.reference}")
        event.add("description", str(translated(deadline.worded("reason"))))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("%(what)s in 3 days") % {"what": deadline.get_kind_display()})
        alarm.add("trigger", timedelta(days=-3))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
