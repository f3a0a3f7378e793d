"""What the page frame needs to know about the user's roles (which menu entries to show)."""

from evidesk.accounts import permissions


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "is_administrator": permissions.is_administrator(user),
        "is_auditor": permissions.is_auditor(user),
    }
