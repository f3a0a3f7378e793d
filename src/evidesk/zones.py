"""Time zones by their IANA names: the one check every reader of a zone name goes through."""

from __future__ import annotations

import zoneinfo
from functools import cache


@cache
def iana_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def zone_named(name: str) -> zoneinfo.ZoneInfo | None:
    """The zone, or None for a name the IANA database does not have: a typo, a made-up zone,
    or a folder of the database such as "Europe", which `ZoneInfo` fails on with an OSError."""
    return zoneinfo.ZoneInfo(name) if name in iana_names() else None
