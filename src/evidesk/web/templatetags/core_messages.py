"""The stable vocabulary's codes and countries in words, in the reader's language (the case
page's plan comes named already: `cases.planning.for_reader`)."""

from django import template

from evidesk.advisor.vocabulary import CHANNEL_NAMES, DATA_NAMES
from evidesk.system.language import country_name, name_of

register = template.Library()
register.filter("country_name", country_name)


@register.filter
def channel_name(code: str) -> str:
    return name_of(CHANNEL_NAMES, code)


@register.filter
def data_names(codes: list[str]) -> str:
    return ", ".join(name_of(DATA_NAMES, code) for code in codes)
