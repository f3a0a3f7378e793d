"""Writes to user accounts. Views and the CLI call these; nothing else creates users."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evidesk.accounts import twofactor
from evidesk.accounts.models import RecoveryCode, Role, Unit, User
from evidesk.audit import services as audit
from evidesk.clock import now

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
    return create_user(
        by,
        username=username,
        password=password,
        role=Role.ADMINISTRATOR,
        email=email,
        full_name=full_name,
    )


@transaction.atomic
def create_user(
    actor,
    *,
    username: str,
    password: str,
    role: str,
    unit: Unit | None = None,
    email: str = "",
    full_name: str = "",
) -> User:
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("A user name is required.")})
    if User.objects.filter(username__iexact=username).exists():
        message = _("A user named %(name)r already exists.")
        raise ValidationError({"username": message % {"name": username}})
    candidate = User(
        username=username, email=email.strip(), full_name=full_name.strip(), role=role, unit=unit
    )
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    candidate.is_staff = candidate.is_superuser = role == Role.ADMINISTRATOR
    candidate.set_password(password)
    candidate.full_clean()
    candidate.save()
    audit.record("user.create", actor=actor, obj=candidate, after=_account_values(candidate))
    return candidate


def _account_values(user: User) -> dict:
    return {
        "username": user.username,
        "role": user.role,
        "unit": user.unit.name if user.unit else "",
        "is_active": user.is_active,
    }


@transaction.atomic
def update_user(actor, user: User, *, role: str, unit: Unit | None, is_active: bool) -> User:
    if user.pk == actor.pk and (role != user.role or not is_active):
        raise ValidationError(_("You cannot change your own role or deactivate yourself."))
    before = _account_values(user)
    user.role, user.unit, user.is_active = role, unit, is_active
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    user.full_clean()
    user.save()
    after = _account_values(user)
    changed = [key for key in after if after[key] != before[key]]
    audit.record(
        "user.update",
        actor=actor,
        obj=user,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return user


@transaction.atomic
def create_unit(actor, name: str) -> Unit:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the unit a name.")})
    if Unit.objects.filter(name__iexact=name).exists():
        message = _("A unit named %(name)r already exists.")
        raise ValidationError({"name": message % {"name": name}})
    unit = Unit.objects.create(name=name)
    audit.record("unit.create", actor=actor, obj=unit, after={"name": name})
    return unit


@transaction.atomic
def confirm_two_factor(user: User, secret: str, code: str) -> list[str]:
    """Finish enrolment with the first code from the app; return the recovery codes, shown once."""
    step = twofactor.accepted_step(secret, code, 0, now())
    if step is None:
        raise ValidationError(
            _("That code is not right. Check the phone's clock and type the current six digits.")
        )
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = secret, now(), step
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    audit.record("auth.two_factor_enrolled", actor=user, obj=user)
    return _new_recovery_codes(user)


def _new_recovery_codes(user: User) -> list[str]:
    codes = twofactor.new_recovery_codes()
    user.recovery_codes.all().delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=make_password(twofactor.clean_code(code)))
        for code in codes
    )
    return codes


@transaction.atomic
def regenerate_recovery_codes(user: User) -> list[str]:
    codes = _new_recovery_codes(user)
    audit.record("auth.recovery_codes_renewed", actor=user, obj=user)
    return codes


@transaction.atomic
def check_second_factor(user: User, code: str, remote_addr: str = "") -> bool:
    """Accept a current TOTP code or an unused recovery code (which is then spent)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    step = twofactor.accepted_step(locked.totp_secret, code, locked.totp_last_step, now())
    if step is not None:
        locked.totp_last_step = step
        locked.save(update_fields=["totp_last_step"])
        return True
    cleaned = twofactor.clean_code(code)
    for recovery in locked.recovery_codes.filter(used_at__isnull=True):
        if check_password(cleaned, recovery.code_hash):
            recovery.used_at = now()
            recovery.save(update_fields=["used_at"])
            left = locked.recovery_codes.filter(used_at__isnull=True).count()
            audit.record(
                "auth.recovery_code_used",
                actor=locked,
                obj=locked,
                data={"codes_left": left},
                remote_addr=remote_addr,
            )
            return True
    audit.record(
        "auth.login_failed",
        obj=locked,
        data={"username": locked.username, "stage": "second_factor"},
        remote_addr=remote_addr,
    )
    return False


@transaction.atomic
def reset_two_factor(actor, user: User) -> None:
    """For a lost phone without recovery codes: the user enrols again at the next login."""
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = "", None, 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
    user.recovery_codes.all().delete()
    audit.record("auth.two_factor_reset", actor=actor, obj=user)


def unused_recovery_codes(user: User) -> int:
    return user.recovery_codes.filter(used_at__isnull=True).count()


def record_failed_password(user: User, remote_addr: str = "") -> None:
    """A wrong password when confirming one's identity counts towards the lock-out too."""
    audit.record(
        "auth.login_failed",
        obj=user,
        data={"username": user.username, "stage": "reauthentication"},
        remote_addr=remote_addr,
    )


def remember_language(user: User, language: str) -> None:
    """The interface language the person chose, for their e-mails, calendar and next login. A
    preference about the person alone, not the office's data: no audit event."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
