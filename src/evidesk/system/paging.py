"""Long lists a page at a time, without counting them."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    older: bool  # whether a next page follows
    query: str  # the list's query without `page`, for the links to the other pages


def page_of(rows, asked: QueryDict, size: int) -> Page:
    """The page of rows, in their order, that the query `asked` names in `page` (1 when missing
    or not a number). One row more than a page says whether older ones follow: counting them all
    (an office's cases, two million audit events) would cost more than showing the page."""
    wanted = asked.get("page", "")[:6]
    number = max(int(wanted), 1) if wanted.isdigit() else 1
    first = (number - 1) * size
    shown = list(rows[first : first + size + 1])
    others = asked.copy()
    others.pop("page", None)
    return Page(shown[:size], number, len(shown) > size, others.urlencode())
