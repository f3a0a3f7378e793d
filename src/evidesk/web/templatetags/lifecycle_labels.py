"""A request's statuses and refusal reasons in the reader's language, not as stored codes.

A case page offers these choices for each of its requests: the options are made once per
language, not once per request."""

from functools import cache

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from evidesk.cases import lifecycle
from evidesk.cases.models import REFUSAL_REASON_LABELS, status_labels

register = template.Library()


@register.filter
def status_label(code: str, direction: str = lifecycle.OUTGOING) -> str:
    """The status as a request of this direction reads it (`code|status_label:direction`)."""
    return status_labels(direction).get(code, code)


@register.filter
def refusal_label(code: str) -> str:
    return REFUSAL_REASON_LABELS.get(code, code)


@register.simple_tag
def request_statuses(requests) -> SafeString:
    """Each request's type and status, one to a line, as lists of cases show them: one tag for
    a case instead of a loop of tags for each request (a list shows a hundred requests)."""
    return format_html_join(
        mark_safe("<br>"),
        '<span class="status status-{}">{}: {}</span>',
        ((r.status, r.get_type_display(), r.get_status_display()) for r in requests),
    )


LABELS = {
    "status": status_labels(lifecycle.OUTGOING),
    "incoming status": status_labels(lifecycle.INCOMING),
    "refusal": REFUSAL_REASON_LABELS,
}


@register.simple_tag
def status_options(codes, direction: str = lifecycle.OUTGOING, chosen: str = "") -> SafeString:
    """`<option>`s for these statuses, as a request of this direction reads them."""
    kind = "incoming status" if direction == lifecycle.INCOMING else "status"
    return _options_choosing(kind, tuple(codes), chosen)


@register.simple_tag
def refusal_options(chosen: str = "") -> SafeString:
    """`<option>`s for every refusal reason."""
    return _options_choosing("refusal", tuple(lifecycle.REFUSAL_REASONS), chosen)


def _options_choosing(kind: str, codes: tuple, chosen: str) -> SafeString:
    # Only a listed code is kept as chosen: what a refused form sent back must not grow the cache.
    return _options(get_language(), kind, codes, chosen if chosen in codes else "")


@cache
def _options(language: str, kind: str, codes: tuple, chosen: str) -> SafeString:
    # `language` is in the key because the labels come out in the active language.
    labels = LABELS[kind]
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((c, " selected" if c == chosen else "", labels.get(c, c)) for c in codes),
    )
