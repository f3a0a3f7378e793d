"""evidesk: cross-border electronic evidence requests, planned, drafted and tracked."""

__version__ = "0.1.0"
