"""Pages kept for a few seconds, and never shown once the data behind them has changed.

An office's dashboard and case list (and the API's case list, which systems poll) are what
everyone reloads, and with years of cases they are the dearest to build. Each web process keeps
what it built for a person for `EVIDESK_PAGES_KEPT_SECONDS` (20 by default; 0 turns keeping
off), under a key that holds the office's data version. Every change raises that version, so
nothing kept from before a change is served again, by any process:
- the pages and the API raise it after every request that may write (POST, PUT, PATCH, DELETE);
- the worker raises it after running tasks.
Command-line changes (imports, the demo) and the passing of time (a deadline falling overdue, a
break-glass access ending) show within those seconds, when the kept page expires. Case pages and
everything else are built for every request, and who may open what is checked every time.

The version is read before the page is built and raised after a change commits, so a page built
from data older than a change is always kept under an older version than the one after it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from evidesk.clock import now
from evidesk.system.middleware import Handler
from evidesk.system.models import DataVersion

T = TypeVar("T")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def data_version() -> int:
    return DataVersion.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def note_change() -> None:
    """Pages kept until now are out of date."""
    DataVersion.objects.get_or_create(pk=1)
    DataVersion.objects.filter(pk=1).update(number=F("number") + 1)


def count_changes(get_response: Handler) -> Handler:
    """Raise the data version after every request that may have written something."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.method not in SAFE_METHODS:
            note_change()
        return response

    return middleware


def _key(parts: tuple) -> str:
    """The cache key of what `parts` name, as of the office's data version and today."""
    dated = (*parts, data_version(), now().date().isoformat())
    return "kept:" + hashlib.sha256(repr(dated).encode()).hexdigest()


def kept(parts: tuple, build: Callable[[], T]) -> T:
    """What `build` gives, or what it gave moments ago for the same `parts` (which must name
    the person and everything else the result depends on) while nothing has changed."""
    if not settings.EVIDESK_PAGES_KEPT_SECONDS:
        return build()
    key = _key(parts)
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, settings.EVIDESK_PAGES_KEPT_SECONDS)
    return found


def _page_key(request: HttpRequest) -> str | None:
    """What a kept page depends on; None when it must not be kept. The CSRF secret is part of
    the key because the page's forms carry a token made from it."""
    secret = request.META.get("CSRF_COOKIE")
    if not (
        settings.EVIDESK_PAGES_KEPT_SECONDS
        and secret
        and request.method == "GET"
        and request.user.is_authenticated
    ):
        return None
    if len(messages.get_messages(request)):
        return None  # a message is shown once: the page that shows it is not kept
    return _key(
        (request.path, request.META.get("QUERY_STRING", ""), request.user.pk, get_language(),
         secret)
    )  # fmt: skip


def kept_briefly(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the person's page as built moments ago while nothing has changed."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = _page_key(request)
        if key is not None and (body := cache.get(key)) is not None:
            return HttpResponse(body)
        response = view(request, *args, **kwargs)
        if key is not None and response.status_code == 200 and not response.streaming:
            cache.set(key, response.content, settings.EVIDESK_PAGES_KEPT_SECONDS)
        return response

    return wrapper
