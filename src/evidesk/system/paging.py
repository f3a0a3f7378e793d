"""Long lists a page at a time, without counting them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    older: bool  # whether a next page follows


def page_of(rows, asked: str, size: int) -> Page:
    """Page `asked` (1 when missing or not a number) of rows in their order. One row more than
    a page says whether older ones follow: counting them all (an office's cases, two million
    audit events) would cost more than showing the page."""
    asked = asked[:6]
    number = max(int(asked), 1) if asked.isdigit() else 1
    first = (number - 1) * size
    shown = list(rows[first : first + size + 1])
    return Page(shown[:size], number, len(shown) > size)
