"""Who may do what, by role. One place, so pages, API and CLI ask the same question."""

from evidesk.accounts.models import Role


def is_administrator(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role == Role.ADMINISTRATOR)
    )
