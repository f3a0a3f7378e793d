"""Time windows interpreted in their zone, as a provider will read them. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from evidesk.advisor.errors import FactsError
from evidesk.wording import Wording as _
from evidesk.zones import utc_offset, zone_named


@dataclass
class Window:
    zone: str | None = None
    start_local: str | None = None
    end_local: str | None = None
    start_utc: datetime | None = None
    end_utc: datetime | None = None
    missing_zone: bool = False
    ambiguous: list[str] = field(default_factory=list)  # local times that happened twice
    nonexistent: list[str] = field(default_factory=list)  # local times skipped by a clock change

    @property
    def start_shown(self) -> str | None:
        return _shown(self.start_local)

    @property
    def end_shown(self) -> str | None:
        return _shown(self.end_local)

    @property
    def days(self) -> float | None:
        if self.start_utc and self.end_utc:
            return (self.end_utc - self.start_utc).total_seconds() / 86400
        return None

    def as_dict(self) -> dict:
        return {
            "zone": self.zone,
            "from_local": self.start_local,
            "to_local": self.end_local,
            "from_utc": _iso(self.start_utc),
            "to_utc": _iso(self.end_utc),
        }


def _shown(local: str | None) -> str | None:
    """A moment as a sentence gives it, '2027-05-01 10:00 (UTC+05:00)', not the ISO form
    '2027-05-01T10:00:00+05:00' a reader stumbles over; one given without a zone stays so."""
    if not local:
        return local
    moment = datetime.fromisoformat(local)
    text = moment.strftime("%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M")
    offset = utc_offset(moment)
    return f"{text} ({offset})" if offset else text


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def interpret(start: str | None, end: str | None, tz: str | None, where: str) -> Window | None:
    """Read a period; raise FactsError for a bad time, an unknown zone or a reversed period."""
    if not start and not end:
        return None
    zone = None
    if tz:
        zone = zone_named(tz)
        if zone is None:
            hint = _("unknown time zone %(zone)r: use an IANA name such as Asia/Tbilisi", zone=tz)
            raise FactsError([(f"{where}.tz", hint)])
    window = Window(zone=tz)
    moments = []
    for label, text in (("from", start or end), ("to", end or start)):
        try:
            naive_or_aware = datetime.fromisoformat(
                text.replace("Z", "+00:00").replace("z", "+00:00")
            )
        except (ValueError, AttributeError):
            hint = _("not a date and time: %(text)r (e.g. 2026-09-01T14:30:00)", text=text)
            raise FactsError([(f"{where}.{label}", hint)]) from None
        moments.append(_place(naive_or_aware, zone, window))
    window.start_local, window.end_local = (m[0] for m in moments)
    window.start_utc, window.end_utc = (m[1] for m in moments)
    if window.start_utc and window.end_utc and window.end_utc < window.start_utc:
        raise FactsError([(f"{where}.to", _("the period ends before it starts"))])
    return window


def _place(moment: datetime, zone: ZoneInfo | None, window: Window):
    """(local text, UTC datetime or None) for one end of the window, noting zone problems."""
    if moment.tzinfo is not None:
        if zone is None:
            window.zone = window.zone or _offset_name(moment)
        return moment.isoformat(), moment.astimezone(UTC)
    if zone is None:
        window.missing_zone = True
        return moment.isoformat(), None
    early = moment.replace(tzinfo=zone, fold=0)
    late = moment.replace(tzinfo=zone, fold=1)
    if early.utcoffset() != late.utcoffset():
        round_trip = early.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        (window.nonexistent if round_trip != moment else window.ambiguous).append(
            f"{moment.isoformat()} ({zone.key})"  # the sentence around it says what it is
        )
    return early.isoformat(), early.astimezone(UTC)


def _offset_name(moment: datetime) -> str:
    offset = moment.utcoffset() or timedelta(0)
    return "UTC" if offset == timedelta(0) else timezone(offset).tzname(None)
