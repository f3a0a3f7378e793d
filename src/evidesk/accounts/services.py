"""Writes to user accounts. Views and the CLI call these; nothing else creates users."""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from evidesk.accounts.models import Role, User
from evidesk.audit import services as audit

_users_exist = False


def any_user_exists() -> bool:
    """Whether setup is over. Only a positive answer is cached: users are never all removed."""
    global _users_exist
    if not _users_exist:
        _users_exist = get_user_model().objects.exists()
    return _users_exist


def create_administrator(
    username: str, password: str, email: str = "", full_name: str = "", by=None
) -> User:
    username = username.strip()
    if not username:
        raise ValidationError({"username": "A user name is required."})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"A user named {username!r} already exists."})
    candidate = User(username=username, email=email.strip(), full_name=full_name.strip())
    password_validation.validate_password(password, candidate)
    with transaction.atomic():
        candidate.role = Role.ADMINISTRATOR
        candidate.is_staff = True
        candidate.is_superuser = True
        candidate.set_password(password)
        candidate.full_clean()
        candidate.save()
        audit.record(
            "user.create",
            actor=by,
            obj=candidate,
            after={"username": candidate.username, "role": candidate.role},
        )
    return candidate
