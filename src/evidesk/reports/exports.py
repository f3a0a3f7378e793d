"""A table as CSV or XLSX, both safe to open in a spreadsheet."""

from __future__ import annotations

import io

from evidesk.reports.text import Table
from evidesk.system.exports import csv_lines, safe_cell


def to_csv(table: Table) -> bytes:
    return "".join(csv_lines(list(table.header), table.rows)).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.name[:31])
    sheet.append([table.title])
    sheet.append(list(table.header))
    for row in table.rows:
        # Numbers stay numbers; text is defused like the CSV.
        sheet.append([v if isinstance(v, int | float) else safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
