"""A drafted request as a structured object, independent of Word, PDF or text.

Fixed wording is kept as message ids (translated when rendered, from the project's catalogues);
what the user wrote is kept as free text and never translated, only flagged when its script does
not match the output language; what the advisor worded (a legal basis, an addressee) is kept as
its message and read in each output language. A missing element is a placeholder the renderers
make visible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from evidesk.wording import Named, Wording, asks_to_verify


def gettext_noop(message: str) -> str:
    """Marks fixed wording for the translation catalogues; translated when rendered."""
    return message


def ngettext_noop(singular: str, plural: str) -> tuple[str, str]:
    """Marks wording with a number for the catalogues, in the singular and the plural; the form
    agreeing with the number is chosen when it is rendered (`language.counted`)."""
    return singular, plural


@dataclass(frozen=True)
class Fixed:
    """Fixed wording: a message id, with values filled in after translation (a date written
    as the language writes it)."""

    msgid: str
    values: tuple[tuple[str, str | date], ...] = ()


@dataclass(frozen=True)
class Free:
    """Text the user wrote (facts, names, identifiers): rendered exactly as given."""

    text: str
    translatable: bool = True  # False for identifiers, codes and numbers


@dataclass(frozen=True)
class Worded:
    """The advisor's wording, unchanged by the user: rendered in each output language."""

    message: Wording | Named


@dataclass(frozen=True)
class Day:
    """A calendar date of the letter (its own, an earlier request's): written as each output
    language writes a letter's date."""

    value: date


@dataclass(frozen=True)
class Moment:
    """A moment of a data period, in ISO 8601 ('2026-10-01T00:00:00+04:00', or UTC with Z):
    written with its date in the figures each output language writes a date in."""

    value: str


@dataclass(frozen=True)
class Missing:
    """An element the request needs and does not have: rendered as a visible placeholder."""

    element: str  # a message id naming the element


@dataclass(frozen=True)
class Unsettled:
    """The advisor's wording asks the user to verify it (an unknown contact, a treaty date not
    on record): rendered as a visible placeholder after it, so it is not sent as it is."""

    element: str  # a message id naming the element


@dataclass(frozen=True)
class Penalty:
    """A maximum penalty in years: its words agree with the number in each output language."""

    years: float


Segment = Fixed | Free | Worded | Day | Moment | Missing | Unsettled | Penalty


@dataclass(frozen=True)
class Paragraph:
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Field:
    label: str  # message id
    value: tuple[Segment, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]  # message ids
    rows: tuple[tuple[tuple[Segment, ...], ...], ...]


Block = Paragraph | Field | Table


@dataclass(frozen=True)
class Section:
    title: str  # message id
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    kind: str
    title: str  # message id
    sections: tuple[Section, ...]
    # (element, severity, why, source) from the completeness check, shown beside the document.
    findings: tuple = field(default_factory=tuple)


def text(value: str | None, element: str, translatable: bool = True) -> tuple[Segment, ...]:
    """The user's value, the advisor's wording, or the placeholder for the element it should
    fill."""
    if isinstance(value, Wording | Named) and value.strip():
        return (Worded(value), Unsettled(element)) if asks_to_verify(value) else (Worded(value),)
    value = (value or "").strip()
    return (Free(value, translatable),) if value else (Missing(element),)


def day(value: str) -> Day | Free:
    """An ISO date as a date each language writes its way; anything else as it was typed."""
    try:
        return Day(date.fromisoformat(value))
    except ValueError:
        return Free(value, False)


def fixed(msgid: str, **values: str | date) -> Fixed:
    return Fixed(msgid, tuple(sorted(values.items())))
