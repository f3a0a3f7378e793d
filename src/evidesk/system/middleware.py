"""Cross-cutting request handling: security headers, the first-run redirect, and a page for
Django's empty 405 answers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string

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


def explain_not_allowed(get_response: Handler) -> Handler:
    """Django answers a refused method (`require_POST`, a class-based view's
    `http_method_names`) with an empty 405, which a browser shows as a blank page: it gets a
    page saying what happened. The Allow header stays; answers with a body (the API's JSON)
    are left as they are."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if (
            response.status_code == 405
            and not response.streaming
            and not response.content
            and response.get("Content-Type", "").startswith("text/html")
        ):
            response.content = render_to_string("405.html", request=request)
        return response

    return middleware
