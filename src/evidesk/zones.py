"""Time zones by their IANA names: the one check every reader of a zone name goes through."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import cache


@cache
def iana_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone_named(name: str) -> zoneinfo.ZoneInfo | None:
    """The zone, or None for a name the IANA database does not have: a typo, a made-up zone,
    or a folder of the database such as "Europe", which `ZoneInfo` fails on with an OSError."""
    return zoneinfo.ZoneInfo(name) if name in iana_names() else None


def utc_offset(moment: datetime) -> str:
    """A moment's offset as readers write it, 'UTC+05:45' ('' for a moment without a zone):
    clearer than '+0545', and than Etc/GMT+5, whose name has the sign reversed."""
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else ""
