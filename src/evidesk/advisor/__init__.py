"""The advisor: what to do first, through which channel, on which legal basis, and why."""
