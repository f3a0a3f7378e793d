"""Personal API tokens: made, used and revoked here, every change in the audit trail."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evidesk.api.models import ApiToken
from evidesk.audit import services as audit
from evidesk.clock import now

PREFIX = "evd_"
# Recording every use would write on every call; once a minute says enough about activity.
LAST_USED_PRECISION = timedelta(minutes=1)
MAX_ACTIVE_TOKENS = 20


def _digest(secret: str) -> str:
    # The secret is 256 random bits: a fast hash is enough, no password stretching needed.
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(user, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token and its secret, which is never shown again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the token after the system that will use it.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose read-only or read-write.")})
    if user.api_tokens.filter(revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        message = _("Revoke an unused token first: at most %(most)d.")
        raise ValidationError(message % {"most": MAX_ACTIVE_TOKENS})
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        scope=scope,
        prefix=secret[:12],
        digest=_digest(secret),
        created_at=now(),
    )
    audit.record(
        "api.token_created", actor=user, obj=token, after={"name": token.name, "scope": scope}
    )
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, actor) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        "api.token_revoked",
        actor=actor,
        obj=token,
        data={"name": token.name, "owner": token.user.get_username()},
    )


def token_for(secret: str) -> ApiToken | None:
    """The active token with this secret, if its owner may still work; else None."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None and (
        token.last_used_at is None or now() - token.last_used_at > LAST_USED_PRECISION
    ):
        token.last_used_at = now()
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token
