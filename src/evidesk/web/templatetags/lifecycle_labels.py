"""A request's statuses and refusal reasons in the reader's language, not as stored codes."""

from django import template

from evidesk.cases.models import REFUSAL_REASON_LABELS, Status

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    return Status(code).label if code in Status.values else code


@register.filter
def refusal_label(code: str) -> str:
    return REFUSAL_REASON_LABELS.get(code, code)
