"""The figures as tables: one definition for the page, the terminal, CSV and XLSX. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from evidesk.reports.figures import Durations, Figures


def _(message: str) -> str:
    """Marks a title for the translation catalogues; the pages translate it when shown."""
    return message


TITLES = {
    "requested_country": _("Requests by requested country"),
    "provider": _("Requests by provider"),
    "channel": _("Requests by channel"),
    "type": _("Requests by type"),
    "outcome": _("Requests by outcome"),
    "to_receipt": _("Days from sending to confirmation of receipt"),
    "to_answer": _("Days from sending to the answer"),
    "refusal_reasons": _("Refusal reasons"),
    "received_requesting_country": _("Requests received by requesting country"),
    "received_type": _("Requests received by type"),
    "received_outcome": _("Requests received by outcome"),
    "received_to_answer": _("Days from receipt to our answer"),
    "received_refusal_reasons": _("Refusal reasons of requests received"),
}
# The tables of requests other states sent us are named with this prefix.
RECEIVED = "received_"
HEADERS = {
    "requested_country": _("requested country"),
    "requesting_country": _("requesting country"),
    "provider": _("provider"),
    "channel": _("channel"),
    "type": _("type"),
    "outcome": _("outcome"),
    "requests": _("requests"),
    "group": _("group"),
    "median": _("median"),
    "p90": _("90th percentile"),
    "reason": _("reason"),
}


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple, ...]


def _durations(name: str, table: dict[str, Durations]) -> Table:
    rows = tuple((group, d.count, d.median_days, d.p90_days) for group, d in table.items())
    header = (HEADERS["group"], HEADERS["requests"], HEADERS["median"], HEADERS["p90"])
    return Table(name, TITLES[name], header, rows)


def _counts(name: str, header: str, counts: dict[str, int]) -> Table:
    return Table(name, TITLES[name], (HEADERS[header], HEADERS["requests"]), tuple(counts.items()))


def tables(figures: Figures) -> dict[str, Table]:
    """Every table, those of the requests received (named `RECEIVED`…) last."""
    out = {name: _counts(name, name, counts) for name, counts in figures.by.items()}
    out["to_receipt"] = _durations("to_receipt", figures.to_receipt)
    out["to_answer"] = _durations("to_answer", figures.to_answer)
    out["refusal_reasons"] = _counts("refusal_reasons", "reason", figures.refusal_reasons)
    received = figures.received
    for name, counts in received.by.items():
        out[RECEIVED + name] = _counts(RECEIVED + name, name, counts)
    out[RECEIVED + "to_answer"] = _durations(RECEIVED + "to_answer", received.to_answer)
    out[RECEIVED + "refusal_reasons"] = _counts(
        RECEIVED + "refusal_reasons", "reason", received.refusal_reasons
    )
    return out


def shown(figures: Figures) -> list[Table]:
    """The tables a page or report shows: those of requests received only when there are
    some, since most offices only send."""
    return [
        table
        for name, table in tables(figures).items()
        if figures.received.total or not name.startswith(RECEIVED)
    ]


def _cell(value) -> str:
    return (
        "—"
        if value is None or value == ""
        else f"{value:g}"
        if isinstance(value, float)
        else str(value)
    )


def figures_text(figures: Figures) -> str:
    lines = [
        f"Requests sent: {figures.total}",
        f"Preservations that lapsed: {figures.lapsed_preservations}",
        f"Requests received: {figures.received.total}",
        f"Requests received answered late or past their time limit: {figures.received.late}",
    ]
    for table in shown(figures):
        lines += ["", table.title, "  " + " | ".join(table.header)]
        lines += ["  " + " | ".join(_cell(v) for v in row) for row in table.rows] or ["  —"]
    return "\n".join(lines) + "\n"
