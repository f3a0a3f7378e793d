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
}
HEADERS = {
    "requested_country": _("requested country"),
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


def tables(figures: Figures) -> dict[str, Table]:
    out = {
        name: Table(name, TITLES[name], (HEADERS[name], HEADERS["requests"]), tuple(counts.items()))
        for name, counts in figures.by.items()
    }
    out["to_receipt"] = _durations("to_receipt", figures.to_receipt)
    out["to_answer"] = _durations("to_answer", figures.to_answer)
    out["refusal_reasons"] = Table(
        "refusal_reasons", TITLES["refusal_reasons"], (HEADERS["reason"], HEADERS["requests"]),
        tuple(figures.refusal_reasons.items()),
    )  # fmt: skip
    return out


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
    ]
    for table in tables(figures).values():
        lines += ["", table.title, "  " + " | ".join(table.header)]
        lines += ["  " + " | ".join(_cell(v) for v in row) for row in table.rows] or ["  —"]
    return "\n".join(lines) + "\n"
