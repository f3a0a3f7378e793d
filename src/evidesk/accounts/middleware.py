"""Every request of a logged-in user: signed out after inactivity, held at the two-factor
step until the second factor is done."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from evidesk.accounts import sessions
from evidesk.system.middleware import Handler

# Pages a user who still owes the second factor may reach.
SECOND_FACTOR_OPEN_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/two-factor/",
    "/static/",
    "/i18n/",
    "/health",
)


def account_guard(get_response: Handler) -> Handler:
    def middleware(request):
        user = request.user
        if not user.is_authenticated:
            return get_response(request)
        idle = sessions.idle_for(request.session)
        if idle is not None and idle > sessions.idle_limit():
            logout(request)
            messages.info(
                request,
                _("You were signed out after %(minutes)d minutes without activity.")
                % {"minutes": settings.EVIDESK_SESSION_IDLE_MINUTES},
            )
            return redirect_to_login(request.get_full_path())
        sessions.touch(request.session)
        owes_second_factor = not sessions.second_factor_done(request.session) and (
            user.has_two_factor or settings.EVIDESK_REQUIRE_TWO_FACTOR
        )
        if owes_second_factor and not request.path.startswith(SECOND_FACTOR_OPEN_PREFIXES):
            return redirect("two-factor")
        return get_response(request)

    return middleware
