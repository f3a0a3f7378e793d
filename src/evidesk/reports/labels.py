"""The figures' groups named for a reader: countries, providers, channels, request types,
outcomes and refusal reasons in words, in the active language. The page and the annual report in
PDF show these; CSV and XLSX keep the codes, on which spreadsheets filter and join."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evidesk.advisor.vocabulary import CHANNEL_NAMES
from evidesk.cases.models import (
    INCOMING_STATUS_LABELS,
    REFUSAL_REASON_LABELS,
    STATUS_LABELS,
    RequestType,
)
from evidesk.knowledge.services import current_snapshot
from evidesk.knowledge.snapshot import KnowledgeSnapshot
from evidesk.reports.text import HEADERS, RECEIVED, Table
from evidesk.system.language import country_name, name_of

PENDING = {"pending": _("pending (no outcome yet)")}
LABELS = {
    "type": dict(RequestType.choices),
    "outcome": {**STATUS_LABELS, **PENDING},
    "refusal_reasons": REFUSAL_REASON_LABELS,
    # The outcomes of requests received, in our words: "Executed, answer sent".
    RECEIVED + "outcome": {**INCOMING_STATUS_LABELS, **PENDING},
}
# The duration tables' groups: "provider:google", "requested_country:US", "all".
GROUPED = {"to_receipt", "to_answer", RECEIVED + "to_answer"}
COUNTRIES = {"requested_country", "requesting_country"}


def named(tables: Iterable[Table]) -> list[Table]:
    """The tables with each row's group in words (the knowledge base read once for all)."""
    snapshot = current_snapshot()
    return [
        replace(t, rows=tuple((_group_name(t.name, row[0], snapshot), *row[1:]) for row in t.rows))
        for t in tables
    ]


def _group_name(table_name: str, code: str, snapshot: KnowledgeSnapshot) -> str:
    if table_name not in GROUPED:
        return _value_name(_dimension(table_name), code, snapshot)
    if code == "all":
        return gettext("all requests")
    dimension, _sep, value = code.partition(":")
    return f"{gettext(HEADERS[dimension])}: {_value_name(dimension, value, snapshot)}"


def _dimension(table_name: str) -> str:
    """What a count table's rows are: a received table's outcomes keep their own labels."""
    if table_name in LABELS:
        return table_name
    return table_name.removeprefix(RECEIVED)


def _value_name(dimension: str, code: str, snapshot: KnowledgeSnapshot) -> str:
    if dimension in COUNTRIES:
        return country_name(code)
    if dimension == "provider":
        entry = snapshot.provider(code)
        return entry.label if entry else code
    if dimension == "channel":
        return name_of(CHANNEL_NAMES, code)
    return str(LABELS.get(dimension, {}).get(code, code))
