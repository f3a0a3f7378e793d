"""Spreadsheet-safe exports: a cell that a spreadsheet would run as a formula is defused."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator

# Excel, LibreOffice and Google Sheets treat a cell starting with these as a formula (OWASP
# "CSV injection"); a leading apostrophe makes it plain text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def csv_lines(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The CSV a line at a time, so a large export streams instead of filling memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in itertools.chain([header], rows):
        writer.writerow([safe_cell(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def spreadsheet_csv(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """A CSV download for a person to open: the byte-order mark tells Excel the file is UTF-8,
    which on a Russian Windows it would otherwise read as Windows-1251, garbling Cyrillic."""
    yield "\ufeff"
    yield from csv_lines(header, rows)
