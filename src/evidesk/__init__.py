"""evidesk: cross-border electronic evidence requests, planned, drafted and tracked."""

import zoneinfo

# Local times are read by the zone rules evidesk ships (the tzdata package it depends on, the
# release the knowledge base names), never by the server's own copy, which zoneinfo otherwise
# prefers: one older than tzdata 2024a still puts Almaty at UTC+6, an hour off every period
# asked of a provider since 1 March 2024.
zoneinfo.reset_tzpath(to=[])

__version__ = "0.1.0"
