"""The statistics a central authority reports: how many requests went where, through which
channel, with what outcome, and how long answers took. Pure: rows in, figures out, so the
figures can be checked against an independent calculation."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

OUTCOMES = ("executed", "partially_executed", "no_data", "refused", "expired", "withdrawn")


@dataclass(frozen=True)
class RequestFacts:
    """One outgoing request, as the statistics see it."""

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


def _grouped(rows: list[RequestFacts], end) -> dict[str, Durations]:
    out = {}
    for name in ("requested_country", "provider"):
        key = DIMENSIONS[name]
        for group in sorted({key(r) for r in rows}):
            out[f"{name}:{group}"] = durations([r for r in rows if key(r) == group], end)
    out["all"] = durations(rows, end)
    return out


def compute(rows: Iterable[RequestFacts]) -> Figures:
    rows = [r for r in rows if r.sent is not None]
    return Figures(
        total=len(rows),
        by={
            name: dict(Counter(key(r) for r in rows).most_common())
            for name, key in DIMENSIONS.items()
        },
        to_receipt=_grouped(rows, lambda r: r.receipt),
        to_answer=_grouped(rows, lambda r: r.answered),
        lapsed_preservations=sum(1 for r in rows if r.lapsed),
        refusal_reasons=dict(
            Counter(r.refusal_reason for r in rows if r.outcome == "refused").most_common()
        ),
    )
