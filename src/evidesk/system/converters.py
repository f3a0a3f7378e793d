"""The path converter of record numbers in addresses."""

from __future__ import annotations


class RecordId:
    """A record's number: at most 18 digits, which a 64-bit database column holds. Django's
    `int` takes any length, and a longer number failed in the database (a 500) where an
    address naming nothing must answer 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
