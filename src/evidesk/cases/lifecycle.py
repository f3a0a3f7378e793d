"""The request lifecycle: which status may follow which. Pure, no Django.

An incoming request (one a foreign state sends us) moves through the same statuses, read from
our side: "sent" is the day we received it, "receipt confirmed" our acknowledgment to the
requesting state, "clarification asked" our request for additional information, an outcome the
answer we sent. A practitioner reads one history, one set of statistics and one set of
deadlines either way; only the labels differ (cases.models.INCOMING_STATUS_LABELS). Nothing of
ours is reviewed before a request reaches us, so an incoming one skips internal review.
"""

from __future__ import annotations

DRAFT = "draft"
INTERNAL_REVIEW = "internal_review"
SENT = "sent"
RECEIPT_CONFIRMED = "receipt_confirmed"
CLARIFICATION_ASKED = "clarification_asked"
CLARIFICATION_ANSWERED = "clarification_answered"
EXECUTED = "executed"
PARTIALLY_EXECUTED = "partially_executed"
NO_DATA = "no_data"
REFUSED = "refused"
EXPIRED = "expired"
WITHDRAWN = "withdrawn"
CLOSED = "closed"

OUTCOMES = (EXECUTED, PARTIALLY_EXECUTED, NO_DATA, REFUSED, EXPIRED, WITHDRAWN)
IN_PROGRESS = (SENT, RECEIPT_CONFIRMED, CLARIFICATION_ASKED, CLARIFICATION_ANSWERED)
# A preservation or extension holds from the day its receiver confirmed it (or executed it).
CONFIRMED = frozenset({RECEIPT_CONFIRMED, EXECUTED})
# A request refused or withdrawn, even after its receipt was confirmed, is not in force.
DROPPED = frozenset({REFUSED, WITHDRAWN})

ALLOWED: dict[str, frozenset[str]] = {
    DRAFT: frozenset({INTERNAL_REVIEW, SENT, WITHDRAWN}),
    INTERNAL_REVIEW: frozenset({DRAFT, SENT, WITHDRAWN}),
    SENT: frozenset({RECEIPT_CONFIRMED, CLARIFICATION_ASKED, *OUTCOMES}),
    RECEIPT_CONFIRMED: frozenset({CLARIFICATION_ASKED, *OUTCOMES}),
    CLARIFICATION_ASKED: frozenset({CLARIFICATION_ANSWERED, *OUTCOMES}),
    CLARIFICATION_ANSWERED: frozenset({CLARIFICATION_ASKED, *OUTCOMES}),
    **{outcome: frozenset({CLOSED}) for outcome in OUTCOMES},
    # Requested states often send part of the evidence first and the rest later.
    PARTIALLY_EXECUTED: frozenset({EXECUTED, CLOSED}),
    CLOSED: frozenset(),
}
STATUSES = tuple(ALLOWED)

OUTGOING, INCOMING = "outgoing", "incoming"

# Why a request was refused: a fixed list, so refusals can be counted and learned from.
REFUSAL_REASONS = (
    "insufficient_facts",
    "no_legal_basis",
    "wrong_addressee",
    "data_not_specified",
    "missing_time_zone",
    "below_threshold",
    "no_dual_criminality",
    "political_or_speech_offence",
    "data_no_longer_held",
    "translation",
    "other",
)


def next_statuses(current: str, direction: str = OUTGOING) -> frozenset[str]:
    """The statuses a request in `current` may move to."""
    moves = ALLOWED.get(current, frozenset())
    return moves - {INTERNAL_REVIEW} if direction == INCOMING else moves


def can_move(current: str, target: str, direction: str = OUTGOING) -> bool:
    return target in next_statuses(current, direction)


def path_to(target: str, start: str = DRAFT) -> list[str]:
    """Shortest chain of allowed statuses from start to target (excluding start).

    Used to bring a request to a given state step by step, each step recorded.
    """
    frontier = [[start]]
    seen = {start}
    while frontier:
        route = frontier.pop(0)
        if route[-1] == target:
            return route[1:]
        for nxt in sorted(ALLOWED[route[-1]]):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append([*route, nxt])
    raise ValueError(f"no path from {start} to {target}")
