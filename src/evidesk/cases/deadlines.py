"""Deadline rules for requests: pure, no Django, so they are exact and property-tested.

Each rule turns what is known about a request (when it was sent, confirmed, how long the
preservation lasts) into dated deadlines, each with the reason it exists. Days are calendar days,
counted from dates (tracking gives each step's date in UTC, as its timeline shows it), so a
preservation confirmed on the day the clocks change still ends on the right date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from evidesk.advisor.engine import held_pending_decision, rules
from evidesk.wording import Wording as _

# Product settings (evidesk practice, not law), shared with the advisor through rules.yaml.
DISCLOSURE_MARGIN_DAYS = rules()["settings"]["disclosure_margin_days"]
DEFAULT_EXTENSION_LEAD_DAYS = rules()["settings"]["extension_lead_days"]
FOLLOW_UP_NO_RECEIPT_DAYS = rules()["settings"]["follow_up_no_receipt_days"]
FOLLOW_UP_NO_ANSWER_DAYS = rules()["settings"]["follow_up_no_answer_days"]
FOLLOW_UP_EMERGENCY_DAYS = rules()["settings"]["follow_up_emergency_days"]


@dataclass(frozen=True)
class Preservation:
    """A preservation and what is known about its period."""

    confirmed_on: date | None
    period_days: int | None
    extension_days: int | None = None
    max_extensions: int | None = None
    extension_lead_days: int | None = None
    extensions_granted: int = 0
    disclosure_sent_on: date | None = None
    period_source: str = ""
    at_least: bool = False  # only the convention's minimum is known, not the actual period
    # Where the convention keeps the data once the MLA request is received (Budapest art.
    # 29(7)): the day it was received.
    mla_received_on: date | None = None
    # A request for the data has left and its answer has not come.
    answer_awaited: bool = False


@dataclass(frozen=True)
class Deadline:
    kind: str
    due: date
    reason: str  # worded (`evidesk.wording`): English as text, the reader's language on pages
    sources: tuple[str, ...] = field(default_factory=tuple)


def preservation_deadlines(p: Preservation) -> list[Deadline]:
    """Expiry, the disclosure request due before it, and the extension if disclosure is late
    or its answer is still awaited."""
    if p.confirmed_on is None or not p.period_days:
        return []
    sources = (p.period_source,) if p.period_source else ()
    expiry = p.confirmed_on + timedelta(
        days=p.period_days + p.extensions_granted * (p.extension_days or 0)
    )
    if held_pending_decision(p.mla_received_on, expiry):
        return []  # kept until the requested state decides: no expiry left to watch
    found = [
        Deadline(
            "preservation_expiry",
            expiry,
            _(
                "preserved from %(date)s for %(days)s days, plus %(count)s extension(s) of "
                "%(extension)s days",
                date=p.confirmed_on,
                days=p.period_days,
                count=p.extensions_granted,
                extension=p.extension_days,
            )
            if p.extensions_granted
            else _(
                "preserved from %(date)s for at least %(days)s days, the convention's minimum: "
                "ask the requested state for the actual expiry",
                date=p.confirmed_on,
                days=p.period_days,
            )
            if p.at_least
            else _(
                "preserved from %(date)s for %(days)s days",
                date=p.confirmed_on,
                days=p.period_days,
            ),
            sources,
        )
    ]
    can_extend = bool(p.extension_days) and (
        p.max_extensions is None or p.extensions_granted < p.max_extensions
    )
    lead = (
        p.extension_lead_days if p.extension_lead_days is not None else DEFAULT_EXTENSION_LEAD_DAYS
    )
    if p.disclosure_sent_on is not None and p.disclosure_sent_on <= expiry:
        # An MLA answer often takes longer than a preservation lasts: extend while it is awaited.
        if p.answer_awaited and can_extend:
            found.append(
                Deadline(
                    "extension_due",
                    expiry - timedelta(days=lead),
                    _(
                        "the answer to the request sent on %(date)s may come after the "
                        "preservation ends: ask to extend it %(days)s days before it ends",
                        date=p.disclosure_sent_on,
                        days=lead,
                    ),
                    sources,
                )
            )
        return found
    disclosure_due = expiry - timedelta(days=DISCLOSURE_MARGIN_DAYS)
    found.append(
        Deadline(
            "disclosure_due",
            disclosure_due,
            _(
                "the disclosure request must arrive before the preservation ends on %(date)s",
                date=expiry,
            ),
            sources,
        )
    )
    if can_extend:
        found.append(
            Deadline(
                "extension_due",
                expiry - timedelta(days=lead),
                _(
                    "if the disclosure request cannot leave by %(date)s, ask to extend the "
                    "preservation %(days)s days before it ends",
                    date=disclosure_due,
                    days=lead,
                ),
                sources,
            )
        )
    return found


def follow_up_deadline(
    sent_on: date | None,
    receipt_on: date | None,
    answered: bool,
    no_receipt_days: int = FOLLOW_UP_NO_RECEIPT_DAYS,
    no_answer_days: int = FOLLOW_UP_NO_ANSWER_DAYS,
    clarified_on: date | None = None,
    emergency: bool = False,
) -> Deadline | None:
    """When to chase a request left without receipt, then without answer; once the additional
    information they asked for was sent (`clarified_on`, the last time), counted from that. An
    emergency request, whose answer is due within hours, is chased at once, not after weeks."""
    if sent_on is None or answered:
        return None
    if emergency:
        since = clarified_on or receipt_on or sent_on
        return Deadline(
            "follow_up_due",
            since + timedelta(days=FOLLOW_UP_EMERGENCY_DAYS),
            _(
                "emergency request left without an answer since %(date)s: chase it at once, by "
                "telephone if need be",
                date=since,
            ),
        )
    if clarified_on is not None:
        return Deadline(
            "follow_up_due",
            clarified_on + timedelta(days=no_answer_days),
            _(
                "no answer %(days)s days after the additional information was sent",
                days=no_answer_days,
            ),
        )
    if receipt_on is None:
        return Deadline(
            "follow_up_due",
            sent_on + timedelta(days=no_receipt_days),
            _("no confirmation of receipt %(days)s days after sending", days=no_receipt_days),
        )
    return Deadline(
        "follow_up_due",
        receipt_on + timedelta(days=no_answer_days),
        _("no answer %(days)s days after receipt was confirmed", days=no_answer_days),
    )


def instrument_deadline(
    sent_on: date | None,
    limit_days: int | None,
    instrument: str,
    source: str = "",
    owed_to: str | None = None,
) -> Deadline | None:
    """A time limit the instrument sets for the requested side (e.g. 10 days for an EPOC): the
    answer we wait for, counted from sending; or, for a request we received (`owed_to` its
    requesting state, `sent_on` the day it reached us), the answer we owe."""
    if sent_on is None or not limit_days:
        return None
    due, sources = sent_on + timedelta(days=limit_days), _cited(source)
    if owed_to is not None:
        return Deadline(
            "answer_due",
            due,
            _(
                "answer due to %(state)s: %(instrument)s requires it within %(days)s days of "
                "receipt",
                state=owed_to,
                instrument=instrument,
                days=limit_days,
            ),
            sources,
        )
    return Deadline(
        "instrument_time_limit",
        due,
        _(
            "%(instrument)s requires an answer within %(days)s days",
            instrument=instrument,
            days=limit_days,
        ),
        sources,
    )


def instrument_deadline_hours(
    sent_at: datetime,
    limit_hours: int,
    instrument: str,
    source: str = "",
    owed_to: str | None = None,
) -> Deadline:
    """A limit in hours (an emergency order: 8 hours): due the day the hours run out (UTC),
    with the exact time in the reason; `owed_to` as for `instrument_deadline`."""
    until = sent_at.astimezone(UTC) + timedelta(hours=limit_hours)
    by, sources = f"{until:%Y-%m-%d %H:%M}", _cited(source)
    if owed_to is not None:
        return Deadline(
            "answer_due",
            until.date(),
            _(
                "answer due to %(state)s: %(instrument)s requires it within %(hours)s hours of "
                "receipt, by %(until)s UTC",
                state=owed_to,
                instrument=instrument,
                hours=limit_hours,
                until=by,
            ),
            sources,
        )
    return Deadline(
        "instrument_time_limit",
        until.date(),
        _(
            "%(instrument)s requires an answer within %(hours)s hours, by %(until)s UTC",
            instrument=instrument,
            hours=limit_hours,
            until=by,
        ),
        sources,
    )


def keep_until(
    executed_on: date | None,
    minimum_days: int | None,
    requesting_state: str,
    source: str = "",
    mla_received_on: date | None = None,
) -> Deadline | None:
    """How long we keep the data we preserved for another state: at least the convention's
    minimum from the day we preserved them (Budapest art. 29(7)); once its request for the
    data reached us by then, until that request is decided, a date nobody can know
    (`mla_received_on`, where the convention's hold applies)."""
    if executed_on is None or not minimum_days:
        return None
    until = executed_on + timedelta(days=minimum_days)
    if held_pending_decision(mla_received_on, until):
        return None
    return Deadline(
        "keep_until",
        until,
        _(
            "preserved for %(state)s on %(date)s: keep the data at least %(days)s days, the "
            "convention's minimum, and until its request for them is decided if it arrives "
            "by then; once this date has passed with no such request, the convention no longer "
            "requires them kept: decide whether to keep them, and close the request once they "
            "are released",
            state=requesting_state,
            date=executed_on,
            days=minimum_days,
        ),
        _cited(source),
    )


def _cited(source: str) -> tuple[str, ...]:
    return (source,) if source else ()
