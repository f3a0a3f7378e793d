"""Login throttling, counted from the audit trail's own failed-login events.

The failures are already recorded there (append-only), so no second table can disagree with
what the auditor sees. An account locks after ACCOUNT_LIMIT failures within WINDOW since its last
successful login; an address that fails ADDRESS_LIMIT times within WINDOW is held off too, so
one machine cannot try many accounts.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from evidesk.audit.models import AuditEvent
from evidesk.clock import now

WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
FAILED = "auth.login_failed"


def locked_until(username: str, remote_addr: str) -> datetime | None:
    """When the next attempt for this account from this address will be heard, or None."""
    # The name as the login form reads it: " owner " must not escape the lock on "owner".
    username = unicodedata.normalize("NFKC", username.strip())
    since = now() - WINDOW
    failures = AuditEvent.objects.filter(action=FAILED, at__gte=since)
    last_success = (
        AuditEvent.objects.filter(action="auth.login", at__gte=since, actor_name__iexact=username)
        .order_by("-seq")
        .values_list("at", flat=True)
        .first()
    )
    mine = failures.filter(data__username__iexact=username)
    if last_success:
        mine = mine.filter(at__gt=last_success)
    for attempts, limit in (
        (mine, ACCOUNT_LIMIT),
        (failures.filter(remote_addr=remote_addr), ADDRESS_LIMIT),
    ):
        times = list(attempts.order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            return times[limit - 1] + WINDOW
    return None
