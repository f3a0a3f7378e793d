"""View guards by role and by freshness of the login."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from evidesk.accounts import permissions, sessions


def role_required(check):
    """Only users for whom `check(user)` holds; the others are told they lack the role (403)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator


administrator_required = role_required(permissions.is_administrator)
auditor_required = role_required(permissions.is_auditor)
case_worker_required = role_required(permissions.works_on_cases)


def recent_authentication_required(view):
    """Sensitive actions (exports, role changes) ask for the password again after a while."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not sessions.recently_authenticated(request.session):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return guarded
