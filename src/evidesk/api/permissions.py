"""Who may call what: a token acts as its owner, within its scope; roles as in the pages."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from evidesk.accounts import permissions


class TokenScope(BasePermission):
    """Every call needs a token; a read-only token may only read."""

    message = "This token may only read. Make a read-write token to change data."

    def has_permission(self, request, view) -> bool:
        if request.auth is None:
            return False
        return request.method in SAFE_METHODS or request.auth.scope == "write"


class CaseWork(TokenScope):
    """Case data and the office's directory: everyone but auditors, who read only the trail."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if permissions.is_auditor(request.user):
            self.message = "Auditors read the audit trail; they have no access to case data."
            return False
        return True


class Auditor(TokenScope):
    message = "Only auditors read the audit trail."

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and permissions.is_auditor(request.user)
