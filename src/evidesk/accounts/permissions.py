"""Who may do what, by role. One place, so pages, API and CLI ask the same question."""

from evidesk.accounts.models import Role


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_administrator(user) -> bool:
    return _active(user) and (user.is_superuser or user.role == Role.ADMINISTRATOR)


def is_auditor(user) -> bool:
    return _active(user) and user.role == Role.AUDITOR


def works_on_cases(user) -> bool:
    """Opens and works on cases: every role but the auditor's, who reads the audit trail and
    changes nothing."""
    return _active(user) and user.role != Role.AUDITOR


def is_supervisor_of(user, unit_id: int | None) -> bool:
    return (
        _active(user)
        and user.role == Role.SUPERVISOR
        and unit_id is not None
        and (user.unit_id == unit_id)
    )


def is_central_authority(user) -> bool:
    return _active(user) and user.role == Role.CENTRAL_AUTHORITY
