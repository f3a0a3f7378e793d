"""Logins, logouts and failed logins go into the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from evidesk.audit.services import record


def _addr(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs) -> None:
    record("auth.login", actor=user, obj=user, remote_addr=_addr(request))


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record("auth.logout", actor=user, obj=user, remote_addr=_addr(request))


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs) -> None:
    # The attempted user name is kept; the password never is.
    record(
        "auth.login_failed",
        data={"username": str(credentials.get("username", ""))[:150]},
        remote_addr=_addr(request),
    )
