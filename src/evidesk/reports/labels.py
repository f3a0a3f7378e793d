"""The figures' groups named for a reader: countries, providers, channels, request types,
outcomes and refusal reasons in words, in the active language. The page and the annual report in
PDF show these; CSV and XLSX keep the codes, on which spreadsheets filter and join."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evidesk.advisor.vocabulary import CHANNEL_NAMES
from evidesk.cases.models import REFUSAL_REASON_LABELS, STATUS_LABELS, RequestType
from evidesk.knowledge.services import current_snapshot
from evidesk.reports.text import HEADERS, Table
from evidesk.system.language import country_name, name_of

OUTCOME_LABELS = {**STATUS_LABELS, "pending": _("pending (no outcome yet)")}
# The duration tables' groups: "provider:google", "requested_country:US", "all".
GROUPED = {"to_receipt", "to_answer"}


def named(table: Table) -> Table:
    """The table with each row's group in words."""
    rows = tuple((_group_name(table.name, row[0]), *row[1:]) for row in table.rows)
    return replace(table, rows=rows)


def _group_name(table_name: str, code: str) -> str:
    if table_name not in GROUPED:
        return _value_name(table_name, code)
    if code == "all":
        return gettext("all requests")
    dimension, _sep, value = code.partition(":")
    return f"{gettext(HEADERS[dimension])}: {_value_name(dimension, value)}"


def _value_name(dimension: str, code: str) -> str:
    if dimension == "requested_country":
        return country_name(code)
    if dimension == "provider":
        entry = current_snapshot().provider(code)
        return entry.label if entry else code
    if dimension == "channel":
        return name_of(CHANNEL_NAMES, code)
    labels = {
        "type": RequestType.choices,
        "outcome": OUTCOME_LABELS.items(),
        "refusal_reasons": REFUSAL_REASON_LABELS.items(),
    }.get(dimension, ())
    return str(dict(labels).get(code, code))
