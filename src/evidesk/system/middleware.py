"""Cross-cutting request handling: security headers and the first-run redirect."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# No inline script or style anywhere: every asset is a file the application serves itself.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

Handler = Callable[[HttpRequest], HttpResponse]


def security_headers(get_response: Handler) -> Handler:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response

    return middleware


# Paths that work before the first administrator exists.
FIRST_RUN_OPEN_PREFIXES = ("/setup/", "/health", "/static/", "/i18n/")


def first_run(get_response: Handler) -> Handler:
    """Until an administrator exists, every page leads to the one-time setup page."""
    from evidesk.accounts.services import any_user_exists

    def middleware(request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(FIRST_RUN_OPEN_PREFIXES) and not any_user_exists():
            return redirect("setup")
        return get_response(request)

    return middleware
