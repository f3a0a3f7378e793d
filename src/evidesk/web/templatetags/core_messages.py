"""The stable vocabulary's codes, countries and the wording kept with a request or deadline, in
the reader's language (the case page's plan comes named already: `cases.planning.for_reader`),
and moments as the clocks read them where they were given."""

from datetime import datetime

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from evidesk.advisor.vocabulary import CHANNEL_NAMES, DATA_NAMES
from evidesk.cases.forms import country_choices
from evidesk.system.language import country_name, name_of, translated
from evidesk.zones import zone_named

register = template.Library()
register.filter("country_name", country_name)
register.filter("translated", translated)  # a pure core's message (`evidesk.wording`)


@register.filter
def channel_name(code: str) -> str:
    return name_of(CHANNEL_NAMES, code)


@register.simple_tag
def country_options(selected: str = "") -> SafeString:
    """`<option>`s for every country, named in the reader's language; the code `selected`
    (in either case) chosen. Lists filter by country so, not by a code the reader must know."""
    chosen = (selected or "").upper()
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((code, mark_safe(" selected") if code == chosen else "", name)
         for code, name in country_choices()[1:]),
    )  # fmt: skip


@register.filter
def data_names(codes: list[str]) -> str:
    return ", ".join(name_of(DATA_NAMES, code) for code in codes)


@register.filter
def worded(record, name: str) -> str:
    """A record's text in the reader's language while it is as worded (`KeepsWording`: a
    request's legal basis or addressee, a deadline's reason or sources), as recorded otherwise."""
    return translated(record.worded(name))


@register.filter
def local_time(moment: datetime | None, zone: str) -> str:
    """`moment` as the clocks read it in `zone`, the zone a period was given in; empty when
    the zone is unknown (a stored case the advisor cannot read says why elsewhere)."""
    tz = zone_named(zone)
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment and tz else ""
