"""A table as CSV or XLSX, both safe to open in a spreadsheet."""

from __future__ import annotations

import io

from evidesk.reports.text import Table
from evidesk.system.exports import safe_cell, spreadsheet_csv


def to_csv(table: Table) -> bytes:
    return "".join(spreadsheet_csv(list(table.header), table.rows)).encode("utf-8")


def to_xlsx(table: Table) -> bytes:
    return workbook([table])


def workbook(tables: list[Table], cover: list[list] | None = None) -> bytes:
    """One sheet per table (and a cover sheet when given)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    if cover:
        sheet = book.create_sheet("report")
        for row in cover:
            sheet.append([safe_cell(v) if isinstance(v, str) else v for v in row])
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.append([table.title])
        sheet.append(list(table.header))
        for row in table.rows:
            # Numbers stay numbers; text is defused like the CSV.
            sheet.append([v if isinstance(v, int | float) else safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
