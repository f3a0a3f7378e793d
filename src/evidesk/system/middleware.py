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


NUL_REFUSED = "The address contains a NUL character (%00), which no search or filter can use."


def refuse_nul_characters(get_response: Handler) -> Handler:
    """A NUL character in the query is refused up front: PostgreSQL cannot store or compare it,
    and no honest search contains one (form fields refuse it already)."""
    from django.http import HttpResponseBadRequest, JsonResponse

    def middleware(request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": {"status": 400, "code": "invalid", "message": NUL_REFUSED}},
                    status=400,
                )
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return get_response(request)

    return middleware
