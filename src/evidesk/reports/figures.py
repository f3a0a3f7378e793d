"""The statistics a central authority reports: how many requests went where, through which
channel, with what outcome, and how long answers took; and of the requests other states sent us,
how many came from where, what became of them and how long we took to answer. Pure: rows in,
figures out, so the figures can be checked against an independent calculation."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

OUTCOMES = ("executed", "partially_executed", "no_data", "refused", "expired", "withdrawn")
OUTGOING, INCOMING = "outgoing", "incoming"


@dataclass(frozen=True)
class RequestFacts:
    """One request, as the statistics see it. Of a request another state sent us, `sent` is
    the moment it reached us and `answered` the moment we answered."""

    type: str
    channel: str
    requested_country: str
    provider: str
    status: str
    sent: datetime | None = None
    receipt: datetime | None = None
    answered: datetime | None = None  # the first outcome recorded (executed, refused, …)
    refusal_reason: str = ""
    lapsed: bool = False  # a preservation that ran out before the disclosure request left
    direction: str = OUTGOING
    requesting_country: str = ""
    late: bool = False  # received: answered after the time limit, or past it without an answer

    @property
    def outcome(self) -> str:
        return self.status if self.status in OUTCOMES else "pending"


@dataclass(frozen=True)
class Durations:
    count: int
    median_days: float | None
    p90_days: float | None


@dataclass
class Figures:
    total: int
    by: dict[str, dict[str, int]] = field(default_factory=dict)
    to_receipt: dict[str, Durations] = field(default_factory=dict)
    to_answer: dict[str, Durations] = field(default_factory=dict)
    lapsed_preservations: int = 0
    refusal_reasons: dict[str, int] = field(default_factory=dict)
    received: Received = field(default_factory=lambda: _received([]))


@dataclass
class Received:
    """The requests other states sent us: the work a central authority owes."""

    total: int
    by: dict[str, dict[str, int]] = field(default_factory=dict)
    to_answer: dict[str, Durations] = field(default_factory=dict)
    late: int = 0
    refusal_reasons: dict[str, int] = field(default_factory=dict)


def nearest_rank(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `share` of values at or
    below it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)), 1) - 1]


def durations(
    rows: Iterable[RequestFacts], end: Callable[[RequestFacts], datetime | None]
) -> Durations:
    days = [
        (end(r) - r.sent).total_seconds() / 86400 for r in rows if r.sent and end(r) is not None
    ]
    if not days:
        return Durations(0, None, None)
    return Durations(
        len(days), round(statistics.median(days), 1), round(nearest_rank(days, 0.9), 1)
    )


DIMENSIONS: dict[str, Callable[[RequestFacts], str]] = {
    "requested_country": lambda r: r.requested_country or "?",
    "provider": lambda r: r.provider or "—",
    "channel": lambda r: r.channel,
    "type": lambda r: r.type,
    "outcome": lambda r: r.outcome,
}


RECEIVED_DIMENSIONS: dict[str, Callable[[RequestFacts], str]] = {
    "requesting_country": lambda r: r.requesting_country or "?",
    "type": DIMENSIONS["type"],
    "outcome": DIMENSIONS["outcome"],
}


def _grouped(
    rows: list[RequestFacts], end, names=("requested_country", "provider"), dimensions=DIMENSIONS
) -> dict[str, Durations]:
    out = {}
    for name in names:
        key = dimensions[name]
        for group in sorted({key(r) for r in rows}):
            out[f"{name}:{group}"] = durations([r for r in rows if key(r) == group], end)
    out["all"] = durations(rows, end)
    return out


def _refusal_reasons(rows: list[RequestFacts]) -> dict[str, int]:
    return dict(Counter(r.refusal_reason for r in rows if r.outcome == "refused").most_common())


def _counted(rows: list[RequestFacts], dimensions: dict) -> dict[str, dict[str, int]]:
    return {
        name: dict(Counter(key(r) for r in rows).most_common()) for name, key in dimensions.items()
    }


def _received(rows: list[RequestFacts]) -> Received:
    return Received(
        total=len(rows),
        by=_counted(rows, RECEIVED_DIMENSIONS),
        to_answer=_grouped(
            rows, lambda r: r.answered, ("requesting_country",), RECEIVED_DIMENSIONS
        ),
        late=sum(1 for r in rows if r.late),
        refusal_reasons=_refusal_reasons(rows),
    )


def compute(rows: Iterable[RequestFacts]) -> Figures:
    """The figures of the requests sent (or received) in the period: those never sent, or
    never registered as received, are not counted."""
    counted = [r for r in rows if r.sent is not None]
    rows = [r for r in counted if r.direction == OUTGOING]
    return Figures(
        total=len(rows),
        by=_counted(rows, DIMENSIONS),
        to_receipt=_grouped(rows, lambda r: r.receipt),
        to_answer=_grouped(rows, lambda r: r.answered),
        lapsed_preservations=sum(1 for r in rows if r.lapsed),
        refusal_reasons=_refusal_reasons(rows),
        received=_received([r for r in counted if r.direction == INCOMING]),
    )
