"""What a login session knows about how its user proved who they are, and when."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest

from evidesk.clock import now

SECOND_FACTOR_AT = "evidesk_second_factor_at"
AUTHENTICATED_AT = "evidesk_authenticated_at"
LAST_SEEN = "evidesk_last_seen"
PENDING_LOGIN = "evidesk_pending_login"
ENROLMENT_SECRET = "evidesk_enrolment_secret"  # noqa: S105 (a session key, not a secret)

PENDING_LOGIN_LIFETIME = timedelta(minutes=5)
# Exports, role changes and other sensitive actions ask for the password again after this.
RECENT_AUTHENTICATION = timedelta(minutes=10)


def _stamp(session, key: str) -> None:
    session[key] = now().isoformat()


def _age(session, key: str) -> timedelta | None:
    value = session.get(key)
    return now() - datetime.fromisoformat(value) if value else None


def complete_login(request: HttpRequest, user, second_factor: bool) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.pop(PENDING_LOGIN, None)
    mark_authenticated(request.session, second_factor)


def mark_authenticated(session, second_factor: bool) -> None:
    _stamp(session, AUTHENTICATED_AT)
    _stamp(session, LAST_SEEN)
    if second_factor:
        _stamp(session, SECOND_FACTOR_AT)


def second_factor_done(session) -> bool:
    return bool(session.get(SECOND_FACTOR_AT))


def recently_authenticated(session) -> bool:
    age = _age(session, AUTHENTICATED_AT)
    return age is not None and age <= RECENT_AUTHENTICATION


def idle_for(session) -> timedelta | None:
    return _age(session, LAST_SEEN)


def idle_limit() -> timedelta:
    return timedelta(minutes=settings.EVIDESK_SESSION_IDLE_MINUTES)


def touch(session) -> None:
    """Note activity; written at most once a minute so reading pages stays cheap."""
    age = _age(session, LAST_SEEN)
    if age is None or age > timedelta(minutes=1):
        _stamp(session, LAST_SEEN)


def start_pending_login(session, user) -> None:
    session[PENDING_LOGIN] = {"user": user.pk, "at": now().isoformat()}


def pending_login_user_id(session) -> int | None:
    pending = session.get(PENDING_LOGIN)
    if not pending:
        return None
    if now() - datetime.fromisoformat(pending["at"]) > PENDING_LOGIN_LIFETIME:
        session.pop(PENDING_LOGIN, None)
        return None
    return pending["user"]
