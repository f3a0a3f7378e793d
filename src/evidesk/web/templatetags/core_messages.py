"""The advisor's and other pure cores' messages in the reader's language, and the stable
vocabulary's codes in words."""

from django import template

from evidesk.advisor.vocabulary import ACTION_NAMES, CHANNEL_NAMES, DATA_NAMES, WARNING_NAMES
from evidesk.system.language import country_name, name_of, translated

register = template.Library()
register.filter("translated", translated)
register.filter("country_name", country_name)


@register.filter
def action_name(code: str) -> str:
    return name_of(ACTION_NAMES, code)


@register.filter
def channel_name(code: str) -> str:
    return name_of(CHANNEL_NAMES, code)


@register.filter
def channel_names(codes: list[str]) -> str:
    return ", ".join(name_of(CHANNEL_NAMES, code) for code in codes)


@register.filter
def warning_name(code: str) -> str:
    return name_of(WARNING_NAMES, code)


@register.filter
def data_names(codes: list[str]) -> str:
    return ", ".join(name_of(DATA_NAMES, code) for code in codes)
